"""``chainmatch keys``: a new key is printed alone on the last line, works against the API, and can be
listed and revoked. The CLI reads DATABASE_URL through get_settings and migrates the database itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from app.cli import main
from app.core.config import get_settings
from app.main import create_app


@pytest.fixture
def cli_database(settings, tmp_path, monkeypatch) -> Iterator[str]:
    """A fresh SQLite file of its own: the CLI commits, so it must not share the suite's rolled-back database.
    (``settings`` first, so the suite's own database URL is read before DATABASE_URL is changed here.)"""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def test_create_operator_key_prints_it_last_and_it_works(cli_database) -> None:
    result = _run("keys", "create", "--role", "operator", "--label", "张三")
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    assert secret.startswith("cm_") and " " not in secret
    with TestClient(create_app(get_settings())) as client:
        assert client.get("/api/v1/industry-chains", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
        assert client.get("/api/v1/industry-chains", headers={"Authorization": "Bearer cm_wrong"}).status_code == 401


def test_tenant_key_needs_an_existing_enterprise(cli_database) -> None:
    missing = _run("keys", "create", "--role", "sme")
    assert missing.exit_code != 0 and "--enterprise" in missing.output
    unknown = _run("keys", "create", "--role", "sme", "--enterprise", "999")
    assert unknown.exit_code != 0 and "找不到企业" in unknown.output
    bad_role = _run("keys", "create", "--role", "admin")
    assert bad_role.exit_code != 0


def test_tenant_key_by_credit_code_acts_for_that_enterprise(cli_database) -> None:
    operator = _run("keys", "create", "--role", "operator").output.strip().splitlines()[-1]
    with TestClient(create_app(get_settings())) as client:
        created = client.post("/api/v1/enterprises", headers={"Authorization": f"Bearer {operator}"}, json={
            "name": "重庆测试零件有限公司", "credit_code": "91500000MA5U00000W", "role": "sme"})
        assert created.status_code == 201, created.text
    result = _run("keys", "create", "--role", "sme", "--enterprise", "91500000ma5u00000w")
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    with TestClient(create_app(get_settings())) as client:
        item = client.post("/api/v1/supply-items", headers={"Authorization": f"Bearer {secret}"},
                           json={"category": "component", "product_name": "法兰盘"})
        assert item.status_code == 201 and item.json()["enterprise_id"] == created.json()["id"]


def test_list_and_revoke(cli_database) -> None:
    secret = _run("keys", "create", "--role", "operator", "--label", "李四").output.strip().splitlines()[-1]
    listed = _run("keys", "list")
    assert "李四" in listed.output and secret not in listed.output  # the secret is never shown again
    assert _run("keys", "revoke", "1").exit_code == 0
    assert "李四" not in _run("keys", "list").output
    assert "已吊销" in _run("keys", "list", "--all").output
    with TestClient(create_app(get_settings())) as client:
        assert client.get("/api/v1/enterprises", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert _run("keys", "revoke", "42").exit_code != 0
