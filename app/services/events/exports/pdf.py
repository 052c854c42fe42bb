"""A4 PDF packs in Chinese: shortlists (a section per chain leader, each demand item kept on one page with its
suppliers) and schedules (a sheet per table, an agenda per participant). The CJK font is embedded (subset)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.services.events.exports.fonts import register_cjk_font
from app.services.events.exports.model import EventHeader, SchedulePack, ShortlistPack, SupplierLine

_MARGIN = 15 * mm
_WIDTH = A4[0] - 2 * _MARGIN
_HEADER_GREY = colors.HexColor("#E8ECF2")
_PIN_TINT = colors.HexColor("#FFF6D6")
_SUPPLIER_WIDTHS = [r * _WIDTH for r in (0.05, 0.17, 0.18, 0.08, 0.12, 0.09, 0.23, 0.08)]


class _Styles:
    def __init__(self, font: str) -> None:
        base = {"fontName": font, "wordWrap": "CJK"}
        self.title = ParagraphStyle("title", fontSize=18, leading=24, alignment=TA_CENTER, spaceAfter=4 * mm, **base)
        self.meta = ParagraphStyle("meta", fontSize=10, leading=15, alignment=TA_CENTER, **base)
        self.section = ParagraphStyle("section", fontSize=15, leading=20, spaceBefore=2 * mm, spaceAfter=3 * mm,
                                      textColor=colors.HexColor("#1F3A5F"), **base)
        self.item = ParagraphStyle("item", fontSize=11, leading=15, spaceBefore=3 * mm, spaceAfter=1.5 * mm, **base)
        self.cell = ParagraphStyle("cell", fontSize=8.5, leading=11, **base)
        self.head = ParagraphStyle("head", fontSize=8.5, leading=11, textColor=colors.HexColor("#1F3A5F"), **base)
        self.note = ParagraphStyle("note", fontSize=8, leading=11, textColor=colors.HexColor("#555555"), **base)


class _Marker(Flowable):
    """Invisible: tells the page decoration which chain leader / participant the page belongs to."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._chainmatch_section = self.label  # read by the page decoration at the end of the page


def _text(value: object | None) -> str:
    return escape("" if value is None else str(value))


# A table row cannot split across pages: a cell taller than a page (a supplier listing fifty 100-character part
# numbers) makes reportlab give up on the whole document. Cells are cut to this many lines, with a mark.
MAX_CELL_LINES = 24
TRUNCATION_MARK = "…（已截断）"


def _truncated(text: str, width: float, style: ParagraphStyle) -> str:
    # A full-width character is fontSize wide, the widest a character gets: the limit holds for any text.
    limit = max(20, int(MAX_CELL_LINES * (width - 7) / style.fontSize))
    text = "\n".join(text.splitlines()[:MAX_CELL_LINES])
    if len(text) <= limit:
        return text
    return text[: limit - len(TRUNCATION_MARK)] + TRUNCATION_MARK


class _Cells:
    """Table cells for one column layout: text that fits its column on one line stays a plain string (drawn by
    the table in the CJK font); longer text becomes a wrapping paragraph. Paragraphs with CJK line breaking are
    what makes big packs slow, and most cells are short."""

    def __init__(self, widths: Sequence[float], style: ParagraphStyle) -> None:
        self.widths = list(widths)
        self.style = style

    def row(self, values: Sequence[object | None]) -> list[Flowable | str]:
        cells: list[Flowable | str] = []
        for value, width in zip(values, self.widths, strict=True):
            text = _truncated("" if value is None else str(value), width, self.style)
            if "\n" not in text and stringWidth(text, self.style.fontName, self.style.fontSize) <= width - 7:
                cells.append(text)
            else:
                cells.append(Paragraph(_text(text), self.style))
        return cells


