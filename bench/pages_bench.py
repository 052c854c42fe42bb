"""Web pages: each page's server time (p50 / p99, wall and CPU) at the demo's size or with ``--supply`` generated
supply items added, beside a baseline measured in the same run, and what a first load transfers.

Builds the demo database in a temporary folder (``chainmatch demo --no-serve``: 24 chain leaders, ~400 SMEs,
~230 demand and ~1,200 supply items, one account per role), optionally adds ``--supply`` generated supply items
(``bench/gen_records.py``, spread over the demo's SMEs and chains), sets up one event through the organizer's own
forms (participants, shortlists, schedule), then signs in as each role and requests every page ``--repeat`` times
in process (Starlette's TestClient: the time is the server's, without a network).

Two times per request: wall (``perf_counter``) and CPU (``process_time`` of this process, which serves the request
in TestClient's thread and otherwise only waits). On a machine other jobs load, wall time includes the time this
process waited for a core; CPU time does not, so it is the figure to compare across runs. The baselines
(``/health/live``, a JSON answer with no database work, and ``/login``, a template with no query) are measured
in the same run, interleaved with the pages, so a slow machine shows in them too. ``uptime``'s load is printed.

The first-load size is the page's HTML plus every stylesheet and script it references, as transferred (static
files gzip-encoded, pages not).

    .venv/bin/python bench/pages_bench.py --repeat 30
    .venv/bin/python bench/pages_bench.py --repeat 30 --supply 100000

Goals (issue 11): p50 ≤ 50 ms, p99 ≤ 200 ms per page; first load ≤ 150 KB.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

P50_GOAL_MS, P99_GOAL_MS, FIRST_LOAD_GOAL_KB = 50.0, 200.0, 150.0
BASELINES = ("/health/live", "/login")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--supply", type=int, default=0, help="generated supply items to add to the demo's")
    parser.add_argument("--database-url", help="an empty database to use instead of a temporary SQLite file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pages-bench-"))
    database_url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
    os.environ.update({"DATABASE_URL": database_url, "CHAINMATCH_RATE_LIMIT_ENABLED": "false",
                       "CHAINMATCH_LOG_JSON": "false", "CHAINMATCH_LOG_LEVEL": "WARNING"})
    demo = subprocess.run([sys.executable, "-c", "from app.cli import main; main()", "demo", "--no-serve"],
                          capture_output=True, text=True, check=True, cwd=folder)
    passwords = dict(re.findall(r"([a-z]+@demo\.cn)\s+密码 (\S+)", demo.stdout))
    if args.supply:
        started = time.perf_counter()
        add_supply(database_url, args.supply)
        print(f"added {args.supply} generated supply items in {time.perf_counter() - started:.0f} s")

    from fastapi.testclient import TestClient

    from app.core.config import get_settings
    from app.main import create_app

    started = time.perf_counter()
    app = create_app(get_settings())
    with TestClient(app, follow_redirects=False) as anonymous:
        print(f"service started (matching index built) in {time.perf_counter() - started:.1f} s")
        clients = {login: sign_in(app, login, passwords[login]) for login in passwords}
        pages = role_pages(clients)
        rows: list[tuple[str, str, list[float], list[float], int]] = []
        baseline = {path: ([], []) for path in BASELINES}
        for login, paths in pages.items():
            client = clients[login]
            for path in paths:
                response = client.get(path)  # warm: templates compiled, index synced
                assert response.status_code == 200, (path, response.status_code)
                walls, cpus = [], []
                for _ in range(args.repeat):
                    wall, cpu, response = timed(client, path)
                    assert response.status_code == 200, (path, response.status_code)
                    walls.append(wall)
                    cpus.append(cpu)
                    for base in BASELINES:  # interleaved: the baseline sees the same machine as the pages
                        wall, cpu, _ = timed(anonymous, base)
                        baseline[base][0].append(wall)
                        baseline[base][1].append(cpu)
                rows.append((login.split("@")[0], path, walls, cpus, first_load_bytes(client, response.text)))
        login_page = anonymous.get("/login")
        login_size = first_load_bytes(anonymous, login_page.text)

    load = os.getloadavg()
    print(f"\n{args.supply} generated supply items on top of the demo's; database {database_url.split(':')[0]}; "
          f"{args.repeat} requests per page; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
          f"({os.cpu_count()} cores)")
    header = f"{'role':10} {'page':52} {'wall p50':>8} {'p99':>7} {'CPU p50':>8} {'p99':>7} {'first KB':>8}"
    print(header + "\n" + "-" * len(header))
    for path, (walls, cpus) in baseline.items():
        print(line("baseline", path, walls, cpus, login_size if path == "/login" else None))
    worst = {"wall p50": 0.0, "wall p99": 0.0, "cpu p50": 0.0, "cpu p99": 0.0, "first load KB": login_size / 1024}
    worst_at: dict[str, str] = {"first load KB": "/login"}
    for role, path, walls, cpus, size in rows:
        print(line(role, path, walls, cpus, size))
        for name, value in (("wall p50", p50(walls)), ("wall p99", p99(walls)), ("cpu p50", p50(cpus)),
                            ("cpu p99", p99(cpus)), ("first load KB", size / 1024)):
            if value > worst[name]:
                worst[name], worst_at[name] = value, f"{role} {path}"
    print()
    for name, goal in (("wall p50", P50_GOAL_MS), ("cpu p50", P50_GOAL_MS), ("wall p99", P99_GOAL_MS),
                       ("cpu p99", P99_GOAL_MS), ("first load KB", FIRST_LOAD_GOAL_KB)):
        verdict = "ok" if worst[name] <= goal else "OVER"
        print(f"worst {name:13} {worst[name]:7.1f} (goal ≤ {goal:.0f}) {verdict:4}  {worst_at.get(name, '')}")


def timed(client, path: str) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(path)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, response


def p50(values: list[float]) -> float:
    return statistics.median(values)


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98] if len(values) >= 2 else values[0]


def line(role: str, path: str, walls: list[float], cpus: list[float], size: int | None) -> str:
    shown = f"{size / 1024:8.1f}" if size is not None else f"{'':8}"
    return (f"{role:10} {path[:52]:52} {p50(walls):8.1f} {p99(walls):7.1f} {p50(cpus):8.1f} {p99(cpus):7.1f} "
            f"{shown}")


def sign_in(app, login: str, password: str):
    from fastapi.testclient import TestClient

    client = TestClient(app, follow_redirects=False)
    token = csrf_of(client.get("/login").text)
    assert client.post("/login", data={"login": login, "password": password,
                                       "csrf_token": token}).status_code == 303, login
    return client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def role_pages(clients: dict) -> dict[str, list[str]]:
    """Every page (GET, HTML) each demo account can open, with ids found the way a user finds them."""
    leader, sme, organizer = clients["leader@demo.cn"], clients["sme@demo.cn"], clients["organizer@demo.cn"]
    demand = re.search(r'href="(/leader/demands/\d+)"', leader.get("/leader").text).group(1)
    product = re.search(r'href="(/sme/products/\d+/edit)"', sme.get("/sme/products").text).group(1)
    event = set_up_event(organizer)
    return {
        "sme@demo.cn": ["/sme", "/sme/products", "/sme/products?q=轴承", product, "/sme/products/new",
                        "/sme/profile", "/sme/upload", "/account/events", "/account/keys"],
        "leader@demo.cn": ["/leader", "/leader?q=轴承", demand, f"{demand}/suppliers?district=两江新区&capacity=1",
                           f"{demand}/edit", "/leader/demands/new", "/leader/search?q=IGBT模块",
                           "/leader/search?q=深沟球轴承 6205", "/leader/import", "/account/events", "/account/keys"],
        "operator@demo.cn": ["/operator", "/operator/reports", "/operator/reports?period=2026", "/operator/users",
                             "/operator/audit", "/operator/audit?table=supply_items", "/account/keys"],
        "organizer@demo.cn": ["/organizer", "/organizer/events/new", event, f"{event}/edit", f"{event}/invite",
                              f"{event}/invite?q=轴承&kind=supply", f"{event}/invite?q=轴承&kind=demand",
                              f"{event}/invite?q=重庆&kind=enterprises", f"{event}/invite?q=FF450R12&kind=supply",
                              f"{event}/shortlists", f"{event}/schedule"],
    }


def set_up_event(organizer) -> str:
    """An event over every chain, through the organizer's forms: leaders and SMEs found by search and invited, a
    layout, shortlists computed, the schedule solved. Returns the event page's path."""
    form = organizer.get("/organizer/events/new").text
    chains = re.findall(r'name="chains" value="([^"]+)"', form)
    created = organizer.post("/organizer/events/new", data={
        "csrf_token": csrf_of(form), "name": "渝链同行·性能测试专场", "event_type": "hundred_events",
        "event_date": datetime.now(UTC).date().isoformat(), "venue": "重庆国际博览中心", "chains": chains,
        "leader_meeting_limit": "12", "sme_meeting_limit": "3", "shortlist_size": "5"})
    assert created.status_code == 303, created.text[:2000]
    event = created.headers["location"]
    token = csrf_of(organizer.get(event).text)
    for kind, side, q in (("demand", "chain_leader", ""), ("supply", "sme", "")):
        found = organizer.get(f"{event}/invite", params={"q": q, "kind": kind}).text
        for enterprise_id in dict.fromkeys(re.findall(r'name="enterprise_id" value="(\d+)"', found)):
            organizer.post(f"{event}/invite", data={"csrf_token": token, "enterprise_id": enterprise_id,
                                                    "side": side})
    assert organizer.post(f"{event}/layout", data={"csrf_token": token, "start": "09:00", "minutes": "20",
                                                   "break_minutes": "5", "count": "8", "tables": "6"}
                          ).status_code == 303
    assert organizer.post(f"{event}/shortlists/compute", data={"csrf_token": token}).status_code == 303
    organizer.post(f"{event}/schedule", data={"csrf_token": token})  # a page with the reason if it cannot solve
    return event


