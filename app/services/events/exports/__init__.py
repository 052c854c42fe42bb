"""Printable and spreadsheet exports of a matchmaking event: shortlists and 1:1 schedules, as A4 PDF (Chinese,
with an embedded CJK font) and XLSX. Pure: they take the plain records of :mod:`app.services.events.exports.model` and
return bytes, so the API, the CLI and tests share them."""

from app.services.events.exports.model import (
    AgendaLine,
    DemandEntry,
    EventHeader,
    LeaderShortlist,
    MeetingLine,
    SchedulePack,
    ShortlistPack,
    SupplierLine,
    UnmatchedLine,
)
from app.services.events.exports.pdf import schedule_pdf, shortlists_pdf
from app.services.events.exports.xlsx import schedule_xlsx, shortlists_xlsx

__all__ = [
    "AgendaLine",
    "DemandEntry",
    "EventHeader",
    "LeaderShortlist",
    "MeetingLine",
    "SchedulePack",
    "ShortlistPack",
    "SupplierLine",
    "UnmatchedLine",
    "schedule_pdf",
    "schedule_xlsx",
    "shortlists_pdf",
    "shortlists_xlsx",
]
