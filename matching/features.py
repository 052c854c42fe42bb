"""From records to evidence: canonical text, part numbers, specifications, and hashed sparse features.

Feature hashing keeps the vectoriser stateless, so records can be added to a fitted index without a refit and
without a vocabulary held in Python objects. The n-grams and words of a whole batch are hashed with numpy over
the batch's code points at once (no per-token Python work), which is what makes a million-row fit affordable.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matching.attributes import AttributeExtractor
from matching.normalize import _BATCH_SEPARATOR, compact_part_number, normalize_many, strip_company_suffix_many
from matching.records import ItemRecord
from matching.specs import labelled_specs
from matching.synonyms import SynonymRewriter

# ── part numbers and specifications ──────────────────────────────────────────────────────────────────────────
# A token that may be a part number: alphanumerics joined by the separators people type inside codes.
_CODE_TOKEN = re.compile(r"[a-z0-9]+(?:[-_./+#][a-z0-9]+)*")
_HAS_DIGIT = re.compile(r"\d")
# Between several part numbers typed in one cell (raw text, before normalisation turns these into spaces).
_LIST_SEPARATORS = re.compile(r"[;；,，、|｜\n]+|\s{2,}|\s+(?:or|and|或|及|和)\s+")
_HAS_LETTER = re.compile(r"[a-zA-Z]")
# A number with a unit is a specification (500gb, 54mbps, 10ft, 200w, 1080p), not a part number.
_SPEC_UNITS = (
    "mm2|mm|cm|um|nm|km|m|m2|m3|kg|mg|g|t|kw|kwh|mw|w|kv|v|mv|ma|mah|a|ah|mhz|khz|ghz|hz|mpa|kpa|pa|bar|psi|ml|l|"
    "ohm|kohm|mohm|uf|pf|nf|rpm|inch|in|ft|lb|lbs|oz|gb|mb|tb|kb|mbps|gbps|kbps|bit|bits|p|i|k|mp|dpi|ppm|pk|pcs|"
    "pc|x|s|ms|ns|min|h|hr|hrs|yr|yrs|d|th|st|nd|rd|°c|c|db|lm|awg|cc|gal|qt|pin|port|ports|ch|way|core|cores|"
    "ply|ton|n|nm|kn|w/"
)
_SPEC = re.compile(rf"^(?:(?:dc|ac)?\d+(?:\.\d+)?(?:{_SPEC_UNITS})|m\d+(?:\.\d+)?(?:x\d+(?:\.\d+)?)?|\d+(?:\.\d+)?(?:x\d+(?:\.\d+)?)+(?:{_SPEC_UNITS})?)$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


# Standards and certifications (ISO 9001, IATF 16949, GB/T 700, DIN 912) name a rule, not a product.
_STANDARD = re.compile(
    r"^(?:iso|iatf|ts|gb|gbt|gb/t|din|jis|astm|aisi|en|iec|ul|qc|qct|qc/t|jb|jbt|jb/t|hg|hgt|hg/t|yb|sae|ansi|"
    r"rohs|reach|ce|ip|tuv|sgs|haccp|ohsas|api|asme|bs|nf|gost|ks|cns|sj|sjt|sj/t|dl|nb|tb|cb|hb)[-/ ]?\d"
)


def _is_code(token: str, compact: str) -> bool:
    if len(compact) < 3 or not _HAS_DIGIT.search(compact):
        return False
    if _SPEC.match(token) or _STANDARD.match(token):
        return False
    if _HAS_LETTER.search(compact):
        return True
    # Digits only: a catalogue number (706018, 18650), not a decimal, a fraction or a year.
    return len(compact) >= 5 and "." not in token and "/" not in token


# What extract_part_numbers learns about one token: (codes it yields alone, whether it is a code, whether it can be
# a piece of a code typed with spaces). Tokens repeat across a supply list (grades, units, series), so it is cached.
_TokenInfo = tuple[tuple[str, ...], bool, bool]
_TOKEN_INFO: dict[str, _TokenInfo] = {}
_TOKEN_INFO_SIZE = 1 << 20


def _token_info(token: str) -> _TokenInfo:
    info = _TOKEN_INFO.get(token)
    if info is not None:
        return info
    found: tuple[str, ...] = ()
    code = False
    has_digit = bool(_HAS_DIGIT.search(token))
    if has_digit:
        compact = compact_part_number(token)
        code = _is_code(token, compact)
        if code:
            head = re.split(r"[-_./+#]", token, maxsplit=1)[0]
            if head != token and len(head) >= 4 and _HAS_DIGIT.search(head) and _HAS_LETTER.search(head):
                found = (compact, head.upper())
            else:
                found = (compact,)
    piece = not _SPEC.match(token) and (has_digit or (token.isalpha() and len(token) <= 3))
    info = (found, code, piece)
    if len(_TOKEN_INFO) >= _TOKEN_INFO_SIZE:
        _TOKEN_INFO.clear()
    _TOKEN_INFO[token] = info
    return info


def extract_part_numbers(text: str) -> list[str]:
    """Part / model numbers in normalised text, in their comparable form (upper case, no separators).

    ``igbt模块 ff450r12-me4`` → ``["FF450R12ME4", "FF450R12"]``: a hyphenated code also yields its head; a code
    split by a space is joined when one piece is short (``ps lx350h`` → ``PSLX350H``, ``ff450r12 me4`` →
    ``FF450R12ME4``); specifications (``500gb``, ``200w``, ``m8x20``) and plain numbers are left out.
    """
    # Every code and every joined run holds a digit (a run of pieces without one has no piece of 4+ characters).
    if not _HAS_DIGIT.search(text):
        return []
    found: list[str] = []
    matches = list(_CODE_TOKEN.finditer(text))
    tokens = [m.group() for m in matches]
    infos = [_token_info(t) for t in tokens]
    for codes, _, _ in infos:
        found.extend(codes)
    # A code typed in pieces (``ps lx350h``, ``ff450r12 me4``, ``6205 2rs 0xb1``): join runs of up to four
    # adjacent pieces, separated by one space, each short or holding a digit, at least one holding a code.
    for first in range(len(tokens)):
        if not infos[first][2]:
            continue
        for last in range(first + 1, min(first + 4, len(tokens))):
            if not infos[last][2] or matches[last - 1].end() + 1 != matches[last].start():
                break
            if not any(info[1] for info in infos[first : last + 1]) and not any(
                len(t) >= 4 for t in tokens[first : last + 1]
            ):
                continue
            joined = compact_part_number("".join(tokens[first : last + 1]))
            if _HAS_LETTER.search(joined) and len(joined) >= 5 and not _STANDARD.match(joined.lower()):
                found.append(joined)
    return list(dict.fromkeys(found))


# A number followed by a Chinese measure word of a specification (10层, 104节, 1200万像素, 23位, 1000点, 4芯, 8.8级);
# counts of an order (年, 天, 批, 台, 套, 件 …) are not specifications.
_CJK_SPEC = re.compile(r"(?<![a-z0-9.])(\d+(?:\.\d+)?)(层|节|万|位|点|芯|极|级|寸|轴|路|口|针|相|通|槽|齿|孔|头|匝|档)")


_SPEC_JOINS = re.compile(r"/|(?<=[a-z])x(?=\d)")


def extract_specs(text: str) -> list[str]:
    """Whole numbers and numbers with units or crosses (``200w``, ``m8x20``, ``2007``, ``1.44mb``), as written,
    numbers with a Chinese measure word (``104节``, ``10层``) and numbers after an attribute's name (``16直径`` from
    ``公称直径16``, :mod:`matching.specs`)."""
    found = []
    for token in _CODE_TOKEN.findall(text):
        if _NUMBER.match(token) or _SPEC.match(token):
            found.append(token)
        elif "/" in token or "x" in token:
            # Specifications typed together: "φ30mm/gb/t4423", "1.2mmx1250mm" (a cross after a unit).
            found.extend(p for p in _SPEC_JOINS.split(token) if _SPEC.match(p))
    if not text.isascii():
        cjk = _CJK_SPEC.findall(text)
        if cjk:
            counted = {number for number, _ in cjk}
            found = [t for t in found if t not in counted] + [number + unit for number, unit in cjk]
        found += labelled_specs(text)
    return list(dict.fromkeys(found))


# ── prepared records ─────────────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True, slots=True)
class PreparedRecord:
    """A record's evidence, normalised once: what the index hashes and what the comparisons read."""

    id: str
    name: str  # canonical name: normalised, synonyms rewritten
    description: str  # canonical description, truncated
    brand: str  # normalised brand without company suffix
    part_numbers: tuple[str, ...]  # explicit first, then extracted from name, brand and description
    specs: tuple[str, ...]  # from the name; then those with a unit from the description
    category: str | None
    # The first ``n_primary_codes`` part numbers were typed or found in the name; the rest only in the description.
    n_primary_codes: int = 0
    # ``family=value`` of each categorical attribute stated (matching.attributes), the row's kind first.
    attributes: tuple[str, ...] = ()


