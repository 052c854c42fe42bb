"""End-to-end journeys in headless Chromium: an SME from registration to opportunities, a chain leader deciding on
suppliers, an operator approving and reading the reports; and a tour of every page for accessibility."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from app.schemas.validators import make_credit_code
from app.services.imports.columns import SUPPLY_COLUMNS
from tests.web.conftest import WebServer, sign_in, sign_out

pytestmark = pytest.mark.browser


def _open_public_demand(database_url: str) -> tuple[str, str]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        row = connection.execute(text(
            "SELECT d.product_name, e.name FROM demand_items d JOIN enterprises e ON e.id = d.enterprise_id "
            "WHERE d.status = 'open' AND d.confidential = 0 ORDER BY d.id LIMIT 1")).one()
    engine.dispose()
    return row[0], row[1]


def _supply_sheet(path: Path, *, name: str, credit_code: str, category: str, product: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "供给清单"
    sheet.append([c.header for c in SUPPLY_COLUMNS])
    values = {"enterprise_name": name, "credit_code": credit_code, "category": category, "product_name": product,
              "capacity": "50万件/年", "district": "两江新区"}
    sheet.append([values.get(c.key) for c in SUPPLY_COLUMNS])
    buffer = BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _register(page, *, name: str, credit_code: str, login: str, role_label: str) -> None:
    page.goto("/register")
    page.get_by_label(role_label).check()
    page.get_by_label("企业名称").fill(name)
    page.get_by_label("统一社会信用代码").fill(credit_code)
    page.get_by_label("所在区县").fill("两江新区")
    page.get_by_label("联系人").fill("王经理")
    page.get_by_label("登录账号（手机号或邮箱）").fill(login)
    page.get_by_label("密码（至少10位）").fill("correct-horse-42")
    page.get_by_role("button", name="提交注册").click()
    expect(page.get_by_role("heading", name="注册已提交")).to_be_visible()


def _approve(page, web_server: WebServer, name: str, look) -> None:
    sign_in(page, "operator@demo.cn", web_server.passwords["operator@demo.cn"])
    expect(page.get_by_role("heading", name="注册审核")).to_be_visible()
    look(page, "queue")
    page.get_by_role("button", name=f"通过「{name}」").click()
    expect(page.get_by_role("button", name=f"通过「{name}」")).to_have_count(0)


def test_sme_registers_is_approved_uploads_fixes_and_sees_opportunities(page, web_server, look, tmp_path) -> None:
    name, code, login = "重庆渝网测试精密制造有限公司", make_credit_code("91500000WEB0001"), "sme-journey@example.cn"
    _register(page, name=name, credit_code=code, login=login, role_label="中小企业（发布供给）")
    look(page, "registered")

    sign_in(page, login, "correct-horse-42")  # not yet approved
    expect(page.get_by_role("alert")).to_contain_text("等待运营人员审核")

    _approve(page, web_server, name, look)
    sign_out(page)

    sign_in(page, login, "correct-horse-42")
    expect(page.get_by_role("heading", name="需求机会")).to_be_visible()
    product, _leader = _open_public_demand(web_server.database_url)

    page.goto("/sme/upload")
    look(page, "upload")
    bad = _supply_sheet(tmp_path / "bad.xlsx", name=name, credit_code=code, category="不知道", product=product)
    page.get_by_label("清单文件").set_input_files(str(bad))
    page.get_by_role("button", name="导入").click()
    errors = page.locator("#import-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("不知道")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr td").nth(1)).to_have_text("2")  # the row as Excel numbers it
    look(page, "upload-error")

    with page.expect_download() as download:
        page.get_by_role("button", name="下载标注错误的工作簿").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    good = _supply_sheet(tmp_path / "good.xlsx", name=name, credit_code=code, category="关键零部件", product=product)
    page.get_by_label("清单文件").set_input_files(str(good))
    page.get_by_role("button", name="导入").click()
    expect(page.get_by_role("heading", name="导入成功")).to_be_visible()
    look(page, "upload-ok")

    page.goto("/sme")
    card = page.locator("article", has_text=product).first
    expect(card).to_be_visible()
    expect(card).to_contain_text("匹配度")
    expect(card).to_contain_text("匹配理由")
    look(page, "opportunities")
    card.get_by_role("button", name="有意向").click()
    expect(card).to_contain_text("已表达合作意向")


def test_leader_filters_rejects_one_shortlists_another_and_the_rejected_stays_gone(page, web_server, look) -> None:
    sign_in(page, "leader@demo.cn", web_server.passwords["leader@demo.cn"])
    expect(page.get_by_role("heading", name="需求清单")).to_be_visible()
    look(page, "demands")
    links = page.locator("td a[href^='/leader/demands/']:not([href$='/edit'])")
    hrefs = [links.nth(i).get_attribute("href") for i in range(min(links.count(), 15))]
    for href in hrefs:
        page.goto(href)
        if page.locator("article.supplier").count() >= 3:
            break
    else:
        pytest.fail("no demand item of the demo leader has three suppliers")
    look(page, "key-item")

    district = page.locator("article.supplier p.muted").first.inner_text().split()[0]
    page.get_by_role("textbox", name="区县").fill(district)
    with page.expect_response(lambda r: "/suppliers?" in r.url):
        page.get_by_role("button", name="筛选").click()
    for info in page.locator("article.supplier p.muted").all_inner_texts():
        assert info.split()[0] == district
    look(page, "filtered")
    page.get_by_role("textbox", name="区县").fill("")
    with page.expect_response(lambda r: "/suppliers?" in r.url):
        page.get_by_role("button", name="筛选").click()

    suppliers = page.locator("article.supplier")
    rejected_id = suppliers.nth(0).get_attribute("id")
    shortlisted_id = suppliers.nth(1).get_attribute("id")
    rejected = page.locator(f"#{rejected_id}")
    rejected.get_by_label("拒绝理由").fill("产能不足，交期无法满足")
    rejected.get_by_role("button", name="拒绝").click()
    expect(page.locator(f"#{rejected_id}")).to_have_count(0)
    page.locator(f"#{shortlisted_id}").get_by_role("button", name="入围").click()
    expect(page.locator(f"#{shortlisted_id} header .tag.decision")).to_have_text("入围")

    page.reload()
    expect(page.locator(f"#{rejected_id}")).to_have_count(0)
    expect(page.locator(f"#{shortlisted_id} header .tag.decision")).to_have_text("入围")
    expect(page.locator("#history")).to_contain_text("产能不足，交期无法满足")
    look(page, "after-reload")


def test_operator_approves_a_pending_leader_and_reads_the_reports_chart(page, web_server, look) -> None:
    name = "重庆渝网测试整车制造有限公司"
    _register(page, name=name, credit_code=make_credit_code("91500000WEB0002"), login="leader-journey@example.cn",
              role_label="链主企业（发布需求）")
    _approve(page, web_server, name, look)
    page.goto("/operator/reports")
    chart = page.locator("svg.chart").first
    expect(chart).to_be_visible()
    expect(chart.locator("title")).to_have_text("各产业链：开放需求、匹配、意向与入链")
    assert chart.locator("rect").count() > 3
    expect(page.get_by_role("table", name="合计")).to_be_visible()
    # The months: a chart and a table of the last 12 months, and a period chosen on the page.
    trend = page.locator("svg.chart").nth(1)
    expect(trend.locator("title")).to_have_text("按月趋势：新增需求与进入各阶段的对数")
    months = page.get_by_role("table", name="按月趋势（本月进入各阶段的对数）")
    assert months.locator("tbody tr").count() == 12
    look(page, "reports")
    this_year = str(date.today().year)
    page.get_by_label("统计期间").fill(this_year)
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_text(f"期间：{this_year}年")).to_be_visible()
    page.get_by_label("统计期间").fill("2026-13")
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("alert")).to_be_visible()
    look(page, "reports-period")
    sign_out(page)
    sign_in(page, "leader-journey@example.cn", "correct-horse-42")
    expect(page.get_by_role("heading", name="需求清单")).to_be_visible()


@pytest.mark.parametrize("login, paths", [
    ("sme@demo.cn", ["/sme/products", "/sme/products/new", "/sme/profile", "/account/keys"]),
    ("leader@demo.cn", ["/leader/search?q=IGBT模块", "/leader/import", "/leader/demands/new"]),
    ("operator@demo.cn", ["/operator/users", "/operator/audit", "/organizer"]),
    ("organizer@demo.cn", ["/organizer"]),
])
def test_every_page_is_accessible(page, web_server, look, login, paths) -> None:
    sign_in(page, login, web_server.passwords[login])
    look(page, "start")
    for path in paths:
        page.goto(path)
        look(page, re.sub(r"\W+", "-", path).strip("-"))


def test_sign_in_and_register_pages_are_accessible(page, look) -> None:
    for path in ("/login", "/register"):
        page.goto(path)
        look(page, path.strip("/"))
