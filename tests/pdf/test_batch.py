"""Batch export: files, failures, cancel, file names."""

from __future__ import annotations

import dataclasses

import pytest

from billdesk.pdf.batch import (default_chunk_size, export_many, invoice_file_name,
                                safe_component)
from billdesk.pdf.sample import demo_document


def _docs(n: int, bad: set[int] = frozenset()):
    for i in range(n):
        doc = demo_document(number=f"2026-{i:06d}", account=f"{100000 + i}",
                            account_name=f"Müller / Söhne {i}", seed=i)
        if i in bad:
            doc = dataclasses.replace(doc, language="xx")   # renderer refuses it
        yield doc


def test_export_in_worker_processes_reports_failures(tmp_path):
    calls = []
    report = export_many(list(_docs(6, bad={2})), tmp_path, workers=2, chunk_size=2,
                         progress=lambda d, t, m: calls.append((d, t)))
    assert report.total == 6
    assert len(report.written) == 5
    assert [f.number for f in report.failed] == ["2026-000002"]
    assert "unsupported invoice language" in report.failed[0].error
    assert calls[-1] == (6, 6)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names[0] == "2026-000000_Muller_Sohne_0.pdf"
    assert all(p.read_bytes().startswith(b"%PDF-") for p in report.written)
    assert not list(tmp_path.glob("*.part"))


def test_streamed_input_and_cancel_in_process(tmp_path):
    seen = []
    report = export_many(lambda: _docs(1000), tmp_path, workers=0, chunk_size=3,
                         progress=lambda d, t, m: seen.append(d),
                         cancelled=lambda: len(seen) >= 2)
    assert report.cancelled
    assert report.total == 6 and len(report.written) == 6     # two chunks, then stop


@pytest.mark.parametrize("raw, expected", [
    ("Anna Müller-Brügger", "Anna_Muller-Brugger"),
    ("../../etc/passwd", "etc_passwd"),
    ("a\\b/c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
    ("line\nbreak\ttab\x00nul", "line_break_tab_nul"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("...", "x"),
    ("", "x"),
    ("李小龙", "x"),
])
def test_safe_component(raw, expected):
    assert safe_component(raw) == expected


def test_invoice_file_name_is_bounded_and_keeps_the_number():
    name = invoice_file_name("2026/000123", "X" * 500)
    assert name.startswith("2026_000123_") and name.endswith(".pdf")
    assert len(name) <= 120
    assert "/" not in invoice_file_name("a/b", "c/d")


def test_default_chunk_size_spreads_small_batches():
    assert default_chunk_size(10000, 2) == 25
    assert default_chunk_size(30, 2) == 4          # 8 chunks: both workers busy
    assert default_chunk_size(1, 4) == 1
    assert default_chunk_size(0, 2) == 25           # unknown total