def prepare(record: ItemRecord, rewriter: SynonymRewriter, max_description_chars: int) -> PreparedRecord:
    return prepare_many([record], rewriter, max_description_chars)[0]


def prepare_many(
    records: Sequence[ItemRecord],
    rewriter: SynonymRewriter,
    max_description_chars: int,
    extractor: AttributeExtractor | None = None,
) -> list[PreparedRecord]:
    """:func:`prepare` of each record; the text of the whole batch is normalised and rewritten at once. Attributes
    are read from the normalised text before synonyms are rewritten (``三相异步电动机`` keeps its 三相)."""
    extractor = extractor or default_extractor()
    names = normalize_many([r.name for r in records])
    descriptions = [
        d[:max_description_chars]
        for d in normalize_many([r.description[: max_description_chars * 2] for r in records])
    ]
    brands = strip_company_suffix_many([r.brand for r in records])
    # One cell often lists several numbers: "BKR6E-11；K20PR-U11", "6005DDU、6005-2RS".
    raw_pieces: list[str] = []
    piece_ends = []
    for record in records:
        for typed in record.part_numbers:
            raw_pieces.extend(_LIST_SEPARATORS.split(typed))
        piece_ends.append(len(raw_pieces))
    pieces = normalize_many(raw_pieces)
    canonical_names = _rewrite_many(rewriter, names)
    canonical_descriptions = _rewrite_many(rewriter, descriptions)
    canonical_brands = _rewrite_many(rewriter, brands)
    prepared = []
    start = 0
    for k, record in enumerate(records):
        codes, n_primary_codes, specs = _evidence(names[k], descriptions[k], pieces[start : piece_ends[k]])
        start = piece_ends[k]
        prepared.append(
            PreparedRecord(
                id=record.id,
                name=canonical_names[k],
                description=canonical_descriptions[k],
                brand=canonical_brands[k],
                part_numbers=codes,
                specs=specs,
                category=record.category,
                n_primary_codes=n_primary_codes,
                attributes=extractor.attributes(names[k], descriptions[k], record.category),
            )
        )
    return prepared


