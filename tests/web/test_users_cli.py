"""``chainmatch users create``: the account signs in to the pages in its role; bad input is refused by name."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from app.cli import main
from app.core.config import get_settings
from app.main import create_app


@pytest.fixture
def cli_database(settings, tmp_path, monkeypatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _run(*args: str, stdin: str = ""):
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def test_created_operator_signs_in_to_the_operator_pages(cli_database) -> None:
    result = _run("users", "create", "--login", "Ops@Example.cn", "--role", "operator", "--name", "李运营",
                  "--password-stdin", stdin="a-good-password\n")
    assert result.exit_code == 0, result.output
    with TestClient(create_app(get_settings()), follow_redirects=False) as browser:
        token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text).group(1)
        response = browser.post("/login", data={"login": "ops@example.cn", "password": "a-good-password",
                                                "csrf_token": token})
        assert response.headers["location"] == "/operator"
        assert "李运营" in browser.get("/operator").text


def test_a_tenant_needs_an_enterprise_and_a_long_password(cli_database) -> None:
    result = _run("users", "create", "--login", "x@example.cn", "--role", "sme", "--password-stdin",
                  stdin="a-good-password\n")
    assert result.exit_code != 0 and "enterprise" in result.output
    result = _run("users", "create", "--login", "y@example.cn", "--role", "operator", "--password-stdin",
                  stdin="short\n")
    assert result.exit_code != 0 and "password" in result.output
