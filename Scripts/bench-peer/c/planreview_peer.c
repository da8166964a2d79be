/*
 * The C transport limit of Scripts/bench: a plain librabbitmq (rabbitmq-c 0.11) consumer with the
 * worker's delivery guarantees and nothing else.
 *
 *   planreview-peer echo|relay --port P --queue Q --count N [--prefetch 64] [--exchange E]
 *                   [--routing-key K] [--result-file F] [--linger]
 *   planreview-peer declare-quorum --port P --exchange E
 *
 * Consumes Q (basic.qos prefetch, manual acks) and answers every delivery with one persistent,
 * mandatory publish on the same channel in confirm mode; a delivery is acked only after the confirm
 * of its answer, one basic.ack `multiple` per confirmed prefix (as ReviewWorker's ConfirmTracker).
 *   echo   answers with the job's own bytes, to --exchange (default "": the default exchange) with
 *          --routing-key (a queue's name): the transport limit for messages the size of the job.
 *   relay  answers with the bytes of --result-file (the worker's real result for the bench's job,
 *          `planreview review <job>`) to --exchange with --routing-key (the result's
 *          result.<kommunekode>.<status>): the limit for the worker's real traffic.
 * Each answer carries the job's message_id and its header timestamp_in_ms as
 * x-planreview-job-timestamp-ms, so `planreview-bench collect` counts and times it like a result.
 * declare-quorum declares --exchange (topic) and a quorum queue of the same name bound with result.#,
 * then exits (the retention comparison: the same relay into a quorum queue instead of the stream).
 * Stops after N deliveries are acked (or 30 s without a frame); prints the rate to stderr. --linger
 * then waits for SIGTERM/SIGINT before it exits, so Scripts/bench reads its CPU time and peak RSS
 * from /proc as for the other consumers.
 * Build: cc -O2 -o planreview-peer planreview_peer.c -lrabbitmq (Scripts/bench does, into .run/).
 */
#include <amqp.h>
#include <amqp_tcp_socket.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) {
    fprintf(stderr, "planreview-peer: %s\n", what);
    exit(1);
}

