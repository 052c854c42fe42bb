"""Self-registration of an SME or a chain leader (the web pages' sign-up form)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from app.schemas.common import CreditCode, Phone, RequestModel, optional_text, required_text


class RegistrationRole(StrEnum):
    SME = "sme"
    CHAIN_LEADER = "chain_leader"


class Registration(RequestModel):
    role: RegistrationRole = Field(description="sme 中小企业 / chain_leader 链主企业")
    name: required_text(200) = Field(description="企业名称")
    credit_code: CreditCode = Field(description="统一社会信用代码（18位，GB 32100-2015 校验）")
    district: optional_text(50) = None
    contact_person: required_text(100) = Field(description="联系人")
    phone: Phone = None
    email: optional_text(254) = None
    login: required_text(254) = Field(description="登录账号（手机号或邮箱）")
    password: str = Field(min_length=1, max_length=256)
