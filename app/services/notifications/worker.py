"""``chainmatch worker``: find new matches, claim due deliveries, send them, record every attempt.

Claiming moves a delivery's ``next_attempt_at`` a lease ahead in a short transaction of its own (``FOR UPDATE SKIP
LOCKED`` on PostgreSQL, so several workers never take the same row; SQLite runs one worker). The sends happen outside
any transaction, a few at a time on a thread pool over kept connections; their outcomes are written together. A
worker killed in between leaves its claimed rows to come due again when the lease ends: every notice is sent at
least once, and a repeat carries the same ``webhook-id``.

Retries follow ``Settings.notify_retry_schedule`` with ±20 % jitter, and never sooner than a ``Retry-After`` asked.
A 410 disables the endpoint at once, ``notify_disable_after_failures`` failures in a row too; its owner is told.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.models import (
    Channel,
    DeliveryAttempt,
    DeliveryStatus,
    NoticeKind,
    Notification,
    NotificationDelivery,
    NotificationSubscription,
    WebhookEndpoint,
)
from app.models.base import utcnow
from app.services.notifications import channels
from app.services.notifications.outbox import WAKE_CHANNEL, notify

logger = logging.getLogger(__name__)
JITTER = 0.2
DIGEST_CHECK_SECONDS = 60.0


def retry_delay(settings: Settings, attempts: int, retry_after: float | None, *, rng: random.Random) -> float | None:
    """Seconds until the next try after ``attempts`` failed ones; None when the schedule is used up."""
    schedule = settings.notify_retry_schedule
    if attempts > len(schedule):
        return None
    delay = schedule[attempts - 1] * (1 + rng.uniform(-JITTER, JITTER))
    if retry_after is not None:
        # Honoured, within the schedule's longest wait: a receiver cannot park a delivery for a year.
        delay = max(delay, min(retry_after, max(schedule)))
    return delay


class _Waker:
    """Wait for work: on PostgreSQL a LISTEN connection wakes the worker when a notice commits; else a short sleep."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._connection = None

    def wait(self, timeout: float) -> None:
        if self.settings.is_sqlite:
            time.sleep(timeout)
            return
        try:
            if self._connection is None or self._connection.closed:
                import psycopg

                url = self.settings.database_url.replace("postgresql+psycopg://", "postgresql://")
                self._connection = psycopg.connect(url, autocommit=True)
                self._connection.execute(f"LISTEN {WAKE_CHANNEL}")
            for _ in self._connection.notifies(timeout=timeout, stop_after=1):
                pass
        except Exception:  # noqa: BLE001 - a lost LISTEN connection only means polling until it is back
            logger.warning("通知工作进程：LISTEN 连接中断，改为轮询 (LISTEN connection lost)", exc_info=True)
            self.close()
            time.sleep(timeout)

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:  # noqa: BLE001
                pass
            self._connection = None


