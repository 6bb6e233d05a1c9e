"""PDF export jobs: every export is recorded (``export_jobs``) with how far it got, and every
document written with where it went (``document_files``), chunk by chunk as the workers
finish. An export whose process died stays ``running`` with a dead owner: it shows as
*interrupted* (``runs.liveness.owner_alive``), and resuming it writes only the bills it had
not written yet. Plain functions on session factories; billdesk.runs.export uses them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from billdesk.runs.liveness import HOST, owner_alive
from billdesk.store.app_models import DocumentFile, ExportJob
from billdesk.store.db import transaction


def _now() -> datetime:
    return datetime.now(timezone.utc)


def owner_id() -> str:
    return f"{HOST}:{os.getpid()}"


@dataclass(frozen=True)
class ExportInfo:
    id: int
    run_id: int | None
    out_dir: str
    status: str          # running | interrupted | completed | cancelled | failed
    total: int
    written: int
    failed: int
    started_at: datetime | None
    finished_at: datetime | None
    message: str | None

    @property
    def incomplete(self) -> bool:
        return self.status in ("interrupted", "cancelled", "failed") and \
            self.written < self.total


def _state(job: ExportJob) -> str:
    if job.status != "running":
        return job.status
    return "running" if owner_alive(job.owner, job.heartbeat_at) else "interrupted"


def _info(job: ExportJob) -> ExportInfo:
    return ExportInfo(job.id, job.run_id, job.out_dir, _state(job), job.total, job.written,
                      job.failed, job.started_at, job.finished_at, job.message)


def start_job(factory: sessionmaker, out_dir: str, total: int, *, run_id: int | None,
              bill_ids: list[int] | None, actor: str, resume: int | None = None) -> int:
    """A new export job (or ``resume``: the interrupted job taken over by this process)."""
    now = _now()
    with transaction(factory) as s:
        if resume is not None:
            s.execute(update(ExportJob).where(ExportJob.id == resume).values(
                status="running", owner=owner_id(), heartbeat_at=now, finished_at=None,
                message=None))
            return resume
        return s.execute(insert(ExportJob).values(
            run_id=run_id, bill_ids=bill_ids, out_dir=str(out_dir), status="running",
            total=total, written=0, failed=0, owner=owner_id(), actor=actor,
            started_at=now, heartbeat_at=now).returning(ExportJob.id)).scalar_one()


def record_written(factory: sessionmaker, job_id: int, written: list[tuple[int, str]],
                   failed: int) -> None:
    """One chunk's outcome: where each bill's PDF now is; the job's counters and heartbeat."""
    now = _now()
    with transaction(factory) as s:
        ids = [b for b, _p in written]
        for i in range(0, len(ids), 500):
            s.execute(delete(DocumentFile).where(DocumentFile.bill_id.in_(ids[i:i + 500])))
        if written:
            s.execute(insert(DocumentFile), [{"bill_id": b, "path": str(p), "written_at": now,
                                              "export_job_id": job_id} for b, p in written])
        s.execute(update(ExportJob).where(ExportJob.id == job_id).values(
            written=ExportJob.written + len(written), failed=ExportJob.failed + failed,
            heartbeat_at=now))


def finish_job(factory: sessionmaker, job_id: int, status: str,
               message: str | None = None) -> None:
    with transaction(factory) as s:
        s.execute(update(ExportJob).where(ExportJob.id == job_id).values(
            status=status, finished_at=_now(), heartbeat_at=_now(), message=message))


def written_by(session: Session, job_id: int) -> set[int]:
    """Bills whose current file was written by ``job_id`` (and still exists)."""
    out = set()
    for bid, path in session.execute(select(DocumentFile.bill_id, DocumentFile.path)
                                     .where(DocumentFile.export_job_id == job_id)):
        if Path(path).is_file():
            out.add(bid)
    return out


def get_job(session: Session, job_id: int) -> ExportInfo | None:
    job = session.get(ExportJob, job_id)
    return None if job is None else _info(job)


def job_bills(session: Session, job_id: int) -> tuple[int | None, list[int] | None, str]:
    job = session.get(ExportJob, job_id)
    if job is None:
        from billdesk.domain.errors import InputError

        raise InputError(f"no export job {job_id}", field="--resume")
    return job.run_id, job.bill_ids, job.out_dir


def latest_export(session: Session, run_id: int) -> ExportInfo | None:
    job = session.scalar(select(ExportJob).where(ExportJob.run_id == run_id)
                         .order_by(ExportJob.id.desc()).limit(1))
    return None if job is None else _info(job)


def incomplete_exports(session: Session) -> list[ExportInfo]:
    """Exports that did not write all their documents (interrupted, cancelled, failed) and
    were not followed by a complete export of the same run."""
    out = []
    seen_runs = set()
    for job in session.scalars(select(ExportJob).order_by(ExportJob.id.desc()).limit(200)):
        key = job.run_id if job.run_id is not None else f"bills{job.id}"
        if key in seen_runs:
            continue
        seen_runs.add(key)
        info = _info(job)
        if info.incomplete:
            out.append(info)
    return out


__all__ = ["ExportInfo", "finish_job", "get_job", "incomplete_exports", "job_bills",
           "latest_export", "owner_id", "record_written", "start_job", "written_by"]
