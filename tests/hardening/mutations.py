"""A reusable mutation harness for importers (property-based, hypothesis).

``fuzz_importer(kind, sample, db_url, folder)`` feeds ``billdesk import KIND FILE`` random
mutations of a valid ``sample`` file (bytes) and asserts, for every one of them:

* the command exits 0, or exits 2 with a message that names the file and a line or field;
* on exit 2 the database is exactly as before (a dump of every table compared);
* never a traceback, never "internal error" (exit 1), never an exception out of ``main``.

Mutations work on bytes, lines and fields, with tokens that broke importers before: NaN,
inf, 1_000, exponents, NUL, invalid UTF-8, lone surrogate escapes, control characters,
far-away years, huge numbers, long texts, deep nesting, duplicate keys, quotes, blank lines.

New formats plug in with their own sample and, if needed, extra arguments::

    fuzz_importer("readings", sdat_bytes, db_url, tmp_path, suffix=".xml",
                  extra_args=["--format", "sdat-ch"])
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TOKENS = [
    b"NaN", b"nan", b"inf", b"-inf", b"1_000", b"1e3", b"1E-7", b"-1", b"+1", b"0x10",
    b"1.23456", b"1.2.3", b"99999999999999999999", b"214749", b"", b" ", b"\t",
    b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe2\x80\xae", b"\x1b[31m", b"\x7f",
    b'"', b"'", b",", b";", b"\n", b"\r\n", b"\r", b"\\", b"\\u0000", b"\\ud800",
    b"\\udc00\\ud800", b"{", b"}", b"[", b"]", b":", b"null", b"true", b"[[[[[[[[",
    b"9999-12-31", b"0001-01-01", b"1999-12-31", b"2100-01-01", b"20250101",
    b"2025-W01-1", b"2025-02-30", b"2025-01-01T00:00:00", b"2025-01-01T00:07:00Z",
    b"9999-12-31T23:59:59-23:59", b"2025-01-01T00:00:00+25:00", b"24:00", b"07:00",
    b"x" * 80, b"\xc3\xa9" * 40, "Zürich".encode(), b"XX", b"ch", b"de", b"missing",
    b"measured", b"static", b"dynamic", b"tou", b"flat",
]

_JSON_VALUE = re.compile(rb'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null')


def _pos(draw, data: bytearray) -> int:
    return draw(st.integers(0, len(data)))


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def op_flip(draw, data: bytearray) -> bytearray:
    if data:
        i = draw(st.integers(0, len(data) - 1))
        data[i] = draw(st.integers(0, 255))
    return data


def op_insert(draw, data: bytearray) -> bytearray:
    i = _pos(draw, data)
    return data[:i] + draw(st.sampled_from(TOKENS)) + data[i:]


def op_delete(draw, data: bytearray) -> bytearray:
    if not data:
        return data
    i = draw(st.integers(0, len(data) - 1))
    n = draw(st.integers(1, 16))
    return data[:i] + data[i + n:]


def op_truncate(draw, data: bytearray) -> bytearray:
    return data[:_pos(draw, data)]


def op_line(draw, data: bytearray) -> bytearray:
    lines = _lines(bytes(data))
    i = draw(st.integers(0, len(lines) - 1))
    what = draw(st.sampled_from(["dup", "del", "blank", "swap", "repeat"]))
    if what == "dup":
        lines.insert(i, lines[i])
    elif what == "del":
        del lines[i]
    elif what == "blank":
        lines.insert(i, draw(st.sampled_from([b"", b"   ", b",,,", b"\r"])))
    elif what == "swap" and len(lines) > 1:
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif what == "repeat":
        lines[i:i + 1] = [lines[i]] * draw(st.integers(2, 30))
    return bytearray(b"\n".join(lines))


def op_csv_field(draw, data: bytearray) -> bytearray:
    lines = _lines(bytes(data))
    i = draw(st.integers(0, len(lines) - 1))
    fields = lines[i].split(b",")
    j = draw(st.integers(0, len(fields) - 1))
    fields[j] = draw(st.sampled_from(TOKENS))
    lines[i] = b",".join(fields)
    return bytearray(b"\n".join(lines))


def op_json_value(draw, data: bytearray) -> bytearray:
    spans = [m.span() for m in _JSON_VALUE.finditer(bytes(data))]
    if not spans:
        return op_insert(draw, data)
    a, b = draw(st.sampled_from(spans))
    token = draw(st.sampled_from(TOKENS + [b'"' + t + b'"' for t in TOKENS[:40]]
                                 + [b"1e999", b"1e-999", b"2.5e-1", b'{"a": 1, "a": 2}',
                                    b"[" * 200 + b"]" * 200, b'"\\ud800"']))
    return data[:a] + token + data[b:]


CSV_OPS = [op_flip, op_insert, op_delete, op_truncate, op_line, op_csv_field, op_csv_field,
           op_csv_field]
JSON_OPS = [op_flip, op_insert, op_delete, op_truncate, op_line, op_json_value,
            op_json_value, op_json_value]


@st.composite
def mutated(draw, sample: bytes, ops=CSV_OPS, max_ops: int = 3) -> bytes:
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, max_ops))):
        data = draw(st.sampled_from(ops))(draw, data)
    return bytes(data)


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """``billdesk`` in this process: (exit code, stdout, stderr); an exception out of main
    fails the test with its traceback (that is the bug the harness looks for)."""
    from billdesk.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def dump(db_url: str) -> str:
    """sha256 of every row of every table (ordered), i.e. of the whole database content."""
    from sqlalchemy import JSON, select

    from billdesk.store import db
    from billdesk.store.models import Base

    engine = db.make_engine(db_url)
    h = hashlib.sha256()
    try:
        with engine.connect() as c:
            for table in Base.metadata.sorted_tables:
                cols = list(table.columns)
                order = list(table.primary_key.columns) or \
                    [col for col in cols if not isinstance(col.type, JSON)]
                for row in c.execute(select(*cols).order_by(*order)):
                    h.update(repr(tuple(row)).encode("utf-8", "backslashreplace"))
                h.update(b"|" + table.name.encode())
    finally:
        engine.dispose()
    return h.hexdigest()


def assert_located(err: str, path: Path) -> None:
    """The error names the file and a line or a field."""
    assert "Traceback" not in err, err
    assert str(path) in err or path.name in err, f"no file in: {err}"
    assert re.search(r"line \d+|field '", err), f"no line or field in: {err}"


def fuzz_importer(kind: str, sample: bytes, db_url: str, folder: Path, *,
                  examples: int = 40, suffix: str | None = None, ops=None,
                  extra_args: list[str] | None = None) -> dict[int, int]:
    """Run the property over ``examples`` mutations; returns how often each exit code came.
    ``ops``: the mutation operations (default: by the sample's kind, CSV or JSON)."""
    suffix = suffix or (".json" if sample.lstrip()[:1] in (b"{", b"[") else ".csv")
    ops = ops or (JSON_OPS if suffix == ".json" else CSV_OPS)
    path = folder / f"mutated{suffix}"
    seen: dict[int, int] = {}

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(mutated(sample, ops))
    def check(data: bytes) -> None:
        path.write_bytes(data)
        before = dump(db_url)
        code, _out, err = run_cli(["--db", db_url, "import", kind, str(path)]
                                  + list(extra_args or []))
        seen[code] = seen.get(code, 0) + 1
        assert code in (0, 2), f"exit {code}: {err}"
        assert "internal error" not in err and "Traceback" not in err, err
        if code == 2:
            assert_located(err, path)
            assert dump(db_url) == before, f"database changed by a refused import: {err}"

    check()
    return seen