ITEMS_PER_GENERATED_SME = 25
DISTRICTS = ("两江新区", "渝北区", "江北区", "九龙坡区", "沙坪坝区", "璧山区", "永川区", "涪陵区", "綦江区", "长寿区")


def add_supply(database_url: str, count: int) -> None:
    """``count`` generated supply items (``bench/gen_records.py``) owned by generated SMEs, 25 each, in the demo's
    districts and chains, inserted in bulk the way imports of that size would leave them. The demo accounts'
    enterprises keep their own items: the pages are measured for a site of that size, not for an SME of 250
    products."""
    sys.path.insert(0, str(Path(__file__).parent))
    from gen_records import iter_records
    from sqlalchemy import create_engine, insert, select

    from app.domain.identity import item_identity_key
    from app.models import Enterprise, EnterpriseRole, IndustryChain, SupplyItem, SupplyStatus, enterprise_chains
    from app.schemas.validators import make_credit_code

    engine = create_engine(database_url)
    now = datetime.now(UTC)
    smes = -(-count // ITEMS_PER_GENERATED_SME)
    with engine.begin() as connection:
        chains = list(connection.scalars(select(IndustryChain.id).order_by(IndustryChain.id)))
        connection.execute(insert(Enterprise.__table__), [
            {"name": f"重庆生成测试{i}号机械有限公司", "credit_code": make_credit_code(f"915001{i:07d}G"),
             "role": EnterpriseRole.SME.value, "province": "重庆市", "city": "重庆市",
             "district": DISTRICTS[i % len(DISTRICTS)], "created_at": now, "updated_at": now} for i in range(smes)])
        owners = list(connection.scalars(select(Enterprise.id).where(Enterprise.name.like("重庆生成测试%"))
                                         .order_by(Enterprise.id)))
        if chains:
            connection.execute(insert(enterprise_chains), [
                {"enterprise_id": owner, "chain_id": chains[i % len(chains)]} for i, owner in enumerate(owners)])
        batch: list[dict] = []
        for i, record in enumerate(iter_records(count)):
            owner = i // ITEMS_PER_GENERATED_SME
            batch.append({
                "enterprise_id": owners[owner], "category": record.category,
                # the row number keeps two equal generated lines of one SME apart (a re-upload would merge them)
                "identity_key": f"{item_identity_key(record.name, record.part_numbers)}|g{i}"[-512:],
                "product_name": record.name[:200], "description": record.description,
                "part_numbers": list(record.part_numbers), "certifications": ["ISO 9001"] if i % 3 else [],
                "capacity_per_year": float(1000 * (1 + i % 500)), "capacity_dimension": "count",
                "chain_id": chains[owner % len(chains)] if chains else None, "status": SupplyStatus.ACTIVE.value,
                "created_at": now, "updated_at": now})
            if len(batch) == 5000:
                connection.execute(insert(SupplyItem.__table__), batch)
                batch = []
        if batch:
            connection.execute(insert(SupplyItem.__table__), batch)
    if engine.dialect.name == "postgresql":
        # What autovacuum does soon after a bulk insert (statistics for the planner, the visibility map that lets
        # a count read the index only); the bench does not wait for it. SQLite has no such step: left as it is.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM (ANALYZE) supply_items, enterprises, enterprise_chains")
    engine.dispose()


def first_load_bytes(client, html: str) -> int:
    """The page plus its stylesheets and scripts, as transferred (gzip where the server compresses)."""
    total = len(html.encode())
    for url in re.findall(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"', html):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        total += response.num_bytes_downloaded
    return total


if __name__ == "__main__":
    main()
