"""Web pages: each page's server time (p50 / p99) at the demo's size, and what a first load transfers.

Builds the demo database in a temporary folder (``chainmatch demo --no-serve``: 24 chain leaders, ~400 SMEs,
~230 demand and ~1,200 supply items, one account per role), then signs in as each role and requests each page
``--repeat`` times in process (Starlette's TestClient: the time is the server's, without a network). The first-load
size is the page's HTML plus every stylesheet and script it references, as transferred (static files gzip-encoded).

    .venv/bin/python bench/pages_bench.py --repeat 30

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
from pathlib import Path

P50_GOAL_MS, P99_GOAL_MS, FIRST_LOAD_GOAL_KB = 50.0, 200.0, 150.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pages-bench-"))
    os.environ.update({"DATABASE_URL": f"sqlite:///{folder / 'bench.db'}", "CHAINMATCH_RATE_LIMIT_ENABLED": "false",
                       "CHAINMATCH_LOG_JSON": "false", "CHAINMATCH_LOG_LEVEL": "WARNING"})
    demo = subprocess.run([sys.executable, "-c", "from app.cli import main; main()", "demo", "--no-serve"],
                          capture_output=True, text=True, check=True, cwd=folder)
    passwords = dict(re.findall(r"([a-z]+@demo\.cn)\s+密码 (\S+)", demo.stdout))

    from fastapi.testclient import TestClient

    from app.core.config import get_settings
    from app.main import create_app

    app = create_app(get_settings())
    with TestClient(app, follow_redirects=False) as anonymous:
        leader_pages = ["/leader", "/leader/search?q=IGBT模块", "/leader/import"]
        rows: list[tuple[str, str, list[float], int]] = []
        for login, pages in (("sme@demo.cn", ["/sme", "/sme/products", "/sme/profile", "/sme/upload"]),
                             ("leader@demo.cn", leader_pages),
                             ("operator@demo.cn", ["/operator", "/operator/reports", "/operator/users",
                                                   "/operator/audit"]),
                             ("organizer@demo.cn", ["/organizer"])):
            client = TestClient(app, follow_redirects=False)
            token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
            assert client.post("/login", data={"login": login, "password": passwords[login],
                                               "csrf_token": token}).status_code == 303
            if login.startswith("leader"):
                first = re.search(r'href="(/leader/demands/\d+)"', client.get("/leader").text).group(1)
                pages = [*pages, first]
            for path in pages:
                client.get(path)  # warm: templates compiled, index synced
                times = []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (path, response.status_code)
                rows.append((login.split("@")[0], path, times, first_load_bytes(client, response.text)))
        login_page = anonymous.get("/login")
        rows.append(("-", "/login", [], first_load_bytes(anonymous, login_page.text)))

    print(f"{'role':10} {'page':34} {'p50 ms':>8} {'p99 ms':>8} {'first load KB':>14}")
    worst = [0.0, 0.0, 0.0]
    for role, path, times, size in rows:
        p50 = statistics.median(times) if times else 0.0
        p99 = statistics.quantiles(times, n=100)[98] if len(times) >= 2 else p50
        worst = [max(worst[0], p50), max(worst[1], p99), max(worst[2], size / 1024)]
        print(f"{role:10} {path[:34]:34} {p50:8.1f} {p99:8.1f} {size / 1024:14.1f}")
    print(f"worst: p50 {worst[0]:.1f} ms (goal ≤ {P50_GOAL_MS}), p99 {worst[1]:.1f} ms (goal ≤ {P99_GOAL_MS}), "
          f"first load {worst[2]:.1f} KB (goal ≤ {FIRST_LOAD_GOAL_KB})")


def first_load_bytes(client, html: str) -> int:
    """The page plus its stylesheets and scripts, as transferred (gzip where the server compresses)."""
    total = len(html.encode())
    for url in re.findall(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"', html):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        total += response.num_bytes_downloaded
    return total


if __name__ == "__main__":
    main()
