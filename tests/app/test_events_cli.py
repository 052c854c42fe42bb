"""``chainmatch event``: solve and export an event from the command line, on a database of its own (the CLI
commits), built through the API as an organizer would."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.core.config import get_settings
from app.main import create_app
from app.schemas.validators import make_credit_code


@pytest.fixture
def cli_database(settings, tmp_path, monkeypatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _key(role: str) -> dict[str, str]:
    result = _run("keys", "create", "--role", role)
    assert result.exit_code == 0, result.output
    return {"Authorization": f"Bearer {result.output.strip().splitlines()[-1]}"}


def _event(client: TestClient, operator: dict, organizer: dict) -> int:
    def post(path: str, headers: dict, body) -> dict:
        r = client.post(f"/api/v1{path}", headers=headers, json=body)
        assert r.status_code in (200, 201), r.text
        return r.json()

    leader = post("/enterprises", operator, {"name": "重庆长嘉汽车有限公司", "credit_code": make_credit_code("91500000MA6000001"),
                                             "role": "链主企业", "district": "两江新区"})
    post("/demand-items", operator, {"enterprise_id": leader["id"], "category": "关键零部件", "product_name": "IGBT模块",
                                     "specification": "1200V 450A 半桥 电驱逆变器", "part_numbers": ["FF450R12ME4"]})
    smes = []
    for n, (name, product, part) in enumerate([("重庆鑫达功率科技有限公司", "IGBT功率模块", "FF450R12ME4"),
                                               ("重庆华创铝业有限公司", "6061-T6铝型材", "6061-T6"),
                                               ("重庆博远电机有限公司", "伺服电机", "SM-400"),
                                               ("重庆恒通线束有限公司", "高压线束", "HV-35")], start=2):
        sme = post("/enterprises", operator, {"name": name, "credit_code": make_credit_code(f"91500000MA600000{n}"),
                                              "role": "中小企业", "district": "璧山区"})
        post("/supply-items", operator, {"enterprise_id": sme["id"], "category": "关键零部件", "product_name": product,
                                         "description": f"{product} {part}", "part_numbers": [part]})
        smes.append(sme["id"])
    event = post("/events", organizer, {"name": "渝链同行·百场万企 汽车电子专场", "event_type": "百场万企",
                                        "event_date": "2025-06-18"})
    post(f"/events/{event['id']}/participants", operator,
         [{"enterprise_id": leader["id"]}, *({"enterprise_id": i} for i in smes)])
    r = client.put(f"/api/v1/events/{event['id']}/layout", headers=organizer,
                   json={"start": "09:00", "minutes": 20, "count": 4, "tables": 2})
    assert r.status_code == 200, r.text
    post(f"/events/{event['id']}/shortlists/compute", organizer, {})
    return event["id"]


def test_cli_schedules_and_exports_an_event(cli_database, tmp_path) -> None:
    operator, organizer = _key("operator"), _key("organizer")
    with TestClient(create_app(get_settings())) as client:
        event_id = _event(client, operator, organizer)

    solved = _run("event", "schedule", str(event_id))
    assert solved.exit_code == 0, solved.output
    assert "已排定 1 场洽谈" in solved.output and "差距 0.00%" in solved.output

    pdf = tmp_path / "packs" / "推荐清单.pdf"
    result = _run("event", "export", str(event_id), "--what", "shortlists", "-o", str(pdf))
    assert result.exit_code == 0, result.output
    assert "1 家链主企业" in result.output
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages))
    assert "链主企业：重庆长嘉汽车有限公司" in text and "重庆鑫达功率科技有限公司" in text

    xlsx = tmp_path / "日程.xlsx"
    result = _run("event", "export", str(event_id), "--what", "schedule", "-o", str(xlsx))
    assert result.exit_code == 0, result.output
    meetings = list(load_workbook(xlsx)["洽谈总表"].iter_rows(values_only=True))
    assert meetings[1][2:4] == ("重庆长嘉汽车有限公司", "重庆鑫达功率科技有限公司")

    bad = _run("event", "export", str(event_id), "-o", str(tmp_path / "x.docx"))
    assert bad.exit_code != 0
    missing = _run("event", "export", "999", "-o", str(tmp_path / "x.pdf"))
    assert missing.exit_code != 0 and "不存在" in missing.output
