"""Lines of the two lists: demand items (大企业产品需求清单) and supply items (中小企业产品供给清单)."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from app.domain import units
from app.models import DemandStatus, ItemCategory, SupplyStatus
from app.schemas.chains import IndustryChainBrief
from app.schemas.common import (
    ChainRef,
    DbInt,
    RequestModel,
    ResponseModel,
    UtcDatetime,
    YesNo,
    labelled,
    non_negative,
    optional_text,
    part_number_list,
    required_text,
    text_list,
)

# What an SME sees instead of the name of a chain leader whose demand is confidential.
ANONYMOUS_LEADER_NAME = "某链主企业"


def _error(reason: str) -> PydanticCustomError:
    return PydanticCustomError("value_error", "{reason}", {"reason": reason})


def _is_plain_number(value: str) -> bool:
    try:
        float(unicodedata.normalize("NFKC", value).replace(",", "").strip())
    except ValueError:
        return False
    return True


class _DemandChecks:
    """Rules shared by create and (for the fields it carries) partial update."""

    @model_validator(mode="before")
    @classmethod
    def _quantity_with_unit(cls, data: Any) -> Any:
        # 年需求量 typed as "20万件" carries its own unit: split it into amount and unit before field checks.
        if isinstance(data, dict):
            raw = data.get("annual_quantity")
            if isinstance(raw, str) and raw.strip() and not _is_plain_number(raw):
                try:
                    quantity = units.parse_quantity(raw, default_unit=data.get("quantity_unit") or None)
                except ValueError:
                    return data  # the field validator reports the reason against annual_quantity
                data = {**data, "annual_quantity": quantity.amount, "quantity_unit": quantity.unit_label}
        return data

    @field_validator("annual_quantity", mode="before", check_fields=False)
    @classmethod
    def _readable_quantity(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip() and not _is_plain_number(value):
            try:
                units.parse_quantity(value)
            except ValueError as exc:
                raise _error(str(exc)) from None
        return value

    @field_validator("quantity_unit", check_fields=False)
    @classmethod
    def _known_unit(cls, value: str | None, info: ValidationInfo) -> str | None:
        amount = info.data.get("annual_quantity")
        if value is None:
            if amount is not None:
                raise _error("填写了年需求量时必须填写计量单位 (a unit is required with annual_quantity)")
            return None
        try:
            units.quantity_from_parts(amount if amount is not None else 0.0, value)
        except ValueError as exc:
            raise _error(str(exc)) from None
        return value

    @field_validator("price_max", check_fields=False)
    @classmethod
    def _price_range(cls, value: float | None, info: ValidationInfo) -> float | None:
        low = info.data.get("price_min")
        if value is not None and low is not None and low > value:
            raise _error(f"最高价{value:g}低于最低价{low:g} (price_max is below price_min)")
        return value


class DemandItemCreate(_DemandChecks, RequestModel):
    """One line of a chain leader's demand list. ``annual_quantity`` may also be typed with its unit
    (``"20万件"``); it is stored in the canonical unit (200000 件)."""

    enterprise_id: DbInt | None = Field(
        default=None, description="所属链主企业编号：运营人员必填；链主企业密钥只能是自己的企业（可省略）"
    )
    item_code: optional_text(64) = Field(default=None, description="需求编码（重新上传时据此更新）")
    category: labelled(ItemCategory) = Field(description="需求类别：关键原材料 / 关键零部件 / 关键软件")
    product_name: required_text(200) = Field(description="产品名称")
    specification: optional_text(5000) = Field(default=None, description="规格/技术要求")
    part_numbers: part_number_list(50, 100) = Field(default_factory=list, description="规格型号（可多个）")
    annual_quantity: non_negative("年需求量") = Field(default=None, description="年需求量")
    # validate_default: a quantity without its unit is refused even when quantity_unit is left out.
    quantity_unit: optional_text(16) = Field(
        default=None, validate_default=True, description="计量单位，如 件、万件、吨、套/月"
    )
    price_min: non_negative("最低价") = None
    price_max: non_negative("最高价") = None
    price_unit: optional_text(16) = Field(default=None, description="价格单位，如 元/件")
    certifications: text_list(20, 100) = Field(default_factory=list, description="认证要求，如 IATF 16949")
    preferred_region: optional_text(100) = Field(default=None, description="优先区域，如 成渝地区")
    chain: ChainRef = Field(default=None, description="所属产业链（名称、代码或编号）")
    valid_until: date | None = Field(default=None, description="有效期至")
    status: labelled(DemandStatus) = Field(default=DemandStatus.OPEN, description="open 开放 / paused 暂停 / closed 关闭")
    confidential: YesNo = Field(default=False, description="保密：对中小企业隐藏链主企业名称")

    @model_validator(mode="after")
    def _normalise_quantity(self) -> DemandItemCreate:
        if self.annual_quantity is not None and self.quantity_unit:
            quantity = units.quantity_from_parts(self.annual_quantity, self.quantity_unit)
            self.annual_quantity, self.quantity_unit = quantity.amount, quantity.unit_label
        return self


class DemandItemUpdate(_DemandChecks, RequestModel):
    """Partial update; the owner cannot be changed."""

    item_code: optional_text(64) = None
    category: labelled(ItemCategory) | None = None
    product_name: optional_text(200) = None
    specification: optional_text(5000) = None
    part_numbers: part_number_list(50, 100) | None = None
    annual_quantity: non_negative("年需求量") = None
    quantity_unit: optional_text(16) = None
    price_min: non_negative("最低价") = None
    price_max: non_negative("最高价") = None
    price_unit: optional_text(16) = None
    certifications: text_list(20, 100) | None = None
    preferred_region: optional_text(100) = None
    chain: ChainRef = None
    valid_until: date | None = None
    status: labelled(DemandStatus) | None = None
    confidential: YesNo | None = None


class _SupplyChecks:
    @field_validator("capacity", check_fields=False)
    @classmethod
    def _readable_capacity(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                units.parse_capacity(value)
            except ValueError as exc:
                raise _error(str(exc)) from None
        return value


class SupplyItemCreate(_SupplyChecks, RequestModel):
    """One line of an SME's supply list. ``capacity`` is typed as in the sheet (``50万件/年``)."""

    enterprise_id: DbInt | None = Field(
        default=None, description="所属企业编号：运营人员必填；中小企业密钥只能是自己的企业（可省略）"
    )
    item_code: optional_text(64) = Field(default=None, description="产品编码（重新上传时据此更新）")
    category: labelled(ItemCategory) = Field(description="产品类别：关键原材料 / 关键零部件 / 关键软件")
    product_name: required_text(200) = Field(description="产品名称（主导产品）")
    description: optional_text(5000) = Field(default=None, description="产品描述/技术参数")
    part_numbers: part_number_list(50, 100) = Field(default_factory=list, description="规格型号（可多个）")
    capacity: optional_text(100) = Field(default=None, description="产能规模，如 50万件/年、3000套/月")
    certifications: text_list(20, 100) = Field(default_factory=list, description="认证情况")
    intended_customers: text_list(30, 200) = Field(default_factory=list, description="拟配套对象（链主企业名称）")
    chain: ChainRef = Field(default=None, description="所属产业链（名称、代码或编号）")
    status: labelled(SupplyStatus) = Field(default=SupplyStatus.ACTIVE, description="active 有效 / inactive 停用")


