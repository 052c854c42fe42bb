"""How long a first ``chainmatch demo`` takes from the command to ``/health`` 200: a fresh SQLite file in a new temporary
folder and an empty numba cache (NUMBA_CACHE_DIR), as on a machine that never ran chainmatch — with the default
search (CHAINMATCH_MATCHING_SEARCH=auto: the demo lists are searched uncompiled) and, as the baseline in the same
run, with the compiled search forced (=compiled: what every start did before the uncompiled search existed).

    .venv/bin/python bench/demo_first_start.py                     # port 8110, each case once
    .venv/bin/python bench/demo_first_start.py --runs 3 --port 8111

Each case runs in turn (auto, compiled, auto, compiled, …). Printed per run: the load average just before it
(the machine may be shared), each line the demo shows with the second it appeared, the wall time to ready and the
CPU time the demo's processes used until then; at the end the median of each case.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psutil

BIN = Path(sys.executable).parent
CASES = {"auto": "默认（auto：演示清单不编译检索）", "compiled": "基线（compiled：启动时编译检索）"}


def cpu_seconds(process: psutil.Process) -> float:
    """CPU time of the process, its waited-for children and those still running."""
    total = 0.0
    for p in [process, *process.children(recursive=True)]:
        try:
            times = p.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def run_once(port: int, search: str, timeout: float) -> tuple[float | None, float]:
    folder = Path(tempfile.mkdtemp(prefix="cm_demo_first_start_"))
    cache = Path(tempfile.mkdtemp(prefix="cm_numba_empty_"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CHAINMATCH_INDEX_SNAPSHOT_PATH")}
    env.update(NUMBA_CACHE_DIR=str(cache), CHAINMATCH_MATCHING_SEARCH=search)
    print(f"-- {CASES[search]}；开始前负载 {os.getloadavg()[0]:.2f}", flush=True)
    started = time.monotonic()
    process = subprocess.Popen([str(BIN / "chainmatch"), "demo", "--port", str(port)], cwd=folder, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    watched = psutil.Process(process.pid)

    def show() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if not line.startswith(("20", "cm_")):  # the demo's own lines, not log lines or the secret key
                print(f"  {time.monotonic() - started:5.1f} s  {line.rstrip()}", flush=True)

    threading.Thread(target=show, daemon=True).start()
    ready, cpu = None, 0.0
    try:
        while time.monotonic() - started < timeout and process.poll() is None:
            cpu = cpu_seconds(watched)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                    if answer.status == 200:
                        ready = time.monotonic() - started
                        cpu = cpu_seconds(watched)
                        break
            except OSError:
                pass
            time.sleep(0.1)
        time.sleep(1.0)  # let the demo print its own "ready" line
    finally:
        process.terminate()
        process.wait(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    if ready is None:
        print(f"   {timeout:.0f} 秒内未就绪")
    else:
        print(f"   就绪用时 {ready:.1f} s（CPU {cpu:.1f} s）", flush=True)
    return ready, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    results: dict[str, list[tuple[float | None, float]]] = {case: [] for case in CASES}
    for _ in range(args.runs):
        for case in CASES:
            results[case].append(run_once(args.port, case, args.timeout))
    print("\n首次启动到 /health 200（中位数）:")
    for case, runs in results.items():
        walls = [wall for wall, _ in runs if wall is not None]
        cpus = [cpu for wall, cpu in runs if wall is not None]
        if walls:
            print(f"  {CASES[case]}: {statistics.median(walls):.1f} s wall, {statistics.median(cpus):.1f} s CPU "
                  f"({len(walls)}/{len(runs)} runs ready)")
        else:
            print(f"  {CASES[case]}: never ready")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
