"""XLSX packs: shortlists (one sheet per chain leader, Chinese headers, a row per supplier of each demand item)
and schedules (all meetings, a slot × table grid, an agenda per participant)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.spreadsheet_safety import protect_workbook
from app.services.events.exports.model import EventHeader, SchedulePack, ShortlistPack

SHORTLIST_HEADERS = ("需求序号", "需求条目", "类别", "需求规格型号", "需求数量", "推荐排名", "供应企业", "供给产品",
                     "产品规格型号", "所在区县", "企业资质", "匹配度(%)", "匹配分",
                      "推荐理由", "是否置顶", "参会状态")
MEETING_HEADERS = ("时段", "洽谈桌", "链主企业", "中小企业", "洽谈议题", "匹配分", "是否置顶", "中小企业申请", "洽谈结果")
AGENDA_HEADERS = ("参会企业", "角色", "时段", "洽谈桌", "洽谈对象", "洽谈议题")

_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="E8ECF2")
_PIN_FILL = PatternFill("solid", fgColor="FFF6D6")
_WRAP = Alignment(wrap_text=True, vertical="top")
# Excel forbids these in sheet names and caps them at 31 characters.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name for ``name`` (Excel: ≤ 31 characters, none of []:*?/\\, case-insensitive)."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip().strip("'") or "Sheet"
    title, n = base[:31], 2
    while title.lower() in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _header(sheet: Worksheet, headers: Sequence[str], widths: Sequence[float]) -> None:
    sheet.append(list(headers))
    for col, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=col)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEAD_FILL, _WRAP
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"


def _event_sheet(workbook: Workbook, event: EventHeader, kind: str, extra: dict[str, str] | None = None) -> None:
    sheet = workbook.active
    sheet.title = "活动信息"
    rows = [("活动名称", event.name), ("清单类型", kind), ("会议类型", event.type_label),
            ("日期", event.date.isoformat() if event.date else ""), ("地点", event.venue or ""),
            ("主办单位", event.organizer or ""), ("产业链", "、".join(event.chains)),
            ("生成时间", event.generated_at.strftime("%Y-%m-%d %H:%M") if event.generated_at else "")]
    rows += list((extra or {}).items())
    for key, value in rows:
        sheet.append([key, value])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 60


def _save(workbook: Workbook) -> bytes:
    protect_workbook(workbook)  # names and topics are user text: never a live formula (=HYPERLINK, +cmd, @SUM)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def shortlists_xlsx(pack: ShortlistPack) -> bytes:
    workbook = Workbook()
    _event_sheet(workbook, pack.event, "供需对接推荐清单")
    taken = {"活动信息"}
    widths = (8, 24, 11, 18, 14, 8, 26, 24, 18, 11, 22, 9, 8, 50, 8, 10)
    for leader in pack.leaders:
        sheet = workbook.create_sheet(sheet_title(leader.leader_name, taken))
        _header(sheet, SHORTLIST_HEADERS, widths)
        for n, entry in enumerate(leader.entries, start=1):
            demand = [n, entry.name, entry.category, entry.model, entry.quantity]
            if not entry.suppliers:
                sheet.append([*demand, None, "（暂无推荐）"])
                continue
            for s in entry.suppliers:
                sheet.append([*demand, s.rank, s.enterprise_name, s.product, s.model, s.district, s.qualifications,
                              s.match_percent, None if s.score is None else round(s.score, 2), s.reasons, "是" if s.pinned else "",
                              s.participation])
                if s.pinned:
                    for col in range(1, len(SHORTLIST_HEADERS) + 1):
                        sheet.cell(row=sheet.max_row, column=col).fill = _PIN_FILL
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = _WRAP
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(SHORTLIST_HEADERS))}{max(sheet.max_row, 1)}"
    return _save(workbook)


def schedule_xlsx(pack: SchedulePack) -> bytes:
    workbook = Workbook()
    _event_sheet(workbook, pack.event, "一对一洽谈安排", pack.summary)

    sheet = workbook.create_sheet("洽谈总表")
    _header(sheet, MEETING_HEADERS, (14, 9, 26, 26, 40, 8, 8, 11, 12))
    for m in pack.meetings:
        sheet.append([m.slot, m.table, m.leader_name, m.sme_name, m.topics,
                      None if m.score is None else round(m.score, 2), "是" if m.pinned else "",
                      "是" if m.requested_by_sme else "", m.outcome])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(MEETING_HEADERS))}{max(sheet.max_row, 1)}"

    grid = workbook.create_sheet("时段×洽谈桌")
    _header(grid, ("时段", *pack.tables), (14, *([22] * len(pack.tables))))
    column = {t: i for i, t in enumerate(pack.tables, start=2)}
    row_of = {}
    for slot in pack.slots:
        grid.append([slot])
        row_of[slot] = grid.max_row
    for m in pack.meetings:
        if m.slot in row_of and m.table in column:
            cell = grid.cell(row=row_of[m.slot], column=column[m.table], value=f"{m.leader_name}\n× {m.sme_name}")
            cell.alignment = _WRAP
    grid.freeze_panes = "B2"

    agendas = workbook.create_sheet("参会企业日程")
    _header(agendas, AGENDA_HEADERS, (26, 10, 14, 9, 26, 40))
    for name, role, lines in pack.agendas():
        for a in lines:
            agendas.append([name, role, a.slot, a.table, a.counterpart, a.topics])
    agendas.auto_filter.ref = f"A1:{get_column_letter(len(AGENDA_HEADERS))}{max(agendas.max_row, 1)}"
    if pack.unmatched:
        left_out = workbook.create_sheet("未安排洽谈")
        _header(left_out, ("参会企业", "类型", "原因"), (30, 10, 60))
        for line in pack.unmatched:
            left_out.append([line.name, line.role, line.reason])
    return _save(workbook)
