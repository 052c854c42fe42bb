"""Every file of the hostile corpus is refused with its place named, or imported safely, within time and memory
limits, and a refused file writes nothing."""

from __future__ import annotations

import io
import os
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.core.errors import PayloadTooLarge
from app.models import ApiRole, DemandItem, Enterprise, SupplyItem
from app.services.imports import ImportInvalid, ListKind, annotate_import, import_list
from app.services.imports.annotate import ERRORS_SHEET
from tests.hostile.corpus import IMPORTED, INVALID, TOO_LARGE, HostileFile, build_corpus

CORPUS = build_corpus()
# Limits per file on a shared, loaded 2-core machine: generous against noise, tight against a runaway parse
# (an unguarded 2 GiB bomb or a 50-million-row gap takes minutes and gigabytes).
SECONDS_PER_FILE = 20.0
RSS_GROWTH_MB = 400


def test_corpus_is_large_and_varied() -> None:
    assert len(CORPUS) >= 100
    by_category = Counter(f.category for f in CORPUS)
    for needed in ("wrong types", "bad credit codes", "columns", "merged cells", "formulas", "hidden sheets",
                   "empty rows", "zip bomb", "wrong extension", "encodings", "empty", "huge cells",
                   "control characters", "formula injection", "xml entities"):
        assert by_category[needed] >= 2, needed
    assert {f.kind for f in CORPUS} == set(ListKind)


def _rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def peak_rss_growth() -> Iterator[dict[str, float]]:
    """Sample the resident set every 5 ms while the block runs; report the peak above where it started."""
    result = {"mb": 0.0}
    start = _rss_bytes()
    peak = start
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss_bytes())
            done.wait(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield result
    finally:
        done.set()
        sampler.join()
        peak = max(peak, _rss_bytes())
        result["mb"] = (peak - start) / 1048576


def _counts(db_session) -> tuple[int, int, int]:
    return tuple(db_session.scalar(select(func.count()).select_from(m)) for m in (Enterprise, SupplyItem, DemandItem))


def _located(issues, row, column) -> bool:
    for issue in issues:
        if row is None and issue.row is None:
            return True
        if row is not None and issue.row == row and (column is None or issue.column == column):
            return True
    return False


@pytest.mark.parametrize("hostile", CORPUS, ids=[f"{f.kind.value}-{f.name}" for f in CORPUS])
def test_hostile_file(hostile: HostileFile, db_session, settings) -> None:
    content = hostile.content
    run_settings = settings.model_copy(update=hostile.settings) if hostile.settings else settings
    before = _counts(db_session)
    expect = hostile.expect
    started = time.perf_counter()
    outcome: object
    with peak_rss_growth() as rss:
        try:
            outcome = import_list(db_session=db_session, kind=hostile.kind, content=content, settings=run_settings,
                                  filename=hostile.filename)
        except (ImportInvalid, PayloadTooLarge) as exc:
            outcome = exc
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS_PER_FILE, f"{hostile.name}: {elapsed:.1f}s"
    assert rss["mb"] < RSS_GROWTH_MB, f"{hostile.name}: resident memory grew {rss['mb']:.0f} MB"

    if expect.outcome == IMPORTED:
        assert not isinstance(outcome, Exception), _describe(outcome)
        assert outcome.rows_imported == expect.rows
        model = SupplyItem if hostile.kind is ListKind.SUPPLY else DemandItem
        for product_name, text in expect.stored.items():
            stored = db_session.scalar(select(model.product_name).where(model.product_name == product_name))
            assert stored == text  # stored as the text typed, never evaluated
        return

    assert _counts(db_session) == before, "a refused file wrote rows"
    if expect.outcome == TOO_LARGE:
        assert isinstance(outcome, PayloadTooLarge), _describe(outcome)
        assert outcome.code == expect.code
        return
    assert expect.outcome == INVALID
    assert isinstance(outcome, ImportInvalid), _describe(outcome)
    issues = outcome.issues
    assert issues, "an invalid file names at least one problem"
    for row, column in expect.places:
        assert _located(issues, row, column), f"no error at row {row} column {column}: {_describe(outcome)}"
    if expect.reason:
        assert any(expect.reason in issue.reason for issue in issues), _describe(outcome)
    for issue in issues:  # a cell-level problem names its sheet
        if issue.row is not None and issue.column is not None:
            assert issue.sheet


def _describe(outcome: object) -> str:
    if isinstance(outcome, ImportInvalid):
        return "; ".join(f"{i.location} {i.reason}" for i in outcome.issues[:5])
    return repr(outcome)[:500]


# --- the same files through the annotated-workbook route: never a server error, never a live formula ------------
_SMALL = [f for f in CORPUS if f.expect.outcome != TOO_LARGE and f.category in {
    "formula injection", "control characters", "formulas", "wrong types", "xml entities", "encodings", "columns"}]


@pytest.mark.parametrize("hostile", _SMALL, ids=[f"{f.kind.value}-{f.name}" for f in _SMALL])
def test_annotated_workbook_of_hostile_file_is_inert(hostile: HostileFile, db_session, settings) -> None:
    before = _counts(db_session)
    workbook_bytes, _ = annotate_import(db_session=db_session, kind=hostile.kind, content=hostile.content,
                                        settings=settings, filename=hostile.filename)
    assert _counts(db_session) == before
    workbook = load_workbook(io.BytesIO(workbook_bytes))
    assert workbook.sheetnames[0] == ERRORS_SHEET
    sheets = [workbook[ERRORS_SHEET]]
    if hostile.filename.endswith(".csv"):  # rebuilt from the CSV's text: every cell is ours to keep inert
        sheets = workbook.worksheets
    for sheet in sheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} became a formula: {cell.value!r}"
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate} lacks the quote prefix"


# --- a sample through HTTP: the status codes and error bodies a client sees ------------------------------------
_HTTP = {("supply", "zip_bomb_sheet_2gib"): 413, ("demand", "xxe_external_file_in_sheet"): 422,
         ("supply", "mixed_utf8_then_gbk"): 422, ("demand", "png_named_xlsx"): 422,
         ("supply", "control_escape_csv"): 422, ("demand", "formula_injection_csv_equals"): 200,
         ("supply", "data_sheet_hidden"): 422, ("demand", "row_number_beyond_excel"): 422}


@pytest.mark.parametrize(("kind", "name"), sorted(_HTTP))
def test_hostile_files_over_http(kind: str, name: str, client, make_key, db_session) -> None:
    hostile = next(f for f in CORPUS if f.kind.value == kind and f.name == name)
    headers = make_key(ApiRole.OPERATOR)
    before = _counts(db_session)
    response = client.post(f"/api/v1/imports/{kind}", headers=headers,
                           files={"file": (hostile.filename, hostile.content, "application/octet-stream")})
    assert response.status_code == _HTTP[(kind, name)], response.text[:500]
    body = response.json()
    if response.status_code != 200:
        assert body["error"] in {"import_invalid", "workbook_too_large"}
        assert body["message"]
        assert _counts(db_session) == before
