"""Database-wide settings (key/value), e.g. the utility's time zone."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from billdesk.domain.period import zone
from billdesk.store.models import Setting

DEFAULT_TIMEZONE = "Europe/Zurich"


def get(session: Session, key: str, default=None):
    row = session.get(Setting, key)
    return default if row is None else json.loads(row.value)


def put(session: Session, key: str, value) -> None:
    row = session.get(Setting, key)
    text = json.dumps(value, default=str)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text


def delete(session: Session, key: str) -> None:
    row = session.get(Setting, key)
    if row is not None:
        session.delete(row)


def timezone_name(session: Session) -> str:
    return get(session, "timezone", DEFAULT_TIMEZONE)


def utility_zone(session: Session) -> ZoneInfo:
    return zone(timezone_name(session))
