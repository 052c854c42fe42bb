"""chainmatch's matching engine: a pure library (no web framework, no database, no settings).

>>> from matching import ItemRecord, SupplyMatcher
>>> matcher = SupplyMatcher().fit(supply_records)          # doctest: +SKIP
>>> matcher.query(ItemRecord(id="d1", name="IGBT模块 FF450R12ME4"))[0].explanation  # doctest: +SKIP
'型号完全一致 FF450R12ME4；文本相似 0.91；…'
"""

from matching.comparisons import Contribution, Level, Match
from matching.matcher import IndexFormatError, NotFittedError, SupplyMatcher
from matching.normalize import normalize_part_number, normalize_text, strip_company_suffix
from matching.records import CATEGORY_LABELS, ItemRecord
from matching.synonyms import SynonymRewriter, load_synonyms

__all__ = [
    "CATEGORY_LABELS",
    "Contribution",
    "IndexFormatError",
    "ItemRecord",
    "Level",
    "Match",
    "NotFittedError",
    "SupplyMatcher",
    "SynonymRewriter",
    "load_synonyms",
    "normalize_part_number",
    "normalize_text",
    "strip_company_suffix",
]