_DEFAULT_EXTRACTOR: list[AttributeExtractor] = []


def default_extractor() -> AttributeExtractor:
    """The extractor of the packaged attribute dictionary, built once."""
    if not _DEFAULT_EXTRACTOR:
        _DEFAULT_EXTRACTOR.append(AttributeExtractor())
    return _DEFAULT_EXTRACTOR[0]


def _evidence(name: str, description: str, pieces: Sequence[str]) -> tuple[tuple[str, ...], int, tuple[str, ...]]:
    """Part numbers (typed, then from the name, then from the description), how many came before the description,
    and specifications, from a record's normalised name, description and typed part-number pieces."""
    codes: list[str] = []
    for piece in pieces:
        compact = compact_part_number(piece)
        if compact:
            codes.append(compact)
            codes.extend(extract_part_numbers(piece))
    codes += extract_part_numbers(name)
    n_primary_codes = len(dict.fromkeys(codes))
    # A description mentions many numbers (capacities, years, order sizes): only codes with letters count there.
    codes += [c for c in extract_part_numbers(description) if _HAS_LETTER.search(c)]
    # Bare numbers in a description are mostly quantities, years and counts; numbers with units are specs.
    specs = tuple(dict.fromkeys([*extract_specs(name), *(s for s in extract_specs(description) if not _NUMBER.match(s))]))
    return tuple(dict.fromkeys(codes)), n_primary_codes, specs


