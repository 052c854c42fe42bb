"""Labelled numbers in Chinese spec text: the attribute is named, so the number is a specification."""

from __future__ import annotations

from matching.normalize import normalize_text
from matching.specs import labelled_specs


def _specs(text: str) -> list[str]:
    return labelled_specs(normalize_text(text))


def test_the_same_attributes_written_in_either_order_and_spelling_agree() -> None:
    assert sorted(_specs("公称直径16 导程5 单螺母")) == sorted(_specs("导程5公称直径16")) == ["16直径", "5导程"]
    assert _specs("板厚20 调质态") == _specs("厚度：20") == _specs("厚20mm") == ["20厚度"]
    assert _specs("主轴通孔Φ82") == ["82孔径"]


def test_words_that_only_contain_a_label_are_not_attributes() -> None:
    assert _specs("加厚型 宽温 长寿命") == []
    assert _specs("FF450R12ME4 1200V") == []  # Latin text has no labelled numbers


def test_different_values_of_one_attribute_stay_different() -> None:
    assert _specs("公称直径16") != _specs("公称直径20")
