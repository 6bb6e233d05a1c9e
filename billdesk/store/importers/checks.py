"""Field checks shared by the importers: codes, free text, and what the documents need.

What an invoice carries must be valid where it ends up, so it is checked at import (not at
export, when the bill is issued and can no longer change):

* the Swiss QR-bill (SIX Implementation Guidelines 2.3, checked with the ``qrbill`` library's
  own address rules): name and street at most 70 characters, postcode 16, city 35, a
  country that is an ISO 3166 code, and only the characters the QR-bill allows (Basic Latin,
  Latin-1 Supplement, Latin Extended-A, Ș ș Ț ț and €);
* the Factur-X XML: no control characters (XML 1.0 cannot hold them);
* the database column (``billdesk.store.limits``): length, no NUL, no lone surrogate.
"""

from __future__ import annotations

import re

from billdesk.domain.errors import InputError
from billdesk.domain.values import control_character
from billdesk.store.limits import text_problem, text_limit

CODE = re.compile(r"[A-Za-z0-9._:/-]{1,64}")
# SIX IG QR-bill 2.3, "Character set": the characters a QR-bill may contain
_QR_CHARS = re.compile("[\u0020-\u007e\u00a0-\u017f\u0218-\u021b\u20ac]*")
QR_LIMITS = {"name": 70, "street": 70, "postcode": 16, "city": 35}


def shown(value: str, width: int = 40) -> str:
    return repr(value if len(value) <= width else value[:width - 3] + "...")


def check_code(value: str, what: str, *, file, line, field) -> str:
    """A code (account, metering point, tariff, series): letters, digits and ``._:/-``."""
    if not value:
        raise InputError(f"empty {what}", file=file, line=line, field=field)
    if not CODE.fullmatch(value):
        why = "is longer than 64 characters" if len(value) > 64 else \
            "has characters other than letters, digits and ._:/-"
        raise InputError(f"{what} {shown(value)} {why}", file=file, line=line, field=field)
    return value


def check_free_text(value: str, attr, what: str, *, file, line, field,
                    required: bool = False) -> str:
    """Text shown on documents (names, labels): no control characters, fits its column."""
    if required and not value.strip():
        raise InputError(f"empty {what}", file=file, line=line, field=field)
    bad = control_character(value)
    if bad:
        raise InputError(f"{what} {shown(value)} contains {bad}", file=file, line=line,
                         field=field)
    problem = text_problem(value, text_limit(attr) if attr is not None else None)
    if problem:
        raise InputError(f"{what} {shown(value)} {problem}", file=file, line=line, field=field)
    return value


def check_address(values: dict[str, str], *, file, line) -> None:
    """An account's postal address (``name, street, postcode, city, country``) as the
    QR-bill and the e-invoice need it: InputError naming the first field that is not."""
    from qrbill.bill import StructuredAddress

    for field, limit in QR_LIMITS.items():
        value = values.get(field, "")
        bad = control_character(value)
        if bad:
            raise InputError(f"{field} {shown(value)} contains {bad}", file=file, line=line,
                             field=field)
        m = _QR_CHARS.fullmatch(value)
        if m is None:
            first = next(c for c in value if not _QR_CHARS.fullmatch(c))
            raise InputError(f"{field} {shown(value)} contains {first!r} (U+{ord(first):04X}), "
                             "which the Swiss QR-bill cannot carry (Latin characters only)",
                             file=file, line=line, field=field)
        if len(value) > limit:
            raise InputError(f"{field} {shown(value)} is {len(value)} characters long; the "
                             f"QR-bill allows at most {limit}", file=file, line=line,
                             field=field)
    try:
        StructuredAddress(name=values.get("name"), street=values.get("street"),
                          pcode=values.get("postcode"), city=values.get("city"),
                          country=values.get("country"))
    except ValueError as exc:
        text = str(exc)
        field = next((f for f, words in (("name", "name"), ("postcode", "postal code"),
                                         ("city", "city"), ("street", "street"),
                                         ("country", "country")) if words in text.lower()),
                     None)
        raise InputError(f"not a valid QR-bill address: {text}", file=file, line=line,
                         field=field) from None


def country_code(value: str) -> str | None:
    """The ISO 3166-1 alpha-2 code ``value`` (any case), or None if it is not one."""
    from iso3166 import countries_by_alpha2

    code = value.strip().upper()
    return code if len(code) == 2 and code.isascii() and code in countries_by_alpha2 else None
