"""ETag and If-Match for single resources: a client that read an item may update it only if nobody changed it since.

The tag is a hash of the representation the caller is shown, so it changes with any field, including linked
ones (拟配套对象, qualifications) that leave ``updated_at`` alone, and needs no version column.
"""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import Header, Response
from pydantic import BaseModel

from app.core.errors import PreconditionFailed

IfMatch = Annotated[str | None, Header(alias="If-Match", description="先前读取时的 ETag；不一致时返回 412")]


def etag(representation: BaseModel) -> str:
    return '"' + hashlib.sha256(representation.model_dump_json().encode()).hexdigest()[:32] + '"'


def tagged(response: Response, representation: BaseModel) -> None:
    response.headers["ETag"] = etag(representation)


def ensure_match(if_match: str | None, current: BaseModel) -> None:
    """412 unless ``If-Match`` is absent, ``*`` or names the current tag (RFC 9110: strong comparison)."""
    if if_match is None:
        return
    tags = {tag.strip() for tag in if_match.split(",")}
    if "*" in tags or etag(current) in tags:
        return
    raise PreconditionFailed(
        "数据已被他人修改，请重新读取后再提交 (the resource changed since you read it; read it again)",
        detail={"etag": etag(current)})
