"""Metering points by code, direction and channel.

A meter code names one point per direction (``kind``: consumption or production) and per
channel (``total`` measured energy; ``local`` and ``residual`` for the energy-community split
a grid operator delivers). Importers resolve what a file names with a ``PointBook``, a
snapshot of the points; channel points are created on first delivery beside an existing
``total`` point of the same code and direction (docs/formats.md, "Metering points").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from billdesk.store.models import MeteringPoint

DIRECTIONS = ("consumption", "production")
CHANNELS = ("total", "local", "residual")


@dataclass(frozen=True)
class PointKey:
    code: str
    kind: str
    channel: str = "total"

    def __str__(self) -> str:
        return f"{self.code} ({self.kind}{'' if self.channel == 'total' else ', ' + self.channel})"


class UnknownPoint(LookupError):
    """The file names a point billdesk does not have; the message says what to do."""


class PointBook:
    """What the database holds, to resolve (code, direction, channel) to a point id."""

    def __init__(self, rows):
        self.ids: dict[PointKey, int] = {}
        self.kinds: dict[str, set[str]] = defaultdict(set)   # code -> directions (total)
        for pid, code, kind, channel in rows:
            self.ids[PointKey(code, kind, channel)] = pid
            if channel == "total":
                self.kinds[code].add(kind)

    @classmethod
    def load(cls, session: Session) -> "PointBook":
        return cls(session.execute(select(MeteringPoint.id, MeteringPoint.code,
                                          MeteringPoint.kind, MeteringPoint.channel)))

    def direction_of(self, code: str, direction: str | None) -> str:
        if direction is not None:
            return direction
        kinds = self.kinds.get(code, set())
        if len(kinds) == 1:
            return next(iter(kinds))
        if not kinds:
            raise UnknownPoint(f"unknown metering point {code!r}; import accounts or "
                               "communities first")
        raise UnknownPoint(f"metering point {code} has a consumption and a production "
                           "direction and the file does not say which it holds")

    def resolve(self, code: str, direction: str | None, channel: str = "total",
                create: bool = False) -> int | PointKey:
        """The point's id, or a ``PointKey`` to create (a channel beside an existing total
        point, or anything when ``create``); ``UnknownPoint`` otherwise."""
        if create and direction is None:
            raise UnknownPoint(f"the file does not say the direction of {code}")
        kind = self.direction_of(code, direction)
        key = PointKey(code, kind, channel)
        pid = self.ids.get(key)
        if pid is not None:
            return pid
        if create or (channel != "total" and PointKey(code, kind) in self.ids):
            return key
        if code in self.kinds:
            raise UnknownPoint(f"metering point {code} has no {kind} direction in billdesk "
                               f"(it is a {'/'.join(sorted(self.kinds[code]))} point); name it "
                               f"as the account's {kind}_point to import this")
        raise UnknownPoint(f"unknown metering point {code!r} ({kind}); import accounts or "
                           "communities first")


def _select_ids(session: Session, keys: list[PointKey]) -> dict[PointKey, int]:
    out: dict[PointKey, int] = {}
    for i in range(0, len(keys), 500):
        part = keys[i:i + 500]
        for pid, code, kind, channel in session.execute(
                select(MeteringPoint.id, MeteringPoint.code, MeteringPoint.kind,
                       MeteringPoint.channel)
                .where(tuple_(MeteringPoint.code, MeteringPoint.kind, MeteringPoint.channel)
                       .in_([(k.code, k.kind, k.channel) for k in part]))):
            out[PointKey(code, kind, channel)] = pid
    return out


def ensure_points(session: Session, keys) -> dict[PointKey, int]:
    """Ids for ``keys``, creating the points that do not exist yet."""
    keys = list(dict.fromkeys(keys))
    out = _select_ids(session, keys) if keys else {}
    missing = [k for k in keys if k not in out]
    if missing:
        session.execute(insert(MeteringPoint), [{"code": k.code, "kind": k.kind,
                                                 "channel": k.channel} for k in missing])
        out.update(_select_ids(session, missing))
    return out


class CsvPointCodes(dict):
    """The names a readings CSV may use in ``metering_point``: the bare code for a meter with
    one direction, ``CODE@consumption`` / ``CODE@production`` for either direction of a
    bidirectional meter, and ``CODE@DIRECTION.CHANNEL`` for any channel."""

    def __init__(self, book: PointBook):
        super().__init__()
        self.book = book
        for key, pid in book.ids.items():
            self[f"{key.code}@{key.kind}.{key.channel}"] = pid
            if key.channel == "total":
                self[f"{key.code}@{key.kind}"] = pid
                if len(book.kinds[key.code]) == 1:
                    self[key.code] = pid

    def unknown(self, code: str) -> str:
        if len(self.book.kinds.get(code, ())) > 1:
            return (f"metering point {code} has a consumption and a production direction; "
                    f"write {code}@consumption or {code}@production")
        return f"unknown metering point {code!r}; import accounts or communities first"


def csv_point_ids(session: Session) -> CsvPointCodes:
    return CsvPointCodes(PointBook.load(session))