def _document(buffer: io.BytesIO, event: EventHeader, kind: str) -> BaseDocTemplate:
    font = register_cjk_font()
    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=_MARGIN, rightMargin=_MARGIN, topMargin=20 * mm,
                          bottomMargin=16 * mm, title=f"{event.name} {kind}", author=event.organizer or "chainmatch",
                          subject=kind, creator="chainmatch")
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")

    def decorate(canvas: Canvas, document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        top = A4[1] - 12 * mm
        canvas.drawString(_MARGIN, top, f"{event.name} · {kind}")
        section = getattr(canvas, "_chainmatch_section", "")
        if section:
            canvas.drawRightString(A4[0] - _MARGIN, top, section)
        canvas.setStrokeColor(colors.HexColor("#BBBBBB"))
        canvas.line(_MARGIN, top - 2 * mm, A4[0] - _MARGIN, top - 2 * mm)
        canvas.drawCentredString(A4[0] / 2, 9 * mm, f"第 {document.page} 页")
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=decorate)])
    return doc


def _cover(event: EventHeader, kind: str, styles: _Styles) -> list[Flowable]:
    lines = [f"会议类型：{event.type_label}"]
    if event.date:
        lines.append(f"日期：{event.date:%Y年%m月%d日}")
    if event.venue:
        lines.append(f"地点：{event.venue}")
    if event.organizer:
        lines.append(f"主办：{event.organizer}")
    if event.chains:
        lines.append(f"产业链：{'、'.join(event.chains)}")
    if event.generated_at:
        lines.append(f"生成时间：{event.generated_at:%Y-%m-%d %H:%M}")
    return [Paragraph(_text(f"{event.name}"), styles.title), Paragraph(_text(kind), styles.meta),
            Spacer(1, 2 * mm), *[Paragraph(_text(line), styles.meta) for line in lines], Spacer(1, 6 * mm)]


def _grid(rows: list[list[Flowable | str]], widths: Sequence[float], tinted: Iterable[int] = (),
          *, styles: _Styles) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), styles.cell.fontName),
        ("FONTSIZE", (0, 0), (-1, -1), styles.cell.fontSize),
        ("LEADING", (0, 0), (-1, -1), styles.cell.leading),
        ("TEXTCOLOR", (0, 0), (-1, 0), styles.head.textColor),
        ("BACKGROUND", (0, 0), (-1, 0), _HEADER_GREY),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("BACKGROUND", (0, row), (-1, row), _PIN_TINT) for row in tinted]
    table.setStyle(TableStyle(commands))
    return table


def _percent_and_score(s: SupplierLine) -> str:
    """``86% / 12.3``: the 匹配度 a reader understands, beside the raw score it comes from."""
    if s.score is None:
        return ""
    return f"{s.score:.1f}" if s.match_percent is None else f"{s.match_percent:.0f}% / {s.score:.1f}"


def _supplier_rows(suppliers: Sequence[SupplierLine], styles: _Styles) -> tuple[list[list[Flowable | str]], list[int]]:
    cells = _Cells(_SUPPLIER_WIDTHS, styles.cell)
    rows = [cells.row(["序号", "供应企业", "产品 / 规格型号", "区县", "资质", "匹配度 / 分", "推荐理由", "状态"])]
    tinted = []
    for i, s in enumerate(suppliers, start=1):
        product = s.product if not s.model else f"{s.product}（{s.model}）"
        status = "、".join(x for x in ("置顶" if s.pinned else "", s.participation or "") if x)
        rows.append(cells.row([s.rank, s.enterprise_name, product, s.district, s.qualifications,
                               _percent_and_score(s), s.reasons, status]))
        if s.pinned:
            tinted.append(i)
    return rows, tinted




