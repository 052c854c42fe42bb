"""Journey (3) in headless Chromium: an organizer creates an event, invites participants, they accept, the organizer
computes shortlists, pins one, solves the schedule and downloads the PDF — and a leader confirms an outcome.

The app runs under uvicorn on a fresh SQLite database loaded by ``chainmatch demo --no-serve`` (ports 8170-8179),
driven by Playwright for Python with Debian's chromium (``executable_path``; no downloaded browser). Every page is
screenshotted at desktop and phone (390×844) size under the run's temporary folder and checked with the vendored
axe-core: no serious or critical violations. The fixtures are this module's own (named ``organizer_*``) so the
journey does not depend on, or collide with, the other journeys' conftest.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
PORTS = range(8170, 8180)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SUPPLIER_PASSWORD = "supplier-journey-42"


@dataclass
class Server:
    base_url: str
    passwords: dict[str, str]
    database_url: str
    env: dict[str, str]
    folder: Path


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8170-8179")


def _chainmatch(server_env: dict[str, str], folder: Path, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-c", "from app.cli import main; main()", *args], env=server_env,
                          capture_output=True, text=True, timeout=600, cwd=folder, input=stdin)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def organizer_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run does it)")
    folder = tmp_path_factory.mktemp("organizer-server")
    database_url = f"sqlite:///{folder / 'web.db'}"
    env = {**os.environ, "DATABASE_URL": database_url, "CHAINMATCH_RATE_LIMIT_ENABLED": "false",
           "CHAINMATCH_LOG_JSON": "false", "CHAINMATCH_LOG_LEVEL": "WARNING",
           "CHAINMATCH_INDEX_SNAPSHOT_PATH": str(folder / "index.snapshot"),
           "CHAINMATCH_SESSION_SECRET": "organizer-journey-" + "x" * 40}
    port = _free_port()
    demo = _chainmatch(env, folder, "demo", "--no-serve", "--port", str(port))
    passwords = dict(re.findall(r"([a-z]+@demo\.cn)\s+密码 (\S+)", demo))
    assert {"leader@demo.cn", "organizer@demo.cn"} <= set(passwords), demo
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
        yield Server(base_url=base, passwords=passwords, database_url=database_url, env=env, folder=folder)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def organizer_page(browser, organizer_server: Server):
    # The session's one Playwright browser (tests/web/conftest.py): a second sync_playwright in the same process
    # would run inside the first one's event loop.
    context = browser.new_context(base_url=organizer_server.base_url, viewport=DESKTOP, locale="zh-CN",
                                  accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


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
        violations = _axe(page)
        assert not violations, f"{name}: " + json.dumps(violations, ensure_ascii=False, indent=1)[:3000]


def _axe(page) -> list[dict]:
    # Same-origin script (the pages' CSP allows only 'self'): the vendored axe-core.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")


def _sign_in(page, login: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("账号（手机号或邮箱）").fill(login)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


def _sign_out(page) -> None:
    page.get_by_role("button", name=re.compile("^退出")).click()
    page.wait_for_url(re.compile(r"/login"))


def _scalar(database_url: str, sql: str, **params):
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql), params).scalar_one()
    finally:
        engine.dispose()


def test_organizer_creates_invites_shortlists_pins_solves_and_downloads(organizer_page, organizer_server,
                                                                       screenshots) -> None:
    from playwright.sync_api import expect

    page, server, look = organizer_page, organizer_server, Look(screenshots, "organizer")
    leader_name = _scalar(server.database_url, "SELECT e.name FROM users u JOIN enterprises e "
                                               "ON e.id = u.enterprise_id WHERE u.login = 'leader@demo.cn'")
    chain = _scalar(server.database_url, "SELECT c.name FROM demand_items d JOIN users u ON u.enterprise_id = "
                                         "d.enterprise_id JOIN industry_chains c ON c.id = d.chain_id WHERE u.login = "
                                         "'leader@demo.cn' AND d.status = 'open' AND d.confidential = 0 "
                                         "GROUP BY c.name ORDER BY count(*) DESC LIMIT 1")

    # 1. the organizer creates the event and its layout
    _sign_in(page, "organizer@demo.cn", server.passwords["organizer@demo.cn"])
    expect(page.get_by_role("heading", name="对接活动")).to_be_visible()
    page.get_by_role("link", name="新建活动").click()
    look(page, "new-event")
    page.get_by_label("活动名称").fill("渝链同行·动力电池专场")
    page.get_by_label("活动类型").select_option(label="百场万企")
    page.get_by_label("活动日期").fill("2026-12-18")
    page.get_by_label("地点", exact=True).fill("重庆国际博览中心 N1 馆")
    page.get_by_label(chain, exact=True).check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="渝链同行·动力电池专场")).to_be_visible()
    page.get_by_label("时段数").fill("4")
    page.get_by_label("洽谈桌数").fill("3")
    page.get_by_role("button", name="保存时段和洽谈桌").click()
    expect(page.get_by_text("4 个时段")).to_be_visible()
    event_url = page.url.split("#")[0]

    # 2. it finds the chain leader in the event's chain and invites it (an HTMX fragment answers 已邀请)
    page.get_by_role("link", name="1. 检索并邀请企业").click()
    page.get_by_label("关键词（企业名称、产品、型号）").fill(leader_name[2:6])
    page.get_by_role("button", name="检索").click()
    row = page.locator("#search-results tr", has_text=leader_name)
    expect(row).to_have_count(1)
    row.get_by_role("button", name=f"邀请 {leader_name}").click()
    expect(row.get_by_role("status")).to_have_text("已邀请")
    look(page, "invite")

    # 3. shortlists propose suppliers still to invite; the organizer invites the first one from the list
    page.goto(event_url + "/shortlists")
    page.get_by_role("button", name="生成推荐清单").click()
    expect(page.get_by_role("heading", name="推荐清单")).to_be_visible()
    # nothing is in scope until the leader accepts: its items come in with its acceptance
    expect(page.get_by_text("尚无推荐清单")).to_be_visible()
    _sign_out(page)

    # 4. the leader sees the invitation under 活动邀请 and accepts it
    _sign_in(page, "leader@demo.cn", server.passwords["leader@demo.cn"])
    page.get_by_role("link", name="活动邀请").click()
    invitation = page.locator("article.invitation", has_text="渝链同行·动力电池专场")
    expect(invitation).to_contain_text("已邀请")
    look(page, "leader-invitation")
    invitation.get_by_role("button", name="接受邀请：渝链同行·动力电池专场").click()
    expect(page.locator("article.invitation", has_text="渝链同行·动力电池专场")).to_contain_text("已接受邀请")
    _sign_out(page)

    # 5. the organizer computes the shortlists and invites the first supplier proposed
    _sign_in(page, "organizer@demo.cn", server.passwords["organizer@demo.cn"])
    page.goto(event_url + "/shortlists")
    page.get_by_role("button", name="生成推荐清单").click()
    first_item = page.locator("article.shortlist-item").first
    expect(first_item.locator("li").first).to_be_visible()
    supplier = first_item.locator("li").first.locator("strong").first.inner_text()
    first_item.locator("li").first.get_by_role("button", name=f"邀请：{supplier}").click()
    expect(first_item.locator("li").first.get_by_role("status")).to_have_text("已邀请")
    look(page, "shortlists")
    _sign_out(page)

    # 6. the supplier (its account made on the command line, as an operator would) accepts too
    supplier_id = _scalar(server.database_url, "SELECT id FROM enterprises WHERE name = :name", name=supplier)
    _chainmatch(server.env, server.folder, "users", "create", "--login", "supplier@journey.cn", "--role", "sme",
                "--enterprise", str(supplier_id), "--password-stdin", stdin=SUPPLIER_PASSWORD + "\n")
    _sign_in(page, "supplier@journey.cn", SUPPLIER_PASSWORD)
    page.goto("/account/events")
    look(page, "supplier-invitation")
    page.get_by_role("button", name="接受邀请：渝链同行·动力电池专场").click()
    expect(page.locator("article.invitation")).to_contain_text("已接受邀请")
    _sign_out(page)

    # 7. the organizer pins the supplier's entry (the list updates in place), solves and downloads the PDF
    _sign_in(page, "organizer@demo.cn", server.passwords["organizer@demo.cn"])
    page.goto(event_url + "/shortlists")
    entry = page.locator("article.shortlist-item").first.locator("li", has_text=supplier).first
    expect(entry).to_contain_text("已接受邀请")
    entry.get_by_role("button", name=f"置顶：{supplier}").click()
    pinned = page.locator("article.shortlist-item").first.locator("li", has_text=supplier).first
    expect(pinned.locator(".pinned")).to_have_text("已置顶")
    expect(pinned.get_by_role("button", name=f"取消置顶：{supplier}")).to_be_visible()
    look(page, "pinned")

    page.goto(event_url + "/schedule")
    page.get_by_role("button", name="排定洽谈日程").click()
    grid = page.locator("#schedule-grid")
    expect(grid).to_be_visible()
    expect(grid.locator("td a", has_text=supplier)).to_have_count(1)
    expect(grid.locator("thead th")).to_have_count(1 + 3)
    expect(grid.locator("tbody tr")).to_have_count(4)
    look(page, "schedule")

    with page.expect_download() as download:
        page.get_by_role("link", name="洽谈日程 PDF").click()
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf") and "洽谈日程" in pdf.suggested_filename
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF")

    # 8. an outcome the organizer records waits for the leader, who confirms it on its own page
    meeting = page.locator("#meetings tbody tr", has_text=supplier)
    meeting.get_by_label(re.compile("^洽谈结果")).select_option(label="达成意向")
    meeting.get_by_role("button", name=re.compile("^保存结果")).click()
    expect(page.locator("#meetings tbody tr", has_text=supplier)).to_contain_text("待链主企业确认")
    _sign_out(page)

    _sign_in(page, "leader@demo.cn", server.passwords["leader@demo.cn"])
    page.goto("/account/events")
    page.get_by_role("link", name="查看本企业的洽谈安排").first.click()
    row = page.locator("#meetings tbody tr", has_text=supplier)
    expect(row).to_contain_text("组织方记录：达成意向")
    look(page, "leader-confirms")
    row.get_by_role("button", name=f"确认结果：{supplier}").click()
    expect(page.locator("#meetings tbody tr", has_text=supplier)).to_contain_text("已计入推荐决策")


def test_every_organizer_page_is_accessible(organizer_page, organizer_server, screenshots) -> None:
    page, server, look = organizer_page, organizer_server, Look(screenshots, "organizer-pages")
    _sign_in(page, "organizer@demo.cn", server.passwords["organizer@demo.cn"])
    event_id = _scalar(server.database_url, "SELECT max(id) FROM events")
    for path in ("/organizer", f"/organizer/events/{event_id}", f"/organizer/events/{event_id}/edit",
                 f"/organizer/events/{event_id}/invite?q=电池&kind=supply",
                 f"/organizer/events/{event_id}/invite?q=电池&kind=demand"):
        page.goto(path)
        look(page, re.sub(r"\W+", "-", path).strip("-"))
