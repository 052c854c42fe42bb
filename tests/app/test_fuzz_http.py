"""Schemathesis over HTTP against the served application — a uvicorn subprocess, not in-process — with an operator
key and with an SME key, including the stateful phase (links between operations: create, then read, patch and
delete what was created). No request may answer a server error.

This is what the in-process suite (``test_fuzz_api.py``) cannot see: the real server's parsing of raw requests,
the middleware on the wire, and a database whose rows persist between requests. It runs on the suite's database
(SQLite by default, PostgreSQL when ``DATABASE_URL`` says so; CI runs both), on a database of its own.
Bounded for CI (about a minute each): ``CHAINMATCH_HTTP_FUZZ_EXAMPLES`` per operation (default 2),
``CHAINMATCH_HTTP_FUZZ_STEPS`` stateful runs (default 15).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import checks
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

from app.core import migrate
from app.core.config import Settings
from app.models import ApiRole, Enterprise, EnterpriseRole
from app.schemas.validators import make_credit_code
from app.services.auth import create_api_key
from tests.faults.procs import free_port

pytestmark = pytest.mark.http_fuzz

PORT = free_port()  # two runs on one machine (SQLite and PostgreSQL CI halves, a developer) must not collide
BASE_URL = f"http://127.0.0.1:{PORT}"
EXAMPLES = int(os.environ.get("CHAINMATCH_HTTP_FUZZ_EXAMPLES", "2"))
STEPS = int(os.environ.get("CHAINMATCH_HTTP_FUZZ_STEPS", "15"))
CHECKS = [checks.not_a_server_error]


def _own_database(settings: Settings, tmp_path: Path) -> tuple[str, object]:
    if settings.is_sqlite:
        return f"sqlite:///{tmp_path / 'fuzz.db'}", None
    url = make_url(settings.database_url)
    name = f"{url.database}_http_fuzz"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return url.set(database=name).render_as_string(hide_password=False), (admin, name)


@pytest.fixture(scope="module")
def served(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, str]]]:
    tmp_path = tmp_path_factory.mktemp("http_fuzz")
    database_url, cleanup = _own_database(settings, tmp_path)
    migrate.upgrade(database_url)
    engine = create_engine(Settings(DATABASE_URL=database_url).database_url)
    with Session(engine) as db_session:
        sme = Enterprise(name="重庆模糊测试配套有限公司", credit_code=make_credit_code("91500000FX1"),
                         role=EnterpriseRole.SME)
        db_session.add(sme)
        db_session.flush()
        keys = {}
        for role, enterprise_id in ((ApiRole.OPERATOR, None), (ApiRole.SME, sme.id)):
            _, secret = create_api_key(db_session=db_session, role=role, enterprise_id=enterprise_id)
            keys[role.value] = {"Authorization": f"Bearer {secret}"}
        db_session.commit()
    engine.dispose()
    env = {**os.environ, "DATABASE_URL": database_url, "CHAINMATCH_RATE_LIMIT_ENABLED": "false",
           "CHAINMATCH_LOG_JSON": "false", "CHAINMATCH_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(PORT), "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{BASE_URL}/health/live", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.5)
        yield keys
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        if cleanup is not None:
            admin, name = cleanup
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


@pytest.fixture(scope="module")
def schema(served):
    return schemathesis.openapi.from_url(f"{BASE_URL}/openapi.json")


@pytest.mark.parametrize("role", ["operator", "sme"])
def test_every_operation_over_http_answers_without_a_server_error(schema, served, role) -> None:
    headers = served[role]
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    operations = 0
    for result in schema.get_all_operations():
        operations += 1
        operation = result.ok()

        @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                             phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def exercise(case) -> None:
            case.headers = {**(case.headers or {}), **headers}
            response = case.call(base_url=BASE_URL)
            statuses[response.status_code // 100 * 100] += 1
            case.validate_response(response, checks=CHECKS)

        try:
            exercise()
        except Unsatisfiable:
            continue
        except Exception as exc:  # collect every operation's finding, not only the first
            failures.append(f"{operation.label}: {str(exc)[:400]}")
    assert not failures, "\n".join(failures)
    assert operations >= 60 and sum(statuses.values()) >= operations, statuses  # it did reach the server
    assert statuses[200] > 0 and statuses[400] > 0, statuses


@pytest.mark.parametrize("role", ["operator", "sme"])
def test_stateful_sequences_over_http_answer_without_a_server_error(schema, served, role) -> None:
    headers = served[role]
    machine = schema.as_state_machine()

    class Machine(machine):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case):
            return {"headers": headers, "base_url": BASE_URL}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    run_state_machine_as_test(Machine, settings=hypothesis_settings(
        max_examples=STEPS, stateful_step_count=8, deadline=None, database=None, derandomize=True,
        suppress_health_check=list(HealthCheck)))
