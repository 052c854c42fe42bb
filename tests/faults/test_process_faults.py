"""Faults with real processes: kill -9 of the service during a large import and of ``chainmatch match --all``
during a batch leave no partial rows and the next start is clean; a database that goes away mid-traffic gives
clear 503s and the service recovers by itself.

Each test runs on the backend of the test run: a SQLite file, or (when DATABASE_URL is PostgreSQL) a database of
its own on that server, dropped afterwards. The shared PostgreSQL server is never restarted: its outage is
simulated by a TCP proxy we cut, and by terminating the service's own backends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections import Counter

import httpx
import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.models import ApiRole, DemandItem, Enterprise, SupplyItem
from app.models.decisions import StoredSuggestion, SuggestionBatch
from app.services.auth import create_api_key
from app.services.imports import ListKind, import_list
from tests.app.test_imports_support import (
    DEMAND_HEADERS,
    SUPPLY_HEADERS,
    csv_bytes,
    demand_row,
    many_supply_rows,
    xlsx,
)
from tests.faults.procs import PYTHON, ROOT, Service, TcpProxy, postgres_server_url, private_database

pytestmark = pytest.mark.faults

IMPORT_ROWS = 12_000  # the service logs "wrote 5000/…" mid-write: the kill lands inside the open transaction


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return {model.__name__: session.scalar(select(func.count()).select_from(model)) for model in
                    (Enterprise, SupplyItem, DemandItem, SuggestionBatch, StoredSuggestion)}
    finally:
        engine.dispose()


def _operator_key(url: str) -> dict[str, str]:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            _, secret = create_api_key(db_session=session, role=ApiRole.OPERATOR)
            session.commit()
    finally:
        engine.dispose()
    return {"Authorization": f"Bearer {secret}"}


def _seed(url: str, *, supply: int, demand: int) -> None:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            settings = Settings(DATABASE_URL=url)
            import_list(db_session=session, kind=ListKind.SUPPLY, settings=settings, filename="s.xlsx",
                        content=xlsx(SUPPLY_HEADERS, many_supply_rows(supply, enterprises=max(supply // 20, 1))))
            rows = [demand_row(产品名称=f"精密零件{n}", 规格型号=f"JM-{n:05d}", 需求编码=f"D{n}") for n in range(demand)]
            import_list(db_session=session, kind=ListKind.DEMAND, settings=settings, filename="d.xlsx",
                        content=xlsx(DEMAND_HEADERS, rows, sheet="需求清单"))
            session.commit()
    finally:
        engine.dispose()


def test_kill_9_during_a_large_import_writes_nothing_and_the_next_start_is_clean(tmp_path) -> None:
    with private_database(tmp_path) as url:
        headers = _operator_key(url)
        before = _counts(url)
        content = csv_bytes(SUPPLY_HEADERS, many_supply_rows(IMPORT_ROWS, enterprises=200), encoding="utf-8")
        service = Service(url).start()
        outcome: dict[str, object] = {}

        def upload() -> None:
            try:
                outcome["response"] = httpx.post(service.base_url + "/api/v1/imports/supply", headers=headers,
                                                 files={"file": ("big.csv", content, "text/csv")}, timeout=300)
            except httpx.HTTPError as exc:
                outcome["error"] = exc

        uploader = threading.Thread(target=upload)
        try:
            uploader.start()
            assert service.wait_for_line(r"wrote 5000/", timeout=240), "\n".join(service.lines[-20:])
            service.kill9()
            uploader.join(timeout=60)
        finally:
            service.kill9()
        assert "response" not in outcome, "the import finished before the kill"
        assert _counts(url) == before  # nothing of the 5,000 flushed rows was committed

        restarted = Service(url).start()
        try:
            health = httpx.get(restarted.base_url + "/health", timeout=30)
            assert health.status_code == 200 and health.json()["status"] == "ok"
            assert _counts(url) == before
            small = csv_bytes(SUPPLY_HEADERS, many_supply_rows(5, enterprises=1), encoding="utf-8")
            after = httpx.post(restarted.base_url + "/api/v1/imports/supply", headers=headers, timeout=120,
                               files={"file": ("small.csv", small, "text/csv")})
            assert after.status_code == 200, after.text[:500]  # no lock or half-written state left behind
            assert _counts(url)["SupplyItem"] == before["SupplyItem"] + 5
        finally:
            restarted.stop()


def test_kill_9_during_a_batch_match_leaves_the_previous_batch_whole(tmp_path) -> None:
    with private_database(tmp_path) as url:
        _seed(url, supply=400, demand=300)
        env = {**os.environ, "DATABASE_URL": url, "CHAINMATCH_LOG_JSON": "false", "PYTHONUNBUFFERED": "1"}
        command = [PYTHON, "-m", "app", "match", "--all", "--per-item", "5", "--no-progress"]
        first = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert first.returncode == 0, first.stderr[-2000:]
        before = _counts(url)
        assert before["SuggestionBatch"] == 1 and before["StoredSuggestion"] > 0

        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True, start_new_session=True)
        try:
            assert process.stderr is not None
            for line in process.stderr:  # the batch has started writing its rows
                if "开放需求条目" in line:
                    break
            time.sleep(0.5)
            assert process.poll() is None, "the batch finished before the kill"
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
        after = _counts(url)
        assert after == before  # the old batch, whole; nothing of the killed one

        again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr[-2000:]  # no stale lock: the next batch runs and replaces it
        final = _counts(url)
        assert final["SuggestionBatch"] == 1 and final["StoredSuggestion"] == before["StoredSuggestion"]


def _traffic(service: Service, headers: dict[str, str], stop: threading.Event, seen: Counter, bodies: list) -> None:
    with httpx.Client(base_url=service.base_url, headers=headers, timeout=30) as client:
        while not stop.is_set():
            try:
                response = client.get("/api/v1/supply-items", params={"limit": 5})
            except httpx.HTTPError as exc:
                seen[type(exc).__name__] += 1
                continue
            seen[response.status_code] += 1
            if response.status_code >= 500 and len(bodies) < 50:
                bodies.append((response.status_code, response.text[:300]))
            time.sleep(0.01)


def _wait_for(seen: Counter, status: int | str, *, at_least: int, timeout: float) -> bool:
    target = seen[status] + at_least
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if seen[status] >= target:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(postgres_server_url() is None, reason="a database server outage needs PostgreSQL")
def test_database_outage_gives_503_then_recovers_without_a_restart(tmp_path) -> None:
    with private_database(tmp_path) as url:
        headers = _operator_key(url)
        parsed = make_url(url)
        proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
        proxy.start()
        through_proxy = parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        service = Service(through_proxy, env={"CHAINMATCH_DB_POOL_SIZE": "4"}).start()
        seen: Counter = Counter()
        bodies: list = []
        stop = threading.Event()
        clients = [threading.Thread(target=_traffic, args=(service, headers, stop, seen, bodies)) for _ in range(4)]
        try:
            for client in clients:
                client.start()
            assert _wait_for(seen, 200, at_least=20, timeout=60)

            # 1. the server "goes away": every connection cut, nothing listening
            proxy.stop()
            assert _wait_for(seen, 503, at_least=10, timeout=60), dict(seen)
            down = httpx.get(service.base_url + "/api/v1/supply-items", headers=headers, timeout=30)
            assert down.status_code == 503 and down.json()["error"] == "database_unavailable"
            assert httpx.get(service.base_url + "/health", timeout=30).status_code == 503
            assert httpx.get(service.base_url + "/health/live", timeout=30).status_code == 200

            # 2. it comes back: the same service process answers again
            proxy.start()
            assert _wait_for(seen, 200, at_least=20, timeout=60), dict(seen)

            # 3. its connections are terminated on the server side (what a PostgreSQL restart does to them)
            admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                terminated = connection.execute(text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": parsed.database}).scalar()
            admin.dispose()
            assert terminated >= 1
            assert _wait_for(seen, 200, at_least=20, timeout=60), dict(seen)
        finally:
            stop.set()
            for client in clients:
                client.join(timeout=30)
            service.stop()
            proxy.close()
        assert service.process is not None and service.process.returncode is not None
        server_errors = {status: n for status, n in seen.items() if isinstance(status, int) and status >= 500}
        assert set(server_errors) <= {503}, (server_errors, bodies[:5])
