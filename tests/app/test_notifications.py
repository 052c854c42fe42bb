"""Notifications end to end: a supply item created through the API reaches the matching chain leader's inbox, its
user's mailbox (a local aiosmtpd) and its webhook (a local receiver verifying with the ``standardwebhooks`` library);
retries, 410, the SSRF guard, secrets, rotation, deduplication, confidential demand and access per role."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from app.core.config import Settings, get_settings
from app.models import (
    ApiRole,
    DeliveryAttempt,
    DeliveryStatus,
    EnterpriseRole,
    NoticeKind,
    Notification,
    NotificationDelivery,
    WebhookEndpoint,
)
from app.services.notifications.endpoints import new_secret
from app.services.notifications.outbox import notify
from app.services.notifications.worker import NotificationWorker, retry_delay
from app.services.ranking.matching_index import MatchingIndexes
from app.services.users import create_user
from tests.notify_receivers import SmtpInbox, WebhookReceiver

DEMAND = {"category": "component", "product_name": "IGBT模块 FF450R12ME4", "part_numbers": ["FF450R12ME4"],
          "specification": "1200V 450A 英飞凌 IGBT 功率模块"}
SUPPLY = {"category": "component", "product_name": "IGBT模块 FF450R12ME4", "part_numbers": ["FF450R12ME4"],
          "description": "1200V 450A IGBT 功率模块 英飞凌封装"}
FAST_RETRIES = "[0.05, 0.05, 0.05]"


@pytest.fixture
def smtp() -> Iterator[SmtpInbox]:
    inbox = SmtpInbox().start()
    yield inbox
    inbox.stop()


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    hook = WebhookReceiver().start()
    yield hook
    hook.stop()


@pytest.fixture
def notify_settings(monkeypatch, settings: Settings, smtp: SmtpInbox) -> Iterator[Settings]:
    """The test database's settings with a local SMTP server, 127.0.0.1 allow-listed and fast retries."""
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CHAINMATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CHAINMATCH_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("CHAINMATCH_NOTIFY_ALLOWED_PRIVATE", '["127.0.0.1"]')
    monkeypatch.setenv("CHAINMATCH_NOTIFY_RETRY_SCHEDULE", FAST_RETRIES)
    monkeypatch.setenv("CHAINMATCH_NOTIFY_TIMEOUT_SECONDS", "5")
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def worker(notify_settings: Settings, session_factory) -> Iterator[NotificationWorker]:
    index = MatchingIndexes(session_factory=session_factory, settings=notify_settings)
    index.start()
    running = NotificationWorker(session_factory=session_factory, settings=notify_settings, index=index, threads=4)
    yield running
    running.close()


class World:
    def __init__(self, db_session, make_enterprise, make_key) -> None:
        self.leader = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name="长安动力总成有限公司", district="两江新区")
        self.other_leader = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name="另一链主有限公司")
        self.sme = make_enterprise(role=EnterpriseRole.SME, name="渝芯功率半导体有限公司", district="沙坪坝区")
        self.other_sme = make_enterprise(role=EnterpriseRole.SME, name="另一中小企业有限公司")
        self.leader_user = create_user(db_session=db_session, login="buyer@changan.example", password="pw-Leader-123456",
                                       role=ApiRole.CHAIN_LEADER, enterprise_id=self.leader.id, display_name="采购部")
        self.sme_user = create_user(db_session=db_session, login="sales@yuxin.example", password="pw-Sme-1234567",
                                    role=ApiRole.SME, enterprise_id=self.sme.id, display_name="销售部")
        db_session.commit()
        self.leader_key = make_key(ApiRole.CHAIN_LEADER, self.leader)
        self.other_leader_key = make_key(ApiRole.CHAIN_LEADER, self.other_leader)
        self.sme_key = make_key(ApiRole.SME, self.sme)
        self.other_sme_key = make_key(ApiRole.SME, self.other_sme)
        self.operator_key = make_key(ApiRole.OPERATOR)
        self.organizer_key = make_key(ApiRole.ORGANIZER)


