"""Saved run templates: a name for a target, error handling, billing mode, thresholds and
options (the period is chosen each time). Shared by everyone using the database."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import sessionmaker

from billdesk.domain.errors import InputError
from billdesk.domain.quality import Thresholds
from billdesk.domain.run import BillingMode, ErrorMode
from billdesk.runs.targets import parse_target
from billdesk.store import audit
from billdesk.store.app_models import RunTemplate
from billdesk.store.db import transaction


@dataclass(frozen=True)
class Template:
    name: str
    target: str
    mode: str = "lenient"
    billing: str = "create"
    thresholds: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"name": self.name, "target": self.target, "mode": self.mode,
                "billing": self.billing, "thresholds": dict(self.thresholds),
                "options": dict(self.options)}


def list_templates(factory: sessionmaker) -> list[Template]:
    with factory() as s:
        return [Template(t.name, t.target, t.mode, t.billing, dict(t.thresholds or {}),
                         dict(t.options or {}))
                for t in s.scalars(select(RunTemplate).order_by(RunTemplate.name))]


def save_template(factory: sessionmaker, t: Template, who: str | None = None) -> Template:
    """Create or replace the template named ``t.name`` (validated like a run)."""
    name = t.name.strip()
    if not name:
        raise InputError("a template needs a name", field="name")
    if len(name) > 128:
        raise InputError("a template name has at most 128 characters", field="name")
    target = str(parse_target(t.target))
    try:
        mode, billing = ErrorMode(t.mode).value, BillingMode(t.billing).value
    except ValueError as exc:
        raise InputError(str(exc), field="mode") from None
    th = Thresholds.from_dict(t.thresholds).as_dict()
    with transaction(factory) as s:
        row = s.scalar(select(RunTemplate).where(RunTemplate.name == name))
        if row is None:
            row = RunTemplate(name=name, created_by=who or audit.actor())
            s.add(row)
        row.target, row.mode, row.billing = target, mode, billing
        row.thresholds, row.options = th, dict(t.options)
        audit.record(s, "template.save", "run_template", name,
                     {"target": target, "mode": mode, "billing": billing}, who=who)
    return Template(name, target, mode, billing, th, dict(t.options))


def delete_template(factory: sessionmaker, name: str, who: str | None = None) -> bool:
    with transaction(factory) as s:
        n = s.execute(delete(RunTemplate).where(RunTemplate.name == name)).rowcount
        if n:
            audit.record(s, "template.delete", "run_template", name, {}, who=who)
        return bool(n)


__all__ = ["Template", "delete_template", "list_templates", "save_template"]
