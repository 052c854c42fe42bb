"""Field rules shared by the API schemas and the spreadsheet import, so both refuse the same input."""

from __future__ import annotations

import re
import unicodedata

# GB 32100-2015: 18 characters from this 31-symbol alphabet (no I, O, S, V, Z); the last is a check character.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_ALPHABET.index(ch) * w for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def make_credit_code(first17_or_prefix: str) -> str:
    """Pad a prefix with zeros to 17 characters and append the right check character (tests, demo data)."""
    body = first17_or_prefix.upper().ljust(17, "0")[:17]
    return body + credit_code_check_char(body)


def normalise_credit_code(value: str) -> str:
    """Fold full-width characters, spaces and case, then check shape and check character; raise ValueError."""
    code = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).upper()
    if len(code) != 18:
        raise ValueError(f"统一社会信用代码应为18位，实际{len(code)}位 (credit code must have 18 characters)")
    if not _CREDIT_CODE_SHAPE.match(code):
        raise ValueError("统一社会信用代码含非法字符 (credit code has characters outside GB 32100-2015)")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValueError(
            f"统一社会信用代码校验位错误，应为{expected} (credit code check character should be {expected})"
        )
    return code


def normalise_phone(value: str) -> str:
    phone = re.sub(r"[\s()（）]", "", unicodedata.normalize("NFKC", str(value)))
    phone = phone.removeprefix("+86").removeprefix("86-") if len(phone) > 11 else phone
    if _MOBILE.match(phone) or _LANDLINE.match(phone):
        return phone
    raise ValueError("电话号码格式不正确，应为11位手机号或带区号的固话 (invalid phone number)")


# Multi-valued cells (型号, 认证, 拟配套对象) are separated by any of these, as the sheet contract says.
MULTI_VALUE_SEPARATORS = re.compile(r"[；;、,，/\n\r]+")


def split_multi(value: object) -> list[str]:
    """``"IATF 16949；ISO 9001"`` or a list → ``["IATF 16949", "ISO 9001"]``: trimmed, no empties, no repeats."""
    if value is None:
        return []
    if isinstance(value, str):
        pieces = MULTI_VALUE_SEPARATORS.split(value)
    elif isinstance(value, list | tuple | set):
        pieces = [str(v) for v in value if v is not None]
    else:
        pieces = [str(value)]
    seen: dict[str, None] = {}
    for piece in pieces:
        cleaned = re.sub(r"\s+", " ", piece).strip()
        if cleaned and cleaned not in seen:
            seen[cleaned] = None
    return list(seen)


# Between part numbers a slash may list several (30206/30205, FF450R17ME4/FF200R12KT4) or belong to one model
# (R-2000iD/165F4, 6205-2RS/ZZ). A slash separates only pieces of one shape: each at least two characters, all
# starting with a letter or all with a digit, the longest at most twice the shortest.
_PART_NUMBER_SEPARATORS = re.compile(r"[；;、,，\n\r]+")


def _is_slash_list(pieces: list[str]) -> bool:
    pieces = [p.strip() for p in pieces]
    if any(len(p) < 2 for p in pieces):
        return False
    starts = {unicodedata.normalize("NFKC", p[0]).isdigit() for p in pieces}
    lengths = [len(p) for p in pieces]
    return len(starts) == 1 and max(lengths) <= 2 * min(lengths)


def split_part_numbers(value: object) -> list[str]:
    """:func:`split_multi` for part numbers: ``"30206/30205"`` → two, ``"R-2000iD/165F4"`` → one."""
    if not isinstance(value, str):
        return split_multi(value)
    pieces: list[str] = []
    for piece in _PART_NUMBER_SEPARATORS.split(value):
        slashed = piece.split("/")
        pieces.extend(slashed if len(slashed) > 1 and _is_slash_list(slashed) else [piece])
    return split_multi(pieces)


_YES = {"是", "y", "yes", "true", "1", "保密", "√", "✓"}
_NO = {"否", "n", "no", "false", "0", "不保密", "公开", ""}


def parse_yes_no(value: object) -> bool:
    """Spreadsheet booleans: 是/否, Y/N, true/false, 1/0."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"应填写“是”或“否”，实际为「{value}」 (expected yes or no)")
