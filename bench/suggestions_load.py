"""Load benchmark of the suggestions endpoint: 100k supply items, the service under uvicorn, 20 concurrent clients.

    .venv/bin/python bench/suggestions_load.py                        # SQLite file in a temporary folder
    .venv/bin/python bench/suggestions_load.py --database-url postgresql://postgres@127.0.0.1:5432/bench_db

Steps: generate ``--items`` supply items (mixed Chinese and Latin names, specifications and part numbers, owned by
SMEs across districts with qualifications) and ``--demand`` demand items into a freshly migrated database; start
``uvicorn app.main:create_app --factory`` on 127.0.0.1 at a free port in a subprocess (its lifespan fits the
index); then, for ``--duration`` seconds per phase, ``--clients`` concurrent httpx clients send requests:

1. ``GET /health`` — the baseline: what the same server, clients and machine cost without any matching;
2. ``GET /api/v1/demand-items/{id}/suggestions`` closed loop — every client sends its next request as soon as
   the previous one is answered (saturation: throughput, and latency under a full queue);
3. the same, paced — every client sends ``--rate`` requests per second (20 users working, not hammering).

It also measures the engine's own in-process query latency on the same records (no HTTP, no database). Only
loopback traffic; every loop is bounded by time and by ``--max-requests``. Prints p50/p95/p99, throughput and
errors for each phase; the goals are p50 ≤ 30 ms, p99 ≤ 150 ms, 0 errors.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import create_engine, insert, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core import migrate  # noqa: E402
from app.core.config import normalise_database_url  # noqa: E402
from app.models import (  # noqa: E402
    ApiRole,
    DemandItem,
    DemandStatus,
    Enterprise,
    EnterpriseRole,
    ItemCategory,
    Qualification,
    QualificationKind,
    SupplyItem,
    SupplyStatus,
)
from app.schemas.validators import make_credit_code  # noqa: E402
from app.services.auth import create_api_key  # noqa: E402
from matching import ItemRecord, SupplyMatcher  # noqa: E402

FAMILIES = [
    ("component", "IGBT模块", "FF{n}R12ME4", "1200V {a}A 半桥 电驱逆变器"),
    ("component", "伺服电机", "SM-{n}-A", "{a}W 低惯量 17位编码器"),
    ("component", "精密轴承", "62{n}-2RS", "深沟球 P5级 内径{a}mm"),
    ("component", "汽车线束", "HV-{n}", "高压 屏蔽 {a}平方"),
    ("component", "压铸壳体", "YZ-MH-{n}", "ADC12 压铸 CNC精加工 {a}mm"),
    ("component", "液压油缸", "HSG{n}", "双作用 缸径{a} 工程机械"),
    ("component", "车载摄像头模组", "CAM-{n}", "{a}万像素 环视 车规级"),
    ("component", "高压连接器", "HVC-{n}", "{a}A 车规 防水IP67"),
    ("component", "RV减速器", "RV-{n}E", "精度1弧分 减速比{a}"),
    ("component", "PCB电路板", "PCB-{n}L", "{a}层 沉金 FR-4"),
    ("raw_material", "铝合金型材", "60{n}-T6", "挤压 阳极氧化 壁厚{a}mm"),
    ("raw_material", "冷轧钢板", "DC0{n}", "厚度{a}mm 汽车用"),
    ("raw_material", "碳纤维预浸料", "T{n}-12K", "环氧树脂基 面密度{a}"),
    ("raw_material", "工程塑料粒子", "PA66-GF{n}", "增强 阻燃 注塑级 {a}%"),
    ("raw_material", "锂电池正极材料", "NCM{n}", "高镍 三元 比容量{a}mAh/g"),
    ("raw_material", "环氧树脂胶", "EP-{n}", "双组分 结构胶 剪切强度{a}MPa"),
    ("software", "MES制造执行系统", "MES-V{n}", "离散制造 排产 质量追溯 {a}用户"),
    ("software", "工业仿真软件", "SIM-{n}", "有限元 多物理场 {a}核并行"),
    ("software", "PLM产品数据管理", "PLM-{n}", "BOM 变更管理 {a}并发"),
    ("software", "SCADA监控系统", "SCADA-{n}", "组态 {a}点 OPC UA"),
]
DISTRICTS = [("重庆市", "重庆市", d) for d in ("两江新区", "渝北区", "江北区", "九龙坡区", "沙坪坝区", "璧山区",
                                               "永川区", "涪陵区", "綦江区", "长寿区")]
DISTRICTS += [("四川省", "成都市", "郫都区"), ("四川省", "绵阳市", "涪城区"), ("广东省", "深圳市", "南山区"),
              ("江苏省", "苏州市", "工业园区")]


def _item(rng: random.Random, i: int) -> dict:
    category, name, code, spec = FAMILIES[i % len(FAMILIES)]
    n = rng.randint(10, 9999)
    a = rng.randint(1, 900)
    return {
        "category": ItemCategory(category),
        "product_name": f"{name} {rng.choice(['', '高性能', '标准型', '增强型', '国产化'])}".strip(),
        "description": f"{spec.format(a=a)}，可提供技术服务",
        "part_numbers": [code.format(n=n)],
    }


def seed(database_url: str, *, items: int, demand: int, seed_value: int) -> tuple[str, list[int], list[ItemRecord]]:
    """Migrate and fill the database; return an operator key, the demand item ids and the supply records."""
    migrate.upgrade(database_url)
    engine = create_engine(database_url)
    rng = random.Random(seed_value)
    now = datetime.now(UTC)
    smes = max(items // 25, 1)
    started = time.perf_counter()
    with Session(engine) as db_session:
        leader = Enterprise(name="重庆基准链主汽车有限公司", credit_code=make_credit_code("91500000BENCH"),
                            role=EnterpriseRole.CHAIN_LEADER, province="重庆市", city="重庆市", district="两江新区")
        db_session.add(leader)
        db_session.flush()
        rows = []
        for i in range(smes):
            province, city, district = DISTRICTS[i % len(DISTRICTS)]
            rows.append({"name": f"基准供应商{i}有限公司", "credit_code": make_credit_code(f"915001{i:07d}B"),
                         "role": EnterpriseRole.SME.value, "province": province, "city": city, "district": district,
                         "created_at": now, "updated_at": now})
        db_session.execute(insert(Enterprise.__table__), rows)
        sme_ids = list(db_session.scalars(text("SELECT id FROM enterprises WHERE role = 'sme' ORDER BY id")))
        kinds = list(QualificationKind)
        db_session.execute(insert(Qualification.__table__), [
            {"enterprise_id": e, "kind": kinds[i % 3].value, "year": 2022} for i, e in enumerate(sme_ids) if i % 4 == 0])
        records = []
        batch = []
        for i in range(items):
            item = _item(rng, i)
            owner = sme_ids[i % len(sme_ids)]
            batch.append({
                "enterprise_id": owner, "identity_key": f"bench:{i}", "category": item["category"].value,
                "product_name": item["product_name"], "description": item["description"],
                "part_numbers": item["part_numbers"], "certifications": ["ISO 9001"] if i % 3 else ["IATF 16949"],
                "capacity_per_year": float(rng.randint(1, 100) * 10_000), "capacity_dimension": "count",
                "status": SupplyStatus.ACTIVE.value, "created_at": now, "updated_at": now,
            })
            if len(batch) == 10_000:
                db_session.execute(insert(SupplyItem.__table__), batch)
                batch = []
        if batch:
            db_session.execute(insert(SupplyItem.__table__), batch)
        for row_id, name, description, parts, category in db_session.execute(text(
                "SELECT id, product_name, description, part_numbers, category FROM supply_items")):
            if isinstance(parts, str):
                import json
                parts = json.loads(parts)
            records.append(ItemRecord(id=str(row_id), name=name, description=description or "",
                                      part_numbers=tuple(parts or ()), category=category))
        demand_rows = []
        for i in range(demand):
            item = _item(rng, rng.randrange(items))
            demand_rows.append({
                "enterprise_id": leader.id, "identity_key": f"bench-demand:{i}", "category": item["category"].value,
                "product_name": item["product_name"], "specification": item["description"],
                "part_numbers": item["part_numbers"], "certifications": ["IATF 16949"],
                "quantity_per_year": 200_000.0, "quantity_dimension": "count", "annual_quantity": 20.0,
                "quantity_unit": "万件", "status": DemandStatus.OPEN.value, "confidential": False,
                "created_at": now, "updated_at": now,
            })
        db_session.execute(insert(DemandItem.__table__), demand_rows)
        demand_ids = list(db_session.scalars(text("SELECT id FROM demand_items ORDER BY id")))
        _, secret = create_api_key(db_session=db_session, role=ApiRole.OPERATOR, label="bench")
        db_session.commit()
    engine.dispose()
    print(f"数据生成：{items} 条供给、{smes} 家中小企业、{demand} 条需求，用时 {time.perf_counter() - started:.1f} 秒")
    return secret, demand_ids, records


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Phase:
    name: str
    latencies_ms: list[float]
    errors: int
    seconds: float

    def report(self) -> str:
        n = len(self.latencies_ms)
        if not n:
            return f"{self.name}: 无成功请求, errors={self.errors}"
        q = statistics.quantiles(self.latencies_ms, n=100, method="inclusive")
        return (f"{self.name}: n={n} errors={self.errors} throughput={n / self.seconds:.1f}/s "
                f"p50={q[49]:.1f}ms p95={q[94]:.1f}ms p99={q[98]:.1f}ms max={max(self.latencies_ms):.1f}ms")


async def run_phase(name: str, base: str, paths: list[str], headers: dict, *, clients: int, duration: float,
                    max_requests: int, rate: float | None) -> Phase:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + duration
    sent = 0
    rng = random.Random(7)

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal errors, sent
        next_at = time.perf_counter() + rng.random() / rate if rate else 0.0
        while time.perf_counter() < deadline and sent < max_requests:
            if rate:
                delay = next_at - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                next_at += 1.0 / rate
            sent += 1
            started = time.perf_counter()
            try:
                response = await client.get(rng.choice(paths), headers=headers)
                if response.status_code != 200:
                    errors += 1
                    continue
            except httpx.HTTPError:
                errors += 1
                continue
            latencies.append((time.perf_counter() - started) * 1000)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        # one connection per simulated client: each loop awaits its own response before sending again
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
    return Phase(name, latencies, errors, time.perf_counter() - started)


def engine_baseline(records: list[ItemRecord], queries: list[ItemRecord]) -> str:
    started = time.perf_counter()
    matcher = SupplyMatcher().fit(records)
    fit_s = time.perf_counter() - started
    times = []
    for query in queries:
        t = time.perf_counter()
        matcher.query(query, top_k=50)
        times.append((time.perf_counter() - t) * 1000)
    q = statistics.quantiles(times, n=100, method="inclusive")
    return (f"引擎进程内查询 (无 HTTP、无数据库): fit={fit_s:.1f}s n={len(times)} "
            f"p50={q[49]:.2f}ms p95={q[94]:.2f}ms p99={q[98]:.2f}ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--demand", type=int, default=300)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per phase")
    parser.add_argument("--max-requests", type=int, default=50_000, help="per phase")
    parser.add_argument("--rate", type=float, default=2.0, help="requests per second per client, paced phase")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="chainmatch-load-"))
    url = normalise_database_url(args.database_url or f"sqlite:///{workdir / 'load.db'}")
    if not url.startswith("sqlite"):
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    secret, demand_ids, records = seed(url, items=args.items, demand=args.demand, seed_value=args.seed)
    headers = {"Authorization": f"Bearer {secret}"}

    port = free_port()
    # All clients share one key: the per-key rate limit would measure itself, not the service.
    env = {**os.environ, "DATABASE_URL": url, "CHAINMATCH_INDEX_SNAPSHOT_PATH": str(workdir / "index.zip"),
           "CHAINMATCH_RATE_LIMIT_ENABLED": "false"}
    command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning", "--workers", str(args.workers)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.perf_counter()
        while time.perf_counter() - started < 600:
            if server.poll() is not None:
                raise SystemExit(f"服务启动失败 (uvicorn exited with {server.returncode})")
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            raise SystemExit("服务 10 分钟内未就绪 (not ready)")
        print(f"服务就绪（含建立索引）：{time.perf_counter() - started:.1f} 秒，{base}，workers={args.workers}")
        suggestion_paths = [f"/api/v1/demand-items/{i}/suggestions?limit=10" for i in demand_ids]
        for path in suggestion_paths[:20]:  # warm-up
            httpx.get(base + path, headers=headers, timeout=30).raise_for_status()
        phases = [
            asyncio.run(run_phase("基线 GET /health（闭环）", base, ["/health"], headers, clients=args.clients,
                                  duration=args.duration, max_requests=args.max_requests, rate=None)),
            asyncio.run(run_phase("推荐 GET suggestions（闭环，饱和）", base, suggestion_paths, headers,
                                  clients=args.clients, duration=args.duration, max_requests=args.max_requests,
                                  rate=None)),
            asyncio.run(run_phase(f"推荐 GET suggestions（每客户端 {args.rate:g} 次/秒）", base, suggestion_paths,
                                  headers, clients=args.clients, duration=args.duration,
                                  max_requests=args.max_requests, rate=args.rate)),
        ]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    print(f"\n{args.items} 条供给，{args.clients} 个并发客户端，每阶段 {args.duration:g} 秒，数据库 {url.split(':')[0]}")
    for phase in phases:
        print("  " + phase.report())
    rng = random.Random(3)
    queries = [ItemRecord(id=f"q{i}", name=r.name, description=r.description, part_numbers=r.part_numbers)
               for i, r in enumerate(rng.sample(records, min(300, len(records))))]
    print("  " + engine_baseline(records, queries))
    print("目标：p50 ≤ 30 ms，p99 ≤ 150 ms，0 错误")


if __name__ == "__main__":
    main()
