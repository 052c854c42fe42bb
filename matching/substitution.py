"""国产替代: whether a demand asks for a domestic equivalent, whether a supply row is one, and on what basis.

A chain leader's key item is often written against the foreign part it buys today (``IGBT模块 英飞凌 FF450R12ME4
或同等``, ``替代进口 SKF 6205-2RS``). Such a demand asks for equivalents: a domestic supply row whose number a
cross-reference table (替代型号对照) lists against the demanded number, or whose typed attributes agree with the
demand's (same specifications, no contradiction, same kind of product), is what the leader is looking for, not a
row of another brand. :func:`assess` gives such a row one ``substitute`` contribution: the basis's own weight plus
whatever the engine deducted for the brand and part number differing, so the difference costs it nothing; the
contribution's demand value is the foreign reference (``英飞凌 FF450R12ME4``).

Pure: the cross-references are passed in (``{reference code: {equivalent codes}}``), the engine's contributions
are read, not recomputed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from matching.brands import Brand, BrandRegistry
from matching.comparisons import Contribution, Level
from matching.features import prepare
from matching.normalize import normalize_text
from matching.records import ItemRecord
from matching.synonyms import SynonymRewriter, load_synonyms

# Words with which a demand asks for an equivalent, or a supply row says it is one (``可替代``, ``pin-to-pin 兼容``).
ASKING_WORDS = re.compile(r"国产|替代|同等|等同|平替|代替|或相当|进口替换")
# A brand named in a clause like these is a system to work with (需与SAP/用友ERP集成), not a part to replace.
INTEGRATION_WORDS = re.compile(r"集成|对接|接口|通讯|通信|联网|兼容性测试")
_CLAUSES = re.compile(r"[，,；;。！!？?\n]")  # on the text as written: normalising turns these into spaces
OFFERING_WORDS = re.compile(r"替代|兼容|对标|可替换|平替|pin to pin|pin-to-pin|pin2pin")

CROSS_REFERENCE = "cross_reference"
LEARNED = "learned"
COMPATIBLE = "compatible"
SUBSTITUTE_LEVELS = (
    Level(CROSS_REFERENCE, "替代型号对照", 4.5),  # as telling as the same part number (comparisons.PART_NUMBER_LEVELS)
    Level(LEARNED, "链主确认同等替代", 4.5),
    Level(COMPATIBLE, "参数兼容", 1.0),
)
_LEVEL = {level.code: level for level in SUBSTITUTE_LEVELS}
# What the engine deducts for a different brand or part number; a domestic equivalent gets it back.
_FORGIVEN = {("brand", "different"), ("part_number", "different"), ("part_number", "head")}
_SAME_PART = ("exact", "typo", "family", "near")
# Below these the row is another product that shares a few specification values by chance.
MIN_TEXT_SIMILARITY = 0.15
MIN_NAME_SIMILARITY = 0.3
# Software states functions, not ratings: the same kind of software (category and attributes agree, nothing
# contradicts) described in closely the same words is compatible.
MIN_SOFTWARE_SIMILARITY = 0.5


@dataclass(frozen=True, slots=True)
class SubstitutionNeed:
    """What a demand says about substitution: the foreign brands it names, its part numbers (the references,
    normalised), and whether it asks in words (国产 / 替代 / 同等)."""

    foreign_brands: tuple[Brand, ...] = ()
    references: tuple[str, ...] = ()
    asked: bool = False

    def seeks_equivalents(self, cross_referenced: Collection[str] = ()) -> bool:
        """A foreign brand named, substitution asked for, or a part number a cross-reference knows as foreign."""
        return bool(self.foreign_brands) or self.asked or any(r in cross_referenced for r in self.references)

    @property
    def reference(self) -> str:
        """``英飞凌 FF450R12ME4`` — the foreign reference as shown; the first brand and the first number."""
        parts = [self.foreign_brands[0].name] if self.foreign_brands else []
        if self.references:
            parts.append(self.references[0])
        return " ".join(parts) or "进口产品"


@lru_cache(maxsize=1)
def _rewriter() -> SynonymRewriter:
    return SynonymRewriter(load_synonyms())


def reference_numbers(record: ItemRecord) -> tuple[str, ...]:
    """A demand's part numbers as the engine reads them (typed, and found in its name), normalised — without a
    fitted matcher (for a decision or a report, which have none at hand)."""
    prepared = prepare(record, _rewriter(), 300)
    return prepared.part_numbers[: prepared.n_primary_codes]


def substitution_need(text: str, part_numbers: Sequence[str], registry: BrandRegistry) -> SubstitutionNeed:
    """Read a demand: ``text`` its name and specification, ``part_numbers`` its numbers (normalised)."""
    folded = normalize_text(text)[:2000]
    brands: dict[str, Brand] = {}
    for clause in _CLAUSES.split(text[:2000]):
        if not INTEGRATION_WORDS.search(clause):
            for b in registry.find(clause):
                brands.setdefault(b.name, b)
    return SubstitutionNeed(
        foreign_brands=tuple(b for b in brands.values() if not b.domestic),
        references=tuple(part_numbers),
        asked=bool(ASKING_WORDS.search(folded)),
    )


DOMESTIC_BRAND = "domestic_brand"
FOREIGN_BRAND = "foreign_brand"
UNBRANDED = "unbranded"


def supply_origin(text: str, own_brands: Sequence[str], registry: BrandRegistry) -> str:
    """Whose product a supply row is: ``domestic_brand`` (it, or its enterprise's own brands from the profile,
    name a domestic brand), ``foreign_brand`` (it names a foreign brand as its own — a distributor's line — not as
    what it replaces, ``可替代 英飞凌 FF450R12ME4``; or its enterprise's known brands are all foreign) or
    ``unbranded``."""
    folded = normalize_text(text)[:2000]
    named = registry.find(folded, normalised=True)
    if any(b.domestic for b in named):
        return DOMESTIC_BRAND
    if any(not b.domestic for b in named) and not OFFERING_WORDS.search(folded):
        return FOREIGN_BRAND
    own = [registry.get(name) for name in own_brands if name and name.strip()]
    known = [b for b in own if b is not None]
    if not known:
        return UNBRANDED
    return DOMESTIC_BRAND if any(b.domestic for b in known) else FOREIGN_BRAND


def is_domestic_supply(text: str, own_brands: Sequence[str], registry: BrandRegistry) -> bool:
    """Whether a supply row is a domestic product: every enterprise here is registered in China, so a row is
    domestic unless it is a foreign brand's (:func:`supply_origin`)."""
    return supply_origin(text, own_brands, registry) != FOREIGN_BRAND


def assess(
    need: SubstitutionNeed,
    *,
    supply_domestic: bool,
    supply_branded_domestic: bool = False,
    supply_codes: Collection[str],
    equivalents: Mapping[str, Mapping[str, str]],
    learned_for_row: str | None = None,
    engine: Sequence[Contribution],
) -> Contribution | None:
    """The ``substitute`` contribution of one domestic supply row for a demand that seeks equivalents, else None.

    ``equivalents`` maps a reference code to ``{equivalent code: basis}`` (``cross_reference`` or ``learned``);
    ``learned_for_row`` is the reference a leader accepted this very row for (a row without a number of its own).
    The basis, most telling first: a cross-referenced number the row carries, a leader's acceptance, compatible
    typed attributes (the engine's specification and attribute levels agree, nothing contradicts, same category,
    and the texts are about one product).
    """
    if not supply_domestic or not need.seeks_equivalents(equivalents):
        return None
    # A row that carries the demanded number itself (or a sibling of its family) and names no domestic brand offers
    # the foreign part, resold: the part number comparison already says so. (A domestic brand's 6205-2RS is a
    # domestic bearing: bearing numbers are a standard.)
    if not supply_branded_domestic and any(c.comparison == "part_number" and c.level in _SAME_PART for c in engine):
        return None
    found: tuple[str, str, str] | None = None  # (basis, reference code, supply code)
    for reference in need.references:
        for code, basis in equivalents.get(reference, {}).items():
            if code in supply_codes and (found is None or (found[0] != CROSS_REFERENCE and basis == CROSS_REFERENCE)):
                found = (basis, reference, code)
    if found is None and learned_for_row is not None:
        found = (LEARNED, learned_for_row, "")
    if found is None and _compatible(engine):
        found = (COMPATIBLE, need.references[0] if need.references else "", _agreeing(engine))
    if found is None:
        return None
    basis, reference, supply_value = found
    level = _LEVEL[basis]
    forgiven = -sum(c.value for c in engine if (c.comparison, c.level) in _FORGIVEN and c.value < 0)
    brands = [need.foreign_brands[0].name] if need.foreign_brands else []
    shown = " ".join([*brands, reference]) if reference else need.reference
    return Contribution(comparison="substitute", level=level.code, weight=level.weight,
                        value=float(level.weight + forgiven), demand_value=shown, supply_value=supply_value or None,
                        label=f"国产替代（{level.label}）")


def _compatible(engine: Sequence[Contribution]) -> bool:
    levels = {(c.comparison, c.level) for c in engine}
    if ("spec_conflict", "different") in levels or ("attribute_conflict", "different") in levels:
        return False
    if ("category", "different") in levels or ("category", "related") in levels:
        return False
    text = max((c.similarity or 0.0 for c in engine if c.comparison == "text"), default=0.0)
    name = max((c.similarity or 0.0 for c in engine if c.comparison == "name"), default=0.0)
    software = any(c.comparison == "category" and c.level == "same" and c.supply_value == "关键软件" for c in engine)
    if software:
        return text >= MIN_SOFTWARE_SIMILARITY and name >= MIN_SOFTWARE_SIMILARITY
    # A shared specification value, or two attribute families agreeing (one is the kind of product, 产品 / 材料).
    attributes = max((c.value / c.weight for c in engine if c.comparison == "attribute" and c.level == "same"
                      and c.weight), default=0.0)
    if ("spec", "same") not in levels and attributes < 2:
        return False
    return text >= MIN_TEXT_SIMILARITY or name >= MIN_NAME_SIMILARITY


def _agreeing(engine: Sequence[Contribution]) -> str:
    return " ".join(c.supply_value for c in engine if c.comparison == "spec" and c.level == "same" and c.supply_value)


__all__ = [
    "COMPATIBLE",
    "CROSS_REFERENCE",
    "LEARNED",
    "SUBSTITUTE_LEVELS",
    "SubstitutionNeed",
    "assess",
    "is_domestic_supply",
    "reference_numbers",
    "supply_origin",
    "substitution_need",
]
