"""Event exports: the PDF is A4, embeds its CJK font and reads back in Chinese with each demand item on one page
with its suppliers; the XLSX has a sheet per chain leader with Chinese headers and a row per supplier."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from fontTools.ttLib import TTFont
from openpyxl import load_workbook
from pypdf import PdfReader

from app.domain.match_percent import match_percent
from app.services.events.exports import (
    DemandEntry,
    EventHeader,
    LeaderShortlist,
    MeetingLine,
    SchedulePack,
    ShortlistPack,
    SupplierLine,
    schedule_pdf,
    schedule_xlsx,
    shortlists_pdf,
    shortlists_xlsx,
)
from app.services.events.exports.fonts import cjk_font_path
from app.services.events.exports.xlsx import SHORTLIST_HEADERS, sheet_title

EVENT = EventHeader("渝链同行·百场万企 汽车电子专场", "百场万企", date(2025, 6, 18), "重庆国际博览中心", "两江新区经信局",
                    ("汽车产业链",), datetime(2025, 6, 1, 9, 30))
_PRODUCTS = ("IGBT模块", "6061-T6铝型材", "STM32F103C8T6单片机", "工业控制软件", "精密轴承", "线束总成")


def _pack(items_per_leader: int = 14, suppliers_per_item: int = 6) -> ShortlistPack:
    leaders = []
    for li, leader in enumerate(("重庆渝辰汽车股份有限公司", "重庆鼎岳新能源汽车有限公司")):
        entries = []
        for j in range(items_per_leader):
            suppliers = tuple(
                SupplierLine(rank=k + 1, enterprise_name=f"璧山鑫达精工{li}{j:02d}{k}号有限公司",
                             product=_PRODUCTS[(j + k) % len(_PRODUCTS)], model="FF450R12ME4", district="璧山区",
                             qualifications="国家级专精特新小巨人", score=14.5 - k,
                             match_percent=match_percent(14.5 - k),
                             reasons="规格型号完全一致；同区县；曾将本企业列为拟配套对象", pinned=k == 0,
                             participation="已报名" if k % 2 == 0 else "待邀请")
                for k in range(suppliers_per_item))
            entries.append(DemandEntry(name=f"需求{li}{j:02d} {_PRODUCTS[j % len(_PRODUCTS)]}", category="关键零部件",
                                       model="FF450R12ME4", quantity="年需求 12000 件", suppliers=suppliers))
        leaders.append(LeaderShortlist(leader, "两江新区", tuple(entries)))
    return ShortlistPack(EVENT, tuple(leaders))


def _pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_shortlist_pdf_is_a4_embeds_the_cjk_font_and_reads_back_in_chinese() -> None:
    pack = _pack()
    pdf = shortlists_pdf(pack)
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    fonts = [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    descendant = [f["/DescendantFonts"][0].get_object() if "/DescendantFonts" in f else f for f in fonts]
    embedded = [d["/FontDescriptor"].get_object() for d in descendant if "/FontDescriptor" in d]
    assert any("/FontFile2" in fd and "NotoSansSC" in str(fd["/FontName"]) for fd in embedded)

    text = "".join(_pages(pdf))
    for expected in ("供需对接推荐清单", "链主企业：重庆渝辰汽车股份有限公司", "重庆鼎岳新能源汽车有限公司", "供应企业", "推荐理由",
                     "需求000IGBT模块", "璧山鑫达精工0000号有限公司", "国家级专精特新小巨人", "置顶", "第1页",
                     f"{match_percent(14.5):.0f}%/14.5"):
        assert expected in text.replace(" ", "")


def test_each_demand_item_stays_on_one_page_with_its_suppliers_and_leaders_start_new_pages() -> None:
    pack = _pack()
    pages = _pages(shortlists_pdf(pack))
    assert len(pages) > 4  # 28 items × 7 rows do not fit on a few pages: page breaks were really needed

    def page_of(needle: str) -> int:
        hits = [i for i, page in enumerate(pages) if needle in page]
        assert len(hits) == 1, needle
        return hits[0]

    for leader in pack.leaders:
        for entry in leader.entries:
            heading = page_of(entry.name.replace(" ", ""))
            for supplier in entry.suppliers:
                assert page_of(supplier.enterprise_name) == heading
    first_of_second = page_of("链主企业：重庆鼎岳新能源汽车有限公司（两江新区）")
    assert all("需求0" not in page for page in pages[first_of_second:])
    assert "链主企业：重庆鼎岳新能源汽车有限公司" in pages[-1]  # running header names the leader of the page


def test_the_font_has_every_glyph_the_packs_use() -> None:
    cmap = TTFont(str(cjk_font_path()), fontNumber=0).getBestCmap()
    sample = "".join(["链主企业供应企业推荐理由匹配分匹配度资质区县置顶已报名待邀请洽谈桌时段议题关键原材料关键零部件关键软件",
                      "璧山鑫达精工渝北綦江涪陵铝型材轴承线束总成专精特新小巨人单项冠军第页（）、：·－—"])
    missing = [ch for ch in sample if ord(ch) not in cmap]
    assert missing == []


def test_shortlist_xlsx_has_a_sheet_per_leader_with_chinese_headers_and_a_row_per_supplier() -> None:
    pack = _pack(items_per_leader=3, suppliers_per_item=4)
    workbook = load_workbook(io.BytesIO(shortlists_xlsx(pack)))
    assert workbook.sheetnames == ["活动信息", "重庆渝辰汽车股份有限公司", "重庆鼎岳新能源汽车有限公司"]
    assert workbook["活动信息"]["B1"].value == EVENT.name
    sheet = workbook["重庆渝辰汽车股份有限公司"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == SHORTLIST_HEADERS
    assert len(rows) == 1 + 3 * 4
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["需求条目"] == "需求000 IGBT模块"
    assert first["推荐排名"] == 1 and first["是否置顶"] == "是" and first["匹配分"] == pytest.approx(14.5)
    assert first["匹配度(%)"] == match_percent(14.5)
    assert first["供应企业"] == "璧山鑫达精工0000号有限公司"


def test_shortlist_without_suppliers_says_so() -> None:
    pack = ShortlistPack(EVENT, (LeaderShortlist("渝辰汽车", None, (DemandEntry("稀土永磁材料", "关键原材料"),)),))
    assert "暂无符合条件的推荐供应企业" in "".join(_pages(shortlists_pdf(pack)))
    rows = list(load_workbook(io.BytesIO(shortlists_xlsx(pack)))["渝辰汽车"].iter_rows(values_only=True))
    assert rows[1][:2] == (1, "稀土永磁材料") and "（暂无推荐）" in rows[1]


def test_sheet_titles_are_valid_and_unique() -> None:
    taken: set[str] = set()
    long = "重庆重庆渝辰汽车股份有限公司/两江工厂[总装]：冲压车间焊装车间涂装车间总装车间"
    first, second = sheet_title(long, taken), sheet_title(long, taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not set("[]:*?/\\") & set(first + second)


def _schedule() -> SchedulePack:
    slots = ("09:00–09:20", "09:20–09:40", "09:40–10:00")
    tables = ("A01", "A02")
    meetings = (
        MeetingLine(slots[0], "A01", "渝辰汽车", "璧山鑫达精工", "IGBT模块", 14.2, pinned=True),
        MeetingLine(slots[0], "A02", "鼎岳汽车", "渝北华创电子", "线束总成", 11.0, requested_by_sme=True),
        MeetingLine(slots[1], "A01", "渝辰汽车", "渝北华创电子", "精密轴承", 9.5),
        MeetingLine(slots[2], "A02", "鼎岳汽车", "璧山鑫达精工", "6061-T6铝型材", 8.0),
    )
    return SchedulePack(EVENT, slots, tables, meetings, {"洽谈场次": "4"})


def test_schedule_pdf_has_a_sheet_per_table_and_an_agenda_per_participant() -> None:
    text = "".join(_pages(schedule_pdf(_schedule())))
    for expected in ("一对一洽谈安排", "洽谈桌A01", "洽谈桌A02", "二、参会企业日程", "渝辰汽车（链主企业，2场）",
                     "璧山鑫达精工（中小企业，2场）", "渝北华创电子（企业申请）", "6061-T6铝型材", "09:40–10:00"):
        assert expected in text


def test_schedule_xlsx_lists_meetings_grid_and_agendas() -> None:
    workbook = load_workbook(io.BytesIO(schedule_xlsx(_schedule())))
    assert workbook.sheetnames == ["活动信息", "洽谈总表", "时段×洽谈桌", "参会企业日程"]
    meetings = list(workbook["洽谈总表"].iter_rows(values_only=True))
    assert meetings[0][:4] == ("时段", "洽谈桌", "链主企业", "中小企业") and len(meetings) == 5
    grid = list(workbook["时段×洽谈桌"].iter_rows(values_only=True))
    assert grid[0] == ("时段", "A01", "A02")
    assert grid[1] == ("09:00–09:20", "渝辰汽车\n× 璧山鑫达精工", "鼎岳汽车\n× 渝北华创电子")
    assert grid[3][1] is None  # A01 is free in the third slot
    agendas = list(workbook["参会企业日程"].iter_rows(values_only=True))
    assert [r for r in agendas[1:] if r[0] == "璧山鑫达精工"] == [
        ("璧山鑫达精工", "中小企业", "09:00–09:20", "A01", "渝辰汽车", "IGBT模块"),
        ("璧山鑫达精工", "中小企业", "09:40–10:00", "A02", "鼎岳汽车", "6061-T6铝型材"),
    ]


def test_a_supplier_with_very_long_part_numbers_does_not_break_the_shortlist_pdf() -> None:
    # 50 part numbers of 100 characters: what the schema allows, far taller than a page in one table cell.
    models = "；".join(f"{n:02d}" + "X7" * 49 for n in range(50))
    supplier = SupplierLine(rank=1, enterprise_name="璧山鑫达精工有限公司", product="IGBT模块", model=models,
                            district="璧山区", qualifications="国家级专精特新小巨人", score=12.0,
                            reasons="规格型号完全一致；" * 80, pinned=False, participation="已报名")
    entry = DemandEntry(name="需求 IGBT模块", category="关键零部件", model=models, quantity="年需求 12000 件",
                        suppliers=(supplier,))
    pack = ShortlistPack(EVENT, (LeaderShortlist("重庆渝辰汽车股份有限公司", "两江新区", (entry,)),))
    text = "".join(_pages(shortlists_pdf(pack)))
    assert "璧山鑫达精工有限公司" in text
    assert "已截断" in text  # the cut is marked, not silent