def _rewrite_many(rewriter: SynonymRewriter, texts: list[str]) -> list[str]:
    """``rewriter.rewrite`` of each text, over one joined string (no term spans the separator).

    The dictionary's terms are found with rolling hashes over the code points (numpy), then taken left to right,
    the longest at each position, non-overlapping: what the rewriter's trie regexes do (first every non-Latin term,
    then Latin terms as whole words), without their per-character cost, which dominates on long descriptions."""
    if not texts:
        return []
    if len(texts) < 64:
        return [rewriter.rewrite(t) for t in texts]
    terms = _terms_of(rewriter)
    out: list[str] = []
    # Chunks of about a million characters keep the temporary arrays small.
    start = 0
    while start < len(texts):
        stop, size = start, 0
        while stop < len(texts) and size < (1 << 20):
            size += len(texts[stop]) + 1
            stop += 1
        joined = _BATCH_SEPARATOR.join(texts[start:stop])
        rewritten = terms.rewrite(joined)
        parts = rewritten.split(_BATCH_SEPARATOR) if rewritten is not None else []
        if len(parts) != stop - start:  # a text or a term holds the separator, or a hash collided: one by one
            parts = [rewriter.rewrite(t) for t in texts[start:stop]]
        out.extend(parts)
        start = stop
    return out


_HASH_BASE = np.uint64(0x100000001B3)


