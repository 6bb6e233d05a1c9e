"""The invoice fonts (Liberation Sans TTF, embedded as subsets built once per process, see
billdesk.pdf.rl_internals), registered once per process, and fitting text into a width."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from billdesk import paths
from billdesk.pdf.rl_internals import SubsetCachingTTFont

RESOURCES = Path(os.environ.get("BILLDESK_RESOURCES") or paths.resources())
FONT = "LiberationSans"
BOLD = "LiberationSans-Bold"
ITALIC = "LiberationSans-Italic"


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str, str]:
    fonts = RESOURCES / "fonts"
    for name, file in ((FONT, "LiberationSans-Regular.ttf"), (BOLD, "LiberationSans-Bold.ttf"),
                       (ITALIC, "LiberationSans-Italic.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(SubsetCachingTTFont(name, str(fonts / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    return FONT, BOLD, ITALIC


def text_width(s: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(s, font, size)


def fit_text(s: str, font: str, size: float, width: float) -> str:
    if text_width(s, font, size) <= width:
        return s
    while s and text_width(s + "…", font, size) > width:
        s = s[:-1]
    return s + "…"
