"""From records to evidence: canonical text, part numbers, specifications, and hashed sparse features.

Feature hashing keeps the vectoriser stateless, so records can be added to a fitted index without a refit and
without a vocabulary held in Python objects. The n-grams and words of a whole batch are hashed with numpy over
the batch's code points at once (no per-token Python work), which is what makes a million-row fit affordable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matching.normalize import compact_part_number, normalize_text, strip_company_suffix
from matching.records import ItemRecord
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


def extract_part_numbers(text: str) -> list[str]:
    """Part / model numbers in normalised text, in their comparable form (upper case, no separators).

    ``igbt模块 ff450r12-me4`` → ``["FF450R12ME4", "FF450R12"]``: a hyphenated code also yields its head; a code
    split by a space is joined when one piece is short (``ps lx350h`` → ``PSLX350H``, ``ff450r12 me4`` →
    ``FF450R12ME4``); specifications (``500gb``, ``200w``, ``m8x20``) and plain numbers are left out.
    """
    found: list[str] = []
    tokens = _CODE_TOKEN.findall(text)
    spans = [m.span() for m in _CODE_TOKEN.finditer(text)]
    is_code = []
    for token in tokens:
        if not _HAS_DIGIT.search(token):
            is_code.append(False)
            continue
        compact = compact_part_number(token)
        code = _is_code(token, compact)
        is_code.append(code)
        if code:
            found.append(compact)
            head = re.split(r"[-_./+#]", token, maxsplit=1)[0]
            if head != token and len(head) >= 4 and _HAS_DIGIT.search(head) and _HAS_LETTER.search(head):
                found.append(head.upper())
    # A code typed in pieces (``ps lx350h``, ``ff450r12 me4``, ``6205 2rs 0xb1``): join runs of up to four
    # adjacent pieces, separated by one space, each short or holding a digit, at least one holding a code.
    pieces = [
        not _SPEC.match(token) and (bool(_HAS_DIGIT.search(token)) or (token.isalpha() and len(token) <= 3))
        for token in tokens
    ]
    for first in range(len(tokens)):
        if not pieces[first]:
            continue
        for last in range(first + 1, min(first + 4, len(tokens))):
            if not pieces[last] or spans[last - 1][1] + 1 != spans[last][0]:
                break
            if not any(is_code[first : last + 1]) and not any(len(t) >= 4 for t in tokens[first : last + 1]):
                continue
            joined = compact_part_number("".join(tokens[first : last + 1]))
            if _HAS_LETTER.search(joined) and len(joined) >= 5 and not _STANDARD.match(joined.lower()):
                found.append(joined)
    return list(dict.fromkeys(found))


# A number followed by a Chinese measure word of a specification (10层, 104节, 1200万像素, 23位, 1000点, 4芯, 8.8级);
# counts of an order (年, 天, 批, 台, 套, 件 …) are not specifications.
_CJK_SPEC = re.compile(r"(?<![a-z0-9.])(\d+(?:\.\d+)?)(层|节|万|位|点|芯|极|级|寸|轴|路|口|针|相|通|槽|齿|孔|头|匝|档)")


def extract_specs(text: str) -> list[str]:
    """Whole numbers and numbers with units or crosses (``200w``, ``m8x20``, ``2007``, ``1.44mb``), as written, and
    numbers with a Chinese measure word (``104节``, ``10层``)."""
    found = [t for t in _CODE_TOKEN.findall(text) if _NUMBER.match(t) or _SPEC.match(t)]
    if not text.isascii():
        cjk = _CJK_SPEC.findall(text)
        if cjk:
            counted = {number for number, _ in cjk}
            found = [t for t in found if t not in counted] + [number + unit for number, unit in cjk]
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


def prepare(record: ItemRecord, rewriter: SynonymRewriter, max_description_chars: int) -> PreparedRecord:
    name = normalize_text(record.name)
    description = normalize_text(record.description[: max_description_chars * 2])[:max_description_chars]
    brand = strip_company_suffix(record.brand)
    codes: list[str] = []
    for typed in record.part_numbers:
        # One cell often lists several numbers: "BKR6E-11；K20PR-U11", "6005DDU、6005-2RS".
        for raw in _LIST_SEPARATORS.split(typed):
            piece = normalize_text(raw)
            compact = compact_part_number(piece)
            if compact:
                codes.append(compact)
                codes.extend(extract_part_numbers(piece))
    codes += extract_part_numbers(name)
    n_primary_codes = len(dict.fromkeys(codes))
    # A description mentions many numbers (capacities, years, order sizes): only codes with letters count there.
    codes += [c for c in extract_part_numbers(description) if _HAS_LETTER.search(c)]
    return PreparedRecord(
        id=record.id,
        name=rewriter.rewrite(name),
        description=rewriter.rewrite(description),
        brand=rewriter.rewrite(brand),
        part_numbers=tuple(dict.fromkeys(codes)),
        # Bare numbers in a description are mostly quantities, years and counts; numbers with units are specs.
        specs=tuple(dict.fromkeys([*extract_specs(name), *(s for s in extract_specs(description) if not _NUMBER.match(s))])),
        category=record.category,
        n_primary_codes=n_primary_codes,
    )


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
    points = np.frombuffer("".join(codes).encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(c) for c in codes), dtype=np.int64, count=len(codes))
    ends = np.cumsum(lengths)
    return _mix(_run_hashes(points, ends - lengths, ends), SEED_CODE, bits)


def field_matrix(rows: np.ndarray, feats: np.ndarray, n_rows: int, bits: int) -> sparse.csr_matrix:
    """Term counts as a CSR (rows × 2**bits), duplicates summed."""
    data = np.ones(len(rows), dtype=np.float32)
    matrix = sparse.csr_matrix((data, (rows, feats)), shape=(n_rows, 1 << bits), dtype=np.float32)
    matrix.sum_duplicates()
    return matrix
