"""The PDFs of an audit package (billdesk.audit.package), rendered from the frozen documents
*beside* the database part: worker processes (spawned) start first and each reads its own
bills' frozen content from the source database, renders, writes the file into a temporary
folder and returns only (bill, number, file, SHA-256) — so the rendering, which is most of an
export, overlaps the copy of the database part in this process, and the hashing is done on
the workers. This process then stores the files into ``package_pdfs``.

``workers=0`` (or a source a worker cannot open, an in-memory SQLite database) renders in
this process, after the database part.
"""

from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, wait

from sqlalchemy import text

from billdesk.domain.canonical import sha256_hex
from billdesk.domain.errors import InputError

PDFS = "package_pdfs"
"""The package's table of PDFs (billdesk.audit.package)."""

CHUNK = 25                 # documents per task (~0.2 s of work)
_engines: dict = {}        # per worker process: the source database


def _render_part(db: str | None, ids: list[int], folder: str, factory=None
                 ) -> list[tuple[int, str, str | None, str | None, str | None]]:
    """(bill id, number, file name, sha256, error) of each bill; never raises for one bad
    document. In a worker ``db`` names the source; in this process ``factory`` is it."""
    from billdesk.pdf import invoice_file_name, render_invoice
    from billdesk.pdf.files import write_atomic
    from billdesk.runs.export import issued_documents

    if factory is None:
        factory = _engines.get(db)
        if factory is None:
            from billdesk.store import db as dbmod

            factory = _engines[db] = dbmod.session_factory(dbmod.make_engine(db))
    out = []
    docs = issued_documents(factory, ids)
    for bid in ids:
        number = f"bill {bid}"
        try:
            doc = next(docs)
            number = doc.number
            name = invoice_file_name(doc.number, doc.account.address.name)
            pdf = render_invoice(doc)
            write_atomic(folder, name, pdf)
            out.append((bid, number, name, sha256_hex(pdf), None))
        except StopIteration:
            out.append((bid, number, None, None, "no frozen document"))
        except Exception as exc:  # noqa: BLE001 - reported per document
            out.append((bid, number, None, None, f"{type(exc).__name__}: {exc}"))
            docs = issued_documents(factory, ids[ids.index(bid) + 1:])
    return out


def _source(factory) -> str | None:
    from billdesk.store import db as dbmod

    engine = factory.kw["bind"]
    db = dbmod.package_path(engine) or engine.url.render_as_string(hide_password=False)
    if db.startswith("sqlite") and (":memory:" in db or db.rstrip("/").endswith("sqlite:")):
        return None
    return db


class PdfRendering:
    """The run's PDFs being rendered (``start``), then stored (``store``)."""

    def __init__(self, factory, ids: list[int], folder: str, workers: int | None):
        self.factory, self.ids, self.folder = factory, ids, folder
        self.pool = None
        self.pending: set = set()
        workers = (os.cpu_count() or 1) if workers is None else workers
        self.db = _source(factory) if workers > 0 else None
        if self.db is not None and ids:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            from billdesk.pdf.batch import _warm_up

            self.pool = ProcessPoolExecutor(
                max_workers=min(workers, -(-len(ids) // CHUNK)),
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm_up, initargs=(os.getpid(),))
            self.pending = {self.pool.submit(_render_part, self.db, ids[k:k + CHUNK], folder)
                            for k in range(0, len(ids), CHUNK)}

    def _results(self, cancelled):
        if self.pool is None:          # in this process
            for k in range(0, len(self.ids), CHUNK):
                if cancelled():
                    raise InputError("the export was cancelled", field="--run")
                yield _render_part(None, self.ids[k:k + CHUNK], self.folder, self.factory)
            return
        while self.pending:
            done, self.pending = wait(self.pending, timeout=0.5, return_when=FIRST_COMPLETED)
            if cancelled():
                raise InputError("the export was cancelled", field="--run")
            for fut in done:
                yield fut.result()

    def store(self, dst_factory, progress, cancelled) -> int:
        """Wait for the PDFs and write them into ``package_pdfs``; InputError when one could
        not be rendered (the package is not written)."""

        cancelled = cancelled or (lambda: False)
        stored, failed = 0, []
        insert = text(f"INSERT INTO {PDFS} VALUES (:b, :n, :f, :s, :d)")
        with dst_factory() as dst, dst.begin():
            for results in self._results(cancelled):
                batch = []
                for bid, number, name, sha, error in results:
                    if error is not None:
                        failed.append(f"{number}: {error}")
                        continue
                    path = os.path.join(self.folder, name)
                    with open(path, "rb") as f:
                        data = f.read()
                    os.unlink(path)
                    batch.append({"b": bid, "n": number, "f": name, "s": sha, "d": data})
                if failed:
                    raise InputError("the PDFs could not all be rendered ("
                                     + "; ".join(failed[:3]) + ")", field="--run")
                if batch:
                    dst.execute(insert, batch)
                stored += len(batch)
                progress(stored, len(self.ids), f"PDFs: {stored:,} of {len(self.ids):,}")
        return stored

    def close(self) -> None:
        if self.pool is not None:
            for fut in self.pending:
                fut.cancel()
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


__all__ = ["PdfRendering"]
