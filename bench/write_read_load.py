"""Writers and readers together against PostgreSQL or SQLite: no lost or duplicated writes, latency under mixed load.

    .venv/bin/python bench/write_read_load.py                         # 120 s, 20 writers, 20 readers, 2 workers
    .venv/bin/python bench/write_read_load.py --duration 30 --workers 4
    .venv/bin/python bench/write_read_load.py --sqlite --duration 60  # an SQLite file in a temporary folder

On SQLite every write waits for the database's one write lock (BEGIN IMMEDIATE under a 30 s busy timeout) while
the readers run beside it (WAL): the run must still show 0 errors.

Steps: create a PostgreSQL database of our own on the loopback server (``--server``; dropped afterwards unless
``--keep``), migrate it and seed ``--items`` supply items and ``--demand`` demand items (the generator of
``bench/suggestions_load.py``); create one SME with its own key per writer and one operator key per reader;
start ``uvicorn app.main:create_app --factory --workers N`` on a free loopback port (rate limits stay on: every
client has its own key). Then for ``--duration`` seconds, all at once:

* ``--writers`` writers, each with its SME key: create a supply item (``POST /api/v1/supply-items``, a unique
  name) or, one time in three, update one it created earlier (``PATCH``, a new description carrying a counter);
* ``--readers`` readers, each with an operator key: ``GET /api/v1/demand-items/{id}/suggestions`` for a random
  open demand item (the live index re-reads every write before answering);
* two baseline clients on ``GET /health`` (a database round trip, no matching) under the same load.

Afterwards the database is counted against what the service acknowledged: every acknowledged create is there
exactly once, nothing unacknowledged appeared, and every item's description is the last acknowledged update.
Prints p50/p95/p99 per operation, throughput, errors; exits 1 on any lost, duplicated or failed write.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.config import normalise_database_url  # noqa: E402
from app.models import ApiRole, Enterprise, EnterpriseRole  # noqa: E402
from app.schemas.validators import make_credit_code  # noqa: E402
from app.services.auth import create_api_key  # noqa: E402
from bench.suggestions_load import free_port, seed  # noqa: E402

PREFIX = "负载写入"


@dataclass
class Stats:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def add(self, started: float, status: int | str) -> None:
        self.latencies_ms.append((time.perf_counter() - started) * 1000)
        self.statuses[status] += 1

    def line(self, name: str, seconds: float) -> str:
        n = len(self.latencies_ms)
        if n < 2:
            return f"{name:<12} {n} 次请求"
        q = statistics.quantiles(self.latencies_ms, n=100, method="inclusive")
        errors = sum(v for k, v in self.statuses.items() if not (isinstance(k, int) and k < 400))
        return (f"{name:<12} {n:>7} 次  {n / seconds:7.1f} 次/秒  p50 {q[49]:7.1f} ms  p95 {q[94]:7.1f} ms  "
                f"p99 {q[98]:7.1f} ms  max {max(self.latencies_ms):7.1f} ms  错误 {errors}  {dict(self.statuses)}")


@dataclass
class Ledger:
    """What the service acknowledged: created item names and ids, and each item's last acknowledged text."""

    created: dict[str, int] = field(default_factory=dict)  # product name → id
    last_description: dict[int, str] = field(default_factory=dict)
    uncertain: set[str] = field(default_factory=set)  # sent, answer lost (timeout): may or may not be stored


async def writer(n: int, client: httpx.AsyncClient, key: str, enterprise_id: int, stop: float, stats: dict,
                 ledger: Ledger, rng: random.Random) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    mine: list[int] = []
    counter = 0
    while time.perf_counter() < stop:
        counter += 1
        if mine and rng.random() < 1 / 3:
            item_id = rng.choice(mine)
            description = f"第{counter}次更新 writer{n}"
            started = time.perf_counter()
            try:
                response = await client.patch(f"/api/v1/supply-items/{item_id}", headers=headers,
                                              json={"description": description})
            except httpx.HTTPError as exc:
                stats["update"].add(started, type(exc).__name__)
                continue
            stats["update"].add(started, response.status_code)
            if response.status_code == 200:
                ledger.last_description[item_id] = description
            elif len(stats["update"].failures) < 20:
                stats["update"].failures.append(response.text[:300])
            continue
        name = f"{PREFIX}-{n:02d}-{counter:06d} 伺服电机"
        description = f"创建 writer{n}"
        body = {"enterprise_id": enterprise_id, "category": "关键零部件", "product_name": name,
                "description": description, "part_numbers": [f"LW-{n:02d}-{counter:06d}"], "capacity": "5万台/年"}
        started = time.perf_counter()
        try:
            response = await client.post("/api/v1/supply-items", headers=headers, json=body)
        except httpx.HTTPError as exc:
            stats["create"].add(started, type(exc).__name__)
            ledger.uncertain.add(name)
            continue
        stats["create"].add(started, response.status_code)
        if response.status_code == 201:
            item_id = response.json()["id"]
            ledger.created[name] = item_id
            ledger.last_description[item_id] = description
            mine.append(item_id)
        elif len(stats["create"].failures) < 20:
            stats["create"].failures.append(response.text[:300])


