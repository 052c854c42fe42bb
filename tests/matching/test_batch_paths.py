"""The batch paths give exactly what the per-record functions give: they are accelerations, not new rules."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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