@pytest.fixture
def world(db_session, make_enterprise, make_key) -> World:
    return World(db_session, make_enterprise, make_key)


def _endpoint(client, headers, url: str, **fields) -> dict:
    response = client.post("/api/v1/webhook-endpoints", headers=headers, json={"url": url, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def _run_until(worker: NotificationWorker, done, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        worker.run_once()
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.02)


def test_a_new_supply_item_reaches_the_leaders_inbox_mailbox_and_webhook(client, world, worker, smtp, receiver,
                                                                           db_session) -> None:
    demand = client.post("/api/v1/demand-items", headers=world.leader_key, json=DEMAND).json()
    receiver.secret = _endpoint(client, world.leader_key, receiver.url)["secret"]
    worker.run_until_idle()
    assert receiver.received == [] and smtp.messages == []  # a demand with no supplier yet is nobody's news

    supply = client.post("/api/v1/supply-items", headers=world.sme_key, json=SUPPLY)
    assert supply.status_code == 201, supply.text
    worker.run_until_idle()

    inbox = client.get("/api/v1/notifications", headers=world.leader_key).json()
    assert inbox["unread"] == 1 and inbox["total"] == 1
    notice = inbox["items"][0]
    assert notice["kind"] == "supplier_fit" and "渝芯功率半导体有限公司" in notice["body"]
    assert notice["data"]["demand_item_id"] == demand["id"] and notice["data"]["match_percent"] >= 50
    assert notice["link"] == f"/leader/demands/{demand['id']}"

    mails = [m for m in smtp.messages if m["To"] == "buyer@changan.example"]
    assert len(mails) == 1
    mail = mails[0]
    assert mail["Subject"].startswith("【产业链供需对接】新供应商匹配您的需求")
    assert "/account/unsubscribe/" in mail["List-Unsubscribe"]
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "渝芯功率半导体有限公司" in text and "退订" in text and "<a href=" in html

    assert len(receiver.received) == 1
    hook = receiver.received[0]
    assert hook.verified, hook.error
    assert hook.headers["webhook-id"] == notice["event_id"]
    assert receiver.payloads()[0]["type"] == "chainmatch.supplier_fit"

    # the SME hears of the open demand its product fits, by its own inbox and mail
    sme_inbox = client.get("/api/v1/notifications", headers=world.sme_key).json()
    assert [n["kind"] for n in sme_inbox["items"]] == ["demand_fit"]
    assert any(m["To"] == "sales@yuxin.example" for m in smtp.messages)

    # nobody else hears anything
    for headers in (world.other_leader_key, world.other_sme_key, world.organizer_key):
        assert client.get("/api/v1/notifications", headers=headers).json()["total"] == 0


def test_the_receiver_rejects_a_tampered_body_and_an_old_timestamp(client, world, worker, receiver,
                                                                   db_session) -> None:
    receiver.secret = _endpoint(client, world.leader_key, receiver.url)["secret"]
    notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title="活动邀请", body="测试", data={})
    db_session.commit()
    worker.run_until_idle()
    genuine = receiver.received[0]
    assert genuine.verified
    receiver.verify(genuine.headers, genuine.body)
    with pytest.raises(WebhookVerificationError):
        receiver.verify(genuine.headers, genuine.body.replace("测试".encode(), "篡改".encode()))
    old = datetime.now(UTC) - timedelta(minutes=10)
    stale = {**genuine.headers, "webhook-timestamp": str(int(old.timestamp())),
             "webhook-signature": Webhook(receiver.secret).sign(genuine.headers["webhook-id"], old, genuine.body)}
    with pytest.raises(WebhookVerificationError):
        receiver.verify(stale, genuine.body)


def test_a_receiver_answering_500_twice_gets_the_message_three_times_with_one_id(client, world, worker, receiver,
                                                                                 db_session) -> None:
    receiver.secret = _endpoint(client, world.leader_key, receiver.url)["secret"]
    receiver.script = [500, 500, 200]
    notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title="活动邀请", body="请确认参加", data={})
    db_session.commit()
    delivery = lambda: db_session.scalar(select(NotificationDelivery).where(  # noqa: E731
        NotificationDelivery.channel == "webhook").execution_options(populate_existing=True))
    _run_until(worker, lambda: delivery().status is DeliveryStatus.DELIVERED)
    time.sleep(0.3)
    worker.run_until_idle()
    assert len(receiver.received) == 3
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert all(r.verified for r in receiver.received)
    attempts = db_session.scalars(select(DeliveryAttempt.status_code).where(
        DeliveryAttempt.delivery_id == delivery().id).order_by(DeliveryAttempt.id)).all()
    assert attempts == [500, 500, 200]

    # the delivery log shows the same to the endpoint's owner, and "send again" sends the same id once more
    log = client.get("/api/v1/deliveries", headers=world.leader_key, params={"status": "delivered"}).json()
    webhook_rows = [d for d in log["items"] if d["channel"] == "webhook"]
    assert [a["status_code"] for a in webhook_rows[0]["attempt_log"]] == [500, 500, 200]
    assert client.post(f"/api/v1/deliveries/{webhook_rows[0]['id']}/resend",
                       headers=world.other_leader_key).status_code == 404
    again = client.post(f"/api/v1/deliveries/{webhook_rows[0]['id']}/resend", headers=world.leader_key)
    assert again.status_code == 200 and again.json()["status"] == "pending"
    worker.run_until_idle()
    assert len(receiver.received) == 4 and receiver.received[3].headers["webhook-id"] == receiver.received[0].headers[
        "webhook-id"]