static void check_reply(amqp_rpc_reply_t reply, const char *what) {
    if (reply.reply_type == AMQP_RESPONSE_NORMAL) return;
    fprintf(stderr, "planreview-peer: %s failed (reply type %d, library error %s)\n", what, reply.reply_type,
            reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION ? amqp_error_string2(reply.library_error) : "-");
    exit(1);
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int64_t job_timestamp(const amqp_basic_properties_t *p) {
    if (!(p->_flags & AMQP_BASIC_HEADERS_FLAG)) return -1;
    for (int i = 0; i < p->headers.num_entries; i++) {
        const amqp_table_entry_t *e = &p->headers.entries[i];
        if (e->key.len != 15 || memcmp(e->key.bytes, "timestamp_in_ms", 15) != 0) continue;
        switch (e->value.kind) {
        case AMQP_FIELD_KIND_I64: return e->value.value.i64;
        case AMQP_FIELD_KIND_U64: return (int64_t)e->value.value.u64;
        case AMQP_FIELD_KIND_TIMESTAMP: return (int64_t)e->value.value.u64;
        case AMQP_FIELD_KIND_I32: return e->value.value.i32;
        case AMQP_FIELD_KIND_U32: return e->value.value.u32;
        default: return -1;
        }
    }
    return -1;
}

/* Unconfirmed answers, in publish order: publish sequence number n (1-based) answers delivery tags[n]. */
typedef struct {
    uint64_t *tags;
    unsigned char *confirmed;
    uint64_t capacity, first, next; /* sequence numbers [first, next) are in flight */
} ledger_t;

static void ledger_push(ledger_t *l, uint64_t tag) {
    if (l->next - l->first >= l->capacity) die("more unconfirmed publishes than the ledger holds");
    l->tags[l->next % l->capacity] = tag;
    l->confirmed[l->next % l->capacity] = 0;
    l->next++;
}

int main(int argc, char **argv) {
    if (argc < 2) die("usage: planreview-peer echo|relay --port P --queue Q --count N [...] (see the source)");
    const char *mode = argv[1], *host = "127.0.0.1", *queue = NULL, *exchange = "", *routing_key = NULL, *result_file = NULL;
    int port = 5672, prefetch = 64, declare_quorum = 0, linger = 0;
    long count = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--linger")) { linger = 1; continue; }
        if (!v) die("an option has no value");
        if (!strcmp(a, "--host")) host = v;
        else if (!strcmp(a, "--port")) port = atoi(v);
        else if (!strcmp(a, "--queue")) queue = v;
        else if (!strcmp(a, "--count")) count = atol(v);
        else if (!strcmp(a, "--prefetch")) prefetch = atoi(v);
        else if (!strcmp(a, "--exchange")) exchange = v;
        else if (!strcmp(a, "--routing-key")) routing_key = v;
        else if (!strcmp(a, "--result-file")) result_file = v;
        else die("unknown option");
        i++;
    }
    int relay = !strcmp(mode, "relay");
    declare_quorum = !strcmp(mode, "declare-quorum");
    if (!relay && !declare_quorum && strcmp(mode, "echo")) die("mode must be echo, relay or declare-quorum");
    if (declare_quorum && !*exchange) die("declare-quorum needs --exchange");
    if (!declare_quorum && (!queue || count < 1 || !routing_key || prefetch < 1 || prefetch > 65535)) die("--queue, --count >= 1 and --routing-key are required");

    amqp_bytes_t result = amqp_empty_bytes;
    if (relay) {
        if (!result_file) die("relay needs --result-file");
        FILE *f = fopen(result_file, "rb");
        if (!f) die("cannot open --result-file");
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fseek(f, 0, SEEK_SET);
        result.bytes = malloc(size);
        result.len = size;
        if (fread(result.bytes, 1, size, f) != (size_t)size) die("cannot read --result-file");
        fclose(f);
    }

    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t *socket = amqp_tcp_socket_new(conn);
    if (!socket || amqp_socket_open(socket, host, port) != AMQP_STATUS_OK) die("cannot connect");
    check_reply(amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest"), "login");
    amqp_channel_open(conn, 1);
    check_reply(amqp_get_rpc_reply(conn), "channel.open");
    if (declare_quorum) {
        amqp_exchange_declare(conn, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes("topic"), 0, 1, 0, 0, amqp_empty_table);
        check_reply(amqp_get_rpc_reply(conn), "exchange.declare");
        amqp_table_entry_t arg = {.key = amqp_cstring_bytes("x-queue-type"),
                                  .value = {.kind = AMQP_FIELD_KIND_UTF8, .value.bytes = amqp_cstring_bytes("quorum")}};
        amqp_table_t args = {.num_entries = 1, .entries = &arg};
        amqp_queue_declare(conn, 1, amqp_cstring_bytes(exchange), 0, 1, 0, 0, args);
        check_reply(amqp_get_rpc_reply(conn), "queue.declare");
        amqp_queue_bind(conn, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes(exchange), amqp_cstring_bytes("result.#"), amqp_empty_table);
        check_reply(amqp_get_rpc_reply(conn), "queue.bind");
        amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
        amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
        amqp_destroy_connection(conn);
        return 0;
    }
    amqp_confirm_select(conn, 1);
    check_reply(amqp_get_rpc_reply(conn), "confirm.select");
    amqp_basic_qos(conn, 1, 0, (uint16_t)prefetch, 0);
    check_reply(amqp_get_rpc_reply(conn), "basic.qos");
    amqp_basic_consume(conn, 1, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    check_reply(amqp_get_rpc_reply(conn), "basic.consume");

    ledger_t ledger = {.capacity = (uint64_t)prefetch * 2 + 16, .first = 1, .next = 1};
    ledger.tags = calloc(ledger.capacity, sizeof(uint64_t));
    ledger.confirmed = calloc(ledger.capacity, 1);
    long acked = 0, nacked = 0, returned = 0;
    double started = 0, last = 0;
    struct timeval idle = {.tv_sec = 30, .tv_usec = 0};

    while (acked < count) {
        amqp_envelope_t envelope;
        amqp_maybe_release_buffers(conn);
        amqp_rpc_reply_t res = amqp_consume_message(conn, &envelope, &idle, 0);
        if (res.reply_type == AMQP_RESPONSE_NORMAL) {
            if (started == 0) started = now_seconds();
            amqp_basic_properties_t *in = &envelope.message.properties;
            amqp_table_entry_t header = {.key = amqp_cstring_bytes("x-planreview-job-timestamp-ms"),
                                         .value = {.kind = AMQP_FIELD_KIND_I64, .value.i64 = job_timestamp(in)}};
            amqp_basic_properties_t out = {0};
            out._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_TIMESTAMP_FLAG;
            out.content_type = amqp_cstring_bytes("application/json");
            out.delivery_mode = AMQP_DELIVERY_PERSISTENT;
            out.timestamp = (uint64_t)time(NULL);
            if (in->_flags & AMQP_BASIC_MESSAGE_ID_FLAG) {
                out._flags |= AMQP_BASIC_MESSAGE_ID_FLAG;
                out.message_id = in->message_id;
            }
            if (header.value.value.i64 >= 0) {
                out._flags |= AMQP_BASIC_HEADERS_FLAG;
                out.headers.num_entries = 1;
                out.headers.entries = &header;
            }
            int status = amqp_basic_publish(conn, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes(routing_key), 1, 0, &out,
                                            relay ? result : envelope.message.body);
            if (status != AMQP_STATUS_OK) die(amqp_error_string2(status));
            ledger_push(&ledger, envelope.delivery_tag);
            amqp_destroy_envelope(&envelope);
            continue;
        }
        if (res.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && res.library_error == AMQP_STATUS_TIMEOUT) {
            fprintf(stderr, "planreview-peer: no frame for 30 s, stopping at %ld/%ld acked (%llu unconfirmed)\n", acked, count,
                    (unsigned long long)(ledger.next - ledger.first));
            break;
        }
        if (res.reply_type != AMQP_RESPONSE_LIBRARY_EXCEPTION || res.library_error != AMQP_STATUS_UNEXPECTED_STATE) check_reply(res, "consume");
        /* Not a delivery: a confirm (basic.ack/nack), a basic.return, or a close. */
        amqp_frame_t frame;
        if (amqp_simple_wait_frame(conn, &frame) != AMQP_STATUS_OK) die("connection lost");
        if (frame.frame_type != AMQP_FRAME_METHOD) continue;
        uint64_t tag = 0;
        int multiple = 0;
        switch (frame.payload.method.id) {
        case AMQP_BASIC_ACK_METHOD: {
            amqp_basic_ack_t *m = frame.payload.method.decoded;
            tag = m->delivery_tag;
            multiple = m->multiple;
            break;
        }
        case AMQP_BASIC_NACK_METHOD: {
            amqp_basic_nack_t *m = frame.payload.method.decoded;
            tag = m->delivery_tag;
            multiple = m->multiple;
            nacked++;
            break;
        }
        case AMQP_BASIC_RETURN_METHOD: {
            /* The returned message's header and body follow; read and drop them (its confirm comes after). */
            amqp_message_t message;
            check_reply(amqp_read_message(conn, 1, &message, 0), "reading a returned message");
            amqp_destroy_message(&message);
            returned++;
            continue;
        }
        case AMQP_CHANNEL_CLOSE_METHOD:
        case AMQP_CONNECTION_CLOSE_METHOD: die("the broker closed the channel or connection");
        default: continue;
        }
        for (uint64_t n = multiple ? ledger.first : tag; n <= tag && n < ledger.next; n++) ledger.confirmed[n % ledger.capacity] = 1;
        uint64_t ack_tag = 0;
        while (ledger.first < ledger.next && ledger.confirmed[ledger.first % ledger.capacity]) {
            ack_tag = ledger.tags[ledger.first % ledger.capacity];
            ledger.first++;
            acked++;
        }
        if (ack_tag) {
            if (amqp_basic_ack(conn, 1, ack_tag, 1) != AMQP_STATUS_OK) die("basic.ack failed");
            last = now_seconds();
        }
    }
    double seconds = last - started;
    fprintf(stderr, "planreview-peer %s: %ld acked, %ld nacked, %ld returned, %.2f s, %.0f jobs/s\n", mode, acked, nacked, returned,
            seconds, seconds > 0 ? (acked - 1) / seconds : 0);
    amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
    if (linger) pause(); /* SIGTERM's default action ends the process */
    return nacked > 0 || acked < count;
}