class _TermTable:
    """Terms of one script of a synonym dictionary, by length, as 64-bit polynomial hashes of their code points."""

    def __init__(self, terms: Sequence[str], canonical_of: dict[str, str], whole_words: bool) -> None:
        self.canonical_of = canonical_of
        self.whole_words = whole_words
        self.lengths = sorted({len(t) for t in terms}, reverse=True)
        self.hashes = {length: np.unique(_string_hashes([t for t in terms if len(t) == length])) for length in self.lengths}
        # Every term of two characters or more starts with one of these pairs; one-character terms are kept apart.
        self.pairs = np.unique(_string_hashes([t[:2] for t in terms if len(t) >= 2]))
        self.singles = 1 in self.lengths
        firsts = [ord(t[0]) for t in terms]
        self.first = np.zeros(max(firsts, default=0) + 1, dtype=bool)
        self.first[firsts] = True

    def matches(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions where a term starts and the length of the longest one there (as the trie regex would take)."""
        n = len(points)
        if n < 2:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        prefix, powers = _prefix_hashes(points)
        candidate = np.flatnonzero(self.first[np.minimum(points, len(self.first) - 1)] & (points < len(self.first)))
        if not self.singles:
            candidate = candidate[candidate < n - 1]
            candidate = candidate[_member(_windows(prefix, powers, candidate, 2), self.pairs)]
        if self.whole_words and len(candidate):
            candidate = candidate[(candidate == 0) | ~_is_word_char(points[np.maximum(candidate - 1, 0)])]
        longest = np.zeros(len(candidate), dtype=np.int64)
        for length in self.lengths:
            open_ = np.flatnonzero((longest == 0) & (candidate + length <= n))
            if not len(open_):
                continue
            starts = candidate[open_]
            found = _member(_windows(prefix, powers, starts, length), self.hashes[length])
            if self.whole_words:
                ends = starts + length
                found &= (ends >= n) | ~_is_word_char(points[np.minimum(ends, n - 1)])
            longest[open_[found]] = length
        hit = longest > 0
        return candidate[hit], longest[hit]

    def apply(self, text: str) -> str | None:
        """The text with each term taken replaced by its canonical spelling; None on a hash collision."""
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        starts, lengths = self.matches(points)
        if not len(starts):
            return text
        pieces = []
        done = 0
        for start, length in zip(starts.tolist(), lengths.tolist(), strict=True):
            if start < done:
                continue
            canonical = self.canonical_of.get(text[start : start + length])
            if canonical is None:
                return None
            pieces.append(text[done:start])
            pieces.append(canonical)
            done = start + length
        pieces.append(text[done:])
        return "".join(pieces)


# Window hashes from prefix sums: with B odd (invertible modulo 2**64), G[i] = Σ_{k<i} (c_k + 1)·B^-k, and the hash
# Σ_{k<L} (c_{p+k} + 1)·B^(L-1-k) of the window [p, p+L) is B^(p+L-1)·(G[p+L] − G[p]), all in wrapping uint64.
_HASH_BASE_INVERSE = np.uint64(pow(int(_HASH_BASE), -1, 1 << 64))


def _prefix_hashes(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = len(points)
    inverse_powers = np.empty(n, dtype=np.uint64)
    inverse_powers[0] = 1
    inverse_powers[1:] = _HASH_BASE_INVERSE
    np.cumprod(inverse_powers, out=inverse_powers)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum((points.astype(np.uint64) + np.uint64(1)) * inverse_powers, out=prefix[1:])
    powers = np.empty(n, dtype=np.uint64)
    powers[0] = 1
    powers[1:] = _HASH_BASE
    np.cumprod(powers, out=powers)
    return prefix, powers


def _windows(prefix: np.ndarray, powers: np.ndarray, starts: np.ndarray, length: int) -> np.ndarray:
    return powers[starts + length - 1] * (prefix[starts + length] - prefix[starts])


def _string_hashes(strings: Sequence[str]) -> np.ndarray:
    out = np.zeros(len(strings), dtype=np.uint64)
    for i, string in enumerate(strings):
        h = 0
        for char in string:
            h = (h * int(_HASH_BASE) + ord(char) + 1) & 0xFFFFFFFFFFFFFFFF
        out[i] = h
    return out


def _member(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """``np.isin`` for a sorted unique ``table`` (binary search instead of sorting the values)."""
    if not len(table):
        return np.zeros(len(values), dtype=bool)
    index = np.minimum(np.searchsorted(table, values), len(table) - 1)
    return table[index] == values


def _is_word_char(points: np.ndarray) -> np.ndarray:
    """``[a-z0-9]``: what the rewriter's Latin terms must not touch on either side."""
    return ((points >= 48) & (points <= 57)) | ((points >= 97) & (points <= 122))


class _RewriterTerms:
    def __init__(self, rewriter: SynonymRewriter) -> None:
        terms = list(rewriter.canonical_of)
        self.other = _TermTable([t for t in terms if not t.isascii()], rewriter.canonical_of, whole_words=False)
        self.latin = _TermTable([t for t in terms if t.isascii()], rewriter.canonical_of, whole_words=True)

    def rewrite(self, text: str) -> str | None:
        text = self.other.apply(text)
        return None if text is None else self.latin.apply(text)


_REWRITER_TERMS: weakref.WeakKeyDictionary[SynonymRewriter, _RewriterTerms] = weakref.WeakKeyDictionary()


def _terms_of(rewriter: SynonymRewriter) -> _RewriterTerms:
    terms = _REWRITER_TERMS.get(rewriter)
    if terms is None:
        terms = _REWRITER_TERMS[rewriter] = _RewriterTerms(rewriter)
    return terms


# ── hashing ──────────────────────────────────────────────────────────────────────────────────────────────────
# 32-bit polynomial hashes (wrapping arithmetic), finished by a multiply-xorshift mix; features are the top bits.
_P = np.uint32(1_000_003)
_MIX1 = np.uint32(0x9E3779B1)
_MIX2 = np.uint32(0x85EBCA77)
_S15 = np.uint32(15)
_S13 = np.uint32(13)
_MAX_WORD = 24  # longer Latin runs are hashed on their first 24 characters

SEED_CHAR = 1
SEED_WORD = 2
SEED_CODE = 3


def _mix(h: np.ndarray, seed: int, bits: int) -> np.ndarray:
    h = h ^ np.uint32((seed * 0x27D4EB2F) & 0xFFFFFFFF)
    h *= _MIX1
    h ^= h >> _S15
    h *= _MIX2
    h ^= h >> _S13
    return (h >> np.uint32(32 - bits)).astype(np.int32)


def _code_points(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Code points of the texts, each padded by a space on both sides and ended by NUL; and each point's row."""
    padded = "".join(f" {t} \x00" for t in texts)
    points = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(t) + 3 for t in texts), dtype=np.int64, count=len(texts))
    rows = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)
    return points, rows


