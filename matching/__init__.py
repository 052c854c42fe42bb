"""chainmatch's matching engine: a pure library (no web framework, no database, no settings)."""

from matching.normalize import normalize_part_number, normalize_text, strip_company_suffix

__all__ = ["normalize_part_number", "normalize_text", "strip_company_suffix"]
