"""The schema revisions read without Alembic (store/revisions.py) are Alembic's own."""

from __future__ import annotations

import shutil

import pytest

from billdesk import paths
from billdesk.store import db, revisions


def _alembic():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations()))
    return ScriptDirectory.from_config(cfg)


def test_the_shipped_graph_is_alembics():
    script = _alembic()
    graph = revisions.shipped()
    assert graph is not None
    assert set(graph) == {r.revision for r in script.walk_revisions()}
    for rev, down in graph.items():
        assert script.get_revision(rev).down_revision == down
        assert db.revision_before(rev) == down
    assert revisions.head() == script.get_current_head() == db.head_revision()
    assert db.known_revisions() == frozenset(graph)


def test_current_revision_is_alembics_at_every_step(db_url):
    from alembic.runtime.migration import MigrationContext

    engine = db.make_engine(db_url)
    try:
        assert db.current_revision(engine) is None          # no schema yet
        chain = []
        rev = revisions.head()
        while rev is not None:
            chain.append(rev)
            rev = revisions.shipped()[rev]
        for rev in reversed(chain[:3]):                      # the first three steps
            db.upgrade(engine, rev)
            with engine.connect() as conn:
                expected = MigrationContext.configure(conn).get_current_revision()
            assert db.current_revision(engine) == expected == rev
    finally:
        engine.dispose()


def _copy_migrations(tmp_path, monkeypatch):
    folder = tmp_path / "db"
    shutil.copytree(paths.migrations(), folder)
    monkeypatch.setattr(paths, "migrations", lambda: folder)
    revisions.shipped.cache_clear()
    return folder / "versions"


@pytest.mark.parametrize("change", ["branch", "no_revision", "merge"])
def test_anything_but_one_chain_is_left_to_alembic(tmp_path, monkeypatch, change):
    head = revisions.head()
    down = revisions.shipped()[head]
    versions = _copy_migrations(tmp_path, monkeypatch)
    try:
        last = next(f for f in versions.glob("*.py") if f"revision = '{head}'" in f.read_text())
        text = last.read_text()
        if change == "branch":          # a second file following the same revision
            (versions / "x_branch.py").write_text(
                text.replace(f"revision = '{head}'", "revision = 'x'"))
        elif change == "no_revision":
            last.write_text(text.replace(f"revision = '{head}'", f"rev = '{head}'"))
        else:                           # a tuple (a merge) is not read here
            last.write_text(text.replace(f"down_revision = '{down}'",
                                         f"down_revision = ('{down}', 'other')"))
        assert revisions.shipped() is None
        assert revisions.head() is None
    finally:
        revisions.shipped.cache_clear()
