"""Every use of reportlab's private attributes, in one place.

reportlab's public API covers the page (drawing, ``addLiteral``), the document information
(``setTitle`` …, ``setDateFormatter``) and catalog entries it knows (``setCatalogEntry``,
``lang=``). A PDF/A-3 Factur-X invoice needs a little more, which only its internals offer:

- catalog entries reportlab does not write (/OutputIntents, /AF) and indirect objects for the
  attachment (``extra_catalog_entries``, ``reference``);
- one image XObject shared by every document a process renders (``CachedImage``): decoding
  and compressing the logo for each invoice cost more than the rest of the page;
- TrueType subsets built once per process (``SubsetCachingTTFont``): reportlab compiles and
  compresses every subset again for every document.

tests/pdf/test_rl_internals.py fails when reportlab (pinned 5.1.0) changes any attribute used
here, and compares the cached font subsets with reportlab's own output.
"""

from __future__ import annotations

import copy
import zlib
from datetime import datetime, timezone

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas


# ---------------------------------------------------------------- document and catalog
def reference(canvas: Canvas, obj) -> pdfdoc.PDFObjectReference:
    """An indirect object of the canvas's document."""
    return canvas._doc.Reference(obj)


def creation_time(canvas: Canvas) -> datetime:
    """The document's creation time as reportlab stamps it (from SOURCE_DATE_EPOCH when set;
    its document ID is made from it)."""
    return datetime.fromtimestamp(int(canvas._doc._timeStamp.t), timezone.utc)


def extra_catalog_entries(canvas: Canvas, **entries) -> None:
    """Catalog entries reportlab's PDFCatalog does not write (it writes only the keys it
    lists): the catalog is replaced by one of a subclass that lists them too."""
    doc = canvas._doc
    names = [k for k in entries if k not in pdfdoc.PDFCatalog.__NoDefault__]

    class _Catalog(pdfdoc.PDFCatalog):
        __NoDefault__ = pdfdoc.PDFCatalog.__NoDefault__ + names

    catalog = _Catalog()
    for k, v in vars(doc.Catalog).items():
        setattr(catalog, k, v)
    for k, v in entries.items():
        setattr(catalog, k, v)
    doc.Catalog = catalog
    doc.Reference(catalog, "Catalog")   # re-point the document's catalog reference


# ---------------------------------------------------------------- an image for many documents
class CachedImage:
    """An image XObject decoded and compressed once, drawn into any number of documents."""

    def __init__(self, path: str):
        from reportlab.pdfgen.canvas import _digester

        reader = ImageReader(path)
        self.width, self.height = reader.getSize()
        self.name = _digester(f"billdesk-image:{path}".encode())
        a85 = rl_config.useA85
        rl_config.useA85 = 0          # binary stream: smaller and faster than ASCII85
        try:
            self.xobject = pdfdoc.PDFImageXObject(self.name, reader, mask=None)
        finally:
            rl_config.useA85 = a85
        self.xobject.name = self.name

    def draw(self, c: Canvas, x: float, y: float, w: float, h: float) -> None:
        """Draw at (x, y) scaled to w × h; the XObject is added to the document once."""
        doc = c._doc
        reg = doc.getXObjectName(self.name)
        if not doc.idToObject.get(reg):
            obj = copy.copy(self.xobject)  # reportlab marks registered objects: one per document
            obj.__dict__.pop("__InternalName__", None)
            c._setXObjects(obj)
            doc.Reference(obj, reg)
            doc.addForm(self.name, obj)
        c._currentPageHasImages = 1
        c.saveState()
        c.translate(x, y)
        c.scale(w, h)
        c.addLiteral(f"/{reg} Do")
        c.restoreState()
        c._formsinuse.append(self.name)


# ---------------------------------------------------------------- fonts
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
