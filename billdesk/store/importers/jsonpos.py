"""Parse JSON and remember the line of every value, so errors can name line and field.

Stricter than ``json.loads`` where a file could otherwise give a wrong result or a crash:
duplicate keys, lone surrogate escapes (``"\\ud800"``, not storable text) and nesting deeper
than ``MAX_DEPTH`` are refused with their line. Numbers become exact ``Decimal`` values
(``1e-3`` is ``Decimal('0.001')``), never floats.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from billdesk.domain.errors import InputError
from billdesk.store.importers.files import MAX_JSON_FILE, Source, read_source, read_text

MAX_DEPTH = 64
_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SURROGATE = re.compile("[\ud800-\udfff]")
_scanstring = json.decoder.scanstring


def _string(text: str, pos: int) -> tuple[str, int]:
    """The JSON string starting after the quote at ``pos - 1``; no lone surrogates."""
    value, end = _scanstring(text, pos)
    m = _SURROGATE.search(value)
    if m:
        raise ValueError(("a lone surrogate escape (\\u%04x) in a string: not a character"
                          % ord(m.group()), pos))
    return value, end


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.lines: dict[str, int] = {}
        self._nl = [i for i, c in enumerate(text) if c == "\n"]

    def line_at(self, pos: int) -> int:
        import bisect

        return bisect.bisect_left(self._nl, pos) + 1

    def ws(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()

    def value(self, pos: int, path: str, depth: int = 0):
        pos = self.ws(pos)
        if depth > MAX_DEPTH:
            raise ValueError((f"nested deeper than {MAX_DEPTH} levels", pos))
        self.lines[path] = self.line_at(pos)
        c = self.text[pos:pos + 1]
        if c == "{":
            obj, pos = {}, self.ws(pos + 1)
            if self.text[pos:pos + 1] == "}":
                return obj, pos + 1
            while True:
                pos = self.ws(pos)
                if self.text[pos:pos + 1] != '"':
                    raise ValueError(("expected a quoted key", pos))
                key_pos = pos
                key, pos = _string(self.text, pos + 1)
                pos = self.ws(pos)
                if self.text[pos:pos + 1] != ":":
                    raise ValueError(("expected ':'", pos))
                child = f"{path}.{key}" if path else key
                if key in obj:
                    raise ValueError((f"duplicate key {key!r} (first on line "
                                      f"{self.lines.get(child, '?')})", key_pos))
                obj[key], pos = self.value(pos + 1, child, depth + 1)
                pos = self.ws(pos)
                c = self.text[pos:pos + 1]
                if c == ",":
                    pos += 1
                elif c == "}":
                    return obj, pos + 1
                else:
                    raise ValueError(("expected ',' or '}'", pos))
        if c == "[":
            arr, pos = [], self.ws(pos + 1)
            if self.text[pos:pos + 1] == "]":
                return arr, pos + 1
            while True:
                item, pos = self.value(pos, f"{path}[{len(arr)}]", depth + 1)
                arr.append(item)
                pos = self.ws(pos)
                c = self.text[pos:pos + 1]
                if c == ",":
                    pos += 1
                elif c == "]":
                    return arr, pos + 1
                else:
                    raise ValueError(("expected ',' or ']'", pos))
        if c == '"':
            return _string(self.text, pos + 1)
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, pos):
                return val, pos + len(word)
        m = _NUMBER.match(self.text, pos)
        if m:
            # numbers are exact Decimals so that money stays exact; an exponent beyond what
            # any price or quantity needs is refused (1e999999999 would make a huge text)
            d = Decimal(m.group(0))
            if d != 0 and not -30 <= d.adjusted() <= 30:
                raise ValueError((f"number {m.group(0)} is out of range", pos))
            return d, m.end()
        raise ValueError(("unexpected character " + repr(c) if c else "unexpected end", pos))


def load_json(path: Path | Source) -> tuple[object, dict[str, int]]:
    """The parsed document (numbers as Decimal) and a map field path -> line."""
    source = path if isinstance(path, Source) else read_source(path, MAX_JSON_FILE)
    text = read_text(source)
    p = _Parser(text)
    try:
        value, pos = p.value(0, "")
        pos = p.ws(pos)
        if pos != len(text):
            raise ValueError(("extra data after the JSON document", pos))
    except RecursionError:
        raise InputError(f"malformed JSON: nested deeper than {MAX_DEPTH} levels",
                         file=source.name, line=1) from None
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            what, pos = exc.msg, exc.pos
        elif exc.args and isinstance(exc.args[0], tuple):
            what, pos = exc.args[0]
        else:
            what, pos = str(exc), 0
        kind = "a JSON" if text.lstrip()[:1] in "{[" else "not a JSON"
        raise InputError(f"malformed JSON ({kind} document?): {what}", file=source.name,
                         line=p.line_at(pos)) from None
    return value, p.lines


def line_of(lines: dict[str, int], field: str) -> int | None:
    """The line of ``field`` or of the nearest enclosing value that has one."""
    f = field
    while f:
        if f in lines:
            return lines[f]
        cut = max(f.rfind("."), f.rfind("["))
        f = f[:cut] if cut > 0 else ""
    return lines.get("")
