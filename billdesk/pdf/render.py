"""The invoice layout (A4, reportlab canvas) and the finished Factur-X PDF.

Layout (mm from the top-left corner):

* logo top left, company block top right (name, address, contacts, VAT number);
* recipient address for a Swiss C5/DL envelope with the window on the right (SN 010130):
  left edge 118 mm, top 50 mm (sender line above it at 46 mm), 72 mm wide;
* invoice facts left of the window, title at 98 mm, then the lines grouped by component with
  quantity, unit, unit price, VAT rate and amount, a group header carrying the group subtotal;
* totals with the VAT summary per rate, the consumption summary (daily kWh bars drawn as
  vectors, kWh figures, data-quality note) and the payment terms;
* the Swiss QR-bill payment part (105 mm) at the bottom of the last page of a payable CHF/EUR
  invoice; when the content leaves no room for it the payment part goes to a new page.

Fonts (Liberation Sans TTF, embedded as subsets), the logo and the ICC profile are loaded once
per process. The PDF/A-3 parts are written while the PDF is generated, with reportlab's own
objects (no second pass over the finished file): the sRGB output intent, the Factur-X XML
(EN 16931) as an associated file (EmbeddedFile + Filespec with /AFRelationship /Data, the
catalog's /AF array and /Names /EmbeddedFiles tree, as the factur-x package writes them), the XMP
metadata (PDF/A-3B + Factur-X extension schema) matching the document information dictionary.
"""

from __future__ import annotations

import copy
import hashlib
import io
import os
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape as xml_escape

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from billdesk.domain.bill import BillKind, BillLine
from billdesk.pdf import i18n
from billdesk.pdf.details import localize_detail
from billdesk.pdf.document import InvoiceDocument
from billdesk.pdf.facturx_xml import build_xml, check_xml, sign_of
from billdesk.pdf.references import payment_reference
from billdesk.pdf.swissqr import BILL_HEIGHT_MM, build_qrbill, draw_payment_part

RESOURCES = Path(os.environ.get("BILLDESK_RESOURCES",
                                Path(__file__).resolve().parents[2] / "resources"))
FONT = "LiberationSans"
BOLD = "LiberationSans-Bold"
ITALIC = "LiberationSans-Italic"

PAGE_W, PAGE_H = A4
LEFT = 20 * mm
RIGHT = PAGE_W - 20 * mm
ACCENT = (0.0, 0.36, 0.59)
GREY = (0.38, 0.38, 0.38)
LIGHT = (0.90, 0.93, 0.96)

GROUP_ORDER = ("energy", "grid", "power", "levy", "base_fee", "community_energy", "feed_in")
QR_CURRENCIES = ("CHF", "EUR")


