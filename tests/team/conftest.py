"""A PostgreSQL database with the billdesk roles applied under a prefix of its own, and one
login user per level (roles belong to the whole server: names are unique per test and
dropped afterwards)."""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent.parent / "runs"))

from billdesk.store import privileges as pv  # noqa: E402
from billdesk.store.db import make_engine, prepare, session_factory  # noqa: E402

LEVELS = pv.LEVELS


@dataclass
class Team:
    url: str                          # the owner's (the test server's superuser)
    prefix: str
    users: dict[str, str]             # level -> login user
    urls: dict[str, str] = field(default_factory=dict)   # level -> that user's URL
    engine: object = None
    factory: object = None
    name: str = ""                    # the database

    def url_as(self, user: str) -> str:
        return make_url(self.url).set(username=user).render_as_string(hide_password=False)

    def role(self, level: str) -> str:
        return f"{self.prefix}{level}"


def _drop_roles(admin, names) -> None:
    with admin.connect() as c:
        for n in names:
            if c.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": n}).first():
                c.execute(text(f'DROP ROLE "{n}"'))


def _new_team(pg_admin_url, build=None, template: str | None = None):
    """Generator: a Team on a new database (from ``template`` when given: its data, grants
    and role names are copied; no roles are created then)."""
    from billdesk.store.roles import apply_roles

    tag = uuid.uuid4().hex[:8]
    name, prefix = f"bd_team_{tag}", f"t{tag}_"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'
                       + (f' TEMPLATE "{template}"' if template else "")))
    url = make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
    users = {lv: f"{prefix}u_{lv}" for lv in LEVELS} | {"nobody": f"{prefix}u_nobody"}
    engine = make_engine(url)
    t = Team(url, prefix, users, engine=engine)
    t.name = name
    try:
        if template is None:
            prepare(engine)
            apply_roles(engine, prefix)
            with admin.connect() as c:
                for lv, user in users.items():
                    c.execute(text(f'CREATE ROLE "{user}" LOGIN'))
                    if lv != "nobody":
                        c.execute(text(f'GRANT "{prefix}{lv}" TO "{user}"'))
        t.urls = {lv: t.url_as(u) for lv, u in users.items()}
        t.factory = session_factory(engine)
        if build is not None:
            build(t)
        yield t
    finally:
        engine.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if template is None:
            _drop_roles(admin, list(users.values())
                        + [f"{prefix}{lv}" for lv in reversed(LEVELS)])
        admin.dispose()


def clone_team(pg_admin_url, base: Team):
    """Generator: a copy of ``base``'s database (same roles and users)."""
    base.engine.dispose()              # CREATE DATABASE … TEMPLATE needs it unused
    for t in _new_team(pg_admin_url, template=base.name):
        t.prefix, t.users = base.prefix, base.users
        t.urls = {lv: t.url_as(u) for lv, u in base.users.items()}
        yield t


@pytest.fixture
def team(pg_admin_url):
    yield from _new_team(pg_admin_url)
