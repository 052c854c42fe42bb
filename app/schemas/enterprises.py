"""Enterprises: chain leaders (链主企业) and SMEs (中小企业)."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator, EmailStr, Field, field_validator
from pydantic_core import PydanticCustomError

from app.models import EnterpriseRole, QualificationKind, SizeClass
from app.schemas.chains import IndustryChainBrief
from app.schemas.common import (
    ChainRef,
    CreditCode,
    EmailText,
    Phone,
    RequestModel,
    ResponseModel,
    UtcDatetime,
    enum_from_text,
    labelled,
    optional_text,
    required_text,
    text_list,
)

MIN_QUALIFICATION_YEAR = 2000
MAX_QUALIFICATION_YEAR = 2100

# A qualification as typed is a short phrase; longer text is refused before it is parsed (STYLE.md habit 14).
MAX_QUALIFICATION_TEXT = 100
# "(2023)", "（2021年）" at the end of a qualification: its year in brackets, as typed in sheets. Matched only
# against the bracketed tail (see _split_year), never with a lazy prefix before optional spaces, which is
# quadratic on "a" + 12,000 spaces + "x".
_YEAR_IN_BRACKETS = re.compile(r"[(（]\s*(?P<year>\d{4})\s*(?:年\s*)?[)）]")


def _split_year(text: str) -> tuple[str, int | None]:
    """``"国家级专精特新小巨人 (2023)"`` → ("国家级专精特新小巨人", 2023); text without a bracketed year is kept."""
    opening = max(text.rfind("("), text.rfind("（"))
    if opening > 0:
        match = _YEAR_IN_BRACKETS.fullmatch(text, opening)
        kind = text[:opening].rstrip()
        if match and kind:
            return kind, int(match.group("year"))
    return text, None


class QualificationIn(RequestModel):
    kind: labelled(QualificationKind)
    year: int | None = Field(default=None, ge=MIN_QUALIFICATION_YEAR, le=MAX_QUALIFICATION_YEAR)


def _qualification(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) > MAX_QUALIFICATION_TEXT:
            raise PydanticCustomError("value_error", "资质过长：不能超过{limit}个字符 (at most {limit} characters)",
                                      {"limit": MAX_QUALIFICATION_TEXT})
        kind, year = _split_year(unicodedata.normalize("NFKC", value).strip())
        return {"kind": enum_from_text(QualificationKind)(kind), "year": year}
    return value


Qualifications = list[Annotated[QualificationIn, BeforeValidator(_qualification)]]
Email = Annotated[EmailStr | None, EmailText]


class _EnterpriseChecks:
    @field_validator("qualifications", check_fields=False)
    @classmethod
    def _one_per_kind(cls, value: list[QualificationIn] | None) -> list[QualificationIn] | None:
        if value is not None and len({q.kind for q in value}) != len(value):
            raise PydanticCustomError("value_error", "同一资质只能填写一次 (each qualification kind at most once)")
        return value


class EnterpriseCreate(_EnterpriseChecks, RequestModel):
    name: required_text(200) = Field(description="企业名称")
    credit_code: CreditCode = Field(description="统一社会信用代码（18位，GB 32100-2015 校验）")
    role: labelled(EnterpriseRole) = Field(description="chain_leader 链主企业 / sme 中小企业 / both")
    size_class: labelled(SizeClass) | None = Field(default=None, description="企业规模：大型/中型/小型/微型")
    province: optional_text(50) = None
    city: optional_text(50) = None
    district: optional_text(50) = Field(default=None, description="区县，如 两江新区")
    contact_person: optional_text(100) = None
    phone: Phone = None
    email: Email = None
    qualifications: Qualifications = Field(default_factory=list, description="资质及认定年份")
    chains: list[ChainRef] = Field(default_factory=list, description="所属产业链（名称、代码或编号）")
    brands: text_list(20, 100) = Field(default_factory=list, description="自有品牌，如 斯达半导；用于识别国产替代")  # type: ignore[valid-type]


class EnterpriseUpdate(_EnterpriseChecks, RequestModel):
    """Partial update: only the fields sent are changed. ``credit_code``, ``role`` and ``qualifications``
    are certified facts that only operators may change."""

    name: optional_text(200) = None
    credit_code: CreditCode | None = None
    role: labelled(EnterpriseRole) | None = None
    size_class: labelled(SizeClass) | None = None
    province: optional_text(50) = None
    city: optional_text(50) = None
    district: optional_text(50) = None
    contact_person: optional_text(100) = None
    phone: Phone = None
    email: Email = None
    qualifications: Qualifications | None = None
    chains: list[ChainRef] | None = None
    brands: text_list(20, 100) | None = Field(default=None, description="自有品牌（整体替换；空数组清空）")  # type: ignore[valid-type]


class QualificationRead(ResponseModel):
    kind: QualificationKind
    year: int | None


class EnterpriseRead(ResponseModel):
    id: int
    name: str
    credit_code: str
    role: EnterpriseRole
    size_class: SizeClass | None
    province: str | None
    city: str | None
    district: str | None
    contact_person: str | None
    phone: str | None
    email: str | None
    qualifications: list[QualificationRead]
    chains: list[IndustryChainBrief]
    brands: list[str] = Field(description="自有品牌")
    created_at: UtcDatetime
    updated_at: UtcDatetime
