"""The industrial synonym and abbreviation dictionary, and the rewriter that applies it.

A dictionary is a list of groups; the first term of a group is its canonical spelling and every other term is
rewritten to it before text is vectorised or compared, so ``伺服马达`` and ``伺服电机`` (or ``PLC`` and
``可编程控制器``) become the same words on both sides. Terms are normalised with :func:`normalize_text` first.
Latin terms are only rewritten as whole words (``plc`` in ``西门子plc``, not inside ``plcx``); at each position the
longest term wins (``伺服马达`` before ``马达``).

The packaged file is ``matching/data/synonyms.tsv``; operators extend it with a file in the same format
(one group a line, terms separated by tabs, ``#`` comments), passed to :func:`load_synonyms`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from matching.normalize import normalize_text

SynonymGroups = tuple[tuple[str, ...], ...]

PACKAGED_SYNONYMS = "synonyms.tsv"


def parse_synonyms(text: str) -> SynonymGroups:
    """Parse the tab-separated format: one group a line, the canonical term first; blank and ``#`` lines skipped."""
    groups: list[tuple[str, ...]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        terms = tuple(t.strip() for t in line.split("\t") if t.strip())
        if len(terms) >= 2:
            groups.append(terms)
    return tuple(groups)


def load_synonyms(extra: str | Path | None = None, *, packaged: bool = True) -> SynonymGroups:
    """The packaged dictionary followed by an operator's file (same format). Earlier groups win a conflict."""
    groups: list[tuple[str, ...]] = []
    if packaged:
        packaged_text = resources.files("matching").joinpath("data", PACKAGED_SYNONYMS).read_text(encoding="utf-8")
        groups.extend(parse_synonyms(packaged_text))
    if extra is not None:
        groups.extend(parse_synonyms(Path(extra).read_text(encoding="utf-8")))
    return tuple(groups)


def _trie_pattern(terms: Iterable[str]) -> str:
    """A regex alternation built from a trie, so matching costs one pass whatever the dictionary size."""
    trie: dict = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = True

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy: a longer term is tried before accepting the shorter one that ends here.
        return "(?:" + body + ")?" if ends else body

    return build(trie)


class SynonymRewriter:
    """Rewrites every known term of normalised text to its group's canonical spelling."""

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        canonical_of: dict[str, str] = {}
        for group in groups:
            terms = [normalize_text(t) for t in group]
            terms = [t for t in terms if t]
            if len(terms) < 2:
                continue
            canonical = canonical_of.get(terms[0], terms[0])
            for term in terms:
                canonical_of.setdefault(term, canonical)
        self.canonical_of = canonical_of
        latin = [t for t in canonical_of if t.isascii()]
        other = [t for t in canonical_of if not t.isascii()]
        # Two passes rather than one alternation: each keeps sre's first-character filter, and ASCII-only text
        # (most Latin rows) skips the CJK pass.
        self._latin = re.compile(r"(?<![a-z0-9])(?:" + _trie_pattern(latin) + r")(?![a-z0-9])") if latin else None
        self._other = re.compile(_trie_pattern(other)) if other else None

    def __len__(self) -> int:
        return len(self.canonical_of)

    def rewrite(self, text: str) -> str:
        """``text`` must already be normalised; returns it with every known term in canonical spelling."""
        if not text:
            return text
        if self._other is not None and not text.isascii():
            text = self._other.sub(self._replace, text)
        if self._latin is not None:
            text = self._latin.sub(self._replace, text)
        return text

    def _replace(self, match: re.Match[str]) -> str:
        return self.canonical_of.get(match.group(0), match.group(0))
