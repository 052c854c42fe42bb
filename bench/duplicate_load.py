"""Identical requests racing each other on PostgreSQL: concurrent duplicate creates and decisions, 0 × 5xx.

    .venv/bin/python bench/duplicate_load.py                      # 20 rounds of 12 at once, 2 workers
    .venv/bin/python bench/duplicate_load.py --rounds 50 --burst 24 --workers 4

Creates a PostgreSQL database of its own (dropped afterwards), a chain leader, an SME and their keys, starts
``uvicorn app.main:create_app --factory --workers N`` and then, per round, sends ``--burst`` identical requests at
the same moment for each of: a demand item (same body), a supply item (same body) and a decision on one pair
(same body). Each round uses new names, so exactly one create per burst can win. Counts the answers by status:
a race must end as one 201 (or 200) and 409 ``conflict`` / ``concurrent_update`` for the rest, never a 5xx, and
the database must hold exactly one row per burst. Exits 1 on any 5xx or duplicate.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core import migrate  # noqa: E402
from app.core.config import normalise_database_url  # noqa: E402
from app.models import ApiRole, Enterprise, EnterpriseRole  # noqa: E402
from app.schemas.validators import make_credit_code  # noqa: E402
from app.services.auth import create_api_key  # noqa: E402


def seed(url: str) -> dict[str, dict[str, str]]:
    engine = create_engine(normalise_database_url(url))
    with Session(engine) as db_session:
        leader = Enterprise(name="重庆压测链主有限公司", credit_code=make_credit_code("91500000DL1"),
                            role=EnterpriseRole.CHAIN_LEADER)
        sme = Enterprise(name="重庆压测配套有限公司", credit_code=make_credit_code("91500000DL2"), role=EnterpriseRole.SME)
        db_session.add_all([leader, sme])
        db_session.flush()
        keys = {}
        for label, role, enterprise in (("leader", ApiRole.CHAIN_LEADER, leader), ("sme", ApiRole.SME, sme)):
            _, secret = create_api_key(db_session=db_session, role=role, enterprise_id=enterprise.id)
            keys[label] = {"Authorization": f"Bearer {secret}"}
        db_session.commit()
    engine.dispose()
    return keys


async def burst(client: httpx.AsyncClient, n: int, method: str, path: str, body: dict, headers: dict) -> list[int]:
    responses = await asyncio.gather(*(client.request(method, path, json=body, headers=headers) for _ in range(n)))
    return [r.status_code for r in responses]


async def run(base: str, keys: dict[str, dict[str, str]], *, rounds: int, n: int) -> dict[str, Counter]:
    counts: dict[str, Counter] = {"demand": Counter(), "supply": Counter(), "decision": Counter()}
    limits = httpx.Limits(max_connections=n * 2, max_keepalive_connections=n * 2)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        for r in range(rounds):
            demand = {"category": "component", "product_name": f"压测轴承{r}", "part_numbers": [f"62{r:02d}-2RS"]}
            supply = {"category": "component", "product_name": f"压测轴承{r}", "part_numbers": [f"62{r:02d}-2RS"]}
            counts["demand"].update(await burst(client, n, "POST", "/api/v1/demand-items", demand, keys["leader"]))
            counts["supply"].update(await burst(client, n, "POST", "/api/v1/supply-items", supply, keys["sme"]))
            listed = (await client.get("/api/v1/demand-items", params={"q": f"压测轴承{r}"},
                                       headers=keys["leader"])).json()["items"]
            supplied = (await client.get("/api/v1/supply-items", params={"q": f"压测轴承{r}"},
                                         headers=keys["sme"])).json()["items"]
            if listed and supplied:
                decision = {"supply_item_id": supplied[0]["id"], "status": "shortlisted", "reason": "压测"}
                counts["decision"].update(await burst(
                    client, n, "POST", f"/api/v1/demand-items/{listed[0]['id']}/decisions", decision, keys["leader"]))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--burst", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8122)
    args = parser.parse_args()

    server = make_url(normalise_database_url(args.server))
    name = f"cm_duplicate_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    process = None
    try:
        migrate.upgrade(url)
        keys = seed(url)
        env = {**os.environ, "DATABASE_URL": url, "CHAINMATCH_LOG_LEVEL": "WARNING",
               "CHAINMATCH_RATE_LIMIT_ENABLED": "false"}
        log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"{name}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(args.port), "--workers", str(args.workers), "--log-level", "warning", "--no-access-log"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{args.port}"
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"service did not start; see {log.name}")
            time.sleep(0.5)
        load = os.getloadavg()
        started = time.monotonic()
        counts = asyncio.run(run(base, keys, rounds=args.rounds, n=args.burst))
        elapsed = time.monotonic() - started
        engine = create_engine(normalise_database_url(url))
        with engine.connect() as connection:
            duplicates = connection.execute(text(
                "SELECT count(*) FROM (SELECT product_name FROM demand_items GROUP BY product_name HAVING count(*) > 1"
                " UNION ALL SELECT product_name FROM supply_items GROUP BY product_name HAVING count(*) > 1) d"
            )).scalar_one()
        engine.dispose()
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    print(f"{args.workers} workers, {args.rounds} rounds × {args.burst} identical requests, {elapsed:.1f} s; "
          f"load before {load[0]:.1f} ({os.cpu_count()} cores, shared machine)")
    server_errors = 0
    for what, counter in counts.items():
        print(f"  {what}: " + ", ".join(f"{status}×{count}" for status, count in sorted(counter.items())))
        server_errors += sum(count for status, count in counter.items() if status >= 500)
    print(f"5xx: {server_errors}; duplicated rows: {duplicates}")
    return 1 if server_errors or duplicates else 0


if __name__ == "__main__":
    raise SystemExit(main())
