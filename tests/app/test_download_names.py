"""Names users choose reach HTTP headers and files safely: one-line names are refused with a line break at
input (422), bidirectional controls are refused and zero-width characters stripped everywhere, and every
download's Content-Disposition carries the name as RFC 5987 ``filename*``."""

from __future__ import annotations

import pytest

from app.api.downloads import attachment


@pytest.mark.parametrize("name", ["对接会\r\nX-Injected: 1", "对接会\n第二行", "对接\t会", "对接\u2028会"])
def test_an_event_name_with_a_line_break_is_refused(client, operator_headers, name) -> None:
    response = client.post("/api/v1/events", headers=operator_headers,
                           json={"name": name, "event_type": "hundred_events"})
    assert response.status_code == 422
    assert "name" in [d["field"] for d in response.json()["detail"]]


@pytest.mark.parametrize("name", ["重庆\u202e司公限有", "\u2066重庆企业\u2069"])
def test_bidirectional_controls_are_refused_in_names(client, operator_headers, name) -> None:
    response = client.post("/api/v1/industry-chains", headers=operator_headers, json={"name": name, "code": "BIDI"})
    assert response.status_code == 422
    assert "name" in [d["field"] for d in response.json()["detail"]]


def test_zero_width_characters_are_stripped_so_lookalike_names_are_one_name(client, operator_headers) -> None:
    first = client.post("/api/v1/industry-chains", headers=operator_headers, json={"name": "功率半导体X", "code": "ZW1"})
    assert first.status_code == 201, first.text
    twin = client.post("/api/v1/industry-chains", headers=operator_headers,
                       json={"name": "功率\u200b半导体X\u200d", "code": "ZW2"})
    assert twin.status_code == 409  # the same name once the invisible characters are gone


def test_multi_line_descriptions_stay_allowed(client, operator_headers, make_enterprise) -> None:
    sme = make_enterprise()
    response = client.post("/api/v1/supply-items", headers=operator_headers, json={
        "enterprise_id": sme.id, "category": "component", "product_name": "轴承", "description": "第一行\n第二行"})
    assert response.status_code == 201, response.text


def test_lone_surrogates_answer_422(client, operator_headers) -> None:
    body = b'{"name": "\\ud800\\u5bf9\\u63a5\\u4f1a"}'
    response = client.post("/api/v1/events", headers={**operator_headers, "Content-Type": "application/json"},
                           content=body)
    assert response.status_code == 422
    odd_field = client.post("/api/v1/events", headers={**operator_headers, "Content-Type": "application/json"},
                            content=b'{"name": "x", "\\udfff": 1}')
    assert odd_field.status_code == 422
    assert odd_field.json()["error"] == "validation_error"


@pytest.mark.parametrize("name", ["对接会\r\nSet-Cookie: x=1.pdf", '名单"; filename="evil.exe', "活动\u202egpj.exe",
                                  "report.xlsx", "\x00\x1f.xlsx"])
def test_content_disposition_is_always_one_safe_header(name) -> None:
    value = attachment(name)["Content-Disposition"]
    assert value.isascii() and "\r" not in value and "\n" not in value and "\x00" not in value
    plain = value.split('filename="', 1)[1].split('"', 1)[0]
    assert all(c.isalnum() or c in "._-" for c in plain)
    assert "filename*=UTF-8''" in value


def test_an_uploaded_file_name_is_not_echoed_raw(client, operator_headers) -> None:
    response = client.post("/api/v1/imports/supply/annotated", headers=operator_headers,
                           files={"file": ('清单"\r\nX-Evil: 1.csv', "产品名称\n轴承\n".encode(), "text/csv")})
    disposition = response.headers.get("content-disposition", "")
    assert "X-Evil" not in response.headers
    assert '"\r' not in disposition and "\n" not in disposition
