// C boundary for librabbitmq (rabbitmq-c 0.11, Debian librabbitmq-dev).
// Only the AMQP module imports this. Swift cannot call C-variadic functions,
// so the two login calls are wrapped in static inline functions (GRDB's shim.h pattern).
#ifndef PLANREVIEW_CRABBITMQ_SHIM_H
#define PLANREVIEW_CRABBITMQ_SHIM_H

#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <amqp_ssl_socket.h>

/// amqp_login with SASL PLAIN (user, password).
static inline amqp_rpc_reply_t planreview_amqp_login_plain(
    amqp_connection_state_t state, const char *vhost, int channel_max,
    int frame_max, int heartbeat, const char *user, const char *password) {
    return amqp_login(state, vhost, channel_max, frame_max, heartbeat,
                      AMQP_SASL_METHOD_PLAIN, user, password);
}

/// amqp_login_with_properties with SASL PLAIN: client properties carry the
/// connection name and capabilities (consumer_cancel_notify, connection.blocked).
static inline amqp_rpc_reply_t planreview_amqp_login_plain_with_properties(
    amqp_connection_state_t state, const char *vhost, int channel_max,
    int frame_max, int heartbeat, const amqp_table_t *properties,
    const char *user, const char *password) {
    return amqp_login_with_properties(state, vhost, channel_max, frame_max,
                                      heartbeat, properties,
                                      AMQP_SASL_METHOD_PLAIN, user, password);
}

/// amqp_login_with_properties with SASL EXTERNAL (client certificate identity).
static inline amqp_rpc_reply_t planreview_amqp_login_external_with_properties(
    amqp_connection_state_t state, const char *vhost, int channel_max,
    int frame_max, int heartbeat, const amqp_table_t *properties,
    const char *identity) {
    return amqp_login_with_properties(state, vhost, channel_max, frame_max,
                                      heartbeat, properties,
                                      AMQP_SASL_METHOD_EXTERNAL, identity);
}

#endif
