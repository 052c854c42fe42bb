"""What goes on the wire: the e-mail (Chinese subject, plain text and HTML, an unsubscribe link), the Standard
Webhooks request (``webhook-id`` / ``webhook-timestamp`` / ``webhook-signature``), and the message a 企业微信 or
钉钉 group robot posts; and the senders, which keep their connections between messages.
"""

from __future__ import annotations

import json
import smtplib
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape
from typing import Any

import httpx

from app.core.config import Settings
from app.models import Notification, WebhookEndpoint, WebhookFormat
from app.services.notifications import ssrf

USER_AGENT = "chainmatch-webhooks/1"
ROBOT_KEYWORD = "产业链供需对接"


@dataclass(frozen=True)
class SendResult:
    ok: bool
    status_code: int | None = None
    error: str | None = None
    retry_after: float | None = None   # seconds the receiver asked us to wait
    gone: bool = False                  # 410: the receiver will never take messages again
    refused: bool = False               # the address is not one we may reach: retrying will not help


def absolute(settings: Settings, link: str | None) -> str | None:
    if not link:
        return None
    return settings.public_base_url.rstrip("/") + link if link.startswith("/") else link


# --- e-mail ------------------------------------------------------------------------------------------------------
def email_message(notification: Notification, *, to: str, unsubscribe_token: str | None,
                  settings: Settings) -> EmailMessage:
    link = absolute(settings, notification.link)
    unsubscribe = (absolute(settings, f"/account/unsubscribe/{unsubscribe_token}")
                   if unsubscribe_token else None)
    message = EmailMessage()
    message["Subject"] = f"【产业链供需对接】{notification.title}"
    message["From"] = settings.smtp_sender
    message["To"] = to
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(idstring=notification.event_id, domain="chainmatch.local")
    # The notice's id, so a reader (or a mail filter) can tell a resent notice from a new one.
    message["X-Chainmatch-Event-Id"] = notification.event_id
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
    lines = [notification.title, "", notification.body]
    if link:
        lines += ["", f"查看详情：{link}"]
    if unsubscribe:
        lines += ["", "—", f"不想再收到此类邮件？退订：{unsubscribe}"]
    message.set_content("\n".join(lines))
    body_html = "".join(f"<p>{escape(p)}</p>" for p in notification.body.split("\n") if p.strip())
    html = (f"<html><body><h2>{escape(notification.title)}</h2>{body_html}"
            + (f'<p><a href="{escape(link)}">查看详情</a></p>' if link else "")
            + (f'<hr><p style="color:#666">不想再收到此类邮件？<a href="{escape(unsubscribe)}">退订</a></p>'
               if unsubscribe else "")
            + "</body></html>")
    message.add_alternative(html, subtype="html")
    return message