def test_410_disables_the_endpoint_and_tells_its_owner(client, world, worker, receiver, db_session) -> None:
    endpoint = _endpoint(client, world.leader_key, receiver.url)
    receiver.secret = endpoint["secret"]
    receiver.script = [410]
    notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title="活动邀请", body="一", data={})
    db_session.commit()
    worker.run_until_idle()
    listed = client.get("/api/v1/webhook-endpoints", headers=world.leader_key).json()
    assert listed[0]["disabled_at"] is not None and "410" in listed[0]["disabled_reason"]
    kinds = [n["kind"] for n in client.get("/api/v1/notifications", headers=world.leader_key).json()["items"]]
    assert "endpoint" in kinds
    notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title="活动邀请", body="二", data={})
    db_session.commit()
    worker.run_until_idle()
    assert len(receiver.received) == 1  # nothing more goes to a disabled endpoint


def test_retry_after_is_honoured_and_the_schedule_has_jitter() -> None:
    import random

    # the Standard Webhooks schedule, as the default
    defaults = Settings(DATABASE_URL="sqlite://", notify_retry_schedule=[5, 300, 1800, 7200, 18000, 36000, 36000])
    rng = random.Random(7)
    delays = [retry_delay(defaults, 1, None, rng=rng) for _ in range(200)]
    assert 4.0 <= min(delays) < max(delays) <= 6.0 and len(set(delays)) > 100
    assert retry_delay(defaults, 1, 120.0, rng=rng) >= 120.0
    assert retry_delay(defaults, 1, 10**9, rng=rng) <= max(defaults.notify_retry_schedule)
    assert retry_delay(defaults, len(defaults.notify_retry_schedule) + 1, None, rng=rng) is None


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "http://localhost/hook", "http://169.254.169.254/latest",
                                 "http://10.0.0.8/hook", "http://[::1]/hook", "http://192.168.1.20/x"])
