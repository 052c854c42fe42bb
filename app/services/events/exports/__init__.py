"""Printable and spreadsheet exports of a matchmaking event: shortlists and 1:1 schedules, as A4 PDF (Chinese,
with an embedded CJK font) and XLSX. Pure: they take the plain records of :mod:`app.services.events.exports.model` and
return bytes, so the API, the CLI and tests share them.

``EXPORT_FORMATS`` is the one registry of formats that the API, the web pages and ``chainmatch event export`` read:
a new format is one entry here (and its renderers)."""

from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class ExportFormat:
    """One file format of the event packs: its media type and a renderer per pack."""

    media_type: str
    shortlists: Callable[[ShortlistPack], bytes]
    schedule: Callable[[SchedulePack], bytes]

    def render(self, pack: ShortlistPack | SchedulePack) -> bytes:
        return self.shortlists(pack) if isinstance(pack, ShortlistPack) else self.schedule(pack)


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "pdf": ExportFormat("application/pdf", shortlists_pdf, schedule_pdf),
    "xlsx": ExportFormat("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         shortlists_xlsx, schedule_xlsx),
}

__all__ = [
    "EXPORT_FORMATS",
    "AgendaLine",
    "DemandEntry",
    "EventHeader",
    "ExportFormat",
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
