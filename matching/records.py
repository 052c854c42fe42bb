"""The plain records the engine takes and the results it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Category = Literal["raw_material", "component", "software"]

CATEGORY_LABELS: dict[str, str] = {
    "raw_material": "关键原材料",
    "component": "关键零部件",
    "software": "关键软件",
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_LABELS)


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """One supply or demand line as the engine sees it.

    ``part_numbers`` are the model / part numbers typed in their own column; more are extracted from the name and
    the description. ``category`` is ``"raw_material"``, ``"component"``, ``"software"`` or ``None`` (unknown).
    """

    id: str
    name: str
    description: str = ""
    part_numbers: tuple[str, ...] = field(default=())
    brand: str = ""
    category: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError("ItemRecord.id must be a non-empty string")
        if self.category is not None and self.category not in CATEGORY_LABELS:
            raise ValueError(f"ItemRecord.category must be one of {CATEGORIES} or None, not {self.category!r}")
        if isinstance(self.part_numbers, str):
            object.__setattr__(self, "part_numbers", (self.part_numbers,))
        elif not isinstance(self.part_numbers, tuple):
            object.__setattr__(self, "part_numbers", tuple(self.part_numbers))
