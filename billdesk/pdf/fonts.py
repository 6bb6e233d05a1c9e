"""The invoice fonts (Liberation Sans TTF, embedded as subsets), registered once per process,
and fitting text into a width."""

from __future__ import annotations

import os
import zlib
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

RESOURCES = Path(os.environ.get("BILLDESK_RESOURCES",
                                Path(__file__).resolve().parents[2] / "resources"))
FONT = "LiberationSans"
BOLD = "LiberationSans-Bold"
ITALIC = "LiberationSans-Italic"


class SubsetCachingTTFont(TTFont):
    """A TTFont whose embedded subsets are built once per process.

    reportlab assigns the characters of a document to 256-code subsets in order of first use
    (ASCII at its own codes) and, for every document, compiles and compresses a TrueType file
    for each subset. Invoices of one language use the same few non-ASCII characters in mostly
    the same order, so the subsets repeat: the font program, widths and ToUnicode CMap of a
    subset are kept per process, keyed by the subset's character list. The PDF objects are the
    ones reportlab's ``TTFont.addObjects`` writes."""

    _max_cached = 512

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._subset_cache: dict[tuple, tuple] = {}

    def _subset_parts(self, base_name: str, subset: list[int]) -> tuple:
        """(compressed font program, its length, widths, compressed ToUnicode CMap)."""
        from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

        key = (base_name, tuple(subset))
        parts = self._subset_cache.get(key)
        if parts is None:
            face = self.face
            program = face.makeSubset(subset)
            cmap = makeToUnicodeCMap(base_name, subset).encode("utf-8")
            parts = (zlib.compress(program, 9), len(program),
                     [face.getCharWidth(ch) for ch in subset], zlib.compress(cmap, 9))
            if len(self._subset_cache) >= self._max_cached:
                self._subset_cache.clear()
            self._subset_cache[key] = parts
        return parts

    def addObjects(self, doc):
        from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN

        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        face = self.face
        flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_name = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            program, length1, widths, cmap = self._subset_parts(base_name, subset)

            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal_name
            font.BaseFont = base_name
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = pdfdoc.PDFArray(widths)
            font.ToUnicode = doc.Reference(pdfdoc.PDFStream(pdfdoc.PDFDictionary({
                "Filter": pdfdoc.PDFName("FlateDecode")}), cmap, filters=[]),
                "toUnicodeCMap:" + base_name)
            font_file = pdfdoc.PDFStream(pdfdoc.PDFDictionary({
                "Length1": length1, "Filter": pdfdoc.PDFName("FlateDecode")}), program,
                filters=[])
            font_file_ref = doc.Reference(font_file, f"fontFile:{face.filename}({base_name})")
            font.FontDescriptor = doc.Reference(pdfdoc.PDFDictionary({
                "Type": "/FontDescriptor",
                "Ascent": face.ascent,
                "CapHeight": face.capHeight,
                "Descent": face.descent,
                "Flags": flags,
                "FontBBox": pdfdoc.PDFArray(face.bbox),
                "FontName": pdfdoc.PDFName(base_name),
                "ItalicAngle": face.italicAngle,
                "StemV": face.stemV,
                "FontFile2": font_file_ref,
                "MissingWidth": face.defaultWidth,
            }), "fontDescriptor:" + base_name)
            doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = font
        del self.state[doc]


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
