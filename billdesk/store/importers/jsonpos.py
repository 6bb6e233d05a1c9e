"""Parse JSON and remember the line of every value, so errors can name line and field."""

from __future__ import annotations

import json
import re
from pathlib import Path

from billdesk.domain.errors import InputError
from billdesk.store.importers.files import read_text

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_scanstring = json.decoder.scanstring


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

    def value(self, pos: int, path: str):
        pos = self.ws(pos)
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
                key, pos = _scanstring(self.text, pos + 1)
                pos = self.ws(pos)
                if self.text[pos:pos + 1] != ":":
                    raise ValueError(("expected ':'", pos))
                child = f"{path}.{key}" if path else key
                obj[key], pos = self.value(pos + 1, child)
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
                item, pos = self.value(pos, f"{path}[{len(arr)}]")
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
            return _scanstring(self.text, pos + 1)
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, pos):
                return val, pos + len(word)
        m = _NUMBER.match(self.text, pos)
        if m:
            # numbers are kept as their text so that money stays exact
            return m.group(0), m.end()
        raise ValueError(("unexpected character " + repr(c) if c else "unexpected end", pos))


def load_json(path: Path) -> tuple[object, dict[str, int]]:
    """The parsed document (numbers as strings) and a map field path -> line."""
    text = read_text(path)
    p = _Parser(text)
    try:
        value, pos = p.value(0, "")
        pos = p.ws(pos)
        if pos != len(text):
            raise ValueError(("extra data after the JSON document", pos))
    except ValueError as exc:
        what, pos = exc.args[0] if isinstance(exc.args[0], tuple) else (str(exc), 0)
        kind = "a JSON" if text.lstrip()[:1] in "{[" else "not a JSON"
        raise InputError(f"malformed JSON ({kind} document?): {what}", file=str(path),
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
