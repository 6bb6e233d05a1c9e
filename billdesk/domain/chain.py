"""The hash chain of issued documents (docs/audit.md, "Hash chain").

Each issued document belongs to the number series of its number (``INV-2026-000042`` is
document 42 of series ``INV-2026``: the prefix and year the gap-free counter runs over). Its
*record hash* is the SHA-256 of the UTF-8 text::

    billdesk-chain/1 LF <number> LF <record hash of the previous document> LF <content hash>

where the previous document is number n-1 of the same series (``GENESIS``, 64 zeros, for
document 1) and the content hash is the SHA-256 of the frozen content's canonical bytes. So a
changed content changes its hash and breaks its own link; a deleted, inserted or re-numbered
document breaks the link of the document after it.
"""

from __future__ import annotations

import hashlib
import re

CHAIN = "billdesk-chain/1"
GENESIS = "0" * 64

_NUMBER = re.compile(r"^(?P<series>.+)-(?P<seq>\d+)$")


def series_of(number: str) -> tuple[str, int]:
    """(series, position) of a document number: ``INV-2026-000042`` -> (``INV-2026``, 42)."""
    m = _NUMBER.match(number or "")
    if m is None:
        raise ValueError(f"{number!r} is not a document number (SERIES-NNNNNN)")
    return m["series"], int(m["seq"])


def link_hash(number: str, prev_hash: str, content_hash: str) -> str:
    return hashlib.sha256(f"{CHAIN}\n{number}\n{prev_hash}\n{content_hash}".encode()).hexdigest()


def number_in(series: str, seq: int, width: int = 6) -> str:
    """The number of document ``seq`` of ``series`` as billdesk writes it (6 digits or more)."""
    return f"{series}-{seq:0{width}d}"
