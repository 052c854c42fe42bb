"""Quantities and capacities as typed in the lists, parsed into one comparable form."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.units import parse_capacity, parse_quantity, parse_unit, quantity_from_parts


@pytest.mark.parametrize(
    ("text", "amount", "unit", "period", "per_year", "dimension"),
    [
        ("20万件", 200_000, "件", None, 200_000, "count"),
        ("50万件/年", 500_000, "件", "year", 500_000, "count"),
        ("3000套/月", 3000, "套", "month", 36_000, "count"),
        ("2000吨/年", 2000, "t", "year", 2_000_000, "mass"),
        ("1.5亿个", 150_000_000, "个", None, 150_000_000, "count"),
        ("500 kg/月", 500, "kg", "month", 6000, "mass"),
        ("５０万件／年", 500_000, "件", "year", 500_000, "count"),  # full-width digits and slash
        ("年产2000吨", 2000, "t", "year", 2_000_000, "mass"),
        ("每月3000套", 3000, "套", "month", 36_000, "count"),
        ("约1,200 t/年", 1200, "t", "year", 1_200_000, "mass"),
        ("300公斤/周", 300, "kg", "week", 15_600, "mass"),
        ("100台/日", 100, "台", "day", 36_500, "count"),
        ("8万米/年", 80_000, "m", "year", 80_000, "length"),
        ("12千米", 12, "km", None, 12_000, "length"),
        ("5000㎡/月", 5000, "m²", "month", 60_000, "area"),
        ("200平方米", 200, "m²", None, 200, "area"),
        ("30立方米/天", 30, "m³", "day", 30 * 1000 * 365, "volume"),
        ("5000升", 5000, "L", None, 5000, "volume"),
        ("800克", 800, "g", None, 0.8, "mass"),
        ("10GWh/年", 10, "GWh", "year", 10_000_000, "energy"),
        ("0.3万件", 3000, "件", None, 3000, "count"),
        ("2千件/季度", 2000, "件", "quarter", 8000, "count"),
        ("50 万件 每年", 500_000, "件", "year", 500_000, "count"),
        ("60万PCS/年", 600_000, "件", "year", 600_000, "count"),
    ],
)
def test_capacities_as_typed_in_sheets(text, amount, unit, period, per_year, dimension) -> None:
    parsed = parse_capacity(text)
    assert parsed.amount == pytest.approx(amount)
    assert (parsed.unit, parsed.period, parsed.dimension) == (unit, period, dimension)
    assert parsed.per_year == pytest.approx(per_year)


def test_count_units_share_one_dimension_so_capacity_and_demand_compare() -> None:
    capacity = parse_capacity("50万件/年")
    demand = parse_quantity("20万个")
    assert capacity.comparable_with(demand)
    assert capacity.per_year > demand.per_year
    assert not capacity.comparable_with(parse_quantity("20吨"))


def test_mass_spellings_are_one_unit() -> None:
    assert {parse_quantity(t).per_year for t in ("2吨", "2t", "2T", "2000kg", "2000千克", "2000公斤", "２０００ＫＧ")} == {2000.0}


@pytest.mark.parametrize(
    ("text", "named"),
    [("5箱/年", "箱"), ("20万包", "包"), ("12 furlongs", "furlongs"), ("50万件/季节", "季节")],
)
def test_unknown_unit_or_period_is_named_in_the_reason(text, named) -> None:
    with pytest.raises(ValueError, match=named):
        parse_capacity(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("-5件", "负数"), ("20万", "缺少计量单位"), ("件", "缺少数值"), ("", "为空"), ("30-50万件/年", "范围")],
)
def test_unreadable_amounts_say_why(text, reason) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_capacity(text)


def test_bare_number_takes_the_default_unit() -> None:
    assert parse_quantity("1500", default_unit="套").unit == "套"
    with pytest.raises(ValueError, match="缺少计量单位"):
        parse_quantity("1500")


def test_amount_and_unit_cells_of_the_demand_list() -> None:
    assert quantity_from_parts(20, "万件").amount == 200_000
    monthly = quantity_from_parts(3000, "套/月")
    assert (monthly.unit_label, monthly.per_year) == ("套/月", 36_000)
    with pytest.raises(ValueError, match="负数"):
        quantity_from_parts(-1, "件")
    with pytest.raises(ValueError, match="箱"):
        quantity_from_parts(3, "箱")
    assert parse_unit("公斤") == ("kg", "mass")


_UNITS = {"件": 1, "个": 1, "套": 1, "台": 1, "吨": 1000, "t": 1000, "kg": 1, "千克": 1, "公斤": 1, "克": 0.001,
          "米": 1, "m": 1, "千米": 1000, "km": 1000, "升": 1, "L": 1, "平方米": 1, "㎡": 1, "立方米": 1000}
_MULTIPLIERS = {"": 1, "万": 10_000, "亿": 100_000_000, "千": 1000}
_PERIODS = {"": 1, "/年": 1, "/月": 12, "/周": 52, "/日": 365, "/天": 365, "每月": 12}


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(
    amount=st.decimals(min_value=0, max_value=99_999, places=2, allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(sorted(_UNITS)),
    multiplier=st.sampled_from(sorted(_MULTIPLIERS)),
    period=st.sampled_from(sorted(_PERIODS)),
    spaced=st.booleans(),
    wide=st.booleans(),
)
def test_any_well_formed_capacity_converts_to_per_year(amount, unit, multiplier, period, spaced, wide) -> None:
    if multiplier == "千" and unit in {"克", "米"}:
        multiplier = ""  # 千克 and 千米 are units of their own, not a thousand 克 / 米
    gap = " " if spaced else ""
    text = f"{amount}{gap}{multiplier}{unit}{gap}{period}"
    if wide:
        text = _full_width(text)
    parsed = parse_capacity(text)
    expected = float(amount) * _MULTIPLIERS[multiplier] * _UNITS[unit] * _PERIODS[period]
    assert math.isclose(parsed.per_year, expected, rel_tol=1e-9, abs_tol=1e-9)
    assert parsed.amount == pytest.approx(float(amount) * _MULTIPLIERS[multiplier])


@given(st.text(max_size=12))
def test_arbitrary_text_parses_or_raises_value_error(text) -> None:
    try:
        parsed = parse_capacity(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert parsed.per_year >= 0 and math.isfinite(parsed.per_year)
