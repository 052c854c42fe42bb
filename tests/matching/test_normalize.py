"""Normalisation: one canonical form for the ways people type the same thing."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from matching.normalize import normalize_part_number, normalize_text, strip_company_suffix

_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list("０１２３４５６７８９ＡＢＣａｂｃ－（）【】，。、 　毫米公斤伏号级一二×*#-/.")),
    ),
    max_size=40,
)


@given(_TEXT)
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(_TEXT)
def test_normalize_part_number_is_idempotent(text: str) -> None:
    once = normalize_part_number(text)
    assert normalize_part_number(once) == once


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


@given(st.text(alphabet=string.ascii_letters + string.digits + " -", max_size=30))
def test_full_width_folds_to_half_width(text: str) -> None:
    assert normalize_text(_full_width(text)) == normalize_text(text)
    assert normalize_part_number(_full_width(text)) == normalize_part_number(text)


def test_examples_from_spreadsheets() -> None:
    assert normalize_text("ＳＴＭ３２Ｆ１０３") == "stm32f103"
    assert normalize_text("  IGBT模塊   FF450R12－ME4 ") == "igbt模块 ff450r12-me4"
    assert normalize_text("6061-T6鋁型材，長度 6 米") == "6061-t6铝型材 长度 6m"
    assert normalize_text("45号钢 M8×20 一级品") == normalize_text("45# 钢 m8*20 1级品").replace(" 钢", "钢")
    assert normalize_text("锂电池 3,000 毫安时") == "锂电池 3000mah"
    assert normalize_text("10 mm 不锈钢（304）") == "10mm 不锈钢 304"


def test_part_numbers_lose_separators_and_case() -> None:
    assert normalize_part_number("ff450r12-me4") == "FF450R12ME4"
    assert normalize_part_number("FF450R12 ME4") == "FF450R12ME4"
    assert normalize_part_number("ＳＴＭ３２．Ｆ１０３") == "STM32F103"
    assert normalize_part_number(None) == ""


def test_company_suffixes_are_stripped() -> None:
    assert strip_company_suffix("重庆某某精密机械有限公司") == "重庆某某精密机械"
    assert strip_company_suffix("某某集团股份有限公司") == "某某"
    assert strip_company_suffix("Infineon Technologies AG") == "infineon technologies"
    assert strip_company_suffix("zinc") == "zinc"  # "inc" is only a suffix as a whole word


def test_ranges_and_resistances_are_written_one_way() -> None:
    # The same range typed four ways compares equal; a range is not a part number.
    assert {normalize_text(t) for t in ("4-20mA", "4～20mA", "4 - 20 mA", "4至20毫安")} == {"4~20ma"}
    assert normalize_text("量程0-1.6MPa") == "量程0~1.6mpa"
    # A dash inside a part number stays: PT124B-210-40MPa is one code, not a range.
    assert normalize_text("PT124B-210-40MPa") == "pt124b-210-40mpa"
    assert normalize_text("6205-2RS") == "6205-2rs"
    # 80毫欧 and 80mΩ agree (and differ from 40mΩ); ohm spellings fold.
    assert normalize_text("80毫欧") == normalize_text("80mΩ") == "80mohm"
    assert normalize_text("10kΩ") == normalize_text("10千欧") == "10kohm"
