"""Writes with real processes: an acknowledged write survives kill -9 of the service even after a large dry run
(which rolls back a big savepoint: on SQLite 3.40 in WAL mode the commits after one were lost on a crash); many
concurrent writers all succeed (on SQLite they wait for the write lock instead of failing); an API write made while
the command line imports a list waits for it, and both succeed.

Each test runs on the backend of the test run (a SQLite file, or a database of its own on the PostgreSQL server).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections import Counter

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import create_db_engine, sqlite_dbapi
from app.models import ApiRole, Enterprise, SupplyItem
from app.schemas.validators import make_credit_code
from app.services.auth import create_api_key
from tests.app.test_imports_support import SUPPLY_HEADERS, csv_bytes, many_supply_rows
from tests.faults.procs import PYTHON, ROOT, Service, postgres_server_url, private_database

pytestmark = pytest.mark.faults


def _engine(url: str):
    # The service's own engine factory: on SQLite the same SQLite library as the service under test.
    return create_db_engine(Settings(DATABASE_URL=url))


def _operator_headers(url: str) -> dict[str, str]:
    engine = _engine(url)
    try:
        with Session(engine) as session:
            _, secret = create_api_key(db_session=session, role=ApiRole.OPERATOR)
            session.commit()
    finally:
        engine.dispose()
    return {"Authorization": f"Bearer {secret}"}


def _enterprise_names(url: str, prefix: str) -> set[str]:
    engine = _engine(url)
    try:
        with Session(engine) as session:
            return set(session.scalars(select(Enterprise.name).where(Enterprise.name.startswith(prefix))))
    finally:
        engine.dispose()


def _new_enterprise(n: int, prefix: str) -> dict[str, str]:
    return {"name": f"{prefix}{n}号有限公司", "credit_code": make_credit_code(f"91500177{n:06d}"), "role": "sme"}


def _write_concurrently(base_url: str, headers: dict[str, str], payloads: list[dict], *, threads: int) -> Counter:
    """POST each payload from ``threads`` clients started together; the statuses seen."""
    seen: Counter = Counter()
    barrier = threading.Barrier(threads)
    lock = threading.Lock()

    def client(share: list[dict]) -> None:
        with httpx.Client(base_url=base_url, headers=headers, timeout=120) as http:
            barrier.wait()
            for payload in share:
                status = http.post("/api/v1/enterprises", json=payload).status_code
                with lock:
                    seen[status] += 1

    workers = [threading.Thread(target=client, args=(payloads[i::threads],)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    return seen


def test_acknowledged_writes_survive_kill_9_after_a_large_dry_run(tmp_path) -> None:
    with private_database(tmp_path) as url:
        headers = _operator_headers(url)
        content = csv_bytes(SUPPLY_HEADERS, many_supply_rows(20_000, enterprises=400), encoding="utf-8")
        service = Service(url).start()
        try:
            dry = httpx.post(service.base_url + "/api/v1/imports/supply", params={"dry_run": "true"},
                             headers=headers, files={"file": ("big.csv", content, "text/csv")}, timeout=600)
            assert dry.status_code == 200, dry.text[:500]
            assert dry.json()["items_created"] == 20_000

            payloads = [_new_enterprise(n, "确认写入测试") for n in range(12)]
            seen = _write_concurrently(service.base_url, headers, payloads, threads=1)
            assert seen == Counter({201: 12})
            acknowledged = {p["name"] for p in payloads}
            assert _enterprise_names(url, "确认写入测试") == acknowledged  # visible to another connection
        finally:
            service.kill9()  # no shutdown, no checkpoint: only what is durable survives

        assert _enterprise_names(url, "确认写入测试") == acknowledged
        restarted = Service(url).start()
        try:
            listed = httpx.get(restarted.base_url + "/api/v1/enterprises", headers=headers,
                               params={"q": "确认写入测试", "limit": 100}, timeout=60)
            assert listed.status_code == 200 and listed.json()["total"] == len(acknowledged)
        finally:
            restarted.stop()


def test_twenty_concurrent_writers_all_succeed(tmp_path) -> None:
    with private_database(tmp_path) as url:
        headers = _operator_headers(url)
        service = Service(url, workers=2).start()
        try:
            payloads = [_new_enterprise(n, "并发写入测试") for n in range(100)]
            seen = _write_concurrently(service.base_url, headers, payloads, threads=20)
            created = httpx.get(service.base_url + "/api/v1/enterprises", headers=headers,
                                params={"q": "并发写入测试", "limit": 1}, timeout=60).json()["total"]
            # and each updated at once by 20 clients: read-then-write transactions
            ids = [e["id"] for e in httpx.get(service.base_url + "/api/v1/enterprises", headers=headers,
                                              params={"q": "并发写入测试", "limit": 100}, timeout=60).json()["items"]]
            updates: Counter = Counter()
            barrier = threading.Barrier(20)

            def patcher(share: list[int]) -> None:
                with httpx.Client(base_url=service.base_url, headers=headers, timeout=120) as http:
                    barrier.wait()
                    for enterprise_id in share:
                        status = http.patch(f"/api/v1/enterprises/{enterprise_id}",
                                            json={"district": "两江新区"}).status_code
                        updates[status] += 1

            patchers = [threading.Thread(target=patcher, args=(ids[i::20],)) for i in range(20)]
            for thread in patchers:
                thread.start()
            for thread in patchers:
                thread.join(timeout=300)
        finally:
            service.stop()
        assert seen == Counter({201: 100}), "\n".join(service.lines[-20:])
        assert created == 100
        assert updates == Counter({200: 100}), "\n".join(service.lines[-20:])


def test_an_api_write_during_a_cli_import_waits_and_both_succeed(tmp_path) -> None:
    with private_database(tmp_path) as url:
        headers = _operator_headers(url)
        rows = 6_000
        path = tmp_path / "supply.csv"
        path.write_bytes(csv_bytes(SUPPLY_HEADERS, many_supply_rows(rows, enterprises=100), encoding="utf-8"))
        service = Service(url).start()
        env = {**os.environ, "DATABASE_URL": url, "CHAINMATCH_LOG_JSON": "false", "PYTHONUNBUFFERED": "1"}
        process = subprocess.Popen([PYTHON, "-m", "app", "import", "supply", str(path), "--progress"], cwd=ROOT,
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        output: list[str] = []
        try:
            assert process.stdout is not None
            for line in process.stdout:  # the import holds the write lock from its first statement
                output.append(line)
                if "写入" in line:
                    break
            assert process.poll() is None, "the import finished before the write:\n" + "".join(output)
            created = httpx.post(service.base_url + "/api/v1/enterprises", headers=headers, timeout=120,
                                 json=_new_enterprise(1, "导入期间写入"))
            output.extend(process.stdout)
            assert process.wait(timeout=300) == 0, "".join(output)[-2000:]
        finally:
            if process.poll() is None:
                process.kill()
            service.stop()
        assert created.status_code == 201, created.text[:500]
        engine = _engine(url)
        try:
            with Session(engine) as session:
                assert session.scalar(select(func.count()).select_from(SupplyItem)) == rows
        finally:
            engine.dispose()
        assert _enterprise_names(url, "导入期间写入") == {"导入期间写入1号有限公司"}


@pytest.mark.skipif(postgres_server_url() is not None, reason="SQLite's one write lock; PostgreSQL locks rows")
def test_reads_answer_while_the_write_lock_is_held_and_a_write_waits_for_it(tmp_path) -> None:
    with private_database(tmp_path) as url:
        headers = _operator_headers(url)
        service = Service(url).start()
        holder = sqlite_dbapi().connect(make_url(url).database, isolation_level=None)
        outcome: dict[str, object] = {}
        try:
            enterprise = httpx.post(service.base_url + "/api/v1/enterprises", headers=headers, timeout=60,
                                    json=_new_enterprise(1, "写锁测试")).json()
            holder.execute("BEGIN IMMEDIATE")  # as a long import does
            holder.execute("UPDATE index_state SET version = version")

            def patch() -> None:
                outcome["response"] = httpx.patch(f"{service.base_url}/api/v1/enterprises/{enterprise['id']}",
                                                  headers=headers, json={"district": "渝北区"}, timeout=120)

            writer = threading.Thread(target=patch)
            writer.start()
            time.sleep(1.0)
            assert writer.is_alive()  # waiting for the lock, not failed
            # reads run beside the writer: a GET, and a search sent as POST
            listed = httpx.get(service.base_url + "/api/v1/enterprises", headers=headers, timeout=10)
            searched = httpx.post(service.base_url + "/api/v1/search", headers=headers, timeout=10,
                                  json={"text": "伺服电机"})
            assert listed.status_code == 200 and searched.status_code == 200, searched.text[:300]
            assert writer.is_alive()
            holder.execute("COMMIT")
            writer.join(timeout=60)
        finally:
            if holder.in_transaction:
                holder.execute("ROLLBACK")
            holder.close()
            service.stop()
        response = outcome["response"]
        assert isinstance(response, httpx.Response) and response.status_code == 200, response
        assert response.json()["district"] == "渝北区"
