"""Hashing shortcuts give the features of the vectorised path, bit for bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import features

_CODES = st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40),
                  min_size=1, max_size=features._FEW_CODES)


@settings(max_examples=200, deadline=None)
@given(_CODES, st.sampled_from([10, 18, 22, 31]))
def test_few_codes_hash_as_many_do(codes: list[str], bits: int) -> None:
    many = codes * (features._FEW_CODES + 1)  # past the shortcut's size: the numpy path
    expected = features.code_hashes(many, bits)[: len(codes)]
    got = features.code_hashes(codes, bits)
    assert got.dtype == expected.dtype and np.array_equal(got, expected)
