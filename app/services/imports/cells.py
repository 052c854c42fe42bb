"""Turning typed cell values into field values. Each parser raises ``ValueError`` with a Chinese reason."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import Any

from openpyxl.utils.datetime import from_excel


def cell_text(value: Any) -> str | None:
    """A cell as text: whole-number floats lose their ``.0`` (Excel stores 13800001234 and codes as numbers)."""
    if value is None:
        return None
    if value.__class__ is str and "\u00a0" not in value and "\u3000" not in value:  # the common case, first
        return value.strip() or None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    text = str(value).replace("\u00a0", " ").replace("\u3000", " ").strip()
    return text or None


def one_line(text: str) -> str:
    """A one-line cell as one line: Excel's Alt+Enter inside a name or a code wraps what people see, it does not
    make two values (list cells keep their line breaks, which separate entries; long texts keep theirs)."""
    if not _BREAK.search(text):
        return text
    lines = [line.strip() for line in _BREAKS.split(text)]
    out = ""
    for line in (line for line in lines if line):
        # 新能源汽车⏎电机壳体 is one Chinese name; IGBT module⏎FF450R12ME4 are two words.
        joined_tightly = out and _CJK.match(out[-1]) and _CJK.match(line[0])
        out += line if not out or joined_tightly else " " + line
    return out


_BREAK = re.compile(r"[\n\r\t\u2028\u2029]")
_BREAKS = re.compile(r"[\n\r\t\u2028\u2029]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# A month alone ("2026年6月", "2026-06", "2026/6", "2026年6月底") as 有效期至 means to the end of that month.
_MONTH_PATTERN = re.compile(r"^(\d{4})(?:[-/.]|年)(\d{1,2})(?:月(?:底|末|份)?)?$")


def parse_date(value: Any) -> dt.date | None:
    """A date cell, ISO text, ``2026/12/31``, ``2026年12月31日``, ``20261231`` or an Excel serial number; a month
    alone (``2026年6月``, ``2026-06``, ``2026/6``) is the last day of that month."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    from_number = isinstance(value, float)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 < value < 80000:  # 1954..2119 as Excel serial days
            result = from_excel(value)
            return result.date() if isinstance(result, dt.datetime) else result
        value = cell_text(value)
    text = cell_text(value)
    if text is None:
        return None
    folded = _fold(text)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(folded)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                break
    # Not from a number cell: Excel stores 2026.10 as 2026.1, which would read as January.
    month = None if from_number else _MONTH_PATTERN.match(folded)
    if month and 1 <= int(month[2]) <= 12:
        year, month_number = int(month[1]), int(month[2])
        return dt.date(year, month_number, calendar.monthrange(year, month_number)[1])
    raise ValueError(f"“{text}”不是有效日期，应写作 2026-12-31（或只写月份：2026年6月，即该月最后一天）")



def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# 目标价格 as typed: "80-120元/件", "≤3.5万元/吨", "100元/件", "约5元", "0.8~1.2万元/台", "面议".
_PRICE_NUMBER = r"(\d+(?:\.\d+)?)"
_PRICE = re.compile(
    r"^(?P<op>≤|<=|<|不高于|不超过|低于|≥|>=|>|不低于|高于|约|大约)?"
    rf"{_PRICE_NUMBER}(?:(?P<sep>-|~|至|到|—|–){_PRICE_NUMBER})?"
    r"(?P<mult>万|千|百|亿)?(?P<unit>元|rmb|cny|人民币)?(?P<per>/\S+|每\S+)?$",
    re.IGNORECASE,
)
_PRICE_MULTIPLIERS = {"万": 10_000, "千": 1000, "百": 100, "亿": 100_000_000}
_NEGOTIABLE = {"面议", "议价", "待定", "协商", "电议", "/", "-", "无"}


def parse_price(value: Any) -> tuple[float | None, float | None, str | None]:
    """目标价格 → (min, max, unit): ``80-120元/件`` → (80, 120, "元/件"); ``≤3.5万元/吨`` → (None, 35000, "元/吨").

    A single price is both bounds; 面议/待定 is no price. Raises ValueError for anything else.
    """
    if value is None:
        return None, None, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"目标价格不能为负数：{value:g}")
        return float(value), float(value), None
    text = cell_text(value)
    if text is None:
        return None, None, None
    folded = _fold(text).replace("－", "-").replace("～", "~").replace("（", "(").replace("）", ")")
    folded = re.sub(r"\((?:含税|不含税|未税)\)|含税|不含税|未税", "", folded)
    if folded in _NEGOTIABLE:
        return None, None, None
    match = _PRICE.match(folded)
    if match is None:
        raise ValueError(f"无法识别目标价格“{text}”，应写作 80-120元/件、≤3.5万元/吨 或 100元/件")
    factor = _PRICE_MULTIPLIERS.get(match["mult"] or "", 1)
    low = float(match[2]) * factor
    high = float(match[4]) * factor if match[4] else low
    if match[4] and low > high:
        raise ValueError(f"目标价格“{text}”的下限高于上限")
    per = (match["per"] or "").removeprefix("每").removeprefix("/")
    unit = ("元/" + per) if per else ("元" if (match["unit"] or match["mult"]) else None)
    op = match["op"] or ""
    if op in {"≤", "<=", "<", "不高于", "不超过", "低于"}:
        return None, high, unit
    if op in {"≥", ">=", ">", "不低于", "高于"}:
        return low, None, unit
    return low, high, unit
