"""``chainmatch worker``: looks for new matches and delivers notifications (e-mail, webhooks, group robots)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import click


@click.command("worker", help="通知工作进程：发现新匹配并投递邮件、Webhook 和群机器人消息")
@click.option("--once", is_flag=True, help="处理完当前到期的工作后退出")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="并行发送的线程数")
@click.option("--no-matching", is_flag=True, help="只投递，不查找新匹配（另有工作进程负责匹配时）")
@click.option("--parent-pid", type=int, default=None, hidden=True)
def worker_command(once: bool, threads: int, no_matching: bool, parent_pid: int | None) -> None:
    from app.cli.database import open_database
    from app.core.config import get_settings
    from app.core.db import create_session_factory
    from app.core.logging import configure_logging

    settings = get_settings()
    engine = open_database(settings)  # a missing or unmigrated database: one Chinese line, exit code 2
    configure_logging(json_lines=settings.log_json, level=settings.log_level)
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
    if parent_pid is not None:
        # Started by serve/demo: uvicorn ends its process by re-raising the signal it caught, which skips every
        # ``finally`` there, so the worker watches for its parent to be gone instead of waiting to be told.
        threading.Thread(target=_follow_parent, args=(parent_pid, stop), daemon=True).start()
    click.echo("通知工作进程已启动（Ctrl+C 停止）")
    worker.run(stop)
    engine.dispose()


def build_worker(*, session_factory, settings, threads: int = 8, matching: bool = True):
    from app.services.notifications.worker import NotificationWorker
    from app.services.ranking.matching_index import MatchingIndexes

    index = None
    if matching:
        index = MatchingIndexes(session_factory=session_factory, settings=settings)
        index.start()
    return NotificationWorker(session_factory=session_factory, settings=settings, index=index, threads=threads)


def _follow_parent(parent_pid: int, stop: threading.Event) -> None:
    while not stop.wait(1.0):
        if os.getppid() != parent_pid:
            stop.set()


def spawn_worker() -> subprocess.Popen:
    """``chainmatch worker`` as a child process of ``serve`` / ``demo --with-worker``: its own interpreter (sends and
    matching never compete with the web server for the GIL), ended with the server (:func:`end_worker`)."""
    return subprocess.Popen([sys.executable, "-c", "from app.cli import main; main()", "worker",
                             "--parent-pid", str(os.getpid())])


def end_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # SIGTERM: the worker finishes its batch and stops; a claimed row's lease covers the rest
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
