"""Reading input files safely: existence, emptiness, encoding, CSV headers."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from billdesk.domain.errors import InputError


@dataclass
class ImportResult:
    kind: str
    file: str
    rows: int
    changed: int
    details: dict

    def as_dict(self) -> dict:
        return {"kind": self.kind, "file": self.file, "rows": self.rows,
                "changed": self.changed, **self.details}


def check_file(path: str | Path) -> Path:
    p = Path(path)
    if not p.exists():
        raise InputError("file not found", file=str(path))
    if not p.is_file():
        raise InputError("not a regular file", file=str(path))
    if p.stat().st_size == 0:
        raise InputError("the file is empty", file=str(path))
    return p


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def decode_error_line(path: Path, position: int | None = None) -> tuple[int, str]:
    """The line (1-based) holding the first byte that is not UTF-8, and a description."""
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                return lineno, f"byte 0x{raw[exc.start]:02x} at column {exc.start + 1}"
    return 1, "undecodable bytes"


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        line, what = decode_error_line(path)
        raise InputError(f"not UTF-8 text ({what}); save the file as UTF-8", file=str(path),
                         line=line) from None
    if "\x00" in text:
        raise InputError("binary data (NUL bytes): this is not a text file", file=str(path),
                         line=text[:text.index("\x00")].count("\n") + 1)
    if not text.strip():
        raise InputError("the file is empty", file=str(path))
    return text


def csv_rows(path: Path, required: list[str], optional: list[str] = ()):
    """Yield (line number, dict) for each data row; check the header first."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError("the file is empty", file=str(path)) from None
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=str(path), line=1) from None
    check_header(path, header, required, optional)
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise InputError(f"expected {len(header)} fields, found {len(row)}",
                                 file=str(path), line=line)
            yield line, {h: c.strip() for h, c in zip(header, row)}
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=str(path), line=reader.line_num) from None


def check_header(path, header, required, optional=()):
    missing = [c for c in required if c not in header]
    if missing:
        expected = ", ".join(list(required) + [f"[{o}]" for o in optional])
        raise InputError(f"missing column(s) {', '.join(missing)}; expected header: {expected}"
                         f" (is this the right kind of file?)", file=str(path), line=1,
                         field=missing[0])
    dup = {h for h in header if header.count(h) > 1}
    if dup:
        raise InputError(f"duplicate column(s) {', '.join(sorted(dup))}", file=str(path), line=1)
    unknown = [h for h in header if h not in required and h not in optional]
    if unknown:
        raise InputError(f"unknown column(s) {', '.join(unknown)}", file=str(path), line=1,
                         field=unknown[0])


def finish_import(session, kind: str, path, rows: int, changed: int, details: dict
                  ) -> ImportResult:
    """Record the import (file, checksum, who) and its audit entry; the caller's transaction
    commits them together with the data."""
    from billdesk.store import audit
    from billdesk.store.models import ImportRecord

    rec = ImportRecord(kind=kind, file_name=str(path), sha256=sha256(path), rows=rows,
                       changed=changed, actor=audit.actor())
    session.add(rec)
    session.flush()
    audit.record(session, f"import.{kind}", "import", rec.id,
                 {"file": str(path), "rows": rows, "changed": changed, **details})
    return ImportResult(kind, str(path), rows, changed, details)