def test_private_addresses_are_refused_unless_allow_listed(client, world, db_session, url, monkeypatch,
                                                           settings) -> None:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        response = client.post("/api/v1/webhook-endpoints", headers=world.leader_key, json={"url": url})
        assert response.status_code == 422, response.text
        assert response.json()["error"] == "webhook_url_refused"
        assert response.json()["detail"][0]["field"] == "url"
        assert db_session.scalar(select(WebhookEndpoint.id)) is None
    finally:
        get_settings.cache_clear()


def test_an_allow_listed_address_later_removed_is_refused_at_send_time(client, world, worker, receiver, db_session,
                                                                       monkeypatch, session_factory) -> None:
    _endpoint(client, world.leader_key, receiver.url)
    monkeypatch.setenv("CHAINMATCH_NOTIFY_ALLOWED_PRIVATE", "[]")
    get_settings.cache_clear()
    strict = NotificationWorker(session_factory=session_factory, settings=get_settings(), threads=2)
    try:
        notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title="活动邀请", body="一", data={})
        db_session.commit()
        strict.run_until_idle()
    finally:
        strict.close()
    assert receiver.received == []
    failed = db_session.scalar(select(NotificationDelivery).where(NotificationDelivery.channel == "webhook"))
    assert failed.status is DeliveryStatus.FAILED and "内网" in failed.last_error


def test_secrets_are_shown_once_and_never_logged(client, world, worker, receiver, db_session, caplog) -> None:
    created = _endpoint(client, world.leader_key, receiver.url)
    secret = created["secret"]
    assert secret.startswith("whsec_")
    listed = client.get("/api/v1/webhook-endpoints", headers=world.leader_key)
    assert "secret" not in listed.json()[0] and secret not in listed.text
    receiver.secret = secret
    receiver.script = [500]
    with caplog.at_level(logging.DEBUG):
        notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title="活动邀请", body="一", data={})
        db_session.commit()
        _run_until(worker, lambda: len(receiver.received) >= 2)
        rotated = client.post(f"/api/v1/webhook-endpoints/{created['id']}/rotate-secret", headers=world.leader_key)
    assert secret not in caplog.text and rotated.json()["secret"] not in caplog.text
    deliveries = client.get("/api/v1/deliveries", headers=world.leader_key)
    assert secret not in deliveries.text and rotated.json()["secret"] not in deliveries.text


def test_after_rotation_both_secrets_verify(client, world, worker, receiver, db_session) -> None:
    created = _endpoint(client, world.leader_key, receiver.url)
    rotated = client.post(f"/api/v1/webhook-endpoints/{created['id']}/rotate-secret", headers=world.leader_key).json()
    assert rotated["secret"] != created["secret"]
    notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title="活动邀请", body="一", data={})
    db_session.commit()
    worker.run_until_idle()
    hook = receiver.received[0]
    assert len(hook.headers["webhook-signature"].split(" ")) == 2
    receiver.verify(hook.headers, hook.body, secret=created["secret"])
    receiver.verify(hook.headers, hook.body, secret=rotated["secret"])
    with pytest.raises(WebhookVerificationError):
        receiver.verify(hook.headers, hook.body, secret=new_secret())


def test_group_robots_get_their_markdown_message(client, world, worker, receiver, db_session) -> None:
    _endpoint(client, world.leader_key, receiver.url, format="wecom")
    _endpoint(client, world.leader_key, receiver.url, format="dingtalk")
    notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title="活动邀请", body="请确认参加",
           link="/account/events", data={})
    db_session.commit()
    worker.run_until_idle()
    by_shape = {("title" in p["markdown"]): p for p in receiver.payloads()}
    wecom, dingtalk = by_shape[False], by_shape[True]
    assert wecom["msgtype"] == "markdown" and "### 活动邀请" in wecom["markdown"]["content"]
    assert "http://127.0.0.1:8000/account/events" in wecom["markdown"]["content"]
    assert dingtalk["markdown"]["title"] == "活动邀请" and "请确认参加" in dingtalk["markdown"]["text"]
    # the keyword a robot secured by 自定义关键词 waits for
    assert "产业链供需对接" in wecom["markdown"]["content"] and "产业链供需对接" in dingtalk["markdown"]["text"]
    assert all("webhook-signature" not in r.headers for r in receiver.received)