# ---------------------------------------------------------------- per-process resources
class _SubsetCachingTTFont(TTFont):
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
            pdfmetrics.registerFont(_SubsetCachingTTFont(name, str(fonts / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    return FONT, BOLD, ITALIC


@lru_cache(maxsize=1)
def icc_profile() -> bytes:
    return (RESOURCES / "icc" / "sRGB.icc").read_bytes()


@lru_cache(maxsize=1)
def _icc_compressed() -> bytes:
    import zlib

    return zlib.compress(icc_profile(), 9)


@lru_cache(maxsize=16)
def _logo(path: str):
    """(image XObject, name, width px, height px) built once per process: decoding and
    compressing the bitmap for every invoice would cost more than the rest of the page."""
    from reportlab.pdfgen.canvas import _digester

    try:
        reader = ImageReader(path)
        w, h = reader.getSize()
        name = _digester(f"billdesk-logo:{path}".encode())
        a85 = rl_config.useA85
        rl_config.useA85 = 0          # binary stream: smaller and faster than ASCII85
        try:
            obj = pdfdoc.PDFImageXObject(name, reader, mask=None)
        finally:
            rl_config.useA85 = a85
        obj.name = name
        return obj, name, w, h
    except Exception:  # an unreadable logo must not stop invoicing
        return None


def _draw_logo(c: Canvas, path: str, x: float, y_top: float, max_w: float, max_h: float):
    cached = _logo(path)
    if cached is None:
        return
    obj, name, iw, ih = cached
    scale = min(max_h / ih, max_w / iw)
    w, h = iw * scale, ih * scale
    doc = c._doc
    reg = doc.getXObjectName(name)
    if not doc.idToObject.get(reg):
        obj = copy.copy(obj)              # reportlab marks registered objects: one per document
        obj.__dict__.pop("__InternalName__", None)
        c._setXObjects(obj)
        doc.Reference(obj, reg)
        doc.addForm(name, obj)
    c._currentPageHasImages = 1
    c.saveState()
    c.translate(x, y_top - h)
    c.scale(w, h)
    c._code.append(f"/{reg} Do")
    c.restoreState()
    c._formsinuse.append(name)


def _width(s: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(s, font, size)


def _fit(s: str, font: str, size: float, width: float) -> str:
    if _width(s, font, size) <= width:
        return s
    while s and _width(s + "…", font, size) > width:
        s = s[:-1]
    return s + "…"


# ---------------------------------------------------------------- PDF/A-3 + Factur-X objects
FACTURX_FILENAME = "factur-x.xml"
FACTURX_URN = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
FACTURX_LEVEL = "EN 16931"
CREATOR = "billdesk"
PRODUCER = "billdesk (ReportLab)"


class _Catalog(pdfdoc.PDFCatalog):
    __NoDefault__ = pdfdoc.PDFCatalog.__NoDefault__ + ["OutputIntents", "AF"]


def _pdf_date(ts: datetime) -> str:
    return ts.strftime("D:%Y%m%d%H%M%S+00'00'")


def _flate_stream(entries: dict, data: bytes, level: int = 6) -> pdfdoc.PDFStream:
    packed = zlib.compress(data, level)
    return pdfdoc.PDFStream(pdfdoc.PDFDictionary({
        **entries, "Filter": pdfdoc.PDFName("FlateDecode"), "Length": len(packed)}), packed,
        filters=[])


@lru_cache(maxsize=1)
def _output_intent_stream() -> pdfdoc.PDFStream:
    data = _icc_compressed()
    return pdfdoc.PDFStream(pdfdoc.PDFDictionary({
        "N": 3, "Filter": pdfdoc.PDFName("FlateDecode"), "Length": len(data)}), data,
        filters=[])


def _x(text: str) -> str:
    return xml_escape(text, {'"': "&quot;"})


_XMP_EXTENSION = """    <rdf:Description rdf:about="">
      <pdfaExtension:schemas>
        <rdf:Bag>
          <rdf:li rdf:parseType="Resource">
            <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
            <pdfaSchema:namespaceURI>{urn}</pdfaSchema:namespaceURI>
            <pdfaSchema:prefix>fx</pdfaSchema:prefix>
            <pdfaSchema:property>
              <rdf:Seq>
{props}
              </rdf:Seq>
            </pdfaSchema:property>
          </rdf:li>
        </rdf:Bag>
      </pdfaExtension:schemas>
    </rdf:Description>""".format(urn=FACTURX_URN, props="\n".join(
    f"""                <rdf:li rdf:parseType="Resource">
                  <pdfaProperty:name>{name}</pdfaProperty:name>
                  <pdfaProperty:valueType>Text</pdfaProperty:valueType>
                  <pdfaProperty:category>external</pdfaProperty:category>
                  <pdfaProperty:description>{desc}</pdfaProperty:description>
                </rdf:li>""" for name, desc in (
        ("DocumentFileName", "The name of the embedded XML document"),
        ("DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE or "
                         "ORDER"),
        ("Version", "The actual version of the standard applying to the embedded XML document"),
        ("ConformanceLevel", "The conformance level of the embedded XML document"))))


def xmp_metadata(meta: dict, ts: datetime) -> bytes:
    """The XMP packet: PDF/A-3B identification, Dublin Core / PDF / XMP basic properties equal
    to the document information dictionary, the Factur-X extension schema and its values (the
    same properties and values the factur-x package writes)."""
    stamp = ts.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
      xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
      xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"
      xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
      xmlns:fx="{FACTURX_URN}">
    <rdf:Description rdf:about="">
      <pdfaid:part>3</pdfaid:part>
      <pdfaid:conformance>B</pdfaid:conformance>
    </rdf:Description>
    <rdf:Description rdf:about="">
      <dc:title>
        <rdf:Alt>
          <rdf:li xml:lang="x-default">{_x(meta["title"])}</rdf:li>
        </rdf:Alt>
      </dc:title>
      <dc:creator>
        <rdf:Seq>
          <rdf:li>{_x(meta["author"])}</rdf:li>
        </rdf:Seq>
      </dc:creator>
      <dc:description>
        <rdf:Alt>
          <rdf:li xml:lang="x-default">{_x(meta["subject"])}</rdf:li>
        </rdf:Alt>
      </dc:description>
    </rdf:Description>
    <rdf:Description rdf:about="">
      <pdf:Producer>{_x(PRODUCER)}</pdf:Producer>
      <pdf:Keywords>{_x(meta["keywords"])}</pdf:Keywords>
    </rdf:Description>
    <rdf:Description rdf:about="">
      <xmp:CreatorTool>{_x(CREATOR)}</xmp:CreatorTool>
      <xmp:CreateDate>{stamp}</xmp:CreateDate>
      <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
    </rdf:Description>
{_XMP_EXTENSION}
    <rdf:Description rdf:about="">
      <fx:DocumentType>INVOICE</fx:DocumentType>
      <fx:DocumentFileName>{FACTURX_FILENAME}</fx:DocumentFileName>
      <fx:Version>1.0</fx:Version>
      <fx:ConformanceLevel>{FACTURX_LEVEL}</fx:ConformanceLevel>
    </rdf:Description>
  </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode("utf-8")


def _add_pdfa_parts(canvas: Canvas, doc: InvoiceDocument, xml: bytes) -> None:
    """Output intent, Factur-X attachment, XMP metadata, document information, language."""
    pdf = canvas._doc
    catalog = _Catalog()
    for k, v in vars(pdf.Catalog).items():
        setattr(catalog, k, v)
    pdf.Catalog = catalog
    # re-point the document's catalog reference (reportlab stores it under "Catalog")
    pdf.Reference(catalog, "Catalog")
    ts = datetime.now(timezone.utc).replace(microsecond=0)
    date = _pdf_date(ts)

    # sRGB output intent (the ICC stream is compressed once per process)
    intent = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"),
        "S": pdfdoc.PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": pdfdoc.PDFString("sRGB IEC61966-2.1"),
        "Info": pdfdoc.PDFString("sRGB IEC61966-2.1"),
        "RegistryName": pdfdoc.PDFString("http://www.color.org"),
        "DestOutputProfile": pdf.Reference(copy.copy(_output_intent_stream())),
    })
    catalog.OutputIntents = pdfdoc.PDFArray([intent])

    # the Factur-X XML: EmbeddedFile stream, Filespec, /AF and /Names /EmbeddedFiles
    embedded = pdf.Reference(_flate_stream({
        "Type": pdfdoc.PDFName("EmbeddedFile"),
        "Subtype": "/text#2Fxml",                      # the name text/xml
        "Params": pdfdoc.PDFDictionary({
            "CheckSum": f"<{hashlib.md5(xml).hexdigest()}>",
            "ModDate": pdfdoc.PDFString(date),
            "Size": len(xml),
        }),
    }, xml))
    filespec = pdf.Reference(pdfdoc.PDFDictionary({
        "AFRelationship": pdfdoc.PDFName("Data"),
        "Desc": pdfdoc.PDFString("Factur-X XML file"),
        "Type": pdfdoc.PDFName("Filespec"),
        "F": pdfdoc.PDFString(FACTURX_FILENAME),
        "EF": pdfdoc.PDFDictionary({"F": embedded, "UF": embedded}),
        "UF": pdfdoc.PDFString(FACTURX_FILENAME),
    }))
    catalog.AF = pdf.Reference(pdfdoc.PDFArray([filespec]))
    catalog.Names = pdfdoc.PDFDictionary({"EmbeddedFiles": pdfdoc.PDFDictionary({
        "Names": pdfdoc.PDFArray([pdfdoc.PDFString(FACTURX_FILENAME), filespec])})})
    catalog.PageMode = pdfdoc.PDFName("UseAttachments")     # show the attachment when opened
    catalog.Lang = pdfdoc.PDFString(i18n.LOCALES[doc.language].replace("_", "-"))

    # XMP metadata and the equal document information dictionary
    meta = pdf_metadata(doc)
    catalog.Metadata = _flate_stream({"Type": pdfdoc.PDFName("Metadata"),
                                      "Subtype": pdfdoc.PDFName("XML")},
                                     xmp_metadata(meta, ts))
    info = pdf.info
    info.title = meta["title"]
    info.author = meta["author"]
    info.subject = meta["subject"]
    info.keywords = meta["keywords"]
    info.creator = CREATOR
    info.producer = PRODUCER
    info._dateFormatter = lambda *_: date


# ---------------------------------------------------------------- layout model
@dataclass
class _Row:
    height: float                       # points
    draw: Callable[[Canvas, float], None]  # draws with its top edge at y
    kind: str = "row"                   # row | table_header | block
    keep_with_next: bool = False


@dataclass
class _Ctx:
    doc: InvoiceDocument
    lang: str
    cur: str
    sign: int
    qr: object | None
    reference: str | None
    pages: int = 1
    extra: dict = field(default_factory=dict)

    def t(self, key, **kw):
        return i18n.text(key, self.lang, **kw)


def _group_key(component: str) -> str:
    return component if component in GROUP_ORDER else "other"


def _grouped(lines: tuple[BillLine, ...]):
    groups: dict[str, list[BillLine]] = defaultdict(list)
    for ln in lines:
        if ln.component == "rounding":
            continue
        groups[_group_key(ln.component)].append(ln)
    order = list(GROUP_ORDER) + ["other"]
    return [(g, groups[g]) for g in order if groups.get(g)]


# table columns (right edges for numbers)
X_DESC = LEFT
X_QTY = 124 * mm
X_UNIT = 126 * mm
X_PRICE = 156 * mm
X_VAT = 168 * mm
X_AMT = RIGHT
DESC_W = X_QTY - X_DESC - 22 * mm


def _table_header(ctx: _Ctx) -> _Row:
    def draw(c: Canvas, y: float):
        c.setFillColorRGB(*LIGHT)
        c.rect(LEFT - 1.5 * mm, y - 5.2 * mm, RIGHT - LEFT + 3 * mm, 5.2 * mm, stroke=0, fill=1)
        c.setFillColorRGB(*GREY)
        c.setFont(BOLD, 7.5)
        base = y - 3.6 * mm
        c.drawString(X_DESC, base, ctx.t("description"))
        c.drawRightString(X_QTY, base, ctx.t("quantity"))
        c.drawString(X_UNIT, base, ctx.t("unit"))
        c.drawRightString(X_PRICE, base, f"{ctx.t('unit_price')} {ctx.cur}")
        c.drawRightString(X_VAT, base, f"{ctx.t('vat_pct')} %")
        c.drawRightString(X_AMT, base, f"{ctx.t('amount')} {ctx.cur}")
        c.setFillColorRGB(0, 0, 0)
    return _Row(6.5 * mm, draw, "table_header")


def _line_rows(ctx: _Ctx) -> list[_Row]:
    rows: list[_Row] = []
    lang = ctx.lang
    sign = ctx.sign
    for group, lines in _grouped(ctx.doc.bill.lines):
        subtotal = sum((ln.net_amount for ln in lines), Decimal(0)) * sign
        title = ctx.t(f"group_{group}")

        def draw_group(c: Canvas, y: float, title=title, subtotal=subtotal):
            base = y - 4.0 * mm
            c.setFillColorRGB(*ACCENT)
            c.setFont(BOLD, 8.5)
            c.drawString(X_DESC, base, title)
            c.drawRightString(X_AMT, base, i18n.fmt_amount(subtotal, lang))
            c.setFillColorRGB(0, 0, 0)
        rows.append(_Row(5.5 * mm, draw_group, keep_with_next=True))
        for ln in lines:
            sub = []
            if ln.detail:
                sub.append(localize_detail(ln.detail, lang))
            if ln.period_start and ln.period_end:
                end_incl = ln.period_end - timedelta(days=1)
                sub.append(f"{i18n.fmt_date(ln.period_start, lang)} – "
                           f"{i18n.fmt_date(end_incl, lang)}")
            subtext = " · ".join(sub)
            h = (4.1 + (3.0 if subtext else 0)) * mm

            def draw_line(c: Canvas, y: float, ln=ln, subtext=subtext):
                base = y - 3.3 * mm
                c.setFont(FONT, 8.5)
                c.drawString(X_DESC + 2 * mm, base, _fit(ln.label, FONT, 8.5, DESC_W))
                c.drawRightString(X_QTY, base, i18n.fmt_number(ln.quantity * sign, lang, 0, 3))
                c.drawString(X_UNIT, base, i18n.unit_text(ln.unit, lang))
                c.drawRightString(X_PRICE, base, i18n.fmt_price(ln.unit_price, lang, ln.unit))
                c.drawRightString(X_VAT, base, i18n.fmt_rate(ln.vat_rate, lang))
                c.drawRightString(X_AMT, base, i18n.fmt_amount(ln.net_amount * sign, lang))
                if subtext:
                    c.setFont(FONT, 7)
                    c.setFillColorRGB(*GREY)
                    c.drawString(X_DESC + 2 * mm, base - 3.0 * mm,
                                 _fit(subtext, FONT, 7, DESC_W + 20 * mm))
                    c.setFillColorRGB(0, 0, 0)
            rows.append(_Row(h, draw_line))
    return rows


def _totals_block(ctx: _Ctx) -> _Row:
    bill = ctx.doc.bill
    lang, sign, cur = ctx.lang, ctx.sign, ctx.cur
    items: list[tuple[str, str, bool]] = []
    net = sum((ln.net_amount for ln in bill.lines if ln.component != "rounding"), Decimal(0))
    items.append((ctx.t("net_total"), i18n.fmt_amount(net * sign, lang), False))
    for v in bill.vat:
        if v.credit and not v.rate:
            continue   # an unregistered producer's feed-in credit carries no VAT
        items.append((ctx.t("vat_credit_line" if v.credit else "vat_line",
                            rate=i18n.fmt_rate(v.rate, lang),
                            base=i18n.fmt_amount(v.net * sign, lang)),
                      i18n.fmt_amount(v.vat * sign, lang), False))
    rounding = bill.total - net - bill.vat_total
    if rounding:
        items.append((ctx.t("rounding"), i18n.fmt_amount(rounding * sign, lang), False))
    total_label = ctx.t("total_credit") if ctx.doc.kind == BillKind.CREDIT_NOTE else ctx.t("total")
    items.append((total_label, i18n.fmt_money(bill.total * sign, cur, lang), True))
    terms = _terms_lines(ctx)
    note = simpleSplit(ctx.t("einvoice_note"), FONT, 7, 84 * mm)
    height = max(len(items) * 4.6 + 4, len(terms) * 4 + len(note) * 3.2 + 6) * mm

    def draw(c: Canvas, y: float):
        yy = y - 4.0 * mm
        c.setFont(FONT, 8.5)
        for ln in terms:
            c.drawString(LEFT, yy, ln)
            yy -= 4 * mm
        yy -= 0.5 * mm
        c.setFont(FONT, 7)
        c.setFillColorRGB(*GREY)
        for ln in note:
            c.drawString(LEFT, yy, ln)
            yy -= 3.2 * mm
        c.setFillColorRGB(0, 0, 0)
        x_label = 112 * mm
        yy = y - 4.0 * mm
        for label, value, strong in items:
            if strong:
                yy -= 1.5 * mm
                c.setLineWidth(0.8)
                c.setStrokeColorRGB(*ACCENT)
                c.line(x_label, yy + 4.6 * mm, X_AMT, yy + 4.6 * mm)
                c.setFont(BOLD, 10.5)
            else:
                c.setFont(FONT, 8.5)
            c.drawString(x_label, yy, label)
            c.drawRightString(X_AMT, yy, value)
            yy -= 4.6 * mm
        c.setStrokeColorRGB(0, 0, 0)
    return _Row(height, draw, "block")


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if v <= step * 4:
            return step * 4
    return v


def _consumption_block(ctx: _Ctx) -> _Row:
    doc = ctx.doc
    bill = doc.bill
    lang = ctx.lang
    q = bill.quality
    if q.total == 0:
        qnote = ctx.t("quality_none")
    elif q.measured == q.total:
        qnote = ctx.t("quality_ok", total=i18n.fmt_number(Decimal(q.total), lang))
    else:
        qnote = ctx.t("quality_mixed", measured=i18n.fmt_number(Decimal(q.measured), lang),
                      total=i18n.fmt_number(Decimal(q.total), lang), substituted=q.substituted,
                      estimated=q.estimated, missing=q.missing)
    figures = [(ctx.t("consumption_kwh"), bill.consumption_kwh)]
    if bill.local_kwh:
        figures.append((ctx.t("local_kwh"), bill.local_kwh))
    if bill.grid_kwh and bill.local_kwh:
        figures.append((ctx.t("grid_kwh"), bill.grid_kwh))
    if bill.export_kwh:
        figures.append((ctx.t("export_kwh"), bill.export_kwh))
    chart_w, chart_h = 92 * mm, 24 * mm
    qlines = simpleSplit(qnote, FONT, 7, RIGHT - LEFT - chart_w - 8 * mm)
    daily = doc.daily_kwh
    has_chart = bool(daily)
    height = (6 + (chart_h / mm + 6 if has_chart else 0)) * mm
    height = max(height, (6 + 4.2 * len(figures) + 2 + 3.2 * len(qlines)) * mm)

    def draw(c: Canvas, y: float):
        c.setFillColorRGB(*ACCENT)
        c.setFont(BOLD, 9.5)
        c.drawString(LEFT, y - 4 * mm, ctx.t("consumption"))
        c.setFillColorRGB(0, 0, 0)
        # figures and the quality note right of the chart
        fx = LEFT + chart_w + 8 * mm
        yy = y - 4 * mm
        for label, value in figures:
            c.setFont(FONT, 8)
            c.drawString(fx, yy, label)
            c.drawRightString(RIGHT, yy, f"{i18n.fmt_number(value, lang, 0, 1)} kWh")
            yy -= 4.2 * mm
        yy -= 1 * mm
        c.setFont(FONT, 7)
        c.setFillColorRGB(*GREY)
        for ql in qlines:
            c.drawString(fx, yy, ql)
            yy -= 3.2 * mm
        c.setFillColorRGB(0, 0, 0)
        if has_chart:
            _draw_chart(c, daily, LEFT, y - 8 * mm - chart_h, chart_w, chart_h, ctx)
    return _Row(height, draw, "block")


def _draw_chart(c: Canvas, daily, x0: float, y0: float, w: float, h: float, ctx: _Ctx):
    values = [float(v) for _, v in daily]
    top = _nice_max(max(values) if values else 0)
    n = len(values)
    label_w = 7 * mm
    cx = x0 + label_w
    cw = w - label_w
    c.setLineWidth(0.3)
    c.setStrokeColorRGB(0.75, 0.75, 0.75)
    c.setFont(FONT, 6)
    c.setFillColorRGB(*GREY)
    for i in range(5):
        gy = y0 + h * i / 4
        c.line(cx, gy, cx + cw, gy)
        val = top * i / 4
        c.drawRightString(cx - 1.2 * mm, gy - 2, f"{val:g}")
    slot = cw / max(n, 1)
    p = c.beginPath()
    for i, v in enumerate(values):
        bh = h * max(v, 0) / top if top else 0
        p.rect(cx + i * slot + slot * 0.15, y0, slot * 0.7, min(bh, h))
    c.setFillColorRGB(*ACCENT)
    c.drawPath(p, stroke=0, fill=1)
    c.setFillColorRGB(*GREY)
    step = 1 if n <= 10 else (5 if n <= 62 else 30)
    for i, (d, _) in enumerate(daily):
        if i % step == 0:
            c.drawCentredString(cx + (i + 0.5) * slot, y0 - 2.8 * mm,
                                i18n.fmt_short_date(d, ctx.lang))
    c.drawString(cx + cw - _width(ctx.t("daily_kwh"), FONT, 6), y0 + h + 1.2 * mm,
                 ctx.t("daily_kwh"))
    c.setFillColorRGB(0, 0, 0)
    c.setStrokeColorRGB(0, 0, 0)


def _terms_lines(ctx: _Ctx) -> list[str]:
    doc = ctx.doc
    lang = ctx.lang
    if doc.kind == BillKind.CREDIT_NOTE:
        text = ctx.t("credit_terms")
    elif doc.bill.total <= 0:
        text = ctx.t("nothing_due")
    elif ctx.qr is not None:
        text = ctx.t("payment_terms", date=i18n.fmt_date(doc.due_date, lang))
    else:
        text = ctx.t("payment_terms_noqr", date=i18n.fmt_date(doc.due_date, lang))
    return simpleSplit(text, FONT, 8.5, 84 * mm)


def _spacer(h_mm: float) -> _Row:
    return _Row(h_mm * mm, lambda c, y: None)


# ---------------------------------------------------------------- page furniture
def _draw_first_header(c: Canvas, ctx: _Ctx) -> float:
    doc = ctx.doc
    co = doc.company
    lang = ctx.lang
    top = PAGE_H
    # logo
    if co.logo_path:
        _draw_logo(c, co.logo_path, LEFT, top - 12 * mm, 62 * mm, 16 * mm)
    # company block
    x = 118 * mm
    y = top - 14 * mm
    c.setFont(BOLD, 9)
    c.setFillColorRGB(*ACCENT)
    c.drawString(x, y, co.name)
    c.setFillColorRGB(*GREY)
    c.setFont(FONT, 7.5)
    for s in (co.street, f"{co.postcode} {co.city}",
              " · ".join(v for v in (co.phone, co.email) if v), co.website,
              f"{i18n.text('vat_number', lang)} {co.vat_number}" if co.vat_number else ""):
        if s:
            y -= 3.4 * mm
            c.drawString(x, y, s)
    c.setFillColorRGB(0, 0, 0)
    # sender line + recipient address in the right window (SN 010130, C5/DL right)
    sender = f"{co.name}, {co.street}, {co.postcode} {co.city}"
    c.setFont(FONT, 6.5)
    sy = top - 46 * mm
    sender = _fit(sender, FONT, 6.5, 72 * mm)
    c.drawString(x, sy, sender)
    c.setLineWidth(0.3)
    c.line(x, sy - 0.8 * mm, x + _width(sender, FONT, 6.5), sy - 0.8 * mm)
    addr = doc.account.address
    lines = [addr.name, addr.street, f"{addr.postcode} {addr.city}"]
    if addr.country and addr.country.upper() != "CH":
        lines.append(addr.country.upper())
    y = top - 54 * mm
    c.setFont(FONT, 10)
    for s in lines:
        c.drawString(x, y, _fit(s, FONT, 10, 72 * mm))
        y -= 4.6 * mm
    # facts left of the window
    is_credit = doc.kind == BillKind.CREDIT_NOTE
    end_incl = doc.bill.period_end - timedelta(days=1)
    facts = [
        (ctx.t("credit_number" if is_credit else "number"), doc.number),
        (ctx.t("issue_date"), i18n.fmt_date(doc.issue_date, lang)),
    ]
    if not is_credit:
        facts.append((ctx.t("due_date"), i18n.fmt_date(doc.due_date, lang)))
    facts += [
        (ctx.t("period"), f"{i18n.fmt_date(doc.bill.period_start, lang)} – "
                          f"{i18n.fmt_date(end_incl, lang)}"),
        (ctx.t("account"), doc.account.account),
        (ctx.t("metering_point"), doc.metering_point),
    ]
    if doc.bill.tariff_code:
        facts.append((ctx.t("tariff"), doc.bill.tariff_code))
    if doc.corrects_number:
        facts.append((ctx.t("corrects"), doc.corrects_number))
    y = top - 54 * mm
    value_x = LEFT + max(_width(label, FONT, 7.5) for label, _ in facts) + 4 * mm
    for label, value in facts:
        c.setFont(FONT, 7.5)
        c.setFillColorRGB(*GREY)
        c.drawString(LEFT, y, label)
        c.setFillColorRGB(0, 0, 0)
        c.setFont(FONT, 8)
        c.drawString(value_x, y, _fit(value, FONT, 8, 114 * mm - value_x))
        y -= 4.1 * mm
    # title
    if is_credit:
        title = ctx.t("credit_note")
    elif doc.corrects_number:
        title = ctx.t("replacement")
    else:
        title = ctx.t("invoice")
    ty = top - 98 * mm
    c.setFont(BOLD, 15)
    c.setFillColorRGB(*ACCENT)
    c.drawString(LEFT, ty, f"{title} {doc.number}")
    c.setFillColorRGB(0, 0, 0)
    c.setFont(FONT, 9)
    sub = (f"{ctx.t('electricity_bill')} {i18n.fmt_date(doc.bill.period_start, lang)} – "
           f"{i18n.fmt_date(end_incl, lang)}")
    ty -= 5 * mm
    c.drawString(LEFT, ty, sub)
    if doc.corrects_number:
        ty -= 4.5 * mm
        c.setFont(BOLD, 9)
        key = "cancels_text" if is_credit else "replaces_text"
        c.drawString(LEFT, ty, ctx.t(key, number=doc.corrects_number))
    return ty - 5 * mm


def _draw_next_header(c: Canvas, ctx: _Ctx) -> float:
    doc = ctx.doc
    y = PAGE_H - 14 * mm
    c.setFont(BOLD, 9)
    c.setFillColorRGB(*ACCENT)
    c.drawString(LEFT, y, doc.company.name)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(FONT, 8.5)
    kind = ctx.t("credit_note") if doc.kind == BillKind.CREDIT_NOTE else ctx.t("invoice")
    c.drawString(LEFT, y - 4.5 * mm,
                 f"{kind} {doc.number} · {doc.account.address.name} · {ctx.t('continued')}")
    c.setLineWidth(0.4)
    c.setStrokeColorRGB(*ACCENT)
    c.line(LEFT, y - 7 * mm, RIGHT, y - 7 * mm)
    c.setStrokeColorRGB(0, 0, 0)
    return y - 11 * mm


def _draw_page_number(c: Canvas, ctx: _Ctx, page: int):
    c.setFont(FONT, 7)
    c.setFillColorRGB(*GREY)
    c.drawRightString(RIGHT, PAGE_H - 8 * mm, ctx.t("page", page=page, pages=ctx.pages))
    c.setFillColorRGB(0, 0, 0)


def _draw_footer(c: Canvas, ctx: _Ctx):
    co = ctx.doc.company
    parts = [co.name, f"{co.street}, {co.postcode} {co.city}", co.website, co.vat_number]
    c.setFont(FONT, 6.5)
    c.setFillColorRGB(*GREY)
    c.setLineWidth(0.3)
    c.setStrokeColorRGB(0.75, 0.75, 0.75)
    c.line(LEFT, 14 * mm, RIGHT, 14 * mm)
    c.drawString(LEFT, 10.5 * mm, _fit("  ·  ".join(p for p in parts if p), FONT, 6.5,
                                       RIGHT - LEFT))
    c.setFillColorRGB(0, 0, 0)
    c.setStrokeColorRGB(0, 0, 0)


# ---------------------------------------------------------------- pagination
BOTTOM = 18 * mm                                  # above the footer
QR_TOP = (BILL_HEIGHT_MM + 6) * mm                 # content must end above this on the QR page


def _paginate(ctx: _Ctx, first_top: float, next_top: float) -> list[list[tuple[_Row, float]]]:
    """Place rows on pages: [[(row, y_top), ...], ...]. The payment part needs the last page's
    bottom 105 mm; table rows repeat the table header on continuation pages."""
    header = _table_header(ctx)
    body = _line_rows(ctx)
    tail = [_spacer(2), _totals_block(ctx), _spacer(4), _consumption_block(ctx)]
    need_qr = ctx.qr is not None
    pages: list[list[tuple[_Row, float]]] = [[]]
    y = first_top
    pages[0].append((header, y))
    y -= header.height

    def new_page():
        nonlocal y
        pages.append([])
        y = next_top

    for i, row in enumerate(body):
        need = row.height
        if row.keep_with_next and i + 1 < len(body):
            need += body[i + 1].height
        if y - need < BOTTOM:
            new_page()
            pages[-1].append((header, y))
            y -= header.height
        pages[-1].append((row, y))
        y -= row.height
    head, rest = tail[:2], tail[2:]
    for r in head:                      # totals follow the table
        if y - r.height < BOTTOM:
            new_page()
        pages[-1].append((r, y))
        y -= r.height
    rest_h = sum(r.height for r in rest)
    if need_qr:
        # consumption summary and terms go with the payment part when they fit above it
        if y - rest_h < QR_TOP and next_top - rest_h >= QR_TOP:
            new_page()
    for r in rest:
        if y - r.height < BOTTOM:
            new_page()
        pages[-1].append((r, y))
        y -= r.height
    if need_qr and y < QR_TOP:
        new_page()
    return pages


# ---------------------------------------------------------------- entry point
def _make_qr(doc: InvoiceDocument):
    bill = doc.bill
    co = doc.company
    if doc.kind != BillKind.INVOICE or bill.currency not in QR_CURRENCIES or bill.total <= 0 \
            or not co.iban:
        return None, None
    reference = payment_reference(doc.number, co.iban, co.qr_reference_prefix)
    addr = doc.account.address
    qr = build_qrbill(
        iban=co.iban,
        creditor={"name": co.name, "street": co.street, "pcode": co.postcode, "city": co.city,
                  "country": co.country},
        debtor={"name": addr.name, "street": addr.street, "pcode": addr.postcode,
                "city": addr.city, "country": addr.country or "CH"},
        amount=bill.total, currency=bill.currency, reference=reference, language=doc.language,
        additional_information=f"{i18n.text('invoice', doc.language)} {doc.number}")
    return qr, reference


def render_invoice(doc: InvoiceDocument, check_xsd: bool = False) -> bytes:
    """The finished PDF/A-3 Factur-X invoice (see the module docstring) in one pass."""
    lang = i18n.check_language(doc.language)
    register_fonts()
    qr, reference = _make_qr(doc)
    xml = build_xml(doc, reference)
    check_xml(xml)   # always: a broken e-invoice fails the document, never "success"
    ctx = _Ctx(doc=doc, lang=lang, cur=doc.bill.currency, sign=sign_of(doc), qr=qr,
               reference=reference)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1, pdfVersion=(1, 7), initialFontName=FONT,
               initialFontSize=10)
    _add_pdfa_parts(c, doc, xml)

    # the first page header is taller when it names a corrected bill
    first_top = PAGE_H - (112 if doc.corrects_number else 107.5) * mm
    next_top = PAGE_H - 29 * mm
    pages = _paginate(ctx, first_top, next_top)
    ctx.pages = len(pages)
    for n, rows in enumerate(pages, start=1):
        if n == 1:
            _draw_first_header(c, ctx)
        else:
            _draw_next_header(c, ctx)
        if ctx.pages > 1:
            _draw_page_number(c, ctx, n)
        last = n == len(pages)
        for row, y in rows:
            row.draw(c, y)
        if last and qr is not None:
            draw_payment_part(c, qr, FONT, BOLD)
        else:
            _draw_footer(c, ctx)
        c.showPage()
    a85 = rl_config.useA85
    rl_config.useA85 = 0        # binary page streams: smaller and faster than ASCII85
    try:
        c.save()
    finally:
        rl_config.useA85 = a85
    return buf.getvalue()


def pdf_metadata(doc: InvoiceDocument) -> dict:
    kind = i18n.text("credit_note" if doc.kind == BillKind.CREDIT_NOTE else "invoice",
                     doc.language)
    return {
        "author": doc.company.name,
        "keywords": "Factur-X, EN 16931, " + kind,
        "title": f"{doc.company.name}: {kind} {doc.number}",
        "subject": f"{kind} {doc.number} {doc.issue_date.isoformat()} {doc.account.account}",
    }