def _run_hashes(points: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Polynomial hash of points[start:end] for each run (runs longer than _MAX_WORD are cut)."""
    lengths = np.minimum(ends - starts, _MAX_WORD)
    hashes = np.zeros(len(starts), dtype=np.uint32)
    for offset in range(int(lengths.max()) if len(lengths) else 0):
        live = np.flatnonzero(lengths > offset)
        hashes[live] = hashes[live] * _P + points[starts[live] + offset]
    return hashes


def text_features(texts: Sequence[str], bits: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, feature) pairs for every character n-gram and Latin word of every text, duplicates kept.

    Chinese has no spaces, so CJK text gives unigrams and bigrams; trigrams bounded by word edges serve both
    scripts (``" ab"``, ``"abc"``, ``"bc "``; ``"伺服电"``); whole Latin/digit words (``lx350h``) are added beside.
    """
    if not texts:
        return np.empty(0, np.int32), np.empty(0, np.int32)
    points, rows = _code_points(texts)
    nul = points == 0
    space = points == 32
    cjk = points >= 0x2E80
    blank = nul | space
    out_rows: list[np.ndarray] = []
    out_feats: list[np.ndarray] = []

    # CJK unigrams.
    idx = np.flatnonzero(cjk)
    out_rows.append(rows[idx])
    out_feats.append(_mix(points[idx], SEED_CHAR * 16 + 1, bits))

    # Bigrams touching a CJK character, no space or NUL inside.
    idx = np.flatnonzero(~(blank[:-1] | blank[1:]) & (cjk[:-1] | cjk[1:]))
    out_rows.append(rows[idx])
    out_feats.append(_mix(points[idx] * _P + points[idx + 1], SEED_CHAR * 16 + 2, bits))

    # Word-bounded trigrams: no NUL, middle not a space, not two spaces.
    if len(points) >= 3:
        ok = ~(nul[:-2] | nul[2:] | blank[1:-1] | (space[:-2] & space[2:]))
        idx = np.flatnonzero(ok)
        out_rows.append(rows[idx])
        out_feats.append(_mix((points[idx] * _P + points[idx + 1]) * _P + points[idx + 2], SEED_CHAR * 16 + 3, bits))

    # Latin/digit words: maximal runs of [a-z0-9].
    latin = ((points >= 48) & (points <= 57)) | ((points >= 97) & (points <= 122))
    edges = np.diff(latin.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    if len(starts):
        out_rows.append(rows[starts])
        out_feats.append(_mix(_run_hashes(points, starts, ends), SEED_WORD, bits))
    return np.concatenate(out_rows), np.concatenate(out_feats)


def code_features(codes_per_row: Sequence[Sequence[str]], bits: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, feature) pairs for part numbers, in their own hash space."""
    flat = [c for codes in codes_per_row for c in codes]
    if not flat:
        return np.empty(0, np.int32), np.empty(0, np.int32)
    counts = np.fromiter((len(c) for c in codes_per_row), dtype=np.int64, count=len(codes_per_row))
    rows = np.repeat(np.arange(len(codes_per_row), dtype=np.int32), counts)
    return rows, code_hashes(flat, bits)


def code_hashes(codes: Sequence[str], bits: int) -> np.ndarray:
    """The feature of each part number (the hash of its text, in the part-number space)."""
    if len(codes) <= _FEW_CODES:
        return np.array([_code_hash(code, bits) for code in codes], dtype=np.int32)
    points = np.frombuffer("".join(codes).encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(c) for c in codes), dtype=np.int64, count=len(codes))
    ends = np.cumsum(lengths)
    return _mix(_run_hashes(points, ends - lengths, ends), SEED_CODE, bits)


# Stage 2 asks for one code's feature per candidate compared: below this many codes, Python integer arithmetic is
# cheaper than numpy's per-call overhead (tens of microseconds), with the same wrapping 32-bit results.
_FEW_CODES = 8
_MASK = 0xFFFFFFFF


def _code_hash(code: str, bits: int) -> int:
    """:func:`code_hashes` of one code, in plain integers (tested equal to the numpy path)."""
    h = 0
    for char in code[:_MAX_WORD]:
        h = (h * int(_P) + ord(char)) & _MASK
    h ^= (SEED_CODE * 0x27D4EB2F) & _MASK
    h = (h * int(_MIX1)) & _MASK
    h ^= h >> 15
    h = (h * int(_MIX2)) & _MASK
    h ^= h >> 13
    return h >> (32 - bits)
