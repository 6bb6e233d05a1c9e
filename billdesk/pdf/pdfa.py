"""PDF/A-3 and Factur-X parts written while the PDF is generated, with reportlab's own objects
(no second pass over the finished file): the sRGB output intent, the Factur-X XML (EN 16931)
as an associated file (EmbeddedFile + Filespec with /AFRelationship /Data, the catalog's /AF
array and /Names /EmbeddedFiles tree, as the factur-x package writes them), the XMP metadata
(PDF/A-3B + Factur-X extension schema) matching the document information dictionary.
"""

from __future__ import annotations

import copy
import hashlib
import zlib
from datetime import datetime
from functools import lru_cache
from xml.sax.saxutils import escape as xml_escape

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from billdesk.pdf import i18n
from billdesk.pdf.document import InvoiceDocument
from billdesk.pdf.fonts import RESOURCES
from billdesk.pdf.rl_internals import creation_time, extra_catalog_entries, reference


@lru_cache(maxsize=1)
def icc_profile() -> bytes:
    return (RESOURCES / "icc" / "sRGB.icc").read_bytes()


@lru_cache(maxsize=1)
def _icc_compressed() -> bytes:
    import zlib

    return zlib.compress(icc_profile(), 9)


FACTURX_FILENAME = "factur-x.xml"
FACTURX_URN = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
FACTURX_LEVEL = "EN 16931"
CREATOR = "billdesk"
PRODUCER = "billdesk (ReportLab)"


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


def add_pdfa_parts(canvas: Canvas, doc: InvoiceDocument, xml: bytes) -> None:
    """Output intent, Factur-X attachment, XMP metadata and the document information (the
    catalog's /Lang is the canvas's ``lang``)."""
    # the creation time is reportlab's own (the one its document ID is made from), so
    # SOURCE_DATE_EPOCH fixes every date in the file: a re-render is then byte-identical
    ts = creation_time(canvas)
    date = _pdf_date(ts)

    # sRGB output intent (the ICC stream is compressed once per process)
    intent = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"),
        "S": pdfdoc.PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": pdfdoc.PDFString("sRGB IEC61966-2.1"),
        "Info": pdfdoc.PDFString("sRGB IEC61966-2.1"),
        "RegistryName": pdfdoc.PDFString("http://www.color.org"),
        "DestOutputProfile": reference(canvas, copy.copy(_output_intent_stream())),
    })

    # the Factur-X XML: EmbeddedFile stream, Filespec, /AF and /Names /EmbeddedFiles
    embedded = reference(canvas, _flate_stream({
        "Type": pdfdoc.PDFName("EmbeddedFile"),
        "Subtype": "/text#2Fxml",                      # the name text/xml
        "Params": pdfdoc.PDFDictionary({
            "CheckSum": f"<{hashlib.md5(xml).hexdigest()}>",
            "ModDate": pdfdoc.PDFString(date),
            "Size": len(xml),
        }),
    }, xml))
    filespec = reference(canvas, pdfdoc.PDFDictionary({
        "AFRelationship": pdfdoc.PDFName("Data"),
        "Desc": pdfdoc.PDFString("Factur-X XML file"),
        "Type": pdfdoc.PDFName("Filespec"),
        "F": pdfdoc.PDFString(FACTURX_FILENAME),
        "EF": pdfdoc.PDFDictionary({"F": embedded, "UF": embedded}),
        "UF": pdfdoc.PDFString(FACTURX_FILENAME),
    }))
    extra_catalog_entries(canvas, OutputIntents=pdfdoc.PDFArray([intent]),
                          AF=reference(canvas, pdfdoc.PDFArray([filespec])))
    canvas.setCatalogEntry("Names", pdfdoc.PDFDictionary({"EmbeddedFiles": pdfdoc.PDFDictionary({
        "Names": pdfdoc.PDFArray([pdfdoc.PDFString(FACTURX_FILENAME), filespec])})}))
    # show the attachment when opened
    canvas.setCatalogEntry("PageMode", pdfdoc.PDFName("UseAttachments"))

    # XMP metadata and the equal document information dictionary
    meta = pdf_metadata(doc)
    canvas.setCatalogEntry("Metadata", _flate_stream({"Type": pdfdoc.PDFName("Metadata"),
                                                      "Subtype": pdfdoc.PDFName("XML")},
                                                     xmp_metadata(meta, ts)))
    canvas.setTitle(meta["title"])
    canvas.setAuthor(meta["author"])
    canvas.setSubject(meta["subject"])
    canvas.setKeywords(meta["keywords"])
    canvas.setCreator(CREATOR)
    canvas.setProducer(PRODUCER)
    canvas.setDateFormatter(lambda *_: date)


def pdf_language(doc: InvoiceDocument) -> str:
    """The document's language tag for the catalog's /Lang (e.g. de-CH)."""
    return i18n.LOCALES[doc.language].replace("_", "-")


def pdf_metadata(doc: InvoiceDocument) -> dict:
    kind = i18n.text(doc.kind.value,
                     doc.language)
    return {
        "author": doc.company.name,
        "keywords": "Factur-X, EN 16931, " + kind,
        "title": f"{doc.company.name}: {kind} {doc.number}",
        "subject": f"{kind} {doc.number} {doc.issue_date.isoformat()} {doc.account.account}",
    }
