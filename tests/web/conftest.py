"""Browser tests: the app served by uvicorn in a subprocess on a fresh SQLite database loaded with the demo lists
(``chainmatch demo --no-serve``, which also prints one account per role), driven by Playwright for Python with
Debian's chromium (never a downloaded browser). Every page visited is screenshotted (desktop and a 390×844 phone)
under the run's temporary folder and checked with axe-core."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
PORTS = range(8161, 8170)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class WebServer:
    base_url: str
    passwords: dict[str, str]
    database_url: str


def _free_port(ports: range) -> int:
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


def run_chainmatch(env: dict[str, str], folder: Path, *args: str, stdin: str | None = None) -> str:
    """A ``chainmatch`` command in a subprocess (the same interpreter), its standard output."""
    done = subprocess.run([sys.executable, "-c", "from app.cli import main; main()", *args], env=env,
                          capture_output=True, text=True, timeout=600, cwd=folder, input=stdin)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@contextmanager
def demo_server(folder: Path, *, ports: range, session_secret: str) -> Iterator[tuple[WebServer, dict[str, str]]]:
    """``chainmatch demo --no-serve`` on a fresh SQLite file in ``folder``, then uvicorn on a free port of ``ports``
    until /health answers 200; yields the server and the environment it runs with."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run does it)")
    database_url = f"sqlite:///{folder / 'web.db'}"
    env = {**os.environ, "DATABASE_URL": database_url, "CHAINMATCH_RATE_LIMIT_ENABLED": "false",
           "CHAINMATCH_LOG_JSON": "false", "CHAINMATCH_LOG_LEVEL": "WARNING",
           "CHAINMATCH_INDEX_SNAPSHOT_PATH": str(folder / "index.snapshot"),
           "CHAINMATCH_SESSION_SECRET": session_secret}
    port = _free_port(ports)
    demo = run_chainmatch(env, folder, "demo", "--no-serve", "--port", str(port))
    passwords = dict(re.findall(r"([a-z]+@demo\.cn)\s+密码 (\S+)", demo))
    assert set(passwords) == {"operator@demo.cn", "leader@demo.cn", "sme@demo.cn", "organizer@demo.cn"}, demo
    log = open(folder / "server.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host",
                               "127.0.0.1", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
                              cwd=folder)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, (folder / "server.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "server did not become ready"
            time.sleep(0.5)
        yield WebServer(base_url=base, passwords=passwords, database_url=database_url), env
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="session")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    with demo_server(tmp_path_factory.mktemp("web-server"), ports=PORTS,
                     session_secret="web-tests-" + "x" * 40) as (server, _):
        yield server


@pytest.fixture(scope="session")
def browser(web_server: WebServer):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture
def page(browser, web_server: WebServer):
    context = browser.new_context(base_url=web_server.base_url, viewport=DESKTOP, locale="zh-CN",
                                  accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


class Look:
    """Screenshot a page (desktop and phone) and run axe-core on it: no serious or critical violations."""

    def __init__(self, folder: Path, journey: str) -> None:
        self.folder, self.journey, self.count = folder, journey, 0

    def __call__(self, page, name: str) -> None:
        self.count += 1
        stem = f"{self.journey}-{self.count:02d}-{name}"
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(self.folder / f"{stem}.png"), full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(self.folder / f"{stem}-phone.png"), full_page=True)
        page.set_viewport_size(DESKTOP)
        violations = axe(page)
        assert not violations, f"{name}: " + json.dumps(violations, ensure_ascii=False, indent=1)[:3000]


def axe(page) -> list[dict]:
    # Same-origin script (the pages' CSP allows only 'self'): the vendored axe-core.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")


@pytest.fixture
def look(screenshots: Path, request: pytest.FixtureRequest) -> Look:
    return Look(screenshots, request.node.name.removeprefix("test_"))


def sign_in(page, login: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("账号（手机号或邮箱）").fill(login)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


def sign_out(page) -> None:
    page.get_by_role("button", name=re.compile("^退出")).click()
    page.wait_for_url(re.compile(r"/login"))
