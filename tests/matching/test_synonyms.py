"""The synonym dictionary: packaged terms, operator extensions, and their effect on ranking."""

from __future__ import annotations

from pathlib import Path

from matching import ItemRecord, SupplyMatcher, SynonymRewriter, load_synonyms
from matching.normalize import normalize_text


def _rewrite(rewriter: SynonymRewriter, text: str) -> str:
    return rewriter.rewrite(normalize_text(text))


def test_packaged_dictionary_covers_the_common_terms() -> None:
    groups = load_synonyms()
    assert len(groups) >= 300
    rewriter = SynonymRewriter(groups)
    assert _rewrite(rewriter, "PLC") == _rewrite(rewriter, "可编程控制器")
    assert _rewrite(rewriter, "伺服马达") == _rewrite(rewriter, "伺服电机")
    assert _rewrite(rewriter, "锂电池") == _rewrite(rewriter, "锂离子电池")
    assert _rewrite(rewriter, "注塑件") == _rewrite(rewriter, "塑料注射件")
    assert _rewrite(rewriter, "西门子PLC") == "西门子可编程控制器"


def test_latin_terms_are_rewritten_only_as_whole_words() -> None:
    rewriter = SynonymRewriter([("可编程控制器", "plc")])
    assert rewriter.rewrite("plcx 控制") == "plcx 控制"
    assert rewriter.rewrite("西门子plc s7") == "西门子可编程控制器 s7"


def test_longest_term_wins() -> None:
    rewriter = SynonymRewriter([("电机", "马达"), ("伺服电机", "伺服马达")])
    assert rewriter.rewrite("伺服马达 马达") == "伺服电机 电机"


def test_operator_file_extends_the_packaged_dictionary(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text("# 本企业叫法\n齿轮箱总成\t变速总成\t波箱\n", encoding="utf-8")
    groups = load_synonyms(extra)
    assert groups[-1] == ("齿轮箱总成", "变速总成", "波箱")
    assert len(groups) == len(load_synonyms()) + 1


def test_synonyms_bring_the_supplier_first(supply) -> None:
    matcher = SupplyMatcher().fit(supply)
    assert matcher.query(ItemRecord("d", "伺服电机 750W"), top_k=1)[0].supply_id == "s-servo"
    assert matcher.query(ItemRecord("d", "PLC S7-1200"), top_k=1)[0].supply_id == "s-plc"
    assert matcher.query(ItemRecord("d", "注塑件 内饰"), top_k=1)[0].supply_id == "s-molding"
    assert matcher.query(ItemRecord("d", "磷酸铁锂电池 100Ah"), top_k=1)[0].supply_id == "s-battery"


def test_extra_synonyms_parameter_changes_what_matches() -> None:
    supply = [ItemRecord("a", "波箱 六速"), ItemRecord("b", "齿轮油 六速 专用")]
    plain = SupplyMatcher(use_packaged_synonyms=False).fit(supply)
    taught = SupplyMatcher(use_packaged_synonyms=False, synonyms=[("变速箱总成", "波箱")]).fit(supply)
    query = ItemRecord("d", "变速箱总成 六速")
    plain_scores = {m.supply_id: m.score for m in plain.query(query)}
    taught_scores = {m.supply_id: m.score for m in taught.query(query)}
    assert taught.query(query)[0].supply_id == "a"
    assert taught_scores["a"] > plain_scores.get("a", 0.0)
