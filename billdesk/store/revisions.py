"""Which schema revision a database is at and which ones billdesk ships, without Alembic.

Importing Alembic's migration runtime (it brings Mako and Pygments) and loading every
migration script costs ~0.15 s of CPU — on every command line call and, in the app, on the
thread opening the database while the window is being shown. A database that is already at
the shipped head needs none of it: the shipped graph is read from the ``revision`` /
``down_revision`` lines of ``db/versions/*.py``, the database's revision from its
``alembic_version`` table. Alembic is still what migrates (``store.db.upgrade``), and what
answers whenever these lines do not make one simple chain (``None`` is returned and the
caller asks Alembic): tests/store/test_revisions.py compares both on every revision.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from billdesk import paths

_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*"
                   r"(?:'([^'\n]*)'|\"([^\"\n]*)\"|(None))\s*(?:#.*)?$", re.M)


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
