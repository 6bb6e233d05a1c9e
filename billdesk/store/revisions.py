"""Which schema revision a database is at and which ones billdesk ships, without Alembic.

Importing Alembic's migration runtime (it brings Mako and Pygments) and loading every
migration script costs ~0.15 s of CPU — on every command line call and, in the app, on the
thread opening the database while the window is being shown. A database that is already at
the shipped head needs none of it: the shipped graph is read from the ``revision`` /
``down_revision`` lines of ``db/versions/*.py``, the database's revision from its
``alembic_version`` table. Alembic is still what migrates (``store.db.upgrade``), and what
answers whenever these lines do not make one simple chain (``None`` is returned and the
caller asks Alembic): tests/store/test_revisions.py compares both on every revision.

A migration that changes nothing in a SQLite database (PostgreSQL-only triggers, say)
declares it with a line ``changes_sqlite = False``; without that line a migration changes
SQLite. :func:`changes_sqlite` tells whether any of the migrations from a revision to the
head does: ``store.db.prepare`` skips the full file check before a migration that does not
(tests/store/test_migration_sqlite_unchanged.py checks every such declaration).
"""

from __future__ import annotations

import re
from functools import lru_cache

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from billdesk import paths

_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*"
                   r"(?:'([^'\n]*)'|\"([^\"\n]*)\"|(None))\s*(?:#.*)?$", re.M)

_SQLITE = re.compile(r"^changes_sqlite\s*(?::[^=\n]*)?=\s*(True|False)\s*(?:#.*)?$", re.M)


@lru_cache(maxsize=1)
def _sqlite_unchanged() -> frozenset[str]:
    """The shipped revisions that declare ``changes_sqlite = False`` (exactly once)."""
    out = set()
    for f in sorted((paths.migrations() / "versions").glob("*.py")):
        text_ = f.read_text(encoding="utf-8")
        revs = [m.group(2) or m.group(3) for m in _LINE.finditer(text_)
                if m.group(1) == "revision"]
        said = _SQLITE.findall(text_)
        if len(revs) == 1 and revs[0] and said == ["False"]:
            out.add(revs[0])
    return frozenset(out)


def changes_sqlite(current: str | None, target: str | None = None) -> bool:
    """Whether migrating from ``current`` to ``target`` (the head) changes a SQLite database
    (its tables, indexes, triggers or rows) beyond the version stamp; True whenever that is
    not known for sure (no simple chain, ``current`` not on it, an empty database)."""
    graph = shipped()
    target = target or head()
    if graph is None or target is None or current is None or current not in graph:
        return True
    unchanged = _sqlite_unchanged()
    rev = target
    while rev != current:
        if rev is None or rev not in graph or rev not in unchanged:
            return True
        rev = graph[rev]
    return False


@lru_cache(maxsize=1)
def shipped() -> dict[str, str | None] | None:
    """revision → down_revision of every migration shipped, or None when the files do not
    make one simple chain (each file exactly one of each line; one root; no branches)."""
    graph: dict[str, str | None] = {}
    files = sorted((paths.migrations() / "versions").glob("*.py"))
    for f in files:
        found: dict[str, list[str | None]] = {"revision": [], "down_revision": []}
        for m in _LINE.finditer(f.read_text(encoding="utf-8")):
            found[m.group(1)].append(m.group(2) or m.group(3) or None)
        if len(found["revision"]) != 1 or len(found["down_revision"]) != 1 \
                or not found["revision"][0]:
            return None
        rev = found["revision"][0]
        if rev in graph:
            return None
        graph[rev] = found["down_revision"][0]
    downs = [d for d in graph.values() if d is not None]
    roots = [r for r, d in graph.items() if d is None]
    if not graph or len(roots) != 1 or len(set(downs)) != len(downs) \
            or not set(downs) <= set(graph):
        return None
    return graph


def head() -> str | None:
    """The newest shipped revision (None: ask Alembic)."""
    graph = shipped()
    if graph is None:
        return None
    heads = set(graph) - {d for d in graph.values() if d is not None}
    return next(iter(heads)) if len(heads) == 1 else None


def current(engine: Engine) -> tuple[bool, str | None]:
    """(answered, revision) of the database: (True, None) for one without a schema;
    (False, None) when its version table holds several rows (ask Alembic)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return True, None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        return False, None
    return True, (rows[0] if rows else None)