class SmtpSender:
    """One SMTP connection per thread, kept open between messages and reopened after an error."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._local = threading.local()

    def _connection(self) -> smtplib.SMTP:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            return connection
        s = self.settings
        timeout = s.notify_timeout_seconds
        if s.smtp_tls == "ssl":
            connection = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=timeout,
                                          context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=timeout)
            if s.smtp_tls == "starttls":
                connection.starttls(context=ssl.create_default_context())
        if s.smtp_user:
            connection.login(s.smtp_user, s.smtp_password or "")
        self._local.connection = connection
        return connection

    def send(self, message: EmailMessage) -> SendResult:
        if not self.settings.smtp_host:
            return SendResult(ok=False, error="未配置 SMTP 服务器 (CHAINMATCH_SMTP_HOST unset)")
        for attempt in (1, 2):  # a kept connection the server closed meanwhile: reconnect once
            try:
                self._connection().send_message(message)
                return SendResult(ok=True, status_code=250)
            except smtplib.SMTPRecipientsRefused as exc:
                return SendResult(ok=False, error=f"收件人被拒绝: {exc.recipients}"[:500])
            except (smtplib.SMTPException, OSError) as exc:
                self._drop()
                if attempt == 2 or not isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError):
                    code = getattr(exc, "smtp_code", None)
                    return SendResult(ok=False, status_code=code, error=f"{type(exc).__name__}: {exc}"[:500])
        raise AssertionError("unreachable")

    def _drop(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            try:
                connection.close()
            except OSError:
                pass

    def close(self) -> None:
        self._drop()


# --- webhooks ----------------------------------------------------------------------------------------------------
def payload(notification: Notification) -> dict[str, Any]:
    """The Standard Webhooks payload: ``type``, ``timestamp`` (when the notice was written) and ``data``."""
    created = notification.created_at
    if created.tzinfo is None:  # SQLite hands back naive UTC
        created = created.replace(tzinfo=UTC)
    return {"type": f"chainmatch.{notification.kind.value}", "timestamp": created.isoformat(),
            "data": {"title": notification.title, "body": notification.body, "link": notification.link,
                     **(notification.data or {})}}


def robot_message(notification: Notification, endpoint: WebhookEndpoint, settings: Settings) -> dict[str, Any]:
    """The JSON a 企业微信 or 钉钉 group robot posts as a markdown message."""
    link = absolute(settings, notification.link)
    text = f"### {notification.title}\n\n" + notification.body.replace("\n", "\n\n")
    if link:
        text += f"\n\n[查看详情]({link})"
    # A fixed signature: a group robot secured by 自定义关键词 posts only messages holding its keyword.
    text += f"\n\n> {ROBOT_KEYWORD}"
    if endpoint.format is WebhookFormat.DINGTALK:
        return {"msgtype": "markdown", "markdown": {"title": notification.title, "text": text}}
    return {"msgtype": "markdown", "markdown": {"content": text}}


def signature(endpoint: WebhookEndpoint, *, msg_id: str, timestamp: datetime, body: bytes,
              now: datetime | None = None) -> str:
    """``v1,<base64>`` with the endpoint's secret; during a rotation also with the previous one, space-separated,
    so a receiver still holding the old secret verifies too."""
    from standardwebhooks import Webhook

    signatures = [Webhook(endpoint.secret).sign(msg_id=msg_id, timestamp=timestamp, data=body)]
    until = endpoint.previous_secret_until
    if until is not None and until.tzinfo is None:
        until = until.replace(tzinfo=UTC)
    if endpoint.previous_secret and until is not None and (now or datetime.now(UTC)) < until:
        signatures.append(Webhook(endpoint.previous_secret).sign(msg_id=msg_id, timestamp=timestamp, data=body))
    return " ".join(signatures)


def webhook_request(notification: Notification, endpoint: WebhookEndpoint,
                    settings: Settings) -> tuple[bytes, dict[str, str]]:
    if endpoint.format is WebhookFormat.STANDARD:
        body = json.dumps(payload(notification), ensure_ascii=False, separators=(",", ":")).encode()
        now = datetime.now(UTC)
        headers = {"content-type": "application/json", "webhook-id": notification.event_id,
                   "webhook-timestamp": str(int(now.timestamp())),
                   "webhook-signature": signature(endpoint, msg_id=notification.event_id, timestamp=now, body=body)}
    else:
        body = json.dumps(robot_message(notification, endpoint, settings), ensure_ascii=False).encode()
        headers = {"content-type": "application/json"}
    return body, headers


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        from email.utils import parsedate_to_datetime

        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


class WebhookSender:
    """One HTTP client (its connection pool) for all endpoints; every request goes to a checked, pinned address."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = httpx.Client(timeout=settings.notify_timeout_seconds, follow_redirects=False,
                                   headers={"user-agent": USER_AGENT},
                                   limits=httpx.Limits(max_connections=32, max_keepalive_connections=32))

    def send(self, notification: Notification, endpoint: WebhookEndpoint) -> SendResult:
        try:
            pinned = ssrf.resolve(endpoint.url, self.settings.notify_allowed_private)
        except ssrf.AddressRefused as exc:
            return SendResult(ok=False, error=str(exc)[:500], refused=True)
        body, headers = webhook_request(notification, endpoint, self.settings)
        headers["host"] = pinned.host_header
        extensions = {"sni_hostname": pinned.sni_hostname} if pinned.url.startswith("https") else {}
        try:
            with self.client.stream("POST", pinned.url, content=body, headers=headers,
                                    extensions=extensions) as response:
                code = response.status_code
                answer = _read_capped(response) if endpoint.format is not WebhookFormat.STANDARD else b""
                retry_after = _retry_after(response.headers.get("retry-after"))
        except httpx.HTTPError as exc:
            return SendResult(ok=False, error=f"{type(exc).__name__}: {exc}"[:500])
        if 200 <= code < 300:
            if endpoint.format is not WebhookFormat.STANDARD:
                return _robot_result(code, answer)
            return SendResult(ok=True, status_code=code)
        return SendResult(ok=False, status_code=code, error=f"HTTP {code}", gone=code == 410, retry_after=retry_after)

    def close(self) -> None:
        self.client.close()


# A receiver's answer is read at most this far: a robot's JSON verdict is small, and a hostile endpoint must not
# make the worker hold a large body.
ANSWER_MAX_BYTES = 64 * 1024


def _read_capped(response: httpx.Response) -> bytes:
    data = bytearray()
    for chunk in response.iter_bytes():
        data += chunk
        if len(data) >= ANSWER_MAX_BYTES:
            break
    return bytes(data[:ANSWER_MAX_BYTES])


def _robot_result(code: int, answer_bytes: bytes) -> SendResult:
    # Both robots answer 200 and put the outcome in the body: errcode 0 is success.
    try:
        answer = json.loads(answer_bytes)
    except ValueError:
        return SendResult(ok=True, status_code=code)
    errcode = answer.get("errcode", 0) if isinstance(answer, dict) else 0
    if errcode in (0, None):
        return SendResult(ok=True, status_code=code)
    return SendResult(ok=False, status_code=code,
                      error=f"机器人返回错误 errcode={errcode}: {str(answer.get('errmsg', ''))[:200]}")


def monotonic_ms(start: float) -> float:
    return (time.monotonic() - start) * 1000.0
