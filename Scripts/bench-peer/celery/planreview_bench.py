"""The Celery peer of Scripts/bench: the lightest honest version of the review in Celery 5.

A team that did not write planreview would most likely reach for Celery. This app consumes the same
jobs (`planreview-bench preload --format celery` wraps the same job JSON in Celery task messages), from
the same quorum queue <prefix>.jobs on the same broker, and answers each with a result over AMQP
(result backend rpc://, to <prefix>.results, the queue the worker's results go to). The task decodes
the job (kombu's json.loads of the message body) and computes the 2030 gap ("manko"): planned minus
target emissions in 2030, from the inventory total, the 2030 target against its base year and history,
business as usual and the actions' ramped 2030 reductions. No validation, no rules, no pathway
series: far less work than the worker's review.

Settings chosen to match the worker and to favour Celery where they differ:
- task_acks_late: ack after the task ran (the worker acks after the result's publisher confirm);
- worker_prefetch_multiplier: BENCH_PREFETCH / concurrency, so the prefetch per process equals the worker's;
- results are published without publisher confirms (Celery's default): a weaker guarantee, and cheaper.

Environment: BENCH_PREFIX (queue prefix), BENCH_AMQP_URL, BENCH_PREFETCH (default 64), BENCH_CONCURRENCY (2).
"""

import os

from celery import Celery
from kombu import Exchange, Queue

PREFIX = os.environ.get("BENCH_PREFIX", "planreview")
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "2"))
PREFETCH = int(os.environ.get("BENCH_PREFETCH", "64"))

app = Celery(
    "planreview_bench",
    broker=os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"),
    backend="rpc://",
)
app.conf.update(
    task_acks_late=True,
    worker_prefetch_multiplier=max(1, PREFETCH // CONCURRENCY),
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # The queue exists already (declared by `planreview-bench preload` with the worker's arguments).
    task_queues=[
        Queue(
            f"{PREFIX}.jobs",
            Exchange(f"{PREFIX}.jobs", type="direct"),
            routing_key="job",
            no_declare=True,
            queue_arguments={"x-queue-type": "quorum"},
        )
    ],
    task_default_queue=f"{PREFIX}.jobs",
    worker_detect_quorum_queues=True,
    worker_send_task_events=False,
    task_send_sent_event=False,
    broker_connection_retry_on_startup=True,
)


def _at(points, year):
    """Piecewise-linear value in `year` from sorted (year, value) points, flat outside."""
    if not points:
        return None
    if year <= points[0][0]:
        return points[0][1]
    for (y0, v0), (y1, v1) in zip(points, points[1:]):
        if y0 <= year <= y1:
            return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    return points[-1][1]


@app.task(name="planreview_bench.review_gap")
def review_gap(job, submittedAtMs=None):
    plan = job["plan"]
    inventory = plan["inventory"]
    base_year = inventory["baseYear"]
    baseline = sum(entry.get("tco2e") or 0 for entry in inventory["entries"])
    totals = {point["year"]: point["tco2e"] for point in inventory.get("history") or []}
    totals[base_year] = baseline

    target = None
    for t in plan.get("targets") or []:
        if t["year"] != 2030:
            continue
        if t.get("tco2e") is not None:
            target = t["tco2e"]
        elif t.get("reductionPercent") is not None:
            reference = totals.get(t.get("baseYear", base_year))
            if reference is not None:
                target = reference * (1 - t["reductionPercent"] / 100)

    bau_points = [(base_year, baseline)] + sorted(
        (p["year"], p["tco2e"]) for p in plan.get("businessAsUsual") or [] if p["year"] > base_year
    )
    bau_2030 = _at(bau_points, 2030)

    reduction = 0.0
    for action in plan.get("actions") or []:
        r, start = action.get("reductionTco2e"), action.get("startYear")
        if r is None or start is None or 2030 < start:
            continue
        full = max(action.get("fullEffectYear") or start, start)
        reduction += r if 2030 >= full else r * (2030 - start) / (full - start)

    planned = bau_2030 - reduction
    return {
        "jobId": job.get("jobId"),
        "plannedTco2e2030": round(planned, 1),
        "targetTco2e2030": None if target is None else round(target, 1),
        "gap2030Tco2e": None if target is None else round(planned - target, 1),
        "submittedAtMs": submittedAtMs,
    }
