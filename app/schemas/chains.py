"""Industry chains (产业链): reference data every role reads and operators edit."""

from __future__ import annotations

from pydantic import Field

from app.schemas.common import RequestModel, ResponseModel, optional_text, required_text


class IndustryChainCreate(RequestModel):
    code: required_text(32) = Field(description="稳定的英文代码，如 power_semi")
    name: required_text(100) = Field(description="产业链名称，如 功率半导体")
    cluster: optional_text(100) = Field(default=None, description="所属产业集群")
    description: optional_text(2000) = None
    is_active: bool = True


class IndustryChainUpdate(RequestModel):
    code: optional_text(32) = None
    name: optional_text(100) = None
    cluster: optional_text(100) = None
    description: optional_text(2000) = None
    is_active: bool | None = None


class IndustryChainBrief(ResponseModel):
    id: int
    code: str
    name: str


class IndustryChainRead(IndustryChainBrief):
    cluster: str | None
    description: str | None
    is_active: bool
