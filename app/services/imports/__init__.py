"""Import of the two lists (供给清单 / 需求清单) from XLSX or CSV: reading, header recognition, row validation,
one-transaction writing, error reports, annotated workbooks and the downloadable templates."""

from app.services.imports.annotate import annotate_workbook
from app.services.imports.columns import COLUMNS, ColumnSpec, ListKind
from app.services.imports.issues import ImportInvalid, ImportIssue
from app.services.imports.service import ImportResult, SheetReport, SkippedSheet, annotate_import, import_list
from app.services.imports.templates import XLSX_MEDIA_TYPE, ascii_filename, build_template, template_filename

__all__ = [
    "COLUMNS",
    "XLSX_MEDIA_TYPE",
    "ColumnSpec",
    "ImportInvalid",
    "ImportIssue",
    "ImportResult",
    "ListKind",
    "SheetReport",
    "SkippedSheet",
    "annotate_import",
    "annotate_workbook",
    "ascii_filename",
    "build_template",
    "import_list",
    "template_filename",
]
