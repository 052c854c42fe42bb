"""Pagination, sorting and free-text helpers shared by the list services."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from app.core.errors import ValidationFailed, field_error


@dataclass(frozen=True)
class PageRequest:
    limit: int
    offset: int = 0


# More than any real ordering needs (there are a handful of sortable columns).
MAX_SORT_KEYS = 10


def order_by(sort: str | None, columns: Mapping[str, Any], *, default: str, tiebreak: Any) -> list[Any]:
    """``"-created_at,product_name"`` → ORDER BY clauses; an unknown field is a 422 naming ``sort``.

    ``tiebreak`` (the primary key) is always appended in the direction of the first key so pages are stable.
    """
    spec = (sort or default).strip() or default
    keys = spec.split(",")
    if len(keys) > MAX_SORT_KEYS:
        # Each key is a term of ORDER BY; thousands of them exhaust SQLite's expression limits (a 503 before).
        raise ValidationFailed(detail=[field_error(
            "sort", f"最多按 {MAX_SORT_KEYS} 个字段排序 (at most {MAX_SORT_KEYS} sort keys)", len(keys))])
    clauses: list[Any] = []
    descending_first: bool | None = None
    for raw in keys:
        name = raw.strip()
        descending = name.startswith("-")
        name = name.lstrip("-+").strip()
        if name not in columns:
            allowed = ", ".join(sorted(columns))
            raise ValidationFailed(
                detail=[field_error("sort", f"不能按「{name}」排序，可用：{allowed} (unknown sort field)", raw)]
            )
        column = columns[name]
        clauses.append(column.desc() if descending else column.asc())
        if descending_first is None:
            descending_first = descending
    clauses.append(tiebreak.desc() if descending_first else tiebreak.asc())
    return clauses


def fetch_page(db_session: Session, statement: Select, *, page: PageRequest, order: list[Any]) -> tuple[list[Any], int]:
    """The rows of one page and the total count under the same filters (ordering does not affect the count)."""
    total = db_session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    rows = list(db_session.scalars(statement.order_by(*order).limit(page.limit).offset(page.offset)).unique())
    return rows, total


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: Any, text: str) -> ColumnElement[bool]:
    return column.ilike(like_pattern(text), escape="\\")
