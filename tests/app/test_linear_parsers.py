"""Every parser of user text is linear-time (STYLE.md habit 14).

Each parser is fed 100 KB adversarial strings — the shapes that make a backtracking regex quadratic (long runs
of one character between two quantifiers, a repeated separator with no valid end) — and must finish within
20 times what the same parser takes on a benign 100 KB string, measured in the same test. A quadratic pattern
on 100 KB takes thousands of times longer than its linear baseline, so the bound is loose for noise and tight
for the bug. The public parsers refuse long text before parsing; the helpers behind the caps are fed the long
text directly too, so a cap that is raised later cannot bring a quadratic pattern back.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from app.domain import units
from app.schemas.enterprises import EnterpriseUpdate, _split_year
from app.schemas.items import DemandItemCreate, SupplyItemCreate
from app.schemas.validators import normalise_credit_code, normalise_phone, parse_yes_no, split_multi, split_part_numbers
from app.services.imports.cells import parse_date, parse_price
from app.services.imports.columns import ListKind, match_header
from app.services.ranking.business_factors import certification_key
from matching.features import extract_part_numbers, extract_specs
from matching.normalize import normalize_part_number, normalize_text, strip_company_suffix
from matching.specs import labelled_specs
from matching.synonyms import SynonymRewriter, load_synonyms

SIZE = 100_000
BOUND = 20.0
# Below this a timing is noise (a parser that refuses a long text at once takes microseconds either way).
FLOOR_SECONDS = 0.002


def _fill(head: str, unit: str, tail: str) -> str:
    return head + unit * ((SIZE - len(head) - len(tail)) // len(unit)) + tail


# The two cases first, then shapes found by reading every regex over user text in app/ and matching/.
ADVERSARIAL = {
    "spaces between letters (qualification)": _fill("a", " ", "x"),
    "per repeated (unit parser)": _fill("1件", "per", "!"),
    "每 repeated": _fill("1件", "每", "!"),
    "slash then a long period word": _fill("1件/", "年", "!"),
    "spaces after a digit": _fill("1", " ", "x"),
    "spaces inside a bracketed year": _fill("专精特新(", " ", "2023"),
    "spaces after an attribute label": _fill("公称直径", " ", "x"),
    "spaces after a separator and year": _fill("iso-2020", " ", "x"),
    "digits then a letter": _fill("", "1", "q"),
    "crosses": _fill("", "1x", "!"),
    "code joiners": _fill("", "a-", "!"),
    "decimals": _fill("", "1.", "!"),
    "open brackets": _fill("", "(", ""),
    "open angle brackets": _fill("(", "<", ""),
    "digit space": _fill("", "1 ", "x"),
    "mixed whitespace": _fill("a", " \t\u3000", "x"),
    "ranges": _fill("", "1-", "mm!"),
}
# Realistic text, and text as dense in short tokens as a list of part numbers: a linear parser's cost per
# character differs between the two, and the baseline is the slower of them.
BENIGN = (_fill("", "深沟球轴承 6205-2RS 内径25mm，年产50万件 ISO 9001；", ""), _fill("", "M8 6205 2RS 10 ", ""))


def _rewrite(text: str) -> str:
    return _REWRITER.rewrite(normalize_text(text))


_REWRITER = SynonymRewriter(load_synonyms())


def _swallow(parser: Callable[[str], Any]) -> Callable[[str], Any]:
    def run(text: str) -> Any:
        try:
            return parser(text)
        except (ValueError, ValidationError):
            return None  # refusing the input is a fine answer; only the time matters here

    return run


PARSERS: dict[str, Callable[[str], Any]] = {
    # the service's parsers, as the API and the import call them
    "parse_quantity": units.parse_quantity,
    "parse_capacity": units.parse_capacity,
    "parse_unit": units.parse_unit,
    "quantity_from_parts": lambda text: units.quantity_from_parts(1.0, text),
    "demand annual_quantity": lambda text: DemandItemCreate.model_validate(
        {"category": "component", "product_name": "轴承", "annual_quantity": text}),
    "demand quantity_unit": lambda text: DemandItemCreate.model_validate(
        {"category": "component", "product_name": "轴承", "annual_quantity": 1, "quantity_unit": text}),
    "supply capacity": lambda text: SupplyItemCreate.model_validate(
        {"category": "component", "product_name": "轴承", "capacity": text}),
    "supply part_numbers": lambda text: SupplyItemCreate.model_validate(
        {"category": "component", "product_name": "轴承", "part_numbers": text}),
    "enterprise qualification": lambda text: EnterpriseUpdate.model_validate({"qualifications": [text]}),
    "split_multi": split_multi,
    "split_part_numbers": split_part_numbers,
    "credit code": normalise_credit_code,
    "phone": normalise_phone,
    "yes/no": parse_yes_no,
    "price cell": parse_price,
    "date cell": parse_date,
    "header cell": lambda text: match_header(ListKind.SUPPLY, text),
    "certification_key": certification_key.__wrapped__,
    # the helpers behind the length caps, uncapped
    "unit expression (uncapped)": lambda text: units._parse_unit_expression(units._fold(text), original=text),
    "bracketed year (uncapped)": _split_year,
    # the matching engine's normalisation and extraction
    "normalize_text": normalize_text,
    "normalize_part_number": normalize_part_number,
    "strip_company_suffix": strip_company_suffix,
    "synonyms": _rewrite,
    "extract_part_numbers": extract_part_numbers,
    "extract_specs": extract_specs,
    "labelled_specs": lambda text: labelled_specs(normalize_text(text)),
    "labelled_specs (raw)": labelled_specs,
}


class _TooSlow(Exception):
    pass


def _interrupt(*_: Any) -> None:
    raise _TooSlow


def _seconds(parser: Callable[[str], Any], text: str, give_up_after: float = 30.0) -> float:
    """Best of two runs; a run still going after ``give_up_after`` is stopped (Python's regex engine checks for
    signals), so a quadratic parser fails the test in seconds instead of hanging it for minutes."""
    best = float("inf")
    previous = signal.signal(signal.SIGALRM, _interrupt)
    try:
        for _ in range(2):
            started = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, give_up_after)
            try:
                parser(text)
            except _TooSlow:
                return float("inf")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            best = min(best, time.perf_counter() - started)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return best


@pytest.mark.parametrize("name", list(PARSERS))
def test_parser_is_linear_on_adversarial_input(name: str) -> None:
    parser = _swallow(PARSERS[name])
    baseline = max(FLOOR_SECONDS, *(_seconds(parser, text) for text in BENIGN))
    slow = {}
    for case, text in ADVERSARIAL.items():
        assert len(text) >= SIZE - 3
        took = _seconds(parser, text, give_up_after=2 * BOUND * baseline + 0.5)
        if took > BOUND * baseline:
            slow[case] = f"{took:.3f}s vs {baseline:.4f}s benign"
    assert not slow, f"{name} is not linear on: {slow}"


def test_quantity_and_qualification_texts_are_capped_before_parsing() -> None:
    with pytest.raises(ValueError, match="at most 100 characters"):
        units.parse_quantity("1件" + "per" * 50 + "!")
    with pytest.raises(ValidationError, match="at most 100 characters"):
        EnterpriseUpdate.model_validate({"qualifications": ["a" + " " * 200 + "x"]})


@pytest.mark.parametrize(("text", "kind", "year"), [
    ("国家级专精特新小巨人(2023)", "国家级专精特新小巨人", 2023),
    ("市级专精特新（2021年）", "市级专精特新", 2021),
    ("单项冠军 ( 2020 年 )", "单项冠军", 2020),
    ("小巨人(国家级)(2022)", "小巨人(国家级)", 2022),
    ("专精特新", "专精特新", None),
    ("(2023)", "(2023)", None),
])
def test_bracketed_year_is_read_as_before(text: str, kind: str, year: int | None) -> None:
    import unicodedata

    assert _split_year(unicodedata.normalize("NFKC", text).strip()) == (kind, year)
