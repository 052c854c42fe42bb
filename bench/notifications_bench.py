"""Notification delivery: 10,000 notices, each by e-mail (a local aiosmtpd) and webhook (a local receiver that
verifies every signature), through the outbox and one ``chainmatch worker`` process.

Notices are committed at a steady rate (``--rate`` a second, in transactions of ``--per-commit``), as a busy service
would write them; each notice's delay runs from the moment its transaction committed to the moment the receiver got
it. Printed: throughput, p50 / p99 / max delay per channel, and, measured in the same run on the same receivers, the
rate of the same sends made directly by one thread without any database (the baseline: what the receivers and this
machine allow), with the load average at start and end.

    .venv/bin/python bench/notifications_bench.py                      # PostgreSQL on 127.0.0.1 (a database of its own)
    .venv/bin/python bench/notifications_bench.py --notices 2000 --database-url sqlite:////tmp/nb.db

Goal (issue 14): p50 ≤ 2 s and p99 ≤ 10 s with one worker on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _receivers(ready, stop, counter, results, secret_holder) -> None:
    """Child process: the SMTP server and the webhook receiver, recording (event id, channel, arrival time)."""
    from tests.notify_receivers import SmtpInbox, WebhookReceiver

    arrivals: list[tuple[str, str, float, bool]] = []
    smtp = SmtpInbox().start()
    hook = WebhookReceiver().start()
    hook.secret = secret_holder["secret"]

    def on_hook(record) -> None:
        arrivals.append((record.headers.get("webhook-id", ""), "webhook", record.at, record.verified))
        with counter.get_lock():
            counter.value += 1

    hook.on_receive = on_hook
    original = smtp.controller.handler.handle_DATA

    async def on_mail(server, session, envelope):
        answer = await original(server, session, envelope)
        message = smtp.messages[-1]
        arrivals.append((message["X-Chainmatch-Event-Id"] or "", "email", time.time(), True))
        with counter.get_lock():
            counter.value += 1
        return answer

    smtp.controller.handler.handle_DATA = on_mail
    ready.put((smtp.port, hook.url))
    stop.wait()
    results.put(arrivals)
    smtp.stop()
    hook.stop()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _baseline(smtp_port: int, hook_url: str, secret: str, n: int) -> dict[str, float]:
    """The same e-mails and signed webhooks sent directly, one thread, kept connections, no database."""
    from datetime import UTC, datetime

    from app.core.config import Settings
    from app.models import NoticeKind, Notification, WebhookEndpoint, WebhookFormat
    from app.services.notifications import channels

    settings = Settings(DATABASE_URL="sqlite://", smtp_host="127.0.0.1", smtp_port=smtp_port,
                        notify_allowed_private=["127.0.0.1"])
    endpoint = WebhookEndpoint(id=1, enterprise_id=1, url=hook_url, format=WebhookFormat.STANDARD, kinds=["event"],
                               secret=secret, min_match_percent=50.0)
    smtp, hooks = channels.SmtpSender(settings), channels.WebhookSender(settings)
    start = time.perf_counter()
    for i in range(n):
        notice = Notification(id=i, event_id=f"msg_baseline_{i}", enterprise_id=1, kind=NoticeKind.EVENT,
                              title=f"基线 {i}", body="基线消息", link=None, data={}, created_at=datetime.now(UTC))
        assert smtp.send(channels.email_message(notice, to="bench@example.cn", unsubscribe_token="t",
                                                settings=settings)).ok
        assert hooks.send(notice, endpoint).ok
    elapsed = time.perf_counter() - start
    smtp.close()
    hooks.close()
    return {"deliveries": 2 * n, "seconds": elapsed, "per_second": 2 * n / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=200.0, help="notices committed per second")
    parser.add_argument("--per-commit", type=int, default=20)
    parser.add_argument("--baseline", type=int, default=1000, help="direct sends per channel for the baseline")
    parser.add_argument("--database-url", default=None,
                        help="default: a fresh PostgreSQL database cm_notify_bench on 127.0.0.1")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--backlog", action="store_true",
                        help="commit every notice first, then start the worker: its drain rate (delays then mean "
                             "time in the queue, not the worker's latency)")
    args = parser.parse_args()

    from sqlalchemy import create_engine, text
    from sqlalchemy.orm import Session

    from app.core import migrate
    from app.core.config import Settings
    from app.core.db import create_db_engine
    from app.models import (
        Enterprise,
        EnterpriseRole,
        NoticeKind,
        Notification,
        User,
        UserStatus,
        WebhookEndpoint,
        WebhookFormat,
    )
    from app.schemas.validators import make_credit_code
    from app.services.notifications.endpoints import new_secret
    from app.services.notifications.outbox import notify

    url = args.database_url
    if url is None:
        admin = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text('DROP DATABASE IF EXISTS "cm_notify_bench" WITH (FORCE)'))
            connection.execute(text('CREATE DATABASE "cm_notify_bench"'))
        admin.dispose()
        url = "postgresql+psycopg://postgres@127.0.0.1:5432/cm_notify_bench"
    migrate.upgrade(url)
    load_start = _load()

    secret = new_secret()
    context = multiprocessing.get_context("spawn")
    manager = context.Manager()
    holder = manager.dict({"secret": secret})
    ready, results, stop = context.Queue(), context.Queue(), context.Event()
    counter = context.Value("i", 0)
    child = context.Process(target=_receivers, args=(ready, stop, counter, results, holder), daemon=True)
    child.start()
    smtp_port, hook_url = ready.get(timeout=60)

    baseline = _baseline(smtp_port, hook_url, secret, args.baseline)
    with counter.get_lock():
        counter.value = 0

    settings = Settings(DATABASE_URL=url)
    engine = create_db_engine(settings)
    with Session(engine) as db_session:
        enterprise = Enterprise(name="基准测试链主有限公司", credit_code=make_credit_code("91500000BENCH01"),
                                role=EnterpriseRole.CHAIN_LEADER)
        db_session.add(enterprise)
        db_session.flush()
        db_session.add(User(login="bench@example.cn", display_name="基准", password_hash="x", role="chain_leader",
                            status=UserStatus.ACTIVE, enterprise_id=enterprise.id, failed_logins=0))
        db_session.add(WebhookEndpoint(enterprise_id=enterprise.id, url=hook_url, format=WebhookFormat.STANDARD,
                                       kinds=[k.value for k in NoticeKind], min_match_percent=50.0, secret=secret,
                                       consecutive_failures=0))
        db_session.commit()
        enterprise_id = enterprise.id

    env = {**os.environ, "DATABASE_URL": url, "CHAINMATCH_SMTP_HOST": "127.0.0.1",
           "CHAINMATCH_SMTP_PORT": str(smtp_port), "CHAINMATCH_NOTIFY_ALLOWED_PRIVATE": '["127.0.0.1"]',
           "CHAINMATCH_LOG_JSON": "false", "CHAINMATCH_LOG_LEVEL": "WARNING"}
    def start_worker() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", "from app.cli import main; main()", "worker",
                                 "--no-matching", "--threads", str(args.threads)], env=env, cwd=ROOT)

    worker = None
    if not args.backlog:
        worker = start_worker()
        time.sleep(3.0)  # the worker's start-up (imports, first LISTEN) is not part of the delivery delay

    committed: dict[str, float] = {}
    interval = args.per_commit / args.rate
    produce_start = time.time()
    next_at = time.monotonic()
    with Session(engine) as db_session:
        for first in range(0, args.notices, args.per_commit):
            batch = []
            for n in range(first, min(args.notices, first + args.per_commit)):
                notice = notify(db_session, enterprise_id=enterprise_id, kind=NoticeKind.EVENT,
                                title=f"活动通知 {n}", body=f"基准消息 {n}", data={"n": n})
                batch.append(notice.event_id)
            db_session.commit()
            now = time.time()
            for event_id in batch:
                committed[event_id] = now
            next_at += interval
            pause = next_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
    produce_end = time.time()
    drain_start = produce_end
    if worker is None:
        worker = start_worker()
        drain_start = time.time()
    expected = 2 * args.notices
    deadline = time.monotonic() + 600
    while counter.value < expected and time.monotonic() < deadline:
        time.sleep(0.1)
    all_done = time.time()
    stop.set()
    arrivals = results.get(timeout=60)
    worker.terminate()
    worker.wait(timeout=30)
    child.join(timeout=30)
    with Session(engine) as db_session:
        stored = db_session.query(Notification).count()
    engine.dispose()
    load_end = _load()

    first_arrival: dict[tuple[str, str], float] = {}
    unverified = 0
    for event_id, channel, at, verified in arrivals:
        unverified += not verified
        key = (event_id, channel)
        first_arrival[key] = min(first_arrival.get(key, at), at)
    delays: dict[str, list[float]] = {"email": [], "webhook": []}
    for (event_id, channel), at in first_arrival.items():
        if event_id in committed:
            delays[channel].append(at - committed[event_id])
    everything = delays["email"] + delays["webhook"]
    delivered = len(everything)
    summary = {
        "notices": args.notices, "stored_notices": stored, "deliveries_expected": expected,
        "deliveries_received": delivered, "repeats": len(arrivals) - len(first_arrival),
        "unverified_webhooks": unverified, "rate_offered_per_s": args.rate, "per_commit": args.per_commit,
        "produce_seconds": produce_end - produce_start, "drain_seconds": all_done - produce_end,
        "throughput_deliveries_per_s": delivered / (all_done - (drain_start if args.backlog else produce_start)),
        "backlog": args.backlog,
        "delay_s": {name: {"p50": statistics.median(v), "p99": _percentile(v, 0.99), "max": max(v)}
                    for name, v in (("all", everything), ("email", delays["email"]),
                                    ("webhook", delays["webhook"])) if v},
        "baseline_direct_sends": baseline, "database": url.split("@")[-1], "threads": args.threads,
        "load_average_start": load_start, "load_average_end": load_end,
    }
    print(f"notifications bench — {args.notices} notices × (e-mail + webhook), one worker, {summary['database']}")
    print(f"load average: start {load_start}, end {load_end}")
    print(f"baseline (same run): direct sends, one thread, no database: {baseline['per_second']:.0f} deliveries/s")
    if args.backlog:
        print(f"backlog: {args.notices} notices committed in {summary['produce_seconds']:.1f} s, then one worker "
              f"started (its start-up included) and drained them in {all_done - drain_start:.1f} s")
    else:
        print(f"offered {args.rate:.0f} notices/s ({2 * args.rate:.0f} deliveries/s), committed in "
              f"{summary['produce_seconds']:.1f} s; drained {summary['drain_seconds']:.1f} s after the last commit")
    print(f"received {delivered}/{expected} (repeats {summary['repeats']}, unverified {unverified}); "
          f"throughput {summary['throughput_deliveries_per_s']:.0f} deliveries/s")
    print("delay from commit to delivery (s):   p50     p99     max   (goal p50 ≤ 2, p99 ≤ 10)")
    for name, d in summary["delay_s"].items():
        print(f"  {name:8s}                          {d['p50']:6.2f}  {d['p99']:6.2f}  {d['max']:6.2f}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "notifications.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    manager.shutdown()


if __name__ == "__main__":
    main()
