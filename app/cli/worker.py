"""``chainmatch worker``: looks for new matches and delivers notifications (e-mail, webhooks, group robots)."""

from __future__ import annotations

import signal
import threading

import click


@click.command("worker", help="通知工作进程：发现新匹配并投递邮件、Webhook 和群机器人消息")
@click.option("--once", is_flag=True, help="处理完当前到期的工作后退出")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="并行发送的线程数")
@click.option("--no-matching", is_flag=True, help="只投递，不查找新匹配（另有工作进程负责匹配时）")
def worker_command(once: bool, threads: int, no_matching: bool) -> None:
    from app.core.config import get_settings
    from app.core.db import create_db_engine, create_session_factory
    from app.core.logging import configure_logging

    settings = get_settings()
    configure_logging(json_lines=settings.log_json, level=settings.log_level)
    engine = create_db_engine(settings)
    session_factory = create_session_factory(engine)
    stop = threading.Event()
    worker = build_worker(session_factory=session_factory, settings=settings, threads=threads,
                          matching=not no_matching)
    if once:
        worker.run_until_idle(timeout=3600)
        worker.close()
        click.echo("通知工作进程：当前到期的工作已完成")
        return
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    click.echo("通知工作进程已启动（Ctrl+C 停止）")
    worker.run(stop)
    engine.dispose()


def build_worker(*, session_factory, settings, threads: int = 8, matching: bool = True):
    from app.services.matching_index import MatchingIndexes
    from app.services.notifications.worker import NotificationWorker

    index = None
    if matching:
        index = MatchingIndexes(session_factory=session_factory, settings=settings)
        index.start()
    return NotificationWorker(session_factory=session_factory, settings=settings, index=index, threads=threads)


def start_in_thread(*, session_factory, settings) -> tuple[threading.Thread, threading.Event]:
    """The worker beside the web server (``chainmatch serve/demo --with-worker``), stopped with the returned event."""
    stop = threading.Event()

    def run() -> None:
        build_worker(session_factory=session_factory, settings=settings).run(stop)

    thread = threading.Thread(target=run, name="notification-worker", daemon=True)
    thread.start()
    return thread, stop
