"""The ``chainmatch`` command. Every sub-command reads DATABASE_URL (default: an SQLite file here)."""

from __future__ import annotations

import click

from app.cli.demo import demo_command
from app.cli.evaluate import evaluate_command
from app.cli.events import event_command
from app.cli.imports import import_command
from app.cli.keys import keys_command
from app.cli.learn import learn_command
from app.cli.match import match_command
from app.cli.serve import migrate_command, serve_command
from app.cli.users import users_command


@click.group(help="chainmatch —— 产业链供需对接服务 (supply–demand matching for industrial chains)")
def main() -> None:
    pass


main.add_command(serve_command)
main.add_command(migrate_command)
main.add_command(evaluate_command)
main.add_command(keys_command)
main.add_command(import_command)
main.add_command(demo_command)
main.add_command(match_command)
main.add_command(learn_command)
main.add_command(event_command)
main.add_command(users_command)
