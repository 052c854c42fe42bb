"""The brand registry: which brand is whose, from which country, and whether it is domestic (国产).

A demand line that names a foreign brand (``IGBT模块 英飞凌 FF450R12ME4 或同等``) is asking, in practice, whether a
domestic maker can supply the part; the registry is how the engine tells a domestic equivalent from a foreign
brand's distributor. The packaged file is ``matching/data/brands.tsv`` (one brand a line: brand, maker, country,
domestic 1/0, spellings separated by ``|``); operators extend it with rows of their own, which win over the packaged
ones for the same brand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources

from matching.normalize import normalize_text
from matching.synonyms import _trie_pattern

PACKAGED_BRANDS = "brands.tsv"
# A spelling longer than this is no brand (and would slow the alternation down).
MAX_SPELLING_CHARS = 40


@dataclass(frozen=True, slots=True)
class Brand:
    """One brand: ``name`` as shown (``英飞凌``), its maker, country, whether it is domestic, its spellings."""

    name: str
    maker: str = ""
    country: str = ""
    domestic: bool = False
    spellings: tuple[str, ...] = ()


def parse_brands(text: str) -> tuple[Brand, ...]:
    """Parse the tab-separated format; blank and ``#`` lines skipped. Raises ``ValueError`` naming the line of a
    row that is not ``brand, maker, country, 0/1, spellings``."""
    brands = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 4 or not cells[0] or cells[3] not in ("0", "1"):
            raise ValueError(f"brands line {number}: expected brand, maker, country, 0/1, spellings: {line!r}")
        spellings = cells[4].split("|") if len(cells) > 4 else []
        brands.append(brand(cells[0], maker=cells[1], country=cells[2], domestic=cells[3] == "1",
                            spellings=spellings))
    return tuple(brands)


def brand(name: str, *, maker: str = "", country: str = "", domestic: bool = False,
          spellings: Iterable[str] = ()) -> Brand:
    """A :class:`Brand` whose spellings are normalised and include its name."""
    seen: dict[str, None] = {}
    for spelling in (name, *spellings):
        folded = normalize_text(spelling)
        if folded and len(folded) <= MAX_SPELLING_CHARS:
            seen[folded] = None
    return Brand(name=name.strip(), maker=maker.strip(), country=country.strip(), domestic=domestic,
                 spellings=tuple(seen))


def load_brands() -> tuple[Brand, ...]:
    """The packaged registry."""
    text = resources.files("matching").joinpath("data", PACKAGED_BRANDS).read_text(encoding="utf-8")
    return parse_brands(text)


class BrandRegistry:
    """Finds the brands a text names. Later brands replace earlier ones of the same name (an operator's row
    replaces the packaged one, keeping its spellings); a spelling two brands share belongs to the later one."""

    def __init__(self, brands: Sequence[Brand] = ()) -> None:
        self.brands = brands

    def fit(self) -> BrandRegistry:
        by_name: dict[str, Brand] = {}
        for b in self.brands:
            old = by_name.get(b.name)
            # A replacing row keeps the spellings it does not repeat: it corrects the facts, not the vocabulary.
            spellings = tuple(dict.fromkeys((*b.spellings, *old.spellings))) if old is not None else b.spellings
            by_name[b.name] = replace(b, spellings=spellings)
        self.by_name_ = by_name
        self.by_spelling_: dict[str, Brand] = {}
        for b in by_name.values():
            for spelling in b.spellings:
                self.by_spelling_[spelling] = b
        # One pass over the text whatever the registry's size: a trie of the spellings, longest first at a position
        # (西门子工业软件 before 西门子). Latin spellings must not touch another letter or digit (skf, not in skfx):
        # checked on each match, as a per-spelling lookaround would undo the trie.
        self.pattern_ = re.compile(_trie_pattern(self.by_spelling_)) if self.by_spelling_ else None
        return self

    def get(self, name: str) -> Brand | None:
        """A brand by its name or any spelling."""
        return self.by_name_.get(name.strip()) or self.by_spelling_.get(normalize_text(name))

    def find(self, text: str, *, normalised: bool = False) -> tuple[Brand, ...]:
        """The brands ``text`` names, in the order it names them, each once (``normalised``: the text is
        already :func:`~matching.normalize.normalize_text`'s)."""
        if self.pattern_ is None or not text:
            return ()
        folded = (text if normalised else normalize_text(text))[:2000]
        found: dict[str, Brand] = {}
        for match in self.pattern_.finditer(folded):
            spelling, start, end = match.group(0), match.start(), match.end()
            if (_latin(spelling[0]) and start > 0 and _latin(folded[start - 1])) or (
                    _latin(spelling[-1]) and end < len(folded) and _latin(folded[end])):
                continue
            b = self.by_spelling_[spelling]
            found.setdefault(b.name, b)
        return tuple(found.values())


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


__all__ = ["Brand", "BrandRegistry", "brand", "load_brands", "parse_brands"]
