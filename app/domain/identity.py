"""The one rule for an item's stable identity, used by the API, the import and later by decisions."""

from __future__ import annotations

from collections.abc import Iterable

from matching.normalize import normalize_part_number, normalize_text


def item_identity_key(product_name: str, part_numbers: Iterable[str] = ()) -> str:
    """Normalised product name plus sorted normalised part numbers: re-uploads of one line map to one row."""
    parts = sorted({normalize_part_number(p) for p in part_numbers if p and normalize_part_number(p)})
    name = normalize_text(product_name).replace(" ", "")
    return "|".join([name, *parts])[:512]
