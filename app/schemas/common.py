"""Building blocks shared by the request and response models.

Field types here turn the rules of :mod:`app.schemas.validators` and :mod:`app.domain.units` into Pydantic
errors whose ``msg`` is the plain (Chinese first) reason, so the API's 422 and the import's cell report say
the same thing for the same bad value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

from annotated_types import Ge, Le
from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from app.schemas import validators

T = TypeVar("T")

# Every id, offset or owner a client sends fits a signed 64-bit column: beyond it SQLite cannot even bind the
# value (a 500 before), so it is refused as a 422 naming the field. One type for path, query and body ints.
DB_INT_MIN, DB_INT_MAX = -(2**63), 2**63 - 1
DbInt = Annotated[int, Ge(DB_INT_MIN), Le(DB_INT_MAX)]


def reasoned(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Wrap a check that raises ValueError so Pydantic reports its message as is (no "Value error, " prefix)."""

    def run(value: Any) -> Any:
        try:
            return check(value)
        except ValueError as exc:
            raise PydanticCustomError("value_error", "{reason}", {"reason": str(exc)}) from None

    return run


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Line breaks and tabs: refused in one-line fields (names, codes, places), which end up in file names, HTTP
# headers, PDF titles and spreadsheet tabs, where a CR/LF breaks the answer.
_LINE_BREAK = re.compile(r"[\t\n\r\u2028\u2029]")
# Bidirectional controls reorder what a reader sees ("evil\u202Efdp.exe"): refused in every text field.
_BIDI_CONTROL = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Zero-width characters are invisible: "name" and "name\u200B" would look identical and be two names. They
# are stripped (copied web text carries them harmlessly), so the two become one.
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
# A lone surrogate ("\ud800" in JSON) is no character: it cannot be stored or encoded as UTF-8.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Fields up to this length are one line of text; longer ones (descriptions, reasons) may span lines.
ONE_LINE_MAX = 200


def _text(max_length: int, *, required: bool, multiline: bool | None = None) -> Callable[[Any], str | None]:
    one_line = not multiline if multiline is not None else max_length <= ONE_LINE_MAX

    def check(value: Any) -> str | None:
        if value is None:
            if required:
                raise ValueError("不能为空 (required)")
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            # A spreadsheet cell holding 6205 is the text "6205", not 6205.0.
            value = f"{value:g}" if isinstance(value, float) else str(value)
        if not isinstance(value, str):
            raise ValueError("应为文本 (expected text)")
        if len(value) > 4 * max_length + 100:  # refused before any scan of a huge value
            raise ValueError(f"长度不能超过{max_length}个字符，实际{len(value)}个 (at most {max_length} characters)")
        cleaned = _ZERO_WIDTH.sub("", value).strip()
        if not cleaned:
            if required:
                raise ValueError("不能为空 (required)")
            return None
        if len(cleaned) > max_length:
            raise ValueError(f"长度不能超过{max_length}个字符，实际{len(cleaned)}个 (at most {max_length} characters)")
        if _CONTROL.search(cleaned):
            # They corrupt terminals, logs and exported workbooks, and PostgreSQL refuses NUL.
            raise ValueError("含有不可见的控制字符 (contains control characters)")
        if _BIDI_CONTROL.search(cleaned):
            raise ValueError("含有改变文字方向的控制字符 (contains bidirectional control characters)")
        if _SURROGATE.search(cleaned):
            raise ValueError("含有无效的 Unicode 字符 (contains a lone surrogate)")
        if one_line and _LINE_BREAK.search(cleaned):
            raise ValueError("应为单行文本，不能含换行或制表符 (must be one line: no line breaks or tabs)")
        return cleaned

    return reasoned(check)


def required_text(max_length: int) -> Any:
    return Annotated[str, BeforeValidator(_text(max_length, required=True))]


def optional_text(max_length: int) -> Any:
    return Annotated[str | None, BeforeValidator(_text(max_length, required=False))]


E = TypeVar("E", bound=StrEnum)


def enum_from_text(enum_cls: type[E]) -> Callable[[Any], Any]:
    """Accept the API value (``raw_material``) or the Chinese label and its aliases (``关键原材料``, ``原材料``)."""

    def check(value: Any) -> Any:
        if value is None or isinstance(value, enum_cls):
            return value
        text = unicodedata.normalize("NFKC", str(value)).strip()
        try:
            return enum_cls.from_text(text)  # type: ignore[attr-defined]
        except ValueError:
            choices = "、".join(f"{m.label}({m.value})" for m in enum_cls)  # type: ignore[attr-defined]
            raise ValueError(f"无法识别「{value}」，可选：{choices}") from None

    return reasoned(check)


