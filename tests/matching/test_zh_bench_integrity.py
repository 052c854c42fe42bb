"""Integrity of the zh_bench labelled set (tests/data/zh_bench): ids, gold links, sizes, and that every
spreadsheet mess the set claims to cover is really in the files, found by simple detectors that know
nothing about how the generator made them. The matching engine is not involved here."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import opencc
import pytest

BENCH = Path(__file__).resolve().parents[1] / "data" / "zh_bench"
CATEGORIES = {"raw_material", "component", "software"}
FULLWIDTH_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]")
CJK = re.compile(r"[\u4e00-\u9fff]")
# The synonym pairs the matching issue names; each must separate at least one demand row from its gold.
ISSUE_SYNONYMS = [("锂电池", "锂离子电池"), ("PLC", "可编程控制器"), ("伺服电机", "伺服马达"), ("注塑件", "塑料注射件"),
                  ("线束", "线缆总成"), ("变频器", "变频调速器")]
DOMAIN_WORDS = {
    "automotive": ("制动", "刹车", "线束", "线缆总成", "注塑件", "注射件", "减震", "减振", "避震", "轮毂", "化油器", "摩托",
                   "火花塞", "机滤", "机油滤", "锂电", "锂离子", "电芯", "后视镜", "座椅", "BMS", "电池包", "卡钳"),
    "electronics": ("IGBT", "MOSFET", "碳化硅", "单片机", "MCU", "微控制器", "连接器", "接插件", "插接件", "传感器", "变送器",
                    "PCB", "线路板", "电路板", "显示屏", "液晶", "LCD", "电容", "MLCC", "接近开关", "热敏电阻", "感应开关"),
    "equipment": ("伺服", "PLC", "可编程", "变频", "减速", "轴承", "导轨", "滑轨", "丝杠", "丝杆", "数控", "车床", "加工中心",
                  "立加", "机器人", "机械臂", "液压", "油缸", "换向阀", "电磁阀", "柱塞泵", "油泵", "气缸", "相机"),
    "materials": ("铝", "钢", "铜", "塑料", "尼龙", "PA66", "PBT", "聚甲醛", "碳纤维", "玻纤", "玻璃纤维", "钕铁硼", "磁钢",
                  "强磁", "氧化", "稀土", "镨钕", "镝", "铜箔", "不锈钢"),
    "chemicals": ("涂料", "漆", "胶", "粘合剂", "黏合剂", "电解液", "溶剂", "异丙醇", "IPA", "丙酮", "NMP", "吡咯烷酮",
                  "乙酸乙酯", "二甲苯", "乙醇", "碳酸二甲酯", "助剂", "抗氧剂", "流平剂", "分散剂", "偶联剂", "光稳定剂",
                  "吸收剂", "DMF", "二甲基"),
    "software": ("MES", "PLM", "PDM", "CAE", "仿真", "ERP", "SCADA", "组态", "嵌入式", "AUTOSAR", "RTOS", "操作系统",
                 "软件", "系统"),
}

_t2s = opencc.OpenCC("t2s")


def _load(name: str) -> list[dict]:
    with (BENCH / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def bench() -> dict:
    supply, demand, gold = _load("supply.jsonl"), _load("demand.jsonl"), _load("gold.jsonl")
    by_id = {row["id"]: row for row in supply}
    pairs = [(d, by_id[g["supply_id"]]) for d in demand for g in gold if g["demand_id"] == d["id"]]
    return {"supply": supply, "demand": demand, "gold": gold, "supply_by_id": by_id, "pairs": pairs}


def _text(row: dict) -> str:
    return " ".join(row.get(k, "") for k in ("name", "description", "model", "brand"))


def _norm(text: str) -> str:
    return _t2s.convert(unicodedata.normalize("NFKC", text))


def _squash(model: str) -> str:
    return re.sub(r"[\s\-_/.]", "", unicodedata.normalize("NFKC", model)).upper()


def _models(row: dict) -> list[str]:
    return [m for m in row.get("model", "").split("；") if m.strip()]


# ---------------------------------------------------------------------------------------------- structure
def test_ids_are_unique_and_rows_are_well_formed(bench: dict) -> None:
    for side in ("supply", "demand"):
        rows = bench[side]
        ids = [row["id"] for row in rows]
        assert len(ids) == len(set(ids)), f"duplicate ids in {side}"
        for row in rows:
            assert isinstance(row["id"], str) and row["id"]
            assert isinstance(row["name"], str) and row["name"].strip(), row
            assert set(row) <= {"id", "name", "description", "model", "brand", "category"}, row
            if "category" in row:
                assert row["category"] in CATEGORIES, row
    assert {row["id"] for row in bench["supply"]}.isdisjoint(row["id"] for row in bench["demand"])


def test_every_gold_link_resolves_and_every_demand_row_has_gold(bench: dict) -> None:
    demand_ids = {row["id"] for row in bench["demand"]}
    links = [(g["demand_id"], g["supply_id"]) for g in bench["gold"]]
    assert len(links) == len(set(links)), "duplicate gold pairs"
    for demand_id, supply_id in links:
        assert demand_id in demand_ids, demand_id
        assert supply_id in bench["supply_by_id"], supply_id
    assert {d for d, _ in links} == demand_ids, "a demand row without gold"
    per_row = Counter(d for d, _ in links)
    assert sum(1 for n in per_row.values() if n >= 2) >= 20, "too few demand rows with several gold suppliers"


def test_sizes_meet_the_minimums(bench: dict) -> None:
    assert len(bench["demand"]) >= 320
    assert len(bench["supply"]) >= 3200
    assert Counter(row.get("category") for row in bench["demand"]).keys() >= CATEGORIES


@pytest.mark.parametrize("domain", sorted(DOMAIN_WORDS))
def test_every_domain_has_demand_rows(bench: dict, domain: str) -> None:
    words = DOMAIN_WORDS[domain]
    hits = [row for row in bench["demand"] if any(w in _norm(row["name"]).upper() for w in words)]
    assert len(hits) >= 20, f"{domain}: {len(hits)} demand rows"


def test_committed_files_are_what_the_generator_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # build.py imports its sibling catalog modules by putting its folder on sys.path; undo that afterwards.
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(sys, "modules", dict(sys.modules))
    spec = importlib.util.spec_from_file_location("zh_bench_build", BENCH / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    builder = module.Builder(module.SEED)
    builder.build()
    builder.write(tmp_path)
    for name in ("supply.jsonl", "demand.jsonl", "gold.jsonl"):
        assert (tmp_path / name).read_bytes() == (BENCH / name).read_bytes(), f"{name} is stale: rerun build.py"


# ---------------------------------------------------------------------------------------------- messes
def _count_rows(rows: list[dict], predicate) -> int:
    return sum(1 for row in rows if predicate(row))


ROW_MESSES = {
    "fullwidth": lambda row: bool(FULLWIDTH_ALNUM.search(_text(row))),
    "traditional": lambda row: _t2s.convert(_text(row)) != _text(row),
    "stray_space": lambda row: bool(re.search(r"^\s|\s$|\s{2}|\u3000", row["name"])),
    "missing_space": lambda row: "model" not in row and bool(
        re.search(r"[\u4e00-\u9fff](?=[A-Za-z0-9\-/.]*[A-Za-z])(?=[A-Za-z0-9\-/.]*\d)[A-Za-z0-9\-/.]{5,}"
                  r"|(?=[A-Za-z0-9\-/.]*[A-Za-z])(?=[A-Za-z0-9\-/.]*\d)[A-Za-z0-9\-/.]{5,}[\u4e00-\u9fff]", row["name"])),
    "missing_model": lambda row: "model" not in row,
    "missing_description": lambda row: "description" not in row,
    "english": lambda row: bool(re.search(r"\b[A-Za-z][a-z]{3,}\b", row["name"] + row.get("description", ""))),
    "multi_model": lambda row: "；" in row.get("model", ""),
}
ROW_MINIMUMS = {  # (demand rows, supply rows)
    "fullwidth": (15, 50), "traditional": (15, 50), "stray_space": (15, 50), "missing_space": (10, 50),
    "missing_model": (40, 100), "missing_description": (20, 100), "english": (15, 50), "multi_model": (2, 20),
}


@pytest.mark.parametrize("mess", sorted(ROW_MESSES))
def test_row_level_mess_is_present_on_both_sides(bench: dict, mess: str) -> None:
    demand_min, supply_min = ROW_MINIMUMS[mess]
    assert _count_rows(bench["demand"], ROW_MESSES[mess]) >= demand_min
    assert _count_rows(bench["supply"], ROW_MESSES[mess]) >= supply_min


def test_company_names_with_suffixes_appear_in_supply_descriptions(bench: dict) -> None:
    suffix = re.compile(r"(有限公司|有限责任公司|股份有限公司)")
    assert _count_rows(bench["supply"], lambda row: bool(suffix.search(row.get("description", "")))) >= 300
    assert _count_rows(bench["demand"], lambda row: bool(suffix.search(row.get("description", "")))) == 0


def _model_pairs(pairs: list[tuple[dict, dict]]):
    for demand, supply in pairs:
        for a in _models(demand):
            for b in _models(supply):
                yield a, b


def _is_transposition(a: str, b: str) -> bool:
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def test_gold_pairs_differ_by_separators_case_and_transposed_digits(bench: dict) -> None:
    separator = case = transposed = 0
    for a, b in _model_pairs(bench["pairs"]):
        na, nb = unicodedata.normalize("NFKC", a), unicodedata.normalize("NFKC", b)
        if na.upper() != nb.upper() and _squash(a) == _squash(b):
            separator += 1
        elif na != nb and na.upper() == nb.upper():
            case += 1
        elif _is_transposition(_squash(a), _squash(b)):
            transposed += 1
    assert separator >= 30
    assert case >= 20
    assert transposed >= 5


def test_issue_synonyms_separate_demand_rows_from_their_gold(bench: dict) -> None:
    seen = Counter()
    for demand, supply in bench["pairs"]:
        dn, sn = _norm(demand["name"]), _norm(supply["name"])
        for a, b in ISSUE_SYNONYMS:
            for x, y in ((a, b), (b, a)):
                if x in dn and y not in dn and y in sn and x not in sn:
                    seen[(a, b)] += 1
    assert set(seen) == set(ISSUE_SYNONYMS), f"missing: {set(ISSUE_SYNONYMS) - set(seen)}"
    assert sum(seen.values()) >= 15


def test_names_differ_and_brands_are_spelled_differently_across_gold_pairs(bench: dict) -> None:
    no_shared_bigram = sum(1 for d, s in bench["pairs"] if _bigrams(d["name"]) and _bigrams(s["name"])
                           and not _bigrams(d["name"]) & _bigrams(s["name"]))
    brand_alias = sum(1 for d, s in bench["pairs"] if d.get("brand") and s.get("brand")
                      and _norm(d["brand"]).lower() != _norm(s["brand"]).lower())
    assert no_shared_bigram >= 10, "names of gold pairs are too similar"
    assert brand_alias >= 30


def test_long_descriptions_face_bare_names(bench: dict) -> None:
    def size(row: dict) -> int:
        return len(_text(row))

    lopsided = sum(1 for d, s in bench["pairs"] if max(size(d), size(s)) >= 4 * min(size(d), size(s)))
    assert lopsided >= 30


def _bigrams(name: str) -> set[str]:
    text = _norm(name)
    return {text[i:i + 2] for i in range(len(text) - 1) if CJK.match(text[i]) and CJK.match(text[i + 1])}


def test_gold_suppliers_have_same_family_hard_negatives(bench: dict) -> None:
    """A gold row with a part number or grade must have a non-gold sibling with a part number too: either the
    same first three characters (FF450R12ME4 / FF300R12ME4, 6061-T6 / 6063-T5, or the same grade in another
    spec), or the same category and a shared two-character word in the name (安川 / 松下 伺服电机)."""
    gold: dict[str, set[str]] = {}
    for g in bench["gold"]:
        gold.setdefault(g["demand_id"], set()).add(g["supply_id"])
    with_model = [(row, {_squash(m)[:3] for m in _models(row)}, _bigrams(row["name"]))
                  for row in bench["supply"] if _models(row)]
    checked = covered = by_prefix = 0
    for demand, supply in bench["pairs"]:
        prefixes = {_squash(m)[:3] for m in _models(supply)}
        if not prefixes:
            continue
        checked += 1
        words = _bigrams(supply["name"])
        siblings = [(row, p, w) for row, p, w in with_model if row["id"] not in gold[demand["id"]]]
        if any(p & prefixes for _, p, _ in siblings):
            by_prefix += 1
            covered += 1
        elif any(w & words and row.get("category") == supply.get("category") for row, _, w in siblings):
            covered += 1
    assert checked >= 300
    assert by_prefix / checked >= 0.7, f"only {by_prefix}/{checked} gold rows have a same-prefix sibling"
    assert covered / checked >= 0.95, f"only {covered}/{checked} gold rows have a same-family sibling"


def test_same_words_other_category_negatives_exist(bench: dict) -> None:
    def tokens(name: str) -> set[str]:
        text = _norm(name).upper()
        latin = set(re.findall(r"[A-Z]{3,}", text))
        return latin | {text[i:i + 2] for i in range(len(text) - 1) if CJK.match(text[i]) and CJK.match(text[i + 1])}

    gold_ids = {(g["demand_id"], g["supply_id"]) for g in bench["gold"]}
    supply_tokens = [(row, tokens(row["name"])) for row in bench["supply"] if row.get("category")]
    confused = 0
    for demand in bench["demand"]:
        dt = tokens(demand["name"])
        if any(row["category"] != demand.get("category") and dt & st and (demand["id"], row["id"]) not in gold_ids
               for row, st in supply_tokens):
            confused += 1
    assert confused >= 40
