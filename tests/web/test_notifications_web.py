"""The inbox and the subscription page in headless Chromium: an SME publishes a product that fits a demo leader's
demand, the worker runs, and the leader finds the notice (with its count in the page header), marks it read and
edits its subscriptions; nobody else sees it."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from tests.web.conftest import run_chainmatch, sign_in, sign_out

pytestmark = pytest.mark.browser


def _leader_demand(database_url: str) -> tuple[str, str]:
    """An open demand item of the demo leader with a part number: its product name and first part number."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT d.product_name, d.part_numbers FROM demand_items d JOIN users u ON u.enterprise_id = d.enterprise_id "
            "WHERE u.login = 'leader@demo.cn' AND d.status = 'open' AND d.confidential = 0 "
            "AND d.part_numbers IS NOT NULL AND d.part_numbers != '[]' ORDER BY d.id")).all()
    engine.dispose()
    import json

    name, parts = rows[0]
    return name, json.loads(parts)[0]


def test_a_fitting_product_reaches_the_leaders_inbox_and_subscriptions_are_edited(page, web_server, look,
                                                                                  tmp_path) -> None:
    product, part = _leader_demand(web_server.database_url)
    sign_in(page, "sme@demo.cn", web_server.passwords["sme@demo.cn"])
    page.goto("/sme/products/new")
    page.get_by_label("产品名称").fill(product)
    page.get_by_label("规格型号").fill(part)
    page.get_by_role("button", name=re.compile("保存|发布")).click()
    page.wait_for_load_state("networkidle")
    sign_out(page)

    env = {**os.environ, "DATABASE_URL": web_server.database_url, "CHAINMATCH_LOG_LEVEL": "WARNING",
           "CHAINMATCH_LOG_JSON": "false"}
    run_chainmatch(env, tmp_path, "worker", "--once")

    sign_in(page, "leader@demo.cn", web_server.passwords["leader@demo.cn"])
    badge = page.locator("#nav-inbox .unread-count")
    expect(badge).to_be_visible()
    before = badge.inner_text()
    page.get_by_role("link", name=re.compile("^消息")).click()
    expect(page.get_by_role("heading", name="消息", exact=True)).to_be_visible()
    notice = page.locator("article.notification", has_text=product).filter(has_text="新供应商匹配您的需求").first
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("匹配度")
    look(page, "inbox")
    notice.get_by_role("button", name=re.compile("^标为已读")).click()
    page.wait_for_load_state("networkidle")
    after = page.locator("#nav-inbox .unread-count")
    if before != "1":
        expect(after).not_to_have_text(before)
    else:
        expect(after).to_have_count(0)

    page.goto("/account/notifications/settings")
    expect(page.get_by_role("heading", name="消息订阅")).to_be_visible()
    look(page, "settings")
    page.get_by_label("邮件：对接活动邀请与日程").uncheck()
    page.get_by_label("每日汇总：新供应商匹配我的需求").check()
    page.get_by_label("开始").fill("22:00")
    page.get_by_label("结束").fill("07:00")
    page.get_by_role("button", name="保存订阅").click()
    expect(page.get_by_role("status")).to_contain_text("订阅设置已保存")
    expect(page.get_by_label("邮件：对接活动邀请与日程")).not_to_be_checked()
    expect(page.get_by_label("邮件：新供应商匹配我的需求")).to_be_checked()
    expect(page.get_by_label("每日汇总：新供应商匹配我的需求")).to_be_checked()
    expect(page.get_by_label("开始")).to_have_value("22:00")
    expect(page.get_by_label("结束")).to_have_value("07:00")

    page.get_by_label("推送地址（https://…）").fill("http://127.0.0.1:9/hook")
    page.get_by_role("button", name="添加推送地址").click()
    expect(page.locator("#e-url")).to_contain_text("内网")
    look(page, "settings-refused")
    sign_out(page)

    # the SME hears of the demand its product fits, and never of the leader's own notices
    sign_in(page, "sme@demo.cn", web_server.passwords["sme@demo.cn"])
    page.goto("/account/notifications")
    expect(page.locator("article.notification", has_text="新需求匹配您的产品").first).to_be_visible()
    expect(page.locator("article.notification", has_text="新供应商匹配您的需求")).to_have_count(0)
    sign_out(page)

    # operators read every enterprise's deliveries (the demo has no SMTP server: its e-mails wait, each attempt
    # logged) and may send one again; a leader may not open that page
    sign_in(page, "operator@demo.cn", web_server.passwords["operator@demo.cn"])
    page.get_by_role("link", name="投递记录").click()
    expect(page.get_by_role("heading", name="投递记录")).to_be_visible()
    expect(page.locator("td", has_text="leader@demo.cn").first).to_be_visible()
    expect(page.locator("td", has_text="未配置 SMTP 服务器").first).to_be_visible()
    look(page, "operator-deliveries")
    sign_out(page)
    sign_in(page, "leader@demo.cn", web_server.passwords["leader@demo.cn"])
    denied = page.goto("/operator/deliveries")
    assert denied is not None and denied.status == 403
    sign_out(page)

    # an organizer has no enterprise inbox: no link, and the page is not for its role
    sign_in(page, "organizer@demo.cn", web_server.passwords["organizer@demo.cn"])
    expect(page.locator("#nav-inbox")).to_have_count(0)
    response = page.goto("/account/notifications")
    assert response is not None and response.status == 403
