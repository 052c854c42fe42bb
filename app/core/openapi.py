"""The error answers in the OpenAPI document: every operation lists the errors it can give, with the project's
error body (``{"error", "message", "detail"}``) instead of FastAPI's default validation-error shape, so clients
(and the schema-conformance fuzzing in the tests) know what a 400, 401, 403, 404, 409, 422, 429 or 503 looks like."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

ERROR_SCHEMA_NAME = "ErrorBody"
ERROR_SCHEMA: dict[str, Any] = {
    "title": ERROR_SCHEMA_NAME,
    "type": "object",
    "required": ["error", "message", "detail"],
    "properties": {
        "error": {"type": "string", "description": "稳定的错误代码，如 not_found、validation_error、rate_limited"},
        "message": {"type": "string", "description": "可读的说明（中文在前）"},
        "detail": {"description": "出错的字段、单元格或补充信息；没有时为 null"},
    },
}
_DESCRIPTIONS = {
    "400": "请求体无法解析 (malformed body)",
    "401": "缺少或无效的 API 密钥 (unauthorized)",
    "403": "该角色无权执行此操作 (forbidden)",
    "404": "不存在或无权查看 (not found)",
    "409": "与现有数据冲突 (conflict)",
    "412": "If-Match 与当前 ETag 不一致：数据已被他人修改 (precondition failed)",
    "413": "请求体超过上限 (payload too large)",
    "422": "输入校验失败，detail 列出每个出错的字段 (validation error)",
    "429": "请求过于频繁，见 Retry-After 响应头 (rate limited)",
    "503": "数据库暂不可用 (service unavailable)",
}
BEARER_SCHEME = "apiKey"
_WRITES = {"post", "put", "patch", "delete"}
# Answer without a key, and are never rate limited (probes and scrapes).
_PUBLIC_UNLIMITED = {"/health", "/health/live", "/metrics"}
_DEFAULT_422 = "#/components/schemas/HTTPValidationError"
_ERROR_REF = f"#/components/schemas/{ERROR_SCHEMA_NAME}"


def _error_response(code: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": _DESCRIPTIONS[code],
        "content": {"application/json": {"schema": {"$ref": _ERROR_REF}}},
    }
    if code == "429":
        response["headers"] = {"Retry-After": {"description": "可重试前等待的秒数", "schema": {"type": "integer"}}}
    return response


def _document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    schema.setdefault("components", {}).setdefault("schemas", {})[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    for path, operations in schema.get("paths", {}).items():
        if path in _PUBLIC_UNLIMITED:
            continue
        for method, operation in operations.items():
            if method not in _WRITES | {"get"}:
                continue
            responses = operation.setdefault("responses", {})
            public = not any(p.get("in") == "header" and p.get("name", "").lower() == "authorization"
                             for p in operation.get("parameters", []))
            codes = ["422", "429", "503"]
            if not public:
                codes += ["401", "403", "404"]
                # Swagger UI ignores a header parameter named Authorization; the scheme gives /docs its
                # Authorize button and sends the key on every operation that needs one.
                operation["security"] = [{BEARER_SCHEME: []}]
            if "{" in path:
                codes.append("404")
            if method in _WRITES:
                codes.append("409")
            if "requestBody" in operation:
                codes += ["400", "413"]
            if any(p.get("in") == "header" and p.get("name", "").lower() == "if-match"
                   for p in operation.get("parameters", [])):
                codes.append("412")
            for code in codes:
                existing = responses.get(code)
                body = (existing or {}).get("content", {}).get("application/json", {})
                ref = body.get("schema", {}).get("$ref")
                if existing is None or ref == _DEFAULT_422:
                    responses[code] = _error_response(code)
                elif code == "422" and ref and ref != _ERROR_REF:
                    # An operation's own 422 body (an import's list of bad cells) — or, when the request itself
                    # is malformed (a missing file, an unknown kind), the plain validation error.
                    body["schema"] = {"anyOf": [{"$ref": ref}, {"$ref": _ERROR_REF}]}
    schema["components"]["securitySchemes"] = {BEARER_SCHEME: {
        "type": "http", "scheme": "bearer",
        "description": "API 密钥：chainmatch keys create 生成，或登录网页后在「API 密钥」页面创建"}}
    schemas = schema["components"]["schemas"]
    still_used = _DEFAULT_422 in repr(schema.get("paths"))
    if not still_used:
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    return schema


def install_error_docs(app: FastAPI) -> None:
    """Replace ``app.openapi`` with one that documents the error answers (built once, then cached)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _document_errors(get_openapi(
                title=app.title, version=app.version, summary=app.summary, description=app.description,
                routes=app.routes, tags=app.openapi_tags, servers=app.servers,
            ))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
