"""The two lists chainmatch keeps: the SMEs' supply list (供给清单) and the chain leaders' demand list (需求清单)."""

from __future__ import annotations

from enum import StrEnum


class ListKind(StrEnum):
    SUPPLY = "supply"
    DEMAND = "demand"

    @property
    def sheet_name(self) -> str:
        return "供给清单" if self is ListKind.SUPPLY else "需求清单"

    @property
    def title(self) -> str:
        return "中小企业产品供给清单" if self is ListKind.SUPPLY else "大企业产品需求清单"
