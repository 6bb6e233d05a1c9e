"""The declarative base every model derives from (billdesk.store.models and the modules it
registers, such as billdesk.store.dispatch_models): one metadata with the naming convention
the migrations use, the column types for datetimes, decimals and JSON."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import JSON, MetaData
from sqlalchemy.orm import DeclarativeBase

from billdesk.store.types import UTC, Dec

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTC(), Decimal: Dec(), dict: JSON}
