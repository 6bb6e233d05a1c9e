"""Tables of the desktop app's own work (migration 0008): export jobs, where each document was
written, and saved run templates. Registered on the same metadata as billdesk.store.models."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from billdesk.store.base import Base, utcnow


EXPORT_STATUSES = ("running", "completed", "cancelled", "failed")


class ExportJob(Base):
    """One PDF export (of a run's issued bills, or of some bills): how far it got.

    ``running`` with an owner that is gone is an
    interrupted export; resuming it writes the bills it has not written yet."""

    __tablename__ = "export_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("bill_runs.id"), index=True)
    bill_ids: Mapped[list | None] = mapped_column(JSON)        # an export of chosen bills
    out_dir: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    total: Mapped[int] = mapped_column(Integer, default=0)
    written: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    owner: Mapped[str | None] = mapped_column(String(128))      # host:pid of the exporter
    actor: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    message: Mapped[str | None] = mapped_column(Text)


class DocumentFile(Base):
    """Where a bill's PDF was last written (any folder), by which export job."""

    __tablename__ = "document_files"
    bill_id: Mapped[int] = mapped_column(
        ForeignKey("bills.id", ondelete="CASCADE"), primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
    export_job_id: Mapped[int | None] = mapped_column(ForeignKey("export_jobs.id"),
                                                      index=True)


class RunTemplate(Base):
    """A saved configuration of a bill run: target, options, thresholds (no period)."""

    __tablename__ = "run_templates"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    target: Mapped[str] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(String(10))
    billing: Mapped[str] = mapped_column(String(20))
    thresholds: Mapped[dict] = mapped_column(JSON)
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