class SupplyItemUpdate(_SupplyChecks, RequestModel):
    """Partial update; the owner cannot be changed."""

    item_code: optional_text(64) = None
    category: labelled(ItemCategory) | None = None
    product_name: optional_text(200) = None
    description: optional_text(5000) = None
    part_numbers: part_number_list(50, 100) | None = None
    capacity: optional_text(100) = None
    certifications: text_list(20, 100) | None = None
    intended_customers: text_list(30, 200) | None = None
    chain: ChainRef = None
    status: labelled(SupplyStatus) | None = None


class IntendedCustomerRead(ResponseModel):
    name: str
    enterprise_id: int | None = Field(description="解析到的链主企业编号（未能解析时为空）")


class _ItemReadBase(ResponseModel):
    id: int
    enterprise_id: int | None = Field(description="所属企业编号（保密需求对中小企业不显示）")
    enterprise_name: str
    district: str | None
    item_code: str | None
    category: ItemCategory
    product_name: str
    part_numbers: list[str]
    certifications: list[str]
    chain: IndustryChainBrief | None
    created_at: UtcDatetime
    updated_at: UtcDatetime


class DemandItemRead(_ItemReadBase):
    specification: str | None
    annual_quantity: float | None
    quantity_unit: str | None
    quantity_per_year: float | None = Field(description="折算为基本单位的年需求量（件、kg、m、m²、L…）")
    quantity_dimension: str | None
    price_min: float | None
    price_max: float | None
    price_unit: str | None
    preferred_region: str | None
    valid_until: date | None
    status: DemandStatus
    confidential: bool


class SupplyItemRead(_ItemReadBase):
    description: str | None
    capacity: str | None = Field(description="产能规模（原文）")
    capacity_amount: float | None
    capacity_unit: str | None
    capacity_period: str | None
    capacity_per_year: float | None = Field(description="折算为基本单位的年产能")
    capacity_dimension: str | None
    intended_customers: list[IntendedCustomerRead]
    status: SupplyStatus