def test_one_notice_per_pair_until_it_falls_below_and_rises_again(client, world, worker, smtp, db_session) -> None:
    client.post("/api/v1/demand-items", headers=world.leader_key, json=DEMAND)
    supply_id = client.post("/api/v1/supply-items", headers=world.sme_key, json=SUPPLY).json()["id"]
    worker.run_until_idle()

    def leader_notices() -> int:
        return client.get("/api/v1/notifications", headers=world.leader_key).json()["total"]

    assert leader_notices() == 1
    client.patch(f"/api/v1/supply-items/{supply_id}", headers=world.sme_key,
                 json={"description": SUPPLY["description"] + " 现货"})
    worker.run_until_idle()
    assert leader_notices() == 1  # still the same pair above the threshold: not news
    client.patch(f"/api/v1/supply-items/{supply_id}", headers=world.sme_key,
                 json={"product_name": "注塑模具", "part_numbers": [], "description": "汽车内饰件 注塑模具 开发"})
    worker.run_until_idle()
    assert leader_notices() == 1
    client.patch(f"/api/v1/supply-items/{supply_id}", headers=world.sme_key,
                 json={"product_name": SUPPLY["product_name"], "part_numbers": SUPPLY["part_numbers"],
                       "description": SUPPLY["description"]})
    worker.run_until_idle()
    assert leader_notices() == 2  # fell below, rose past it again: told again


def test_an_sme_hears_of_confidential_demand_without_its_leader(client, world, worker, smtp, receiver,
                                                                db_session) -> None:
    receiver.secret = _endpoint(client, world.sme_key, receiver.url)["secret"]
    demand = client.post("/api/v1/demand-items", headers=world.leader_key, json={**DEMAND, "confidential": True})
    assert demand.status_code == 201, demand.text
    client.post("/api/v1/supply-items", headers=world.sme_key, json=SUPPLY)
    worker.run_until_idle()
    notice = client.get("/api/v1/notifications", headers=world.sme_key).json()["items"][0]
    shown_id = demand.json()["id"]  # the leader sees its row id; the SME must see the public reference
    assert notice["data"]["demand_item_id"] != shown_id
    assert client.get(f"/api/v1/demand-items/{notice['data']['demand_item_id']}",
                      headers=world.sme_key).status_code == 200
    sme_mail = [m for m in smtp.messages if m["To"] == "sales@yuxin.example"][0]
    everything = [str(notice), receiver.received[0].body.decode(), sme_mail.get_body(("plain",)).get_content(),
                  sme_mail["Subject"]]
    for text in everything:
        assert "长安动力总成" not in text
    assert "某链主企业" in notice["body"] and notice["data"]["leader_name"] is None


