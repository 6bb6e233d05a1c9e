"""The canonical serialisation that issued documents are hashed over (docs/audit.md).

``canonical(value)`` is UTF-8 JSON with keys sorted, no whitespace (``","`` and ``":"``),
non-ASCII characters as they are (not ``\\u`` escapes), and only these values: objects with
string keys, arrays, strings, integers, ``true``/``false``/``null``. Money, quantities and
prices are decimal *strings* (``Decimal`` written with ``format(d, "f")``: ``"12.30"`` keeps its
scale, never an exponent), dates ``"YYYY-MM-DD"``, times ISO 8601 in UTC. A float is refused:
its text is not stable across platforms and versions. The same value always gives the same
bytes, so the SHA-256 of those bytes identifies the content.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum

_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                            allow_nan=False)


def plain(value):
    """``value`` as plain JSON values by the rules of the module docstring (tuples become lists,
    ``Decimal`` and dates strings, enums their value); TypeError for a float or anything else."""
    if value is None or isinstance(value, (str, bool, int)):
        if isinstance(value, Enum):
            return plain(value.value)
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"not a finite decimal: {value}")
        return format(value, "f")
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise TypeError("a naive datetime has no canonical form; use an aware UTC time")
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError(f"object keys must be strings, got {k!r}")
            out[k] = plain(v)
        return out
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float):
        raise TypeError("floats have no canonical form: use Decimal or int")
    raise TypeError(f"cannot serialise {type(value).__name__} canonically")


def canonical_text(value) -> str:
    """The canonical JSON text of ``value`` (made plain here)."""
    return _ENCODER.encode(plain(value))


def canonical_text_of_plain(value) -> str:
    """``canonical_text`` of a value that is plain already (no second walk over it: the
    frozen document's encoder makes plain values itself)."""
    return _ENCODER.encode(value)


def canonical(value) -> bytes:
    return canonical_text(value).encode("utf-8")


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()
