"""How long ``chainmatch demo`` takes from the command to ``/health`` 200 on a fresh SQLite file in a temporary folder,
with the engine's compiled search not yet cached (the first start on a machine) and cached (every start after).

    .venv/bin/python bench/demo_start.py                  # port 8110, both cases
    .venv/bin/python bench/demo_start.py --port 8111 --warm-only

Prints each line the demo shows with the second it appeared, then the time to ready; the load average before each
run (the machine may be shared). The cold case points NUMBA_CACHE_DIR at an empty folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def run_once(port: int, *, cache_dir: Path | None) -> float | None:
    folder = Path(tempfile.mkdtemp(prefix="cm_demo_start_"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = str(cache_dir)
    print(f"-- {'首次（无编译缓存）' if cache_dir else '有编译缓存'}；开始前负载 {os.getloadavg()[0]:.1f}")
    started = time.monotonic()
    process = subprocess.Popen([str(BIN / "chainmatch"), "demo", "--port", str(port)], cwd=folder, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)

    def show() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if not line.startswith("20") and not line.startswith("cm_"):  # the demo's own lines, not log lines
                print(f"  {time.monotonic() - started:5.1f} s  {line.rstrip()}")

    threading.Thread(target=show, daemon=True).start()
    ready = None
    try:
        while time.monotonic() - started < 300 and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                    if answer.status == 200:
                        ready = time.monotonic() - started
                        break
            except OSError:
                pass
            time.sleep(0.2)
        time.sleep(1.5)  # let the demo print its own "ready" line
    finally:
        process.terminate()
        process.wait(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"   就绪用时：{ready:.1f} s" if ready is not None else "   300 秒内未就绪")
    return ready


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--warm-only", action="store_true")
    args = parser.parse_args()
    if not args.warm_only:
        cache = Path(tempfile.mkdtemp(prefix="cm_numba_cold_"))
        try:
            run_once(args.port, cache_dir=cache)
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    run_once(args.port, cache_dir=None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