async def reader(client: httpx.AsyncClient, key: str, demand_ids: list[int], stop: float, stats: Stats,
                 rng: random.Random) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    while time.perf_counter() < stop:
        started = time.perf_counter()
        try:
            response = await client.get(f"/api/v1/demand-items/{rng.choice(demand_ids)}/suggestions",
                                        headers=headers, params={"limit": 10})
        except httpx.HTTPError as exc:
            stats.add(started, type(exc).__name__)
            continue
        stats.add(started, response.status_code)
        if response.status_code != 200 and len(stats.failures) < 20:
            stats.failures.append(response.text[:300])


async def prober(client: httpx.AsyncClient, stop: float, stats: Stats, pause: float) -> None:
    while time.perf_counter() < stop:
        started = time.perf_counter()
        try:
            response = await client.get("/health")
            stats.add(started, response.status_code)
        except httpx.HTTPError as exc:
            stats.add(started, type(exc).__name__)
        await asyncio.sleep(pause)


async def run_load(base: str, *, writer_keys: list[tuple[str, int]], reader_keys: list[str], demand_ids: list[int],
                   duration: float, seed_value: int) -> tuple[dict[str, Stats], Ledger, float]:
    stats = {name: Stats() for name in ("create", "update", "suggestions", "health")}
    ledger = Ledger()
    # Idle connections are dropped before the server's 5 s keep-alive closes them: otherwise a request can go out on
    # a connection the server is closing at that moment (a ReadError of the client, not an error of the service).
    limits = httpx.Limits(max_connections=len(writer_keys) + len(reader_keys) + 4, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        # the idle baseline: /health alone, before the load starts
        idle = Stats()
        await prober(client, time.perf_counter() + 5, idle, 0.02)
        stats["health_idle"] = idle
        started = time.perf_counter()
        stop = started + duration
        tasks = [writer(i, client, key, enterprise_id, stop, stats, ledger, random.Random(seed_value + i))
                 for i, (key, enterprise_id) in enumerate(writer_keys)]
        tasks += [reader(client, key, demand_ids, stop, stats["suggestions"], random.Random(seed_value + 1000 + i))
                  for i, key in enumerate(reader_keys)]
        tasks += [prober(client, stop, stats["health"], 0.1) for _ in range(2)]
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
    return stats, ledger, elapsed


def make_clients(url: str, *, writers: int, readers: int) -> tuple[list[tuple[str, int]], list[str]]:
    engine = create_engine(url)
    writer_keys, reader_keys = [], []
    with Session(engine) as db_session:
        for n in range(writers):
            sme = Enterprise(name=f"负载写入测试{n}号精密制造有限公司", credit_code=make_credit_code(f"9150010LW{n:04d}"),
                             role=EnterpriseRole.SME, province="重庆市", city="重庆市", district="两江新区")
            db_session.add(sme)
            db_session.flush()
            _, secret = create_api_key(db_session=db_session, role=ApiRole.SME, enterprise_id=sme.id,
                                       label=f"writer{n}")
            writer_keys.append((secret, sme.id))
        for n in range(readers):
            _, secret = create_api_key(db_session=db_session, role=ApiRole.OPERATOR, label=f"reader{n}")
            reader_keys.append(secret)
        db_session.commit()
    engine.dispose()
    return writer_keys, reader_keys


def audit_writes(url: str, ledger: Ledger) -> dict[str, int]:
    """Count what the database holds against what was acknowledged."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT id, product_name, description FROM supply_items WHERE product_name LIKE :prefix"),
            {"prefix": PREFIX + "-%"}).all()
    engine.dispose()
    by_name: dict[str, list[int]] = defaultdict(list)
    description = {}
    for row_id, name, text_ in rows:
        by_name[name].append(row_id)
        description[row_id] = text_
    lost = [n for n in ledger.created if n not in by_name]
    duplicated = [n for n, ids in by_name.items() if len(ids) > 1]
    wrong_id = [n for n, item_id in ledger.created.items() if n in by_name and by_name[n] != [item_id]]
    unexpected = [n for n in by_name if n not in ledger.created and n not in ledger.uncertain]
    stale = [i for i, d in ledger.last_description.items() if description.get(i) != d]
    return {"rows_in_database": len(rows), "acknowledged_creates": len(ledger.created),
            "acknowledged_items_with_updates": len(ledger.last_description), "uncertain_creates": len(ledger.uncertain),
            "lost": len(lost), "duplicated": len(duplicated), "wrong_id": len(wrong_id),
            "unacknowledged_but_stored": len(unexpected), "updates_lost": len(stale)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="PostgreSQL server (a database of our own is created on it)")
    parser.add_argument("--duration", type=float, default=120.0)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--demand", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--sqlite", action="store_true", help="an SQLite file in a temporary folder, not PostgreSQL")
    args = parser.parse_args()

    name = f"cm_write_read_load_{uuid.uuid4().hex[:8]}"
    admin = None
    if args.sqlite:
        folder = Path(tempfile.mkdtemp(prefix=name))
        url = f"sqlite:///{folder / 'load.db'}"
    else:
        server = make_url(normalise_database_url(args.server))
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = server.set(database=name).render_as_string(hide_password=False)
    process = None
    try:
        _, demand_ids, _ = seed(url, items=args.items, demand=args.demand, seed_value=args.seed)
        writer_keys, reader_keys = make_clients(url, writers=args.writers, readers=args.readers)
        port = free_port()
        pool = max(4, (args.writers + args.readers) // max(args.workers, 1))
        env = {**os.environ, "DATABASE_URL": url, "CHAINMATCH_LOG_JSON": "true", "CHAINMATCH_LOG_LEVEL": "WARNING",
               "CHAINMATCH_DB_POOL_SIZE": str(pool), "CHAINMATCH_DB_MAX_OVERFLOW": "10"}
        log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"{name}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(port), "--workers", str(args.workers), "--log-level", "warning", "--no-access-log"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                raise RuntimeError(f"service exited; see {log.name}")
            time.sleep(0.5)
        # every worker must have its index before the clock starts: warm each with a few requests
        for demand_id in demand_ids[:10]:
            httpx.get(f"{base}/api/v1/demand-items/{demand_id}/suggestions", timeout=300,
                      headers={"Authorization": f"Bearer {reader_keys[0]}"})
        load = os.getloadavg()
        print(f"数据库：{'SQLite ' + url if args.sqlite else 'PostgreSQL'}")
        print(f"服务：{args.workers} 个 worker，连接池 {pool}+10；{args.writers} 个写入、{args.readers} 个读取，"
              f"{args.duration:.0f} 秒；开始前负载 {load[0]:.1f}/{load[1]:.1f}（{os.cpu_count()} 核，共享机器）")
        stats, ledger, elapsed = asyncio.run(run_load(
            base, writer_keys=writer_keys, reader_keys=reader_keys, demand_ids=demand_ids, duration=args.duration,
            seed_value=args.seed))
        load_after = os.getloadavg()
        audit = audit_writes(url, ledger)
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
        if admin is None:
            if not args.keep:
                shutil.rmtree(folder, ignore_errors=True)
        else:
            if not args.keep:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    print(f"\n用时 {elapsed:.1f} 秒；结束时负载 {load_after[0]:.1f}/{load_after[1]:.1f}")
    print(stats["health_idle"].line("health(空闲)", 5.0))
    for op in ("health", "create", "update", "suggestions"):
        print(stats[op].line(op, elapsed))
    writes = len(stats["create"].latencies_ms) + len(stats["update"].latencies_ms)
    print(f"写入吞吐 {writes / elapsed:.1f} 次/秒，读取吞吐 {len(stats['suggestions'].latencies_ms) / elapsed:.1f} 次/秒")
    print("写入核对：" + "，".join(f"{k}={v}" for k, v in audit.items()))
    for op in ("create", "update", "suggestions"):
        for failure in stats[op].failures[:3]:
            print(f"  {op} 失败示例：{failure}")
    errors = sum(v for op in ("create", "update", "suggestions", "health") for k, v in stats[op].statuses.items()
                 if not (isinstance(k, int) and k < 400))
    bad = audit["lost"] + audit["duplicated"] + audit["wrong_id"] + audit["unacknowledged_but_stored"] + audit[
        "updates_lost"]
    print("结论：" + ("无丢失、无重复写入，0 错误" if not bad and not errors else f"异常：写入问题 {bad}，错误 {errors}"))
    return 1 if bad or errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
