"""Rendered documents shared by the PDF tests (rendered once per session)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from billdesk.domain.bill import BillKind
from billdesk.pdf import render_invoice
from billdesk.pdf.sample import IBAN, demo_document


def need_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} not installed (Debian package poppler-utils)")
    return path


def pdftotext(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    need_tool("pdftotext")
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    out = subprocess.run(args + [str(pdf), "-"], check=True, capture_output=True, text=True)
    return out.stdout.replace("\u00a0", " ").replace("\u202f", " ")


def page_count(pdf: Path) -> int:
    need_tool("pdfinfo")
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(next(ln.split()[-1] for ln in out.stdout.splitlines() if ln.startswith("Pages:")))


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf")


def _write(pdf_dir: Path, name: str, doc) -> tuple[Path, object]:
    path = pdf_dir / name
    path.write_bytes(render_invoice(doc))
    return path, doc


@pytest.fixture(scope="session")
def invoice_de(pdf_dir):
    return _write(pdf_dir, "invoice_de.pdf", demo_document(number="2026-000123", language="de"))


@pytest.fixture(scope="session")
def invoice_iban_fr(pdf_dir):
    # IBAN (not QR-IBAN) -> creditor reference RF.. ; number chosen to give the SIX sample
    return _write(pdf_dir, "invoice_fr.pdf",
                  demo_document(number="539007547034", language="fr", iban=IBAN))


@pytest.fixture(scope="session")
def credit_note(pdf_dir):
    return _write(pdf_dir, "credit_de.pdf",
                  demo_document(number="GS-2026-000007", kind=BillKind.CREDIT_NOTE,
                                corrects_number="2026-000123", negate=True))


@pytest.fixture(scope="session")
def long_invoice(pdf_dir):
    return _write(pdf_dir, "long_it.pdf", demo_document(number="2026-000999", language="it",
                                                         n_extra=80))