def test_each_enterprise_reads_and_changes_only_its_own(client, world, db_session, notify_settings,
                                                      receiver) -> None:
    mine = notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title="活动邀请", body="一",
                  data={})
    db_session.commit()
    assert client.put(f"/api/v1/notifications/{mine.id}/read", headers=world.other_leader_key,
                      json={"read": True}).status_code == 404
    assert client.put(f"/api/v1/notifications/{mine.id}/read", headers=world.sme_key,
                      json={"read": True}).status_code == 404
    own = client.put(f"/api/v1/notifications/{mine.id}/read", headers=world.leader_key, json={"read": True})
    assert own.status_code == 200 and own.json()["read"] is True
    assert client.get("/api/v1/notifications", headers=world.leader_key).json()["unread"] == 0
    endpoint = client.post("/api/v1/webhook-endpoints", headers=world.operator_key,
                           json={"url": receiver.url, "enterprise_id": world.leader.id})
    assert endpoint.status_code == 201, endpoint.text
    endpoint_id = endpoint.json()["id"]
    assert [e["id"] for e in client.get("/api/v1/webhook-endpoints", headers=world.leader_key).json()] == [endpoint_id]
    assert client.get("/api/v1/webhook-endpoints", headers=world.other_leader_key).json() == []
    assert client.patch(f"/api/v1/webhook-endpoints/{endpoint_id}", headers=world.sme_key,
                        json={"enabled": False}).status_code == 404
    assert client.post(f"/api/v1/webhook-endpoints/{endpoint_id}/rotate-secret",
                       headers=world.other_leader_key).status_code == 404
    assert client.delete(f"/api/v1/webhook-endpoints/{endpoint_id}", headers=world.sme_key).status_code == 404
    assert client.post("/api/v1/webhook-endpoints", headers=world.sme_key,
                       json={"url": receiver.url, "enterprise_id": world.leader.id}).status_code == 403
    assert client.get("/api/v1/subscriptions", headers=world.organizer_key).status_code == 403
    assert client.get("/api/v1/deliveries", headers=world.other_leader_key).json()["total"] == 0


def test_subscriptions_have_defaults_and_an_unsubscribed_kind_sends_no_mail(client, world, worker, smtp,
                                                                            db_session, make_key) -> None:
    from app.models import User

    user = db_session.scalar(select(User).where(User.login == "buyer@changan.example"))
    user_headers = {"Authorization": "Bearer " + _identity_secret(db_session, user)}
    subs = client.get("/api/v1/subscriptions", headers=user_headers).json()
    pairs = {(s["kind"], s["channel"]): s for s in subs}
    assert pairs[("supplier_fit", "inbox")]["enabled"] and pairs[("supplier_fit", "email")]["enabled"]
    assert pairs[("supplier_fit", "email")]["min_match_percent"] == 50
    assert ("demand_fit", "inbox") not in pairs  # a leader has no products
    bad = client.put("/api/v1/subscriptions", headers=user_headers,
                     json={"kind": "supplier_fit", "channel": "email", "enabled": True, "min_match_percent": 5})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "min_match_percent"
    off = client.put("/api/v1/subscriptions", headers=user_headers,
                     json={"kind": "event", "channel": "email", "enabled": False})
    assert off.status_code == 200 and off.json()["enabled"] is False
    notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title="活动邀请", body="一", data={})
    db_session.commit()
    worker.run_until_idle()
    assert smtp.messages == []
    assert client.get("/api/v1/notifications", headers=world.leader_key).json()["total"] == 1


def _identity_secret(db_session, user) -> str:
    """A fresh secret for the user's identity key (the real one was never kept): re-key it for the test."""
    from app.models import ApiKey
    from app.services.auth import hash_key

    secret = "cm_test_identity_" + str(user.id) + "_" + "x" * 20
    key = db_session.get(ApiKey, user.identity_key_id)
    key.key_hash = hash_key(secret)
    db_session.commit()
    return secret


def test_nothing_is_written_when_the_causing_request_fails(client, world, db_session) -> None:
    client.post("/api/v1/demand-items", headers=world.leader_key, json=DEMAND)
    duplicate = client.post("/api/v1/demand-items", headers=world.leader_key, json=DEMAND)
    assert duplicate.status_code == 409
    assert db_session.scalar(select(Notification.id)) is None