def shortlists_pdf(pack: ShortlistPack) -> bytes:
    """The shortlist pack: a cover, then per chain leader (each starting on a new page, its name in the page
    header) its demand items, each kept together with its table of suppliers."""
    buffer = io.BytesIO()
    doc = _document(buffer, pack.event, "供需对接推荐清单")
    styles = _Styles(register_cjk_font())
    story: list[Flowable] = _cover(pack.event, "供需对接推荐清单", styles)
    if not pack.leaders:
        story.append(Paragraph("暂无参会链主企业或推荐结果。", styles.meta))
    for n, leader in enumerate(pack.leaders):
        if n:
            story.append(PageBreak())
        story.append(_Marker(f"链主企业：{leader.leader_name}"))
        title = leader.leader_name if not leader.district else f"{leader.leader_name}（{leader.district}）"
        story.append(Paragraph(_text(f"链主企业：{title}"), styles.section))
        if not leader.entries:
            story.append(Paragraph("本次活动范围内暂无需求条目。", styles.note))
        for entry in leader.entries:
            facts = [entry.category]
            if entry.model:
                facts.append(f"规格型号 {entry.model}")
            if entry.quantity:
                facts.append(entry.quantity)
            if entry.code:
                facts.append(f"编号 {entry.code}")
            heading = Paragraph(f"{_text(entry.name)}　<font size=8.5 color='#555555'>{_text(' · '.join(facts))}</font>",
                                styles.item)
            if entry.suppliers:
                rows, tinted = _supplier_rows(entry.suppliers, styles)
                block: list[Flowable] = [heading, _grid(rows, _SUPPLIER_WIDTHS, tinted, styles=styles)]
            else:
                block = [heading, Paragraph("暂无符合条件的推荐供应企业。", styles.note)]
            story.append(KeepTogether(block))
    doc.build(story)
    return buffer.getvalue()


def schedule_pdf(pack: SchedulePack) -> bytes:
    """The schedule pack: a cover with the summary, one sheet per table (slot by slot), then one agenda per
    participant (chain leaders first), each kept on one page."""
    buffer = io.BytesIO()
    doc = _document(buffer, pack.event, "一对一洽谈安排")
    styles = _Styles(register_cjk_font())
    story: list[Flowable] = _cover(pack.event, "一对一洽谈安排", styles)
    if pack.summary:
        story.append(Paragraph(_text("　".join(f"{k}：{v}" for k, v in pack.summary.items())), styles.meta))
    if pack.unmatched:
        # the organizer's warning first: who comes to the event and has no meeting, and why
        widths = [r * _WIDTH for r in (0.36, 0.14, 0.50)]
        cells = _Cells(widths, styles.cell)
        rows = [cells.row(["参会企业", "类型", "未安排洽谈的原因"])]
        rows += [cells.row([u.name, u.role, u.reason]) for u in pack.unmatched]
        story += [_Marker("未安排洽谈"), Paragraph(_text(f"未安排洽谈的参会企业（{len(pack.unmatched)} 家）"), styles.item),
                  _grid(rows, widths, styles=styles)]
    if not pack.meetings:
        story.append(Paragraph("尚未排定洽谈。", styles.meta))
        doc.build(story)
        return buffer.getvalue()

    story += [_Marker("洽谈桌安排"), Paragraph("一、洽谈桌安排", styles.section)]
    table_widths = [r * _WIDTH for r in (0.15, 0.27, 0.27, 0.31)]
    cells = _Cells(table_widths, styles.cell)
    for table, lines in pack.by_table():
        rows = [cells.row(["时段", "链主企业", "中小企业", "洽谈议题"])]
        tinted = []
        for i, m in enumerate(lines, start=1):
            marks = "、".join(x for x in ("置顶" if m.pinned else "", "企业申请" if m.requested_by_sme else "") if x)
            sme = m.sme_name if not marks else f"{m.sme_name}（{marks}）"
            rows.append(cells.row([m.slot, m.leader_name, sme, m.topics]))
            if m.pinned:
                tinted.append(i)
        story.append(KeepTogether([Paragraph(_text(f"洽谈桌 {table}"), styles.item),
                                   _grid(rows, table_widths, tinted, styles=styles)]))

    story += [PageBreak(), _Marker("参会企业日程"), Paragraph("二、参会企业日程", styles.section)]
    agenda_widths = [r * _WIDTH for r in (0.15, 0.12, 0.35, 0.38)]
    cells = _Cells(agenda_widths, styles.cell)
    for name, role, lines in pack.agendas():
        rows = [cells.row(["时段", "洽谈桌", "洽谈对象", "洽谈议题"])]
        rows += [cells.row([a.slot, a.table, a.counterpart, a.topics]) for a in lines]
        story.append(CondPageBreak(30 * mm))
        story.append(KeepTogether([_Marker(f"{role}：{name}"),
                                   Paragraph(_text(f"{name}（{role}，{len(lines)} 场）"), styles.item),
                                   _grid(rows, agenda_widths, styles=styles)]))
    doc.build(story)
    return buffer.getvalue()
