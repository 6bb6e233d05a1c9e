"""billdesk.pdf.rl_internals holds every private reportlab attribute billdesk uses: these
tests fail when reportlab changes one of them (or what its own code writes)."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.pdfgen.canvas import Canvas

from billdesk.pdf import rl_internals
from billdesk.pdf.fonts import RESOURCES

FONT_FILE = str(RESOURCES / "fonts" / "LiberationSans-Regular.ttf")
TEXT = "Rechnung Müller-Brügger · Gebühr 12,50 € – Zürich, Genève, Señor"


def test_the_private_attributes_used_still_exist():
    c = Canvas(io.BytesIO())
    doc = c._doc
    for name in ("Catalog", "Reference", "idToObject", "getXObjectName", "addForm", "info"):
        assert hasattr(doc, name), name
    assert callable(c._setXObjects)
    assert isinstance(c._formsinuse, list) and hasattr(c, "_currentPageHasImages")
    assert isinstance(pdfdoc.PDFCatalog.__NoDefault__, list)
    assert {"Names", "Metadata", "PageMode"} <= set(pdfdoc.PDFCatalog.__NoDefault__) | \
        set(pdfdoc.PDFCatalog.__Defaults__)            # what setCatalogEntry is used for
    assert callable(rl_canvas._digester)
    assert "BasicFonts" in doc.idToObject
    for name in ("SUBSETN", "FF_SYMBOLIC", "FF_NONSYMBOLIC", "makeToUnicodeCMap"):
        assert hasattr(ttfonts, name), name
    font = TTFont("RLCheck", FONT_FILE)
    assert hasattr(TTFont, "State") and hasattr(font, "state")
    assert hasattr(font, "_asciiReadable") and callable(font.getSubsetInternalName)
    face = font.face
    for name in ("makeSubset", "getCharWidth", "flags", "name", "subfontNameX", "ascent",
                 "capHeight", "descent", "bbox", "italicAngle", "stemV", "defaultWidth",
                 "filename"):
        assert hasattr(face, name), name


def _pdf_with(font: TTFont) -> bytes:
    """A page of TEXT in ``font``. reportlab lets the first font registered for a face stand
    for every later one of that face, so the face's registration is lifted meanwhile."""
    face = font.face.name
    prior = pdfmetrics._dynFaceNames.pop(face, None)
    pdfmetrics.registerFont(font)
    try:
        assert pdfmetrics.getFont(font.fontName) is font
        buf = io.BytesIO()
        c = Canvas(buf, invariant=1)
        c.setFont(font.fontName, 11)
        c.drawString(72, 720, TEXT)
        c.drawString(72, 700, "".join(chr(x) for x in range(0xC0, 0x17F)))   # a second subset
        c.showPage()
        c.save()
        return buf.getvalue()
    finally:
        font.unregister()
        if prior is not None:
            pdfmetrics._dynFaceNames[face] = prior


def _fonts(pdf: bytes) -> list[tuple]:
    pikepdf = pytest.importorskip("pikepdf")
    out = []
    with pikepdf.open(io.BytesIO(pdf)) as p:
        for _name, f in sorted(p.pages[0].Resources.Font.items()):
            if f.Subtype != "/TrueType":
                continue                    # the canvas's initial Helvetica
            desc = f.FontDescriptor
            out.append((str(f.BaseFont), [int(w) for w in f.Widths], int(f.FirstChar),
                        int(f.LastChar), f.ToUnicode.read_bytes(),
                        desc.FontFile2.read_bytes(), int(desc.Flags),
                        [float(x) for x in desc.FontBBox]))
    return out


def test_cached_subsets_are_what_reportlab_writes():
    """The subset fonts SubsetCachingTTFont writes (twice: built, then from the cache) equal
    the ones reportlab's own TTFont writes for the same text."""
    plain = _fonts(_pdf_with(TTFont("RLPlain", FONT_FILE)))
    assert len(plain) == 2
    font = rl_internals.SubsetCachingTTFont("RLCached", FONT_FILE)
    cached = _pdf_with(font)
    assert font._subset_cache                 # built, and now taken from the cache:
    again = _pdf_with(font)

    def strip(fonts):               # the subset names carry the registered font's name
        return [f[1:] for f in fonts]
    assert strip(_fonts(cached)) == strip(plain)
    assert strip(_fonts(again)) == strip(plain)


def test_cached_image_and_extra_catalog_entries(tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    from billdesk.pdf.sample import make_demo_logo

    logo = rl_internals.CachedImage(str(make_demo_logo(tmp_path / "logo.png")))
    pdfs = []
    for _ in range(2):                     # one XObject, drawn into two documents
        buf = io.BytesIO()
        c = Canvas(buf)
        logo.draw(c, 50, 700, 100, 40)
        logo.draw(c, 50, 600, 100, 40)     # twice on a page: added to the document once
        rl_internals.extra_catalog_entries(
            c, OutputIntents=pdfdoc.PDFArray([]),
            AF=rl_internals.reference(c, pdfdoc.PDFArray([pdfdoc.PDFString("x")])))
        c.showPage()
        c.save()
        pdfs.append(buf.getvalue())
    for pdf in pdfs:
        with pikepdf.open(io.BytesIO(pdf)) as p:
            xobjects = list(p.pages[0].Resources.XObject.values())
            assert len(xobjects) == 1 and xobjects[0].Subtype == "/Image"
            assert (int(xobjects[0].Width), int(xobjects[0].Height)) == (logo.width,
                                                                          logo.height)
            assert p.pages[0].Contents.read_bytes().count(b" Do") == 2
            assert "/OutputIntents" in p.Root and str(p.Root.AF[0]) == "x"


def test_creation_time_follows_source_date_epoch(monkeypatch):
    from datetime import datetime, timezone

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")   # 2026-01-01 00:00 UTC
    c = Canvas(io.BytesIO())
    assert rl_internals.creation_time(c) == datetime(2026, 1, 1, tzinfo=timezone.utc)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    now = datetime.now(timezone.utc)
    assert abs((rl_internals.creation_time(Canvas(io.BytesIO())) - now).total_seconds()) < 5
