"""The notification worker under faults: ``kill -9`` in the middle of a batch of 1,000 deliveries, and the database
going away under it. Every notice must arrive at least once, and a repeat must carry the same ``webhook-id``."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import create_db_engine
from app.models import (
    DeliveryStatus,
    Enterprise,
    EnterpriseRole,
    NoticeKind,
    Notification,
    NotificationDelivery,
    WebhookEndpoint,
    WebhookFormat,
)
from app.schemas.validators import make_credit_code
from app.services.notifications.endpoints import new_secret
from app.services.notifications.outbox import notify
from tests.faults.procs import PYTHON, ROOT, TcpProxy, postgres_server_url, private_database
from tests.notify_receivers import WebhookReceiver

pytestmark = pytest.mark.faults
NOTICES = 1000


def _seed(url: str, receiver: WebhookReceiver) -> set[str]:
    """An enterprise with one webhook endpoint and 1,000 notices to it; their event ids."""
    engine = create_db_engine(Settings(DATABASE_URL=url))
    with Session(engine) as db_session:
        enterprise = Enterprise(name="故障测试链主有限公司", credit_code=make_credit_code("91500000FAULT01"),
                                role=EnterpriseRole.CHAIN_LEADER)
        db_session.add(enterprise)
        db_session.flush()
        receiver.secret = new_secret()
        db_session.add(WebhookEndpoint(enterprise_id=enterprise.id, url=receiver.url, format=WebhookFormat.STANDARD,
                                       kinds=[k.value for k in NoticeKind], min_match_percent=50.0,
                                       secret=receiver.secret, consecutive_failures=0))
        db_session.flush()
        for n in range(NOTICES):
            notify(db_session, enterprise_id=enterprise.id, kind=NoticeKind.EVENT, title=f"活动通知 {n}",
                   body=f"第 {n} 条", data={"n": n})
        db_session.commit()
        ids = set(db_session.scalars(select(Notification.event_id)))
    engine.dispose()
    assert len(ids) == NOTICES
    return ids


def _worker(url: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "CHAINMATCH_NOTIFY_ALLOWED_PRIVATE": '["127.0.0.1"]',
           "CHAINMATCH_NOTIFY_LEASE_SECONDS": "3", "CHAINMATCH_NOTIFY_BATCH_SIZE": "100",
           "CHAINMATCH_NOTIFY_RETRY_SCHEDULE": "[0.2, 0.5, 1, 1, 1, 1, 1, 1]", "CHAINMATCH_NOTIFY_POLL_SECONDS": "0.2",
           "CHAINMATCH_LOG_JSON": "false", "CHAINMATCH_LOG_LEVEL": "WARNING"}
    return subprocess.Popen([PYTHON, "-c", "from app.cli import main; main()", "worker", "--no-matching"], env=env,
                            cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def _wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def _delivered(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(NotificationDelivery).where(
            NotificationDelivery.status == DeliveryStatus.DELIVERED)).scalar_one()
    engine.dispose()
    return count


def _check_received(receiver: WebhookReceiver, expected: set[str]) -> int:
    """Every notice arrived, signed; returns the number of repeats (same id, same body)."""
    bodies: dict[str, bytes] = {}
    for record in receiver.received:
        assert record.verified, record.error
        event_id = record.headers["webhook-id"]
        assert bodies.setdefault(event_id, record.body) == record.body  # a repeat is the same message
    assert set(bodies) == expected
    return len(receiver.received) - len(bodies)


def test_kill_9_in_the_middle_of_a_batch_loses_nothing(tmp_path) -> None:
    receiver = WebhookReceiver().start()
    # a receiver that takes a few milliseconds per message, so the kill lands while a batch is being sent
    receiver.on_receive = lambda _record: time.sleep(0.004)
    try:
        with private_database(tmp_path) as url:
            expected = _seed(url, receiver)
            first = _worker(url, tmp_path / "worker1.log")
            try:
                _wait(lambda: len(receiver.received) >= 250, 120, "the worker did not start delivering")
                os.killpg(first.pid, signal.SIGKILL)
                first.wait(timeout=30)
            finally:
                _stop(first)
            at_kill = len(receiver.received)
            assert at_kill < NOTICES, "the batch finished before the kill: the test proved nothing"
            assert _delivered(url) < NOTICES
            second = _worker(url, tmp_path / "worker2.log")
            try:
                _wait(lambda: _delivered(url) == NOTICES, 180, "not every notice was delivered after the restart")
            finally:
                _stop(second)
            repeats = _check_received(receiver, expected)
            print(f"\nkilled after {at_kill} received; {repeats} repeats after the restart, all with the same id")
    finally:
        receiver.stop()


@pytest.mark.skipif(postgres_server_url() is None, reason="a database server outage needs PostgreSQL")
def test_the_database_going_away_under_the_worker_loses_nothing(tmp_path) -> None:
    receiver = WebhookReceiver().start()
    receiver.on_receive = lambda _record: time.sleep(0.004)
    try:
        with private_database(tmp_path) as url:
            expected = _seed(url, receiver)
            parsed = make_url(url)
            proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
            proxy.start()
            through_proxy = parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
            worker = _worker(through_proxy, tmp_path / "worker.log")
            try:
                _wait(lambda: len(receiver.received) >= 200, 120, "the worker did not start delivering")
                proxy.stop()  # the server goes away: every connection cut, nothing listening
                time.sleep(2.0)
                proxy.start()
                _wait(lambda: len(receiver.received) >= 600, 120, "the worker did not resume")
                # its connections terminated on the server side, as a PostgreSQL restart does
                admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
                with admin.connect() as connection:
                    connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                            "WHERE datname = :name AND pid <> pg_backend_pid()"),
                                       {"name": parsed.database})
                admin.dispose()
                _wait(lambda: _delivered(url) == NOTICES, 180, "not every notice was delivered after the outage")
                assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
            finally:
                _stop(worker)
                proxy.close()
            repeats = _check_received(receiver, expected)
            print(f"\n{repeats} repeats after the outage, all with the same id")
    finally:
        receiver.stop()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_demo_with_worker_tells_matches_and_stops_with_the_server(tmp_path) -> None:
    import httpx

    from tests.faults.procs import free_port

    port = free_port()
    database = tmp_path / "demo.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "CHAINMATCH_LOG_JSON": "false",
           "CHAINMATCH_LOG_LEVEL": "WARNING", "CHAINMATCH_RATE_LIMIT_ENABLED": "false"}
    env.pop("TEST_DATABASE_URL", None)
    log = tmp_path / "demo.log"
    demo = subprocess.Popen([PYTHON, "-c", "from app.cli import main; main()", "demo", "--with-worker", "--port",
                             str(port)], env=env, cwd=tmp_path, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)

    def healthy() -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def told() -> int:
        engine = create_engine(f"sqlite:///{database}")
        try:
            with engine.connect() as connection:
                return connection.execute(select(func.count()).select_from(Notification)).scalar_one()
        except Exception:  # noqa: BLE001 - not migrated yet
            return 0
        finally:
            engine.dispose()

    try:
        _wait(lambda: demo.poll() is None and healthy(), 240, "the demo did not become ready")
        assert "正在启动通知工作进程" in log.read_text()
        # the worker matches the demo lists it has not seen: the leaders' inboxes fill without anyone asking
        _wait(lambda: told() > 0, 240, "the demo's worker told nothing")
        demo.terminate()
        demo.wait(timeout=60)
        _wait(lambda: not _group_alive(demo.pid), 60, "the worker outlived the server")
    finally:
        if _group_alive(demo.pid):
            os.killpg(demo.pid, signal.SIGKILL)


@pytest.mark.skipif(postgres_server_url() is None, reason="several workers need PostgreSQL (SQLite runs one)")
def test_two_workers_share_a_batch_without_sending_anything_twice(tmp_path) -> None:
    receiver = WebhookReceiver().start()
    receiver.on_receive = lambda _record: time.sleep(0.002)
    try:
        with private_database(tmp_path) as url:
            expected = _seed(url, receiver)
            workers = [_worker(url, tmp_path / f"worker{n}.log") for n in (1, 2)]
            try:
                _wait(lambda: _delivered(url) == NOTICES, 180, "the two workers did not deliver everything")
            finally:
                for worker in workers:
                    _stop(worker)
            assert _check_received(receiver, expected) == 0  # SKIP LOCKED: no row claimed by both
            logs = [(tmp_path / f"worker{n}.log").read_text() for n in (1, 2)]
            assert all("Traceback" not in log for log in logs), logs
    finally:
        receiver.stop()