def test_matching_notices_beyond_the_hourly_allowance_stay_in_the_inbox(client, world, worker, smtp, receiver,
                                                                        db_session, monkeypatch) -> None:
    receiver.secret = _endpoint(client, world.leader_key, receiver.url)["secret"]
    monkeypatch.setenv("CHAINMATCH_NOTIFY_MATCH_PER_HOUR", "2")
    get_settings.cache_clear()
    for n in range(3):
        notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.SUPPLIER_FIT, title=f"新供应商 {n}",
               body="匹配", data={}, match_percent=90.0)
    below = notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.SUPPLIER_FIT, title="匹配度不足",
                   body="匹配", data={}, match_percent=40.0)
    db_session.commit()
    worker.run_until_idle()
    assert below is None  # under every subscription's threshold: nobody is told
    assert client.get("/api/v1/notifications", headers=world.leader_key).json()["total"] == 3
    assert sorted(p["data"]["title"] for p in receiver.payloads()) == ["新供应商 0", "新供应商 1"]
    assert len([m for m in smtp.messages if m["To"] == "buyer@changan.example"]) == 2


def test_quiet_hours_hold_mail_and_webhooks_back_but_not_the_inbox(client, world, worker, smtp, receiver,
                                                                    db_session) -> None:
    from app.models.items import PROGRAMME_TIMEZONE

    receiver.secret = _endpoint(client, world.leader_key, receiver.url)["secret"]
    local = datetime.now(PROGRAMME_TIMEZONE)
    start, end = (local - timedelta(hours=1)).strftime("%H:%M"), (local + timedelta(hours=1)).strftime("%H:%M")
    bad = client.put("/api/v1/notification-preferences", headers=world.leader_key,
                     json={"quiet_start": "25:00", "quiet_end": end})
    assert bad.status_code == 422 and bad.json()["error"] == "quiet_hours_invalid"
    assert bad.json()["detail"][0]["field"] == "quiet_start"
    half = client.put("/api/v1/notification-preferences", headers=world.leader_key, json={"quiet_start": start})
    assert half.status_code == 422 and half.json()["detail"][0]["field"] == "quiet_end"
    ok = client.put("/api/v1/notification-preferences", headers=world.leader_key,
                    json={"quiet_start": start, "quiet_end": end})
    assert ok.status_code == 200 and ok.json()["quiet_start"] == start
    assert client.get("/api/v1/notification-preferences", headers=world.other_leader_key).json()["quiet_start"] is None

    notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title="活动邀请", body="一", data={})
    db_session.commit()
    worker.run_until_idle()
    assert client.get("/api/v1/notifications", headers=world.leader_key).json()["total"] == 1
    assert receiver.received == [] and smtp.messages == []
    held = db_session.scalars(select(NotificationDelivery.next_attempt_at)).all()
    assert len(held) == 2
    for due in held:
        due = due if due.tzinfo else due.replace(tzinfo=UTC)
        assert timedelta(minutes=58) < due - datetime.now(UTC) <= timedelta(hours=1)


def test_quiet_hours_may_run_past_midnight() -> None:
    from app.models import NotificationPreference
    from app.models.items import PROGRAMME_TIMEZONE
    from app.services.notifications.subscriptions import hold_until

    prefs = NotificationPreference(enterprise_id=1, quiet_start=22 * 60, quiet_end=7 * 60, digest_hour=8)

    def at(day: int, hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 3, day, hour, minute, tzinfo=PROGRAMME_TIMEZONE).astimezone(UTC)

    assert hold_until(prefs, at(10, 23, 30)) == at(11, 7)
    assert hold_until(prefs, at(11, 6)) == at(11, 7)
    assert hold_until(prefs, at(11, 12)) == at(11, 12)
    assert hold_until(prefs, at(11, 7)) == at(11, 7)  # the end itself is no longer quiet