class NotificationWorker:
    def __init__(self, *, session_factory: Callable[[], Session], settings: Settings, index=None,
                 threads: int = 8, rng: random.Random | None = None) -> None:
        self.session_factory = session_factory
        self.settings = settings
        self.index = index  # MatchingIndexes, or None: deliver only
        self.rng = rng or random.Random()
        self.smtp = channels.SmtpSender(settings)
        self.webhooks = channels.WebhookSender(settings)
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="notify-send")
        self.waker = _Waker(settings)
        self._next_digest_check = utcnow()

    # --- the loop ---------------------------------------------------------------------------------------------
    def run(self, stop: threading.Event) -> None:
        logger.info("通知工作进程已启动 (notification worker started)")
        while not stop.is_set():
            try:
                worked = self.run_once()
            except SQLAlchemyError:
                # The database went away (restarted, failed over): nothing claimed is lost, the lease brings it back.
                logger.warning("通知工作进程：数据库不可用，稍后重试 (database unavailable)", exc_info=True)
                stop.wait(1.0)
                continue
            if not worked:
                self.waker.wait(self.settings.notify_poll_seconds)
        self.close()

    def run_once(self) -> int:
        """One round: look for new matches, write due digests, deliver one batch of due deliveries. Returns the
        work done."""
        worked = self.find_matches() if self.index is not None else 0
        worked += self.write_digests()
        return worked + self.deliver_due()

    def write_digests(self, *, now=None) -> int:
        """Due daily digests, looked for at most once a minute (they are due once a day)."""
        moment = now or utcnow()
        if now is None and moment < self._next_digest_check:
            return 0
        self._next_digest_check = moment + timedelta(seconds=DIGEST_CHECK_SECONDS)
        from app.services.notifications.digests import send_digests

        with self.session_factory() as db_session:
            written = send_digests(db_session, now=moment)
            db_session.commit()
        return written

    def run_until_idle(self, *, timeout: float = 60.0) -> None:
        """Work until nothing is due now (tests, ``chainmatch worker --once``)."""
        deadline = time.monotonic() + timeout
        while self.run_once():
            if time.monotonic() > deadline:
                raise TimeoutError("notification worker still busy")

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.smtp.close()
        self.webhooks.close()
        self.waker.close()

    # --- matching ---------------------------------------------------------------------------------------------
    def find_matches(self) -> int:
        from app.services.notifications.matching import find_new_matches

        with self.session_factory() as db_session:
            looked = find_new_matches(db_session, index=self.index, settings=self.settings)
            db_session.commit()
        return looked

    # --- deliveries -------------------------------------------------------------------------------------------
    def claim(self) -> list[int]:
        now = utcnow()
        with self.session_factory() as db_session:
            query = (select(NotificationDelivery.id)
                     .where(NotificationDelivery.status == DeliveryStatus.PENDING,
                            NotificationDelivery.next_attempt_at <= now)
                     .order_by(NotificationDelivery.next_attempt_at, NotificationDelivery.id)
                     .limit(self.settings.notify_batch_size))
            if db_session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            ids = list(db_session.scalars(query))
            if ids:
                db_session.execute(update(NotificationDelivery).where(NotificationDelivery.id.in_(ids)).values(
                    next_attempt_at=now + timedelta(seconds=self.settings.notify_lease_seconds),
                    attempts=NotificationDelivery.attempts + 1))
            db_session.commit()
        return ids

    def deliver_due(self) -> int:
        ids = self.claim()
        if not ids:
            return 0
        with self.session_factory() as db_session:
            deliveries = list(db_session.scalars(select(NotificationDelivery).where(NotificationDelivery.id.in_(ids))))
            notifications = {n.id: n for n in db_session.scalars(select(Notification).where(
                Notification.id.in_({d.notification_id for d in deliveries})))}
            endpoints = {e.id: e for e in db_session.scalars(select(WebhookEndpoint).where(
                WebhookEndpoint.id.in_({d.endpoint_id for d in deliveries if d.endpoint_id})))}
            tokens = dict(db_session.execute(select(NotificationSubscription.id,
                                                    NotificationSubscription.unsubscribe_token).where(
                NotificationSubscription.id.in_({d.subscription_id for d in deliveries if d.subscription_id}))).all())
            # Read, then let go of the connection while sending: sends must not hold a transaction open. Detached
            # first, so the rows keep what was read instead of being expired by the rollback.
            db_session.expunge_all()
            db_session.rollback()
            jobs = [(d, notifications[d.notification_id], endpoints.get(d.endpoint_id or -1),
                     tokens.get(d.subscription_id)) for d in deliveries]
            results = list(self.pool.map(lambda job: self._send(*job), jobs))
            self._record(db_session, jobs, results)
            db_session.commit()
        return len(ids)

    def _send(self, delivery: NotificationDelivery, notification: Notification, endpoint: WebhookEndpoint | None,
              token: str | None) -> tuple[channels.SendResult, float]:
        start = time.monotonic()
        if delivery.channel is Channel.EMAIL:
            message = channels.email_message(notification, to=delivery.email or "", unsubscribe_token=token,
                                             settings=self.settings)
            result = self.smtp.send(message)
        elif endpoint is None or endpoint.disabled_at is not None:
            result = channels.SendResult(ok=False, error="推送地址已停用或已删除 (endpoint disabled)", refused=True)
        else:
            result = self.webhooks.send(notification, endpoint)
        return result, channels.monotonic_ms(start)

    def _record(self, db_session: Session, jobs, results) -> None:
        """Write a batch's outcomes in few statements: the attempts in one insert, the deliveries that arrived in
        one update; only failures are written one by one (each has its own next try)."""
        now = utcnow()
        attempts, delivered = [], []
        failed_per_endpoint: dict[int, list[channels.SendResult]] = {}
        succeeded_endpoints: dict[int, WebhookEndpoint] = {}
        endpoint_of: dict[int, WebhookEndpoint] = {}
        for (delivery, _notification, endpoint, _token), (result, duration) in zip(jobs, results, strict=True):
            attempts.append({"delivery_id": delivery.id, "attempted_at": now, "status_code": result.status_code,
                             "error": result.error, "duration_ms": duration})
            if result.ok:
                delivered.append(delivery.id)
            else:
                values: dict = {"last_error": result.error}
                if result.refused or result.gone:
                    values["status"] = DeliveryStatus.FAILED
                else:
                    delay = retry_delay(self.settings, delivery.attempts, result.retry_after, rng=self.rng)
                    values |= ({"status": DeliveryStatus.FAILED} if delay is None
                               else {"next_attempt_at": now + timedelta(seconds=delay)})
                db_session.execute(update(NotificationDelivery).where(NotificationDelivery.id == delivery.id)
                                   .values(**values))
            if endpoint is not None and delivery.channel is Channel.WEBHOOK and not result.refused:
                endpoint_of[endpoint.id] = endpoint
                if result.ok:
                    succeeded_endpoints[endpoint.id] = endpoint
                else:
                    failed_per_endpoint.setdefault(endpoint.id, []).append(result)
        if attempts:
            db_session.execute(insert(DeliveryAttempt), attempts)
        if delivered:
            db_session.execute(update(NotificationDelivery).where(NotificationDelivery.id.in_(delivered)).values(
                status=DeliveryStatus.DELIVERED, delivered_at=now, last_error=None))
        table = WebhookEndpoint.__table__
        reset = [i for i in succeeded_endpoints if i not in failed_per_endpoint]
        if reset:
            db_session.execute(update(table).where(table.c.id.in_(reset), table.c.consecutive_failures != 0)
                               .values(consecutive_failures=0))
        for endpoint_id, failures in failed_per_endpoint.items():
            count = db_session.execute(update(table).where(table.c.id == endpoint_id)
                                       .values(consecutive_failures=table.c.consecutive_failures + len(failures))
                                       .returning(table.c.consecutive_failures)).scalar_one_or_none() or 0
            if any(f.gone for f in failures):
                reason = "接收方返回 410（地址已失效）(the receiver answered 410 Gone)"
            elif count >= self.settings.notify_disable_after_failures:
                reason = f"连续 {count} 次推送失败 ({count} failures in a row)"
            else:
                continue
            self._disable(db_session, endpoint_of[endpoint_id], reason, now)

    def _disable(self, db_session: Session, endpoint: WebhookEndpoint, reason: str, now) -> None:
        table = WebhookEndpoint.__table__
        changed = db_session.execute(update(table).where(table.c.id == endpoint.id, table.c.disabled_at.is_(None))
                                     .values(disabled_at=now, disabled_reason=reason[:300])).rowcount
        if not changed:
            return  # another round disabled it already; its owner was told then
        db_session.execute(update(NotificationDelivery).where(
            NotificationDelivery.endpoint_id == endpoint.id, NotificationDelivery.status == DeliveryStatus.PENDING)
            .values(status=DeliveryStatus.FAILED, last_error="推送地址已停用 (endpoint disabled)"))
        logger.warning("推送地址 %s 已停用：%s (endpoint disabled)", endpoint.id, reason)
        notify(db_session, enterprise_id=endpoint.enterprise_id, kind=NoticeKind.ENDPOINT,
               title="推送地址已停用",
               body=f"推送地址（编号 {endpoint.id}）已停用：{reason}。修正后可在「消息订阅」页面重新启用，并重新发送未送达的消息。",
               link="/account/notifications/settings",
               data={"endpoint_id": endpoint.id, "reason": reason})
