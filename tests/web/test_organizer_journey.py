"""Journey (3) in headless Chromium: an organizer creates an event, invites participants, they accept, the organizer
computes shortlists, pins one, solves the schedule and downloads the PDF — and a leader confirms an outcome.

The app runs under uvicorn on a fresh SQLite database loaded by ``chainmatch demo --no-serve`` (ports 8170-8179),
driven by Playwright for Python with Debian's chromium (``executable_path``; no downloaded browser). Every page is
screenshotted at desktop and phone (390×844) size under the run's temporary folder and checked with the vendored
axe-core: no serious or critical violations. Its server is its own (``organizer_*``, a database of its own), the
browser and the helpers are the conftest's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.web.conftest import DESKTOP, Look, demo_server, run_chainmatch, sign_in, sign_out

SUPPLIER_PASSWORD = "supplier-journey-42"


@dataclass
class Server:
    base_url: str
    passwords: dict[str, str]
    database_url: str
    env: dict[str, str]
    folder: Path


@pytest.fixture(scope="module")
def organizer_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("organizer-server")
    with demo_server(folder, ports=range(8170, 8180), session_secret="organizer-journey-" + "x" * 40) as (web, env):
        yield Server(base_url=web.base_url, passwords=web.passwords, database_url=web.database_url, env=env,
                     folder=folder)


@pytest.fixture(scope="module")
def organizer_page(browser, organizer_server: Server):
    # The session's one Playwright browser (tests/web/conftest.py): a second sync_playwright in the same process
    # would run inside the first one's event loop.
    context = browser.new_context(base_url=organizer_server.base_url, viewport=DESKTOP, locale="zh-CN",
                                  accept_downloads=True)
    yield context.new_page()
    context.close()


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
    sign_in(page, "organizer@demo.cn", server.passwords["organizer@demo.cn"])
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
    sign_out(page)

    # 4. the leader sees the invitation under 活动邀请 and accepts it
    sign_in(page, "leader@demo.cn", server.passwords["leader@demo.cn"])
    page.get_by_role("link", name="活动邀请").click()
    invitation = page.locator("article.invitation", has_text="渝链同行·动力电池专场")
    expect(invitation).to_contain_text("已邀请")
    look(page, "leader-invitation")
    invitation.get_by_role("button", name="接受邀请：渝链同行·动力电池专场").click()
    expect(page.locator("article.invitation", has_text="渝链同行·动力电池专场")).to_contain_text("已接受邀请")
    sign_out(page)

    # 5. the organizer computes the shortlists and invites the first supplier proposed
    sign_in(page, "organizer@demo.cn", server.passwords["organizer@demo.cn"])
    page.goto(event_url + "/shortlists")
    page.get_by_role("button", name="生成推荐清单").click()
    first_item = page.locator("article.shortlist-item").first
    expect(first_item.locator("li").first).to_be_visible()
    supplier = first_item.locator("li").first.locator("strong").first.inner_text()
    first_item.locator("li").first.get_by_role("button", name=f"邀请：{supplier}").click()
    expect(first_item.locator("li").first.get_by_role("status")).to_have_text("已邀请")
    look(page, "shortlists")
    sign_out(page)

    # 6. the supplier (its account made on the command line, as an operator would) accepts too
    supplier_id = _scalar(server.database_url, "SELECT id FROM enterprises WHERE name = :name", name=supplier)
    run_chainmatch(server.env, server.folder, "users", "create", "--login", "supplier@journey.cn", "--role", "sme",
                "--enterprise", str(supplier_id), "--password-stdin", stdin=SUPPLIER_PASSWORD + "\n")
    sign_in(page, "supplier@journey.cn", SUPPLIER_PASSWORD)
    page.goto("/account/events")
    look(page, "supplier-invitation")
    page.get_by_role("button", name="接受邀请：渝链同行·动力电池专场").click()
    expect(page.locator("article.invitation")).to_contain_text("已接受邀请")
    sign_out(page)

    # 7. the organizer pins the supplier's entry (the list updates in place), solves and downloads the PDF
    sign_in(page, "organizer@demo.cn", server.passwords["organizer@demo.cn"])
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
    sign_out(page)

    sign_in(page, "leader@demo.cn", server.passwords["leader@demo.cn"])
    page.goto("/account/events")
    page.get_by_role("link", name="查看本企业的洽谈安排").first.click()
    row = page.locator("#meetings tbody tr", has_text=supplier)
    expect(row).to_contain_text("组织方记录：达成意向")
    look(page, "leader-confirms")
    row.get_by_role("button", name=f"确认结果：{supplier}").click()
    expect(page.locator("#meetings tbody tr", has_text=supplier)).to_contain_text("已计入推荐决策")


def test_every_organizer_page_is_accessible(organizer_page, organizer_server, screenshots) -> None:
    page, server, look = organizer_page, organizer_server, Look(screenshots, "organizer-pages")
    sign_in(page, "organizer@demo.cn", server.passwords["organizer@demo.cn"])
    event_id = _scalar(server.database_url, "SELECT max(id) FROM events")
    for path in ("/organizer", f"/organizer/events/{event_id}", f"/organizer/events/{event_id}/edit",
                 f"/organizer/events/{event_id}/invite?q=电池&kind=supply",
                 f"/organizer/events/{event_id}/invite?q=电池&kind=demand"):
        page.goto(path)
        look(page, re.sub(r"\W+", "-", path).strip("-"))