def labelled(enum_cls: type[E]) -> Any:
    return Annotated[enum_cls, BeforeValidator(enum_from_text(enum_cls))]


def _non_negative(what: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise ValueError(f"{what}应为数值 (expected a number)")
        try:
            number = float(unicodedata.normalize("NFKC", str(value)).replace(",", "").strip())
        except ValueError:
            raise ValueError(f"{what}应为数值，实际为「{value}」 (expected a number)") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"{what}应为有限数值 (expected a finite number)")
        if number < 0:
            raise ValueError(f"{what}不能为负数：{value} (must not be negative)")
        return number

    return reasoned(check)


def non_negative(what: str) -> Any:
    return Annotated[float | None, BeforeValidator(_non_negative(what))]


def _text_list(max_items: int, max_length: int, split: Callable[[Any], list[str]]) -> Callable[[Any], list[str]]:
    def check(value: Any) -> list[str]:
        if isinstance(value, str) and len(value) > max_items * (max_length + 10):  # before splitting
            raise ValueError(f"最多{max_items}项，每项不超过{max_length}个字符 (too long)")
        items = split(value)
        if len(items) > max_items:
            raise ValueError(f"最多{max_items}项，实际{len(items)}项 (at most {max_items} entries)")
        for item in items:
            if len(item) > max_length:
                raise ValueError(f"「{item[:20]}…」超过{max_length}个字符 (entry too long)")
            if _CONTROL.search(item) or _BIDI_CONTROL.search(item) or _SURROGATE.search(item):
                raise ValueError("含有不可见的控制字符 (contains control characters)")
        return [cleaned for item in items if (cleaned := _ZERO_WIDTH.sub("", item))]

    return reasoned(check)


def text_list(max_items: int = 50, max_length: int = 100) -> Any:
    """A list of short texts; a single string is split on the sheet separators (；;、,，/ and new lines)."""
    return Annotated[list[str], BeforeValidator(_text_list(max_items, max_length, validators.split_multi))]


def part_number_list(max_items: int = 50, max_length: int = 100) -> Any:
    """:func:`text_list` for part numbers: a slash separates only codes of one shape (30206/30205, not
    R-2000iD/165F4)."""
    return Annotated[list[str], BeforeValidator(_text_list(max_items, max_length, validators.split_part_numbers))]


def _credit_code(value: Any) -> Any:
    if value is None:
        raise ValueError("统一社会信用代码不能为空 (required)")
    return validators.normalise_credit_code(value)


def _phone(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int):
        value = str(value)
    return validators.normalise_phone(value)


def _email(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"电子邮箱格式不正确「{text}」 (invalid e-mail: {exc})") from None
    return text


CreditCode = Annotated[str, BeforeValidator(reasoned(_credit_code))]
Phone = Annotated[str | None, BeforeValidator(reasoned(_phone))]
# Full-width @ and dots are folded first, then EmailStr checks the shape (no DNS look-up).
EmailText = BeforeValidator(reasoned(_email))
YesNo = Annotated[bool, BeforeValidator(reasoned(validators.parse_yes_no))]


def _chain_ref(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    if len(text) > 100 or _SURROGATE.search(text) or _CONTROL.search(text):
        raise ValueError("产业链应为名称、代码或编号，不超过100个字符 (a chain name, code or id of at most 100 characters)")
    return text or None


ChainRef = Annotated[str | None, BeforeValidator(reasoned(_chain_ref))]


class RequestModel(BaseModel):
    """Requests: unknown fields are refused (a typo or ``enterprise_id`` in an update is a 422, not ignored)."""

    model_config = ConfigDict(extra="forbid")


def _as_utc(value: Any) -> Any:
    # SQLite hands back naive datetimes for timezone-aware columns; every stored time is UTC.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


UtcDatetime = Annotated[datetime, BeforeValidator(_as_utc)]


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(ResponseModel, Generic[T]):
    """One page of a list: ``items``, the ``total`` matching the filters, and the ``limit``/``offset`` used."""

    items: list[T]
    total: int
    limit: int
    offset: int
