"""MSCONS D.04B (German metering data, EDI@Energy 2.4x) load profiles, tokenised by pydifact.

Structure read: ``UNB`` interchange; per message ``UNH`` (MSCONS:D:04B) ``BGM`` (message
function: original / replace / cancel) ``DTM+137`` (document time) ... ``UNS+D``; per
delivery point ``NAD+DP`` ``LOC`` (the metering point); per position ``LIN`` ``PIA+5`` (OBIS:
direction) and per value ``QTY`` (qualifier = quality) ``DTM+163``/``DTM+164`` (interval)
``STS`` (status, may lower the quality); ``UNT`` (segment count checked) and ``UNZ``
(message count checked). Mapping tables in docs/formats.md.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from pydifact.control import Characters
from pydifact.exceptions import EDISyntaxError
from pydifact.parser import Parser, TokenIterator
from pydifact.tokenizer import Tokenizer

from billdesk.domain.quality import Quality
from billdesk.store.meterdata.series import (FIRST_UTC, END_UTC, QUARTER, Document, Located,
                                             Series, check_created, parse_numbers,
                                             decimal_of, split_hourly, to_units)

MAX_BYTES = 256 << 20
QTY = {
    "220": Quality.MEASURED,     # true value (wahrer Wert)
    "79": Quality.MEASURED,      # energy quantity summed from true values
    "67": Quality.SUBSTITUTED,   # substitute value (Ersatzwert)
    "201": Quality.ESTIMATED,    # proposed value (Vorschlagswert)
    "187": Quality.ESTIMATED,    # forecast value (Prognosewert)
    "20": Quality.MISSING,       # unusable value (nicht verwendbarer Wert): not stored
}
# STS status category -> the worst quality it implies (None: information only)
STS = {
    "Z32": Quality.SUBSTITUTED,  # substitute value method (Ersatzwertbildungsverfahren)
    "Z40": Quality.SUBSTITUTED,  # reason for the substitute value
    "Z31": None,                 # gas quality
    "Z33": None,                 # plausibility note
    "Z34": None,                 # correction reason
    "6": None, "8": None, "10": None,   # contract, value quality, classification notes
}
FUNCTIONS = {"9": "original", "5": "replace", "1": "cancel", "7": "original"}  # 7 duplicate
UNITS = {"KWH": 1.0, "MWH": 1000.0, "WHR": 0.001}
_OBIS = re.compile(r"(\d+)-(\d+):(\d+)\.(\d+)\.(\d+)(?:\*\d+)?")


def detect_text(head: str) -> bool:
    h = head.lstrip("\ufeff \r\n\t")
    return (h.startswith("UNA") or h.startswith("UNB") or h.startswith("UNH")) and \
        "MSCONS" in head[:4096]


def _segments(path: Path):
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise Located(f"the file is {size / 2**20:,.0f} MiB; MSCONS is read up to "
                      f"{MAX_BYTES >> 20} MiB per file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")     # UNOC is ISO 8859-1
    text = text.lstrip(" \r\n\t")
    chars = Characters()
    chars.decimal_point = "."
    if text.startswith("UNA"):
        if len(text) < 9:
            raise Located("truncated UNA service string", None, "segment 0 UNA")
        chars = Characters.from_str(text[:9])
        text = text[9:].lstrip("\r\n")
    try:
        segs = list(Parser().convert_tokens_to_raw_segments(
            TokenIterator(Tokenizer().get_tokens(text, chars))))
    except EDISyntaxError as exc:
        raise Located(f"malformed EDIFACT ({str(exc).replace('EDIFACT Syntax Error: ', '')}); "
                      "truncated file?") from None
    return segs, chars


def _el(seg, i, comp=0) -> str:
    if i >= len(seg):
        return ""
    v = seg[i]
    if isinstance(v, list):
        return v[comp] if comp < len(v) else ""
    return v if comp == 0 else ""


def _dtm(seg, k) -> tuple[str, int | None]:
    qual, value, fmt = _el(seg, 1, 0), _el(seg, 1, 1), _el(seg, 1, 2)
    where = f"segment {k} DTM+{qual}"
    m = re.fullmatch(r"(\d{12})([+-]\d{2})", value) if fmt == "303" else None
    try:
        if fmt == "303" and m:
            dt = datetime.strptime(m[1], "%Y%m%d%H%M").replace(tzinfo=timezone.utc)
            secs = int(dt.timestamp()) - int(m[2]) * 3600
        elif fmt == "203" and re.fullmatch(r"\d{12}", value) and qual == "137":
            secs = int(datetime.strptime(value, "%Y%m%d%H%M").replace(tzinfo=timezone.utc)
                       .timestamp())
        elif fmt == "102" and re.fullmatch(r"\d{8}", value) and qual == "137":
            secs = int(datetime.strptime(value, "%Y%m%d").replace(tzinfo=timezone.utc)
                       .timestamp())
        else:
            raise Located(f"date/time {value!r} in format {fmt!r}; interval times need format "
                          "303 (CCYYMMDDHHMM with a UTC offset, e.g. 202501012300?+00)", None,
                          where)
    except ValueError:
        raise Located(f"date/time {value!r} is not a valid date and time", None,
                      where) from None
    if not FIRST_UTC <= secs < END_UTC:
        raise Located(f"date/time {value} is outside the supported range 2000..2099", None,
                      where)
    return qual, secs


class _Message:
    def __init__(self, ref, k):
        self.ref, self.start_k, self.count = ref, k, 1
        self.created: datetime | None = None
        self.status = "original"
        self.code: str | None = None
        self.direction: str | None = None
        self.skip = False
        self.values: list = []     # (start, end, quality, text, factor, k)
        self.series: list[Series] = []


def parse(path: Path, tz=None) -> Document:
    segs, chars = _segments(path)
    doc = Document("mscons", None)
    msg: _Message | None = None
    n_messages = 0
    unb = unz = False
    for k, seg in enumerate(segs, start=1):
        tag = seg[0] if seg and isinstance(seg[0], str) else ""
        where = f"segment {k} {tag}"
        if msg is not None:
            msg.count += 1
        if tag == "UNB":
            unb = True
        elif tag == "UNH":
            if msg is not None:
                raise Located(f"UNH before the UNT of message {msg.ref}", None, where)
            mtype = [_el(seg, 2, i) for i in range(5)]
            if mtype[:3] != ["MSCONS", "D", "04B"]:
                raise Located(f"not an MSCONS D.04B message: UNH says {':'.join(mtype)}",
                              None, where)
            msg = _Message(_el(seg, 1), k)
        elif msg is None:
            if tag == "UNZ":
                unz = True
                if _el(seg, 1) != str(n_messages):
                    raise Located(f"UNZ counts {_el(seg, 1)!r} messages, the interchange "
                                  f"has {n_messages}", None, where)
            elif tag not in ("UNB",):
                raise Located(f"{tag or 'a segment'} outside a message (UNH..UNT)", None,
                              where)
        elif tag == "BGM":
            fn = _el(seg, 3) or "9"
            if fn not in FUNCTIONS:
                raise Located(f"unknown message function {fn!r}; known: 9 original, "
                              "5 replace, 1 cancel, 7 duplicate", None, where)
            msg.status = FUNCTIONS[fn]
        elif tag == "DTM" and msg.code is None and _el(seg, 1, 0) == "137":
            _q, secs = _dtm(seg, k)
            msg.created = check_created(datetime.fromtimestamp(secs, timezone.utc), None,
                                        where)
        elif tag in ("NAD", "LIN") or (tag == "LOC" and msg.code is not None):
            _close_position(msg, doc)
            if tag == "NAD" and _el(seg, 1) == "DP":
                msg.code = ""
            elif tag == "LIN":
                msg.direction = None
                msg.skip = False
            if tag == "LOC":
                msg.code = _loc(seg, where)
        elif tag == "LOC":
            msg.code = _loc(seg, where)
        elif tag == "PIA":
            _pia(seg, msg, doc, where)
        elif tag == "QTY":
            if not msg.code or (msg.direction is None and not msg.skip):
                raise Located("QTY before the metering point (LOC) and its OBIS code (PIA)",
                              None, where)
            qual, value, unit = _el(seg, 1, 0), _el(seg, 1, 1), _el(seg, 1, 2).upper()
            if qual not in QTY:
                raise Located(f"unknown QTY qualifier {qual!r}; known: "
                              f"{', '.join(QTY)}", None, where)
            if unit and unit not in UNITS:
                raise Located(f"unit {unit!r}; energy is read in KWH, MWH or WHR", None, where)
            if chars.decimal_point != ".":
                value = value.replace(chars.decimal_point, ".")
            msg.values.append([None, None, QTY[qual], value, UNITS.get(unit, 1.0), k])
        elif tag == "DTM" and msg.values and _el(seg, 1, 0) in ("163", "164"):
            q, secs = _dtm(seg, k)
            msg.values[-1][0 if q == "163" else 1] = secs
        elif tag == "STS" and msg.values:
            cat = _el(seg, 1)
            if cat not in STS:
                raise Located(f"unknown STS status category {cat!r}; known: "
                              f"{', '.join(STS)}", None, where)
            if STS[cat] is not None:
                msg.values[-1][2] = max(msg.values[-1][2], STS[cat])
        elif tag == "UNT":
            _close_position(msg, doc)
            if _el(seg, 1) != str(msg.count):
                raise Located(f"UNT counts {_el(seg, 1)!r} segments, the message has "
                              f"{msg.count} (UNH..UNT)", None, where)
            if _el(seg, 2) != msg.ref:
                raise Located(f"UNT reference {_el(seg, 2)!r} is not the UNH reference "
                              f"{msg.ref!r}", None, where)
            if msg.status == "cancel":
                for s in msg.series:
                    s.units[:] = 0
                    s.flags[:] = Quality.MISSING
            for s in msg.series:
                s.created = msg.created
            doc.series.extend(msg.series)
            if doc.created is None or (msg.created and msg.created > doc.created):
                doc.created = msg.created
            n_messages += 1
            msg = None
    if msg is not None:
        raise Located(f"message {msg.ref} has no UNT: the file is truncated", None,
                      f"segment {len(segs)}")
    if unb and not unz:
        raise Located("no UNZ after the last message: the file is truncated", None,
                      f"segment {len(segs)}")
    if n_messages == 0:
        raise Located("no MSCONS message (UNH..UNT) in the file")
    return doc


def _loc(seg, where) -> str:
    code = _el(seg, 2, 0)
    if not code or len(code) > 64:
        raise Located("LOC without a metering point id" if not code else "id too long",
                      None, where)
    return code


def _pia(seg, msg, doc, where) -> None:
    obis = _el(seg, 2, 0)
    m = _OBIS.fullmatch(obis)
    if not m:
        raise Located(f"PIA {obis!r} is not an OBIS code", None, where)
    c, d = int(m[3]), int(m[4])
    if d == 8:
        raise Located(f"OBIS {obis} is a meter reading (register); billdesk reads "
                      "interval energy (load profiles, e.g. 1-1:1.29.0)", None, where)
    if c in (1, 2) and d in (29, 9):
        msg.direction = "consumption" if c == 1 else "production"
        msg.skip = False
    elif 3 <= c <= 8 or c in (15, 16):
        msg.direction, msg.skip = None, True
        doc.notes.append(f"{where}: OBIS {obis} (not active energy) not stored")
    else:
        raise Located(f"OBIS {obis}: not a load profile of active energy "
                      "(1-x:1.29.x consumption, 1-x:2.29.x production)", None, where)


def _close_position(msg: _Message, doc: Document) -> None:
    vals, msg.values = msg.values, []
    if not vals or msg.skip:
        return
    for v in vals:
        if v[0] is None or v[1] is None:
            raise Located("QTY without its interval (DTM+163 and DTM+164)", None,
                          f"segment {v[5]} QTY")
    starts = np.array([v[0] for v in vals], dtype=np.int64)
    lengths = np.array([v[1] - v[0] for v in vals], dtype=np.int64)
    step = int(lengths[0])
    if step not in (QUARTER, 3600) or (lengths != step).any():
        i = int(np.flatnonzero((lengths != step) | (step not in (QUARTER, 3600)))[0])
        raise Located(f"interval of {lengths[i] / 60:g} minutes; a load profile holds "
                      "15-minute (or hourly) values of one length", None,
                      f"segment {vals[i][5]} QTY")
    if (starts % QUARTER).any():
        i = int(np.flatnonzero(starts % QUARTER)[0])
        raise Located("interval start not on the 15-minute grid", None,
                      f"segment {vals[i][5]} QTY")
    t0 = int(starts.min())
    if ((starts - t0) % step).any():
        i = int(np.flatnonzero((starts - t0) % step)[0])
        raise Located("intervals overlap", None, f"segment {vals[i][5]} QTY")
    idx = (starts - t0) // step
    n = int(idx.max()) + 1
    order = np.argsort(idx, kind="stable")
    dup = np.flatnonzero(idx[order][1:] == idx[order][:-1])
    if len(dup):
        i = int(order[dup[0] + 1])
        raise Located("the same interval twice", None, f"segment {vals[i][5]} QTY")

    def place(i):
        return None, f"segment {vals[i][5]} QTY"

    texts = [v[3] for v in vals]
    numbers = parse_numbers(texts, place) * np.array([v[4] for v in vals])
    flags = np.array([v[2] for v in vals], dtype=np.uint8)
    numbers[flags == Quality.MISSING] = 0.0
    units, rounded = to_units(numbers, place, texts=texts,
                              exact=lambda i: decimal_of(texts[i], vals[i][4]))
    doc.rounded += rounded
    u = np.zeros(n, dtype=np.int32)
    f = np.full(n, Quality.MISSING, dtype=np.uint8)
    mask = np.zeros(n, dtype=bool)
    u[idx], f[idx], mask[idx] = units, flags, True
    if step == 3600:
        u, f, mask = split_hourly(u, f, mask)
    msg.series.append(Series(msg.code, msg.direction, "total", t0, u, f,
                             None if mask.all() else mask, f"segment {vals[0][5]}", None))
