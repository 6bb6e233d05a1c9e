"""Batch export of many invoices to PDF files on all cores.

* Worker processes (``concurrent.futures.ProcessPoolExecutor``) with the **spawn** start method:
  it behaves the same on Linux, macOS, Windows and in a frozen (PyInstaller) app — call
  ``multiprocessing.freeze_support()`` at the top of the frozen entry point — and never forks a
  process that may hold Qt, database connections or threads. Each worker loads fonts, logo and
  ICC profile once (module-level caches) and renders chunks of documents.
* Input: an iterable of picklable ``InvoiceDocument`` (or a callable returning one). It is
  consumed lazily in chunks; at most ``workers * 2`` chunks are in flight, so memory stays
  bounded for any number of invoices.
* Workers write the files themselves and return only (number, path, error) per document.
* One failing document does not stop the others: it is listed in ``ExportReport.failed``.
* ``cancelled()`` is checked between chunks: no new chunk is submitted, running chunks finish.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time
import unicodedata
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from billdesk.pdf.document import InvoiceDocument
from billdesk.pdf.files import remove_stale_parts, write_atomic

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_component(text: str, max_len: int = 60) -> str:
    """A file-name part: ASCII letters, digits, '.', '_' and '-' only (accents transliterated,
    everything else, including slashes and control characters, becomes '_'), no leading dots,
    not a Windows reserved name, at most ``max_len`` characters."""
    norm = unicodedata.normalize("NFKD", text or "")
    ascii_text = norm.encode("ascii", "ignore").decode("ascii")
    s = _UNSAFE.sub("_", ascii_text).strip("._-")
    s = re.sub(r"_+", "_", s)[:max_len].strip("._-")
    if not s:
        s = "x"
    if s.split(".")[0].upper() in _WINDOWS_RESERVED:
        s = "_" + s
    return s


def invoice_file_name(number: str, account_name: str, max_len: int = 120) -> str:
    """``{number}_{account}.pdf`` sanitised (see ``safe_component``), at most ``max_len``
    characters; the number is never cut so names stay unique per number."""
    num = safe_component(number, 60)
    room = max(max_len - len(num) - len("_.pdf"), 1)
    return f"{num}_{safe_component(account_name, room)}.pdf"


@dataclass
class ExportFailure:
    number: str
    error: str


@dataclass
class ExportReport:
    total: int = 0                 # documents taken from the input
    written: list[Path] = field(default_factory=list)
    failed: list[ExportFailure] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0
    job_id: int | None = None      # the export job (billdesk.runs.export_jobs) that wrote them
    skipped: int = 0               # a resumed job: documents written before

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled

    @property
    def per_second(self) -> float:
        return len(self.written) / self.seconds if self.seconds else 0.0


def _render_chunk(docs: list[InvoiceDocument], out_dir: str, overwrite: bool
                  ) -> list[tuple[str, str | None, str | None]]:
    """Worker: render and write each document; never raises for one bad document."""
    from billdesk.pdf.render import render_invoice

    results = []
    for doc in docs:
        number = getattr(doc, "number", "?")
        try:
            name = invoice_file_name(doc.number, doc.account.address.name)
            path = os.path.join(out_dir, name)
            if not overwrite and os.path.exists(path):
                raise FileExistsError(f"{path} exists")
            pdf = render_invoice(doc)
            path = write_atomic(out_dir, name, pdf)   # exclusive temp file, atomic rename
            results.append((number, path, None))
        except Exception as exc:  # noqa: BLE001 - reported per document
            results.append((number, None, f"{type(exc).__name__}: {exc}"))
    return results


def _warm_up(parent_pid: int | None = None) -> None:
    from billdesk.children import die_with_parent
    from billdesk.pdf.fonts import register_fonts

    if parent_pid is not None:
        die_with_parent(parent_pid)   # a killed export leaves no orphan worker
    from billdesk.errorlog import configure_child

    configure_child()
    register_fonts()


def default_chunk_size(total: int, workers: int, largest: int = 25) -> int:
    """``largest`` (25 invoices: ~0.2 s of work, negligible pickling and scheduling cost per
    invoice), or fewer so that each worker gets about 4 chunks of a small known total."""
    if total <= 0 or workers <= 0:
        return largest
    return max(1, min(largest, -(-total // (4 * workers))))


def _chunks(it: Iterator, size: int) -> Iterator[list]:
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def export_many(docs: Iterable[InvoiceDocument] | Callable[[], Iterable[InvoiceDocument]],
                out_dir, workers: int | None = None,
                progress: Callable[[int, int, str], None] | None = None,
                cancelled: Callable[[], bool] | None = None, *, chunk_size: int | None = None,
                total: int | None = None, overwrite: bool = True,
                mp_context: str = "spawn",
                on_chunk: Callable[[list], None] | None = None) -> ExportReport:
    """Render ``docs`` to ``out_dir`` as ``{number}_{account name}.pdf``.

    ``progress(done, total, message)`` is called after every chunk (``total`` is ``len(docs)``
    when known, else the ``total`` argument, else 0); ``cancelled()`` stops submitting chunks.
    ``workers=0`` renders in this process (for tests and debugging). ``chunk_size`` documents
    go to a worker at a time (one pickling round trip per chunk); by default 25, fewer when the
    known total is small, so that every worker gets several chunks. ``on_chunk(results)``
    gets each chunk's ``(number, path or None, error or None)`` as it is done (the export
    job records where each document went).
    """
    start = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(str(out))   # what a killed export left behind
    if callable(docs):
        docs = docs()
    if total is None:
        try:
            total = len(docs)  # type: ignore[arg-type]
        except TypeError:
            total = 0
    workers = (os.cpu_count() or 1) if workers is None else workers
    if chunk_size is None:
        chunk_size = default_chunk_size(total, workers)
    report = ExportReport()
    done = 0
    progress = progress or (lambda d, t, m: None)
    cancelled = cancelled or (lambda: False)

    def collect(results):
        nonlocal done
        for number, path, error in results:
            done += 1
            if error is None:
                report.written.append(Path(path))
            else:
                report.failed.append(ExportFailure(number, error))
        if on_chunk is not None:
            on_chunk(results)
        progress(done, total, f"{done} of {total or '?'} invoices exported"
                 + (f", {len(report.failed)} failed" if report.failed else ""))

    chunks = _chunks(iter(docs), chunk_size)
    if workers <= 0:
        for chunk in chunks:
            if cancelled():
                report.cancelled = True
                break
            report.total += len(chunk)
            collect(_render_chunk(chunk, str(out), overwrite))
    else:
        ctx = multiprocessing.get_context(mp_context)
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                 initializer=_warm_up, initargs=(os.getpid(),)) as pool:
            pending: dict = {}
            exhausted = False
            while True:
                while not exhausted and len(pending) < workers * 2:
                    if cancelled():
                        report.cancelled = True
                        exhausted = True
                        break
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                        break
                    report.total += len(chunk)
                    fut = pool.submit(_render_chunk, chunk, str(out), overwrite)
                    pending[fut] = [getattr(d, "number", "?") for d in chunk]
                if not pending:
                    break
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    numbers = pending.pop(fut)
                    try:
                        results = fut.result()
                    except Exception as exc:  # the worker died: every bill of its chunk failed
                        results = [(n, None, f"worker failed: {exc!r}") for n in numbers]
                    collect(results)
                if not report.cancelled and cancelled():
                    report.cancelled = True
                    exhausted = True
    report.seconds = time.perf_counter() - start
    return report
