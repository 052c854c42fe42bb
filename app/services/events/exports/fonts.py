"""The CJK font embedded in PDFs: Noto Sans SC (SIL Open Font License), a TrueType-outline build shipped as a
file by the PyPI package ``justmytype-intl-cjk``, so ``pip install`` is all a machine needs. reportlab embeds
only the glyphs a document uses (a subset), so a PDF stays small."""

from __future__ import annotations

import threading
from importlib.resources import files
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

CJK_FONT = "NotoSansSC"
_PACKAGE = "justmytype_intl_cjk"
_FILE = "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"
_lock = threading.Lock()


class FontMissing(RuntimeError):
    pass


def cjk_font_path() -> Path:
    try:
        path = Path(str(files(_PACKAGE) / _FILE))
    except ModuleNotFoundError as exc:
        raise FontMissing("中文字体未安装：pip install justmytype-intl-cjk (the CJK font package is missing)") from exc
    if not path.is_file():
        raise FontMissing(f"中文字体文件缺失 (font file missing): {path}")
    return path


def register_cjk_font() -> str:
    """Register the font with reportlab once per process; returns its name."""
    with _lock:
        if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(CJK_FONT, str(cjk_font_path())))
    return CJK_FONT
