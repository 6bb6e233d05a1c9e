"""An issued document's frozen content: the renderer's input (``InvoiceDocument``) as plain,
canonical JSON values, and back (docs/audit.md, "Frozen content").

The serialisation follows the dataclasses' own fields and type hints, so a field added to
``InvoiceDocument``, ``BillDraft``, ``BillLine``, ``AccountInfo`` or ``CompanyProfile`` (or a
new dataclass inside them) is frozen with no change here: ``Decimal`` as a decimal string,
``date`` as ``YYYY-MM-DD``, enums by value, tuples as arrays, ``X | None`` as the value or
``null``. Floats are refused (billdesk.domain.canonical). Content written before a field
existed thaws with that field's default; content naming a field this version does not know
is refused (it was written by a newer billdesk) rather than silently dropped.

``SCHEMA`` names the version of this mapping; bump it when a field changes meaning.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import lru_cache

from billdesk.pdf.document import InvoiceDocument

SCHEMA = "billdesk.document/1"
ASSET_PREFIX = "sha256:"   # a file frozen by content (the logo): "sha256:<hex>"


class FrozenContentError(ValueError):
    """Frozen content that cannot be read back into a document."""


def _strict_decimal(v):
    if type(v) is Decimal:
        if not v.is_finite():
            raise TypeError(f"not a finite decimal: {v}")
        return format(v, "f")
    if isinstance(v, int) and not isinstance(v, bool):
        return format(Decimal(v), "f")
    raise TypeError(f"expected a Decimal, got {type(v).__name__} {v!r}")


def _same(v):
    if isinstance(v, float):
        raise TypeError("floats have no canonical form")
    return v


def _iso(v):
    return v.isoformat()


def _unwrap_optional(hint):
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if (origin is typing.Union or origin is types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0], True
    return hint, False


@lru_cache(maxsize=None)
def _codec(hint):
    """(encode, decode) for values of type ``hint``."""
    inner, optional = _unwrap_optional(hint)
    if optional:
        enc, dec = _codec(inner)
        return ((lambda v: None if v is None else enc(v)),
                (lambda v: None if v is None else dec(v)))
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        return _dataclass_codec(hint)
    if hint is Decimal:
        return _strict_decimal, _decimal
    if hint is datetime:
        return _iso, datetime.fromisoformat
    if hint is date:
        return _iso, date.fromisoformat
    if isinstance(hint, type) and issubclass(hint, Enum):
        return (lambda v: hint(v).value), hint
    if hint in (str, int, bool):
        return _same, _same
    if origin in (tuple, list):
        if origin is list or (len(args) == 2 and args[1] is Ellipsis):
            enc, dec = _codec(args[0])
            make = tuple if origin is tuple else list
            return ((lambda v: [enc(x) for x in v]), (lambda v: make(dec(x) for x in v)))
        codecs = [_codec(a) for a in args]
        if len(codecs) == 2:           # pairs (a day and its kWh): the common case, unrolled
            (e0, d0), (e1, d1) = codecs
            return (lambda v: [e0(v[0]), e1(v[1])]), (lambda v: (d0(v[0]), d1(v[1])))
        return ((lambda v: [c[0](x) for c, x in zip(codecs, v)]),
                (lambda v: tuple(c[1](x) for c, x in zip(codecs, v))))
    if origin is dict:
        enc, dec = _codec(args[1])
        return ((lambda v: {str(k): enc(x) for k, x in v.items()}),
                (lambda v: {k: dec(x) for k, x in v.items()}))
    raise TypeError(f"no frozen form for fields of type {hint!r}")


def _decimal(v):
    if isinstance(v, float):
        raise FrozenContentError(f"a float where a decimal string belongs: {v!r}")
    return Decimal(str(v))


def _dataclass_codec(cls):
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    # the field codecs are made on first use (dataclasses may refer to each other); the
    # encoder is one generated dict display per class: ~3x faster than a loop over fields
    state: dict = {}

    def setup():
        codecs = {n: _codec(hints[n]) for n in names}
        env = {f"e_{i}": codecs[n][0] for i, n in enumerate(names)}
        env.update(cls=cls)
        body = ", ".join(f"{n!r}: e_{i}(o.{n})" for i, n in enumerate(names))
        src = (f"def encode(o):\n"
               f"    if not isinstance(o, cls):\n"
               f"        raise TypeError(f'expected {cls.__name__}, got {{type(o).__name__}}')\n"
               f"    return {{{body}}}\n")
        exec(src, env)  # noqa: S102 - generated from the dataclass's own field names
        state["encode"] = env["encode"]
        state["decoders"] = [(n, codecs[n][1]) for n in names]

    def encode(obj):
        if "encode" not in state:
            setup()
        return state["encode"](obj)

    def decode(data):
        if "encode" not in state:
            setup()
        if not isinstance(data, dict):
            raise FrozenContentError(f"{cls.__name__}: expected an object, got {data!r}")
        unknown = sorted(set(data) - set(names))
        if unknown:
            raise FrozenContentError(
                f"{cls.__name__}: unknown field(s) {', '.join(unknown)} (content written by a "
                "newer billdesk?)")
        kwargs = {}
        for name, dec in state["decoders"]:
            if name in data:
                try:
                    kwargs[name] = dec(data[name])
                except FrozenContentError:
                    raise
                except (TypeError, ValueError, ArithmeticError) as exc:
                    raise FrozenContentError(f"{cls.__name__}.{name}: {exc}") from None
        try:
            return cls(**kwargs)
        except TypeError as exc:
            raise FrozenContentError(f"{cls.__name__}: {exc}") from None

    return encode, decode


def freeze(doc: InvoiceDocument) -> dict:
    """The plain-JSON form of ``doc`` (canonical values; see the module docstring)."""
    return _codec(InvoiceDocument)[0](doc)


def thaw(data: dict, resolve_asset=None) -> InvoiceDocument:
    """The document back from ``freeze``'s form. ``resolve_asset(ref)`` turns a frozen file
    reference (the logo, ``"sha256:<hex>"``) into a local path; None when it cannot."""
    doc = _codec(InvoiceDocument)[1](data)
    logo = doc.company.logo_path
    if logo and logo.startswith(ASSET_PREFIX):
        path = resolve_asset(logo) if resolve_asset else None
        doc = dataclasses.replace(doc, company=dataclasses.replace(doc.company,
                                                                   logo_path=path))
    return doc