def test_a_digest_subscriber_gets_one_mail_a_day_listing_the_notices(client, world, worker, smtp, db_session) -> None:
    from app.models import User

    user = db_session.scalar(select(User).where(User.login == "buyer@changan.example"))
    user_headers = {"Authorization": "Bearer " + _identity_secret(db_session, user)}
    inbox_digest = client.put("/api/v1/subscriptions", headers=user_headers,
                              json={"kind": "event", "channel": "inbox", "enabled": True, "digest": True})
    assert inbox_digest.status_code == 422 and inbox_digest.json()["error"] == "subscription_digest_email_only"
    chosen = client.put("/api/v1/subscriptions", headers=user_headers,
                        json={"kind": "event", "channel": "email", "enabled": True, "digest": True})
    assert chosen.status_code == 200 and chosen.json()["digest"] is True
    for n in range(3):
        notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title=f"活动邀请 {n}", body="一",
               data={})
    db_session.commit()
    worker.run_until_idle()
    assert smtp.messages == []  # nothing by the notice: it waits for the digest

    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert worker.write_digests(now=tomorrow) == 1
    assert worker.write_digests(now=tomorrow) == 0  # once a day
    worker.run_until_idle()
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail["Subject"] == "【产业链供需对接】每日汇总：对接活动邀请与日程（3 条）"
    text = mail.get_body(("plain",)).get_content()
    assert all(f"活动邀请 {n}" in text for n in range(3)) and "/account/unsubscribe/" in mail["List-Unsubscribe"]
    # the digest is no inbox entry of its own
    assert client.get("/api/v1/notifications", headers=world.leader_key).json()["total"] == 3


@pytest.mark.parametrize("url", ["ftp://example.com/x", "http://[::1/hook", "http://example.com:99999/",
                                 "https://user:pw@example.com/", "example.com/hook", "http://exa mple.com/"])
def test_malformed_endpoint_urls_answer_422_naming_the_field(client, world, url) -> None:
    response = client.post("/api/v1/webhook-endpoints", headers=world.leader_key, json={"url": url})
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "webhook_url_invalid" and response.json()["detail"][0]["field"] == "url"


def test_a_supplier_the_leader_rejected_is_not_news_again(client, world, worker, db_session) -> None:
    demand_id = client.post("/api/v1/demand-items", headers=world.leader_key, json=DEMAND).json()["id"]
    supply_id = client.post("/api/v1/supply-items", headers=world.sme_key, json=SUPPLY).json()["id"]
    rejected = client.post(f"/api/v1/demand-items/{demand_id}/decisions", headers=world.leader_key,
                           json={"supply_item_id": supply_id, "status": "rejected", "reason": "资质不符"})
    assert rejected.status_code == 200, rejected.text
    worker.run_until_idle()
    assert client.get("/api/v1/notifications", headers=world.leader_key).json()["total"] == 0
    assert [n["kind"] for n in client.get("/api/v1/notifications", headers=world.sme_key).json()["items"]] == []


def test_the_unsubscribe_link_asks_then_stops_that_kind_of_mail(client, world, worker, smtp, db_session) -> None:
    import re

    notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title="活动邀请", body="一", data={})
    db_session.commit()
    worker.run_until_idle()
    link = re.search(r"<[^>]*(/account/unsubscribe/[^>]+)>", smtp.messages[0]["List-Unsubscribe"]).group(1)
    page = client.get(link)
    assert page.status_code == 200 and "确认退订" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    assert client.post(link, data={}).status_code == 403  # no token: a forged form cannot unsubscribe anyone
    done = client.post(link, data={"csrf_token": token})
    assert done.status_code == 200 and "已退订" in done.text and "对接活动邀请与日程" in done.text
    assert client.get("/account/unsubscribe/not-a-token").status_code == 200  # asking reveals nothing
    assert client.post("/account/unsubscribe/not-a-token", data={"csrf_token": token}).status_code == 404

    notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.EVENT, title="活动邀请", body="二", data={})
    notify(db_session, enterprise_id=world.leader.id, kind=NoticeKind.SUPPLIER_FIT, title="新供应商", body="三",
           data={}, match_percent=80.0)
    db_session.commit()
    worker.run_until_idle()
    assert [m["Subject"] for m in smtp.messages[1:]] == ["【产业链供需对接】新供应商"]  # other kinds still come
