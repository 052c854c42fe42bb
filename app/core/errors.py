"""The project's error hierarchy. Services raise these; one handler renders them.

Every error answers ``{"error": CODE, "message": TEXT, "detail": ...}``: ``error`` is a stable machine code,
``message`` is readable (Chinese first), ``detail`` names the offending fields or cells where there are any.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException


class ChainmatchError(Exception):
    status_code: int = 500
    code: str = "internal_error"
    message: str = "服务内部错误 (internal error)"

    def __init__(self, message: str | None = None, *, detail: Any = None, code: str | None = None) -> None:
        super().__init__(message or self.message)
        if message:
            self.message = message
        if code:
            self.code = code
        self.detail = detail


class Unauthorized(ChainmatchError):
    status_code = 401
    code = "unauthorized"
    message = "缺少或无效的 API 密钥 (missing or invalid API key)"


class Forbidden(ChainmatchError):
    status_code = 403
    code = "forbidden"
    message = "无权执行此操作 (not allowed for this role)"


class NotFound(ChainmatchError):
    status_code = 404
    code = "not_found"
    message = "未找到 (not found)"


class Conflict(ChainmatchError):
    status_code = 409
    code = "conflict"
    message = "与现有数据冲突 (conflicts with existing data)"


class PreconditionFailed(ChainmatchError):
    status_code = 412
    code = "precondition_failed"
    message = "数据已被修改 (precondition failed)"


class PayloadTooLarge(ChainmatchError):
    status_code = 413
    code = "payload_too_large"
    message = "文件过大 (file too large)"


class ValidationFailed(ChainmatchError):
    """422 with ``detail`` a list of ``{"field": ..., "reason": ...}`` (or cell locations for imports)."""

    status_code = 422
    code = "validation_error"
    message = "输入校验失败 (validation failed)"


class RateLimited(ChainmatchError):
    status_code = 429
    code = "rate_limited"
    message = "请求过于频繁 (too many requests)"


def field_error(field: str, reason: str, value: Any = None) -> dict[str, Any]:
    item: dict[str, Any] = {"field": field, "reason": reason}
    if value is not None:
        item["value"] = value
    return item


class ErrorResponse(JSONResponse):
    """JSON that renders whatever a client sent back to it: a lone surrogate echoed in an error (say, in a field
    name) cannot be encoded as UTF-8, so such a body is sent with every non-ASCII character
    escaped instead of failing with a 500."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _body(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {"error": code, "message": message, "detail": detail}


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    # ("body", "credit_code") -> "credit_code"; ("query", "limit") -> "limit": clients know where they sent it.
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:] or parts
    return ".".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ChainmatchError)
    async def _chainmatch_error(_: Request, exc: ChainmatchError) -> JSONResponse:
        return ErrorResponse(status_code=exc.status_code, content=_body(exc.code, exc.message, exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _request_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [
            {"field": _location(err.get("loc", ())), "reason": err.get("msg", "invalid"), "type": err.get("type")}
            for err in exc.errors()
        ]
        return ErrorResponse(status_code=422, content=_body(ValidationFailed.code, ValidationFailed.message, detail))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden",
                 413: PayloadTooLarge.code}
        code = codes.get(exc.status_code, f"http_{exc.status_code}")
        return ErrorResponse(status_code=exc.status_code, content=_body(code, str(exc.detail)))

    @app.exception_handler(DataError)
    async def _value_out_of_range(_: Request, exc: DataError) -> JSONResponse:
        # A value the schema let through but the column cannot hold (an id beyond PostgreSQL's integer range):
        # the client's input, not a server fault. The session dependency has already rolled back.
        return ErrorResponse(status_code=422, content=_body(
            ValidationFailed.code, "数值超出范围或格式无效 (a value is out of range for the database)"))

    @app.exception_handler(IntegrityError)
    async def _constraint_violated(_: Request, exc: IntegrityError) -> JSONResponse:
        # The one place a constraint the database enforced becomes an answer. Services check uniqueness and
        # references first; what reaches here is a race (twelve identical POSTs at once: one wins, the others
        # meet the unique constraint) or a write that bypassed those checks. The session dependency has
        # already rolled back; the client's request conflicts with the stored data, it is no server fault.
        constraint = constraint_name(exc)
        if constraint in CHECKED_FIELDS:
            # A rule the schema checks per request, which concurrent partial updates got past together.
            field, reason = CHECKED_FIELDS[constraint]
            return ErrorResponse(status_code=422, content=_body(
                ValidationFailed.code, ValidationFailed.message, [field_error(field, reason)]))
        return ErrorResponse(status_code=409, content=_body(
            "conflict", "与同时提交的请求或现有数据冲突，请刷新后重试 (conflicts with a concurrent request or stored data)",
            {"constraint": constraint} if constraint else None))

    @app.exception_handler(OverflowError)
    async def _integer_too_large(_: Request, exc: OverflowError) -> JSONResponse:
        # SQLite's driver refuses an integer beyond 64 bits before the database sees it (PostgreSQL answers the
        # DataError above): the same client mistake, the same answer.
        return ErrorResponse(status_code=422, content=_body(
            ValidationFailed.code, "数值超出范围或格式无效 (a value is out of range for the database)"))

    @app.exception_handler(OperationalError)
    async def _database_down(_: Request, exc: OperationalError) -> JSONResponse:
        if getattr(getattr(exc, "orig", None), "sqlstate", None) in _RETRYABLE_SQLSTATES:
            # PostgreSQL chose this transaction as a deadlock victim or could not serialise it: a concurrent
            # request won; nothing was written, and the same request may simply be sent again.
            return ErrorResponse(status_code=409, content=_body(
                "concurrent_update", "数据正被同时修改，请重试 (concurrent update; retry)"))
        return JSONResponse(
            status_code=503,
            content=_body("database_unavailable", "数据库暂不可用，请稍后重试 (database unavailable)"),
        )


# CHECK constraints that restate a field rule, by name: the field a 422 names and why.
CHECKED_FIELDS = {
    "ck_demand_items_price_range": ("price_max", "最高价低于最低价 (price_max is below price_min)"),
}

# 40001 serialization_failure, 40P01 deadlock_detected.
_RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


def constraint_name(exc: IntegrityError) -> str | None:
    """The violated constraint's name: from PostgreSQL's diagnostics, or SQLite's message."""
    diag = getattr(getattr(exc, "orig", None), "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name:
        return str(name)
    message = str(getattr(exc, "orig", exc))
    for prefix in ("UNIQUE constraint failed: ", "CHECK constraint failed: "):
        if message.startswith(prefix):
            return message[len(prefix):].strip()
    return None
