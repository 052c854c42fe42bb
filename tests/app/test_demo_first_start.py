"""A first ``chainmatch demo`` (a new folder, an empty numba cache) becomes ready without compiling anything and
says what it is doing: at the moment ``/health`` first answers 200 the process has imported neither numba nor
scikit-learn, numba's cache is still empty, the matching index is loaded, and the terminal showed the index being
built and then the service ready. (How long it takes is measured by bench/demo_first_start.py, not here.)"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs the demo as the `chainmatch` script does, and writes the modules imported, and /health's answer, as soon as
# /health first answers 200.
WATCHED_DEMO = """
import json, runpy, sys, threading, time, urllib.request
port, out = sys.argv[1], sys.argv[2]

def watch():
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                if answer.status == 200:
                    modules = sorted(sys.modules)
                    with open(out, "w") as f:
                        json.dump({"modules": modules, "health": json.loads(answer.read())}, f)
                    return
        except OSError:
            pass
        time.sleep(0.1)

threading.Thread(target=watch, daemon=True).start()
sys.argv = ["chainmatch", "demo", "--port", port]
runpy.run_module("app", run_name="__main__")
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_first_demo_start_is_ready_without_compiling_and_says_so(tmp_path) -> None:
    folder, cache, report = tmp_path / "fresh", tmp_path / "numba-cache", tmp_path / "at-ready.json"
    folder.mkdir()
    cache.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "TEST_DATABASE_URL") and not k.startswith("CHAINMATCH_")}
    env.update(NUMBA_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    log = tmp_path / "demo.log"
    with log.open("w") as output:
        port = _free_port()
        process = subprocess.Popen([sys.executable, "-c", WATCHED_DEMO, str(port), str(report)], cwd=folder,
                                   env=env, stdout=output, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 300  # a bound for a stuck start on a loaded machine, not a speed goal
            while not report.exists() and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
            assert report.exists(), log.read_text()
            ready_line = time.monotonic() + 30
            while "服务已就绪" not in log.read_text() and time.monotonic() < ready_line:
                time.sleep(0.2)
        finally:
            process.terminate()
            process.wait(timeout=60)
    at_ready = json.loads(report.read_text())
    shown = log.read_text()

    assert at_ready["health"] == {"status": "ok", "checks": {
        "database": "ok", "migrations": "ok", "matching_index": "ok"}}
    loaded = {name.split(".")[0] for name in at_ready["modules"]}
    assert {"app", "matching", "scipy"} <= loaded  # the check sees the server's own imports
    assert not loaded & {"numba", "llvmlite", "sklearn"}
    assert not any(cache.iterdir())  # nothing compiled, by this process or another
    # What the terminal showed, in order: the steps, the index being built, then ready.
    steps = ["正在迁移数据库", "正在导入演示清单", "正在建立匹配索引", "服务已就绪"]
    positions = [shown.find(step) for step in steps]
    assert -1 not in positions and positions == sorted(positions), shown
    assert "正在编译" not in shown
    # the start page, and a demo account for each role with its password, before the service is ready
    assert f"网页入口：http://127.0.0.1:{port}/login" in shown
    accounts = dict(re.findall(r"  (\S+)：(\S+@demo\.cn)  密码 \S{12,}", shown))
    assert accounts == {"运营人员": "operator@demo.cn", "链主企业": "leader@demo.cn", "中小企业": "sme@demo.cn",
                        "活动组织方": "organizer@demo.cn"}, shown
