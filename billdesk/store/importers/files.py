"""Reading input files safely: existence, size, encoding, CSV headers, the file's checksum.

A file is read **once**: the bytes parsed are the bytes hashed (``Source.sha256``, stored
with the import), so a file deleted, replaced or growing while it is imported can neither
break the import halfway nor leave a checksum of something else. Errors are ``InputError``
naming the file (as a printable text), the physical line and the field.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from billdesk.domain.errors import InputError

MAX_TEXT_FILE = 512 * 1024 * 1024     # CSV/JSON read whole: bounded memory
MAX_JSON_FILE = 64 * 1024 * 1024


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


def display_name(path) -> str:
    """The path as printable text (undecodable bytes of a file name escaped), fit for
    messages and for the database."""
    text = os.fsdecode(path) if isinstance(path, (bytes, os.PathLike)) else str(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") \
        .replace("\x00", "\\x00")


@dataclass
class Source:
    """An input file read once: its bytes and their sha256."""

    path: Path
    name: str          # display_name(path)
    data: bytes
    sha256: str


def check_file(path: str | Path) -> Path:
    """``path`` if it names a non-empty regular file, else InputError."""
    p = Path(path)
    name = display_name(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=name) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file", file=name)
    if st.st_size == 0:
        raise InputError("the file is empty", file=name, line=1)
    return p


def open_input(path: str | Path):
    """The file opened for reading (binary) with its display name; InputError if it cannot
    be opened, is no regular file or is empty (checked on the opened file itself)."""
    p = Path(path)
    name = display_name(path)
    try:   # a FIFO or a device is refused before opening it (opening a FIFO would block)
        if not stat.S_ISREG(os.stat(p).st_mode):
            raise InputError("not a regular file", file=name)
    except OSError:
        pass   # reported by open() below
    try:
        f = open(p, "rb")
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except IsADirectoryError:
        raise InputError("not a regular file", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=name) from None
    st = os.fstat(f.fileno())
    if not stat.S_ISREG(st.st_mode):
        f.close()
        raise InputError("not a regular file", file=name)
    if st.st_size == 0:
        f.close()
        raise InputError("the file is empty", file=name, line=1)
    return f, name


def read_source(path: str | Path, limit: int = MAX_TEXT_FILE) -> Source:
    """Read the whole file once (at most ``limit`` bytes)."""
    f, name = open_input(path)
    with f:
        try:
            data = f.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror or exc}",
                             file=name) from None
    if len(data) > limit:
        raise InputError(f"the file is larger than {limit // (1024 * 1024)} MB; this kind of "
                         "file is read whole and cannot be that large", file=name)
    if not data:
        raise InputError("the file is empty", file=name, line=1)
    return Source(Path(path), name, data, hashlib.sha256(data).hexdigest())


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def decode_error_at(data: bytes, exc: UnicodeDecodeError, offset: int = 0) -> tuple[int, str]:
    """(line, description) of the undecodable byte ``exc.start`` of ``data`` (whose first
    byte is at file offset ``offset``; the line counts newlines before it in ``data``)."""
    pos = exc.start
    line = data.count(b"\n", 0, pos) + 1
    col = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
    return line, f"byte 0x{data[pos]:02x} at column {col}"


def decode_error_line(path: Path, position: int | None = None) -> tuple[int, str]:
    """The line (1-based) holding the first byte that is not UTF-8, and a description."""
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                return lineno, f"byte 0x{raw[exc.start]:02x} at column {exc.start + 1}"
    return 1, "undecodable bytes"


def read_text(source: Source | str | Path) -> str:
    """The file's text (UTF-8, a byte-order mark allowed); InputError naming the line of the
    first byte that is not UTF-8, or of a NUL byte."""
    if not isinstance(source, Source):
        source = read_source(source)
    data = source.data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, what = decode_error_at(data, exc)
        raise InputError(f"not UTF-8 text ({what}); save the file as UTF-8", file=source.name,
                         line=line) from None
    if "\x00" in text:
        raise InputError("binary data (NUL bytes): this is not a text file", file=source.name,
                         line=text[:text.index("\x00")].count("\n") + 1)
    if not text.strip():
        raise InputError("the file is empty", file=source.name, line=1)
    return text


def csv_rows(source: Source | str | Path, required: list[str], optional: list[str] = ()):
    """Yield (physical line number of the row's first line, dict) for each data row; check
    the header first. Blank lines are skipped (and counted)."""
    if not isinstance(source, Source):
        source = read_source(source)
    name = source.name
    text = read_text(source)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=header_delimiter(text, required))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError("the file is empty", file=name, line=1) from None
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=name, line=1) from None
    check_header(name, header, required, optional)
    line = reader.line_num + 1
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise InputError(f"expected {len(header)} fields, found {len(row)}",
                                 file=name, line=start)
            yield start, {h: c.strip() for h, c in zip(header, row)}
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=name, line=line) from None


def header_delimiter(text: str, required) -> str:
    """The CSV separator of ``text``: ``,`` — or ``;`` or a tab when the header line split
    by it names more of the ``required`` columns (a spreadsheet saved as CSV in a Swiss or
    German locale separates by ``;``; "Unicode text" by tabs)."""
    cut = text.find("\n")
    first = (text if cut < 0 else text[:cut]).strip("\r\ufeff")   # not a copy of the file
    best, found = ",", -1
    for d in (",", ";", "\t"):
        try:
            cells = {c.strip() for c in next(csv.reader([first], delimiter=d), [])}
        except csv.Error:
            continue
        n = sum(1 for c in required if c in cells)
        if n > found:
            best, found = d, n
    return best


def check_header(path, header, required, optional=()):
    name = path if isinstance(path, str) else display_name(path)
    missing = [c for c in required if c not in header]
    if missing:
        expected = ", ".join(list(required) + [f"[{o}]" for o in optional])
        raise InputError(f"missing column(s) {', '.join(missing)}; expected header: {expected}"
                         f" (is this the right kind of file?)", file=name, line=1,
                         field=missing[0])
    dup = {h for h in header if header.count(h) > 1}
    if dup:
        raise InputError(f"duplicate column(s) {', '.join(sorted(dup))}", file=name, line=1)
    unknown = [h for h in header if h not in required and h not in optional]
    if unknown:
        raise InputError(f"unknown column(s) {', '.join(repr(u)[1:-1] for u in unknown)}",
                         file=name, line=1, field=repr(unknown[0])[1:-1][:64])


def finish_import(session, kind: str, path, rows: int, changed: int, details: dict, *,
                  digest: str | None = None) -> ImportResult:
    """Record the import (file, checksum, who) and its audit entry; the caller's transaction
    commits them together with the data. ``path`` may be the ``Source`` that was parsed
    (its checksum is stored); for a plain path ``digest`` (or the file's current checksum)."""
    from billdesk.store import audit
    from billdesk.store.models import ImportRecord

    if isinstance(path, Source):
        name, digest = path.name, path.sha256
    else:
        name = display_name(path)
        digest = digest or sha256(Path(path))
    rec = ImportRecord(kind=kind, file_name=name, sha256=digest, rows=rows,
                       changed=changed, actor=audit.actor())
    session.add(rec)
    session.flush()
    audit.record(session, f"import.{kind}", "import", rec.id,
                 {"file": name, "rows": rows, "changed": changed, **details})
    return ImportResult(kind, name, rows, changed, details)
