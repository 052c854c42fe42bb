"""The batch paths give exactly what the per-record functions give: they are accelerations, not new rules."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import ItemRecord, SupplyMatcher, SynonymRewriter, load_synonyms
from matching import matcher as matcher_module
from matching.features import prepare, prepare_many
from matching.normalize import normalize_many, normalize_text, strip_company_suffix, strip_company_suffix_many

# Every character class a folding step looks at, next to each other: widths, scripts, dashes, thousands commas,
# punctuation and whitespace runs, unit spellings after numbers, crosses, grades, combining marks, astral planes.
_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(
            list("０１２３４５６７８９ＡＢＣａｂｃ－—（）【】，。、 　\t\n毫米公斤伏号级类等品一二三五×xX*#-/.,1000")
            + ["\u0301", "\u0323", "℃", "㎜", "Σ", "ς", "電", "機", "國", "\U0001d7ce", "\U000104a0", "\ue000"]
        ),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), _TEXT), max_size=12))
def test_normalize_many_equals_normalize_text_one_by_one(texts: list[str | None]) -> None:
    assert normalize_many(texts) == [normalize_text(t) for t in texts]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), _TEXT, st.sampled_from(["重庆宏达精密机械有限公司", "ACME Co., Ltd.", "Zinc"])),
                max_size=12))
def test_strip_company_suffix_many_equals_one_by_one(names: list[str | None]) -> None:
    assert strip_company_suffix_many(names) == [strip_company_suffix(n) for n in names]


def test_normalize_many_on_typed_supply_text() -> None:
    texts = [
        "ＩＧＢＴ模块 ＦＦ４５０Ｒ１２ＭＥ４", "電機控製器，峰值功率80 千瓦", "6061-T6 鋁型材 1,000 公斤",
        "M8×20 內六角螺栓", "45 号钢 一级品", "温度 -40℃~85℃", "", "  ", "Σ ΑΣ", "壁厚4 mm，长度 12 米",
    ]
    assert normalize_many(texts) == [normalize_text(t) for t in texts]
    assert normalize_many(texts)[0] == "igbt模块 ff450r12me4"


# ── records prepared in batches, fitted in chunks, added one at a time ─────────────────────────────────────────
def _messy(supply) -> list[ItemRecord]:
    """The shared supply list plus rows typed the hard ways: full width, traditional, cells listing several
    numbers, codes split by spaces, units in Chinese, company suffixes on brands, empty fields."""
    return [
        *supply,
        ItemRecord("m-1", "ＩＧＢＴ模組 ＦＦ４５０Ｒ１２ＭＥ４", "額定電壓 1,200 伏", ("BKR6E-11；K20PR-U11",), "英飛凌科技有限公司"),
        ItemRecord("m-2", "ps lx350h 伺服馬達", "峰值功率80 千瓦，壁厚4 mm", ("6005DDU、6005-2RS",), category="component"),
        ItemRecord("m-3", "45 号钢 一级品", "GB/T 700, 年产能62万米", brand="Acme Co., Ltd."),
        ItemRecord("m-4", "", "", ()),
        ItemRecord("m-5", "西门子PLC S7-1200 可编程控制器", "arm cortex-m0内核 LQFP64封装", ("6ES7 214-1AG40-0XB0",)),
    ]


def test_prepare_many_equals_prepare_one_by_one(supply) -> None:
    records = _messy(supply) * 4  # more than the one-by-one threshold, so the batch path runs
    rewriter = SynonymRewriter(load_synonyms())
    assert prepare_many(records, rewriter, 300) == [prepare(r, rewriter, 300) for r in records]


def test_a_fit_in_chunks_equals_a_fit_in_one_go(supply, monkeypatch) -> None:
    records = [ItemRecord(f"{r.id}-{k}", r.name, r.description, r.part_numbers, r.brand, r.category)
               for k in range(3) for r in _messy(supply)]
    whole = SupplyMatcher().fit(records)
    monkeypatch.setattr(matcher_module, "_FIT_CHUNK", 7)
    chunked = SupplyMatcher().fit(records)
    for a, b in ((whole.index_.postings, chunked.index_.postings),):
        assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
        assert np.array_equal(a.data, b.data)
    assert np.array_equal(whole.doc_norms_, chunked.doc_norms_)
    assert whole.avg_lengths_ == chunked.avg_lengths_
    assert _ranking(whole, records) == _ranking(chunked, records)


def test_adding_one_at_a_time_between_queries_equals_adding_together(supply) -> None:
    records = _messy(supply)
    one_by_one = SupplyMatcher().fit(records[:8])
    together = SupplyMatcher().fit(records[:8])
    for record in records[8:]:
        one_by_one.add([record])
        if record.name:  # each query searches the rows added so far
            assert record.id in {m.supply_id for m in one_by_one.query(record, top_k=3)}
    together.add(records[8:])
    assert _ranking(one_by_one, records) == _ranking(together, records)
    assert len(one_by_one.doc_norms_) == len(one_by_one.categories_) == len(one_by_one.ids_) == len(records)
    one_by_one.remove(["m-2", "s-igbt"])
    together.remove(["m-2", "s-igbt"])
    one_by_one.add([ItemRecord("late", "深沟球轴承 6206")])
    together.add([ItemRecord("late", "深沟球轴承 6206")])
    assert _ranking(one_by_one, records) == _ranking(together, records)
    assert one_by_one.query(ItemRecord("d", "6206 轴承"), top_k=1)[0].supply_id == "late"


def _ranking(matcher: SupplyMatcher, queries) -> list[list[tuple[str, float]]]:
    return [[(m.supply_id, m.score) for m in ms] for ms in matcher.query_many(queries, top_k=5)]
