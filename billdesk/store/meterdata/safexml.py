"""XML read safely: lxml with no DTD, no entity expansion, no network, bounded size.

A hostile file gets a located refusal, never a traceback or an expanded entity: a DOCTYPE is
refused outright (billion laughs, external entities), libxml2's depth and text limits stay on
(``huge_tree=False``), and a file larger than ``MAX_BYTES`` is refused before parsing.
Elements are streamed with ``iterparse`` filtered by tag in C, so memory stays bounded.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from lxml import etree

from billdesk.store.meterdata.series import Located

MAX_BYTES = 1 << 30   # 1 GiB
_OPTS = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
             huge_tree=False, remove_comments=True, remove_pis=True, remove_blank_text=True)


def _syntax(exc: etree.XMLSyntaxError) -> Located:
    msg = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
    line = exc.lineno if getattr(exc, "lineno", None) else None
    return Located(f"malformed XML: {msg.split(', line')[0]} (truncated or damaged file?)", line)


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise Located(f"the file is {size / 2**20:,.0f} MiB; XML meter data is read up to "
                      f"{MAX_BYTES // 2**20:,} MiB per file (split the delivery)")


def _no_dtd(el) -> None:
    info = el.getroottree().docinfo
    if info.internalDTD is not None or info.doctype:
        raise Located("the document declares a DTD (<!DOCTYPE ...>); meter data never needs "
                      "one and it is refused for safety", 1, "DOCTYPE")


def root_of(path: Path) -> tuple[str, str, int]:
    """(namespace, local name, line) of the root element; refuses DTDs and non-XML. Reads
    only as far as the root element (remembered for the last files asked about)."""
    check_size(path)
    st = path.stat()
    return _root_of(str(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=64)
def _root_of(path: str, _mtime, _size) -> tuple[str, str, int]:
    parser = etree.XMLPullParser(events=("start",), **_OPTS)
    try:
        with open(path, "rb") as f:
            while True:
                block = f.read(2048)
                if block:
                    parser.feed(block)
                else:
                    parser.close()
                for _ev, el in parser.read_events():
                    _no_dtd(el)
                    ns, name = split_tag(el.tag)
                    return ns, name, el.sourceline or 1
                if not block:
                    break
    except etree.XMLSyntaxError as exc:
        raise _syntax(exc) from None
    raise Located("no XML element in the file")


IN_MEMORY = 32 << 20   # files up to this size are parsed at once (faster), larger ones streamed
_local = threading.local()


def _parser() -> etree.XMLParser:
    """This thread's parser with the safe options (a parser is not shared across threads;
    reusing one per thread saves setting it up for every file of a folder)."""
    p = getattr(_local, "parser", None)
    if p is None:
        p = _local.parser = etree.XMLParser(**_OPTS)
    return p


def iterate(path: Path, tags: tuple[str, ...]):
    """Yield the root's child elements named ``tags``. Small files are parsed in one go;
    large ones are streamed, each element cleared after use along with the siblings before
    it, so memory holds one element at a time."""
    if path.stat().st_size <= IN_MEMORY:
        try:
            root = etree.fromstring(path.read_bytes(), _parser())
        except etree.XMLSyntaxError as exc:
            raise _syntax(exc) from None
        _no_dtd(root)
        wanted = set(tags)
        for el in root:
            if el.tag in wanted:
                yield el
        return
    try:
        with open(path, "rb") as f:
            for _ev, el in etree.iterparse(f, events=("end",), tag=tags, **_OPTS):
                parent = el.getparent()
                if parent is None or parent.getparent() is not None:
                    continue          # only the root's children
                yield el
                el.clear(keep_tail=True)
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise _syntax(exc) from None


def text(el) -> str:
    """All text inside ``el`` (a code may be written directly or in a child element)."""
    if el is None:
        return ""
    t = el.text or ""
    if len(el):
        t += "".join(c.xpath("string()") for c in el)
    return t.strip()


def split_tag(tag) -> tuple[str, str]:
    """(namespace, local name) of an element tag; a tag with an undeclared prefix (which
    libxml2 lets through as ``pre:name``) has no namespace."""
    tag = str(tag)
    if tag.startswith("{") and "}" in tag:
        ns, name = tag[1:].split("}", 1)
        return ns, name
    return "", tag
