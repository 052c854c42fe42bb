"""``Content-Disposition`` for files the API sends: one way to put a name that users chose into a header."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

# Only these survive in the plain ``filename=`` fallback; everything else becomes "_".
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._-]")


def attachment(filename: str, fallback: str = "chainmatch") -> dict[str, str]:
    """The header for a download named ``filename`` (an event name, an uploaded file's name…).

    Control characters (CR/LF would end the header and drop the connection) and characters that change the
    reading direction are removed; the name is sent as RFC 5987 ``filename*`` (UTF-8, percent-encoded, so it
    can never break the header) with a plain-ASCII ``filename`` for old clients.
    """
    cleaned = "".join(c for c in filename if unicodedata.category(c)[0] != "C").strip() or fallback
    cleaned = cleaned[:150]
    stem, dot, suffix = cleaned.rpartition(".")
    plain = _UNSAFE_ASCII.sub("_", cleaned)
    if not any(ch.isalnum() for ch in _UNSAFE_ASCII.sub("_", stem if dot else cleaned)):
        # A Chinese name leaves only "____.xlsx": use the caller's ASCII name (a whole file name, or a stem).
        plain = fallback if "." in fallback else fallback + (f".{_UNSAFE_ASCII.sub('_', suffix)}" if dot and stem else "")
    return {"Content-Disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(cleaned, safe='')}"}
