#!/usr/bin/env python3
"""Submit one plan-review job to planreview and print the verdict (pika, the Python RabbitMQ client).

    pip install pika
    AMQP_URL=amqp://guest:guest@127.0.0.1:5672/%2F python3 submit.py ../../../Config/samples/example-holbaek.json

What an integrator's system does, in about 60 lines:
- sets the envelope the contract asks for (docs/CONTRACT.md): message_id = jobId, a correlation_id,
  reply_to, content_type application/json, type planreview.job.v1, persistent, timestamp;
- publishes with publisher confirms and `mandatory`, so a job that no queue takes is an error here,
  not a silent loss;
- takes the result from a server-named exclusive reply queue (amq.gen-*), which the worker accepts as
  a reply_to, and matches it by correlation_id; results are at least once: dedupe on jobId + contentHash.
Exit status: 0 when a result arrived (whatever its verdict), 1 otherwise.
"""
import argparse
import json
import os
import sys
import time
import uuid

import pika


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("job", help="a job file (JSON)")
    parser.add_argument("--prefix", default="planreview", help="prefix of the exchange names")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for the result")
    args = parser.parse_args()

    with open(args.job, "rb") as f:
        body = f.read()
    job = json.loads(body)
    job_id = job.get("jobId") or str(uuid.uuid4())
    correlation_id = str(uuid.uuid4())

    connection = pika.BlockingConnection(pika.URLParameters(os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")))
    channel = connection.channel()
    channel.confirm_delivery()
    reply_queue = channel.queue_declare(queue="", exclusive=True, auto_delete=True).method.queue

    properties = pika.BasicProperties(
        message_id=job_id, correlation_id=correlation_id, reply_to=reply_queue,
        content_type="application/json", type="planreview.job.v1", delivery_mode=2,
        timestamp=int(time.time()),  # seconds, as AMQP defines it
    )
    try:
        channel.basic_publish(exchange=f"{args.prefix}.jobs", routing_key="job", body=body, properties=properties, mandatory=True)
    except pika.exceptions.UnroutableError:
        print(f"job {job_id}: no queue took it (is the topology declared?)", file=sys.stderr)
        return 1

    deadline = time.monotonic() + args.timeout
    for method, props, result_body in channel.consume(reply_queue, auto_ack=True, inactivity_timeout=1):
        if method is not None and props.correlation_id == correlation_id:
            result = json.loads(result_body)
            failed = [r["id"] for r in result.get("rules", []) if r.get("status") == "fail" and r.get("severity") == "essential"]
            line = f"{result['jobId']}: {result['status']}"
            if result.get("scores"):
                line += f" (score {result['scores']['overall']})"
            if failed:
                line += "; essential rules failed: " + ", ".join(failed)
            for error in result.get("errors") or []:
                line += f"\n  {error.get('pointer') or '/'}: {error.get('reason')} [{error.get('code')}]"
            print(line)
            connection.close()
            return 0
        if time.monotonic() > deadline:
            break
    print(f"job {job_id}: no result within {args.timeout:g} s", file=sys.stderr)
    connection.close()
    return 1


if __name__ == "__main__":
    sys.exit(main())
