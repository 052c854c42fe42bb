"""Typed categorical attributes: families of values that exclude each other (常开/常闭, 单相/三相, 国五/国六, IP65/IP67 …).

The families are data, ``matching/data/attributes.tsv``. :class:`AttributeExtractor` finds the values a record
states in its normalised name and description (one pass of a trie regex over the dictionary's plain spellings,
plus the few spellings written as regular expressions), and the kind of thing offered or demanded (服务 / 软件 /
产品) from the name's last words and the category. A value is written ``family=value``, so a row's attributes are
plain strings that can be stored beside its specifications.

:func:`compare_attributes` says, family by family, whether a demand row's requirement is satisfied (the two rows
share a value), violated (both state values, none shared) or unknown (either states nothing): a contradiction
counts against a candidate, unknown counts for nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from matching.normalize import normalize_text
from matching.synonyms import _trie_pattern

PACKAGED_ATTRIBUTES = "attributes.tsv"
KIND_FAMILY = "kind"
KIND_LABEL = "供应物类型"

# The last words of a name that make it a service rather than a product (``MES系统实施服务``, ``模具维修``).
_SERVICE_ENDINGS = ("服务", "维修", "维保", "运维", "外包", "咨询", "培训", "代加工", "实施", "托管")
_SOFTWARE_ENDINGS = ("软件", "软件系统", "app")


@dataclass(frozen=True, slots=True)
class AttributeComparison:
    """Families where the two rows agree, and those where they conflict, with the values shown in Chinese."""

    agree: int = 0
    conflict: int = 0
    shown: str | None = None  # agreeing values: ``常闭 ip67``
    demand_conflict: str | None = None  # ``常闭`` (what the demand row requires)
    supply_conflict: str | None = None  # ``常开`` (what the supply row states)


def parse_attributes(text: str) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(family, family label, value, spellings) per line of the TSV format; ``#`` and blank lines skipped."""
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 4 or not all(cells[:4]):
            raise ValueError(f"attributes.tsv: 需要 4 列 (family, label, value, spellings): {line!r}")
        rows.append((cells[0], cells[1], cells[2], tuple(s.strip() for s in cells[3].split("|") if s.strip())))
    return tuple(rows)


@lru_cache(maxsize=1)
def packaged_attributes() -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    return parse_attributes(
        resources.files("matching").joinpath("data", PACKAGED_ATTRIBUTES).read_text(encoding="utf-8")
    )


def _ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


class AttributeExtractor:
    """Finds the attribute values stated in normalised text."""

    def __init__(self, rows: Iterable[tuple[str, str, str, Sequence[str]]] | None = None) -> None:
        rows = packaged_attributes() if rows is None else tuple(rows)
        self.labels: dict[str, str] = {KIND_FAMILY: KIND_LABEL}
        self.value_of: dict[str, str] = {}  # normalised spelling → "family=value"
        patterns: list[tuple[re.Pattern[str], str]] = []
        for family, label, value, spellings in rows:
            self.labels[family] = label
            for spelling in spellings:
                if spelling.startswith("re:"):
                    patterns.append((re.compile(spelling[3:]), f"{family}={value}"))
                else:
                    self.value_of.setdefault(normalize_text(spelling), f"{family}={value}")
        self._terms = re.compile(_trie_pattern(self.value_of)) if self.value_of else None
        self._patterns = patterns
        # Most text holds no spelling of a regex family; one cheap test skips them.
        self._pattern_hint = re.compile(r"[ad]c|\dv") if patterns else None

    def extract(self, text: str) -> tuple[str, ...]:
        """``family=value`` for each value the normalised ``text`` states, in order of first mention."""
        if not text:
            return ()
        found: dict[str, None] = {}
        if self._terms is not None:
            for match in self._terms.finditer(text):
                start, end = match.span()
                term = match.group(0)
                if term[0].isascii() and term[0].isalnum() and start > 0 and _ascii_alnum(text[start - 1]):
                    continue
                if end < len(text):
                    after = text[end]
                    if (term[-1].isdigit() and after.isdigit()) or (
                        term[-1].isascii() and term[-1].isalpha() and after.isascii() and after.isalpha()
                    ):
                        continue
                found[self.value_of[term]] = None
        if self._pattern_hint is not None and self._pattern_hint.search(text):
            for pattern, value in self._patterns:
                if pattern.search(text):
                    found[value] = None
        return tuple(found)

    def kind(self, name: str, category: str | None) -> str | None:
        """``服务``, ``软件`` or ``产品``: what a row offers or asks for, from its name's last words and its category;
        ``None`` when neither says."""
        stripped = name.rstrip(" )）")
        if stripped.endswith(_SERVICE_ENDINGS):
            return "服务"
        if category == "software" or stripped.endswith(_SOFTWARE_ENDINGS):
            return "软件"
        if category in ("raw_material", "component"):
            return "产品"
        return None

    def attributes(self, name: str, description: str, category: str | None) -> tuple[str, ...]:
        """The ``family=value`` strings of a record: its kind first, then the values its name and description state."""
        kind = self.kind(name, category)
        head = (f"{KIND_FAMILY}={kind}",) if kind else ()
        return head + self.extract(f"{name} {description}" if description else name)


def attribute_values(attributes: Sequence[str]) -> dict[str, set[str]]:
    """``("contact=常开", "ip=ip65")`` → ``{"contact": {"常开"}, "ip": {"ip65"}}``."""
    by_family: dict[str, set[str]] = {}
    for item in attributes:
        family, _, value = item.partition("=")
        by_family.setdefault(family, set()).add(value)
    return by_family


@lru_cache(maxsize=1 << 16)
def attribute_values_of(attributes: tuple[str, ...]) -> dict[str, set[str]]:
    """:func:`attribute_values` of a stored row's attributes, memoised (candidates recur). Do not mutate."""
    return attribute_values(attributes)


def attribute_counts(demand: dict[str, set[str]], supply: dict[str, set[str]]) -> tuple[int, int]:
    """(families agreeing, families conflicting): ranking needs only the counts."""
    agree = conflict = 0
    for family, d_values in demand.items():
        s_values = supply.get(family)
        if s_values:
            if d_values & s_values:
                agree += 1
            else:
                conflict += 1
    return agree, conflict


def compare_attributes(demand: dict[str, set[str]], supply: dict[str, set[str]]) -> AttributeComparison:
    """Family by family: shared value → agree, values on both sides but none shared → conflict, else unknown."""
    agree: list[str] = []
    d_conflict: list[str] = []
    s_conflict: list[str] = []
    for family, d_values in demand.items():
        s_values = supply.get(family)
        if not s_values:
            continue
        shared = d_values & s_values
        if shared:
            agree.append("/".join(sorted(shared)))
        else:
            d_conflict.append("/".join(sorted(d_values)))
            s_conflict.append("/".join(sorted(s_values)))
    return AttributeComparison(
        agree=len(agree),
        conflict=len(d_conflict),
        shown=" ".join(agree) or None,
        demand_conflict="、".join(d_conflict) or None,
        supply_conflict="、".join(s_conflict) or None,
    )
