"""Migration 0008 (export jobs, document files, run templates) on a database with data:
upgrade from the revision before, downgrade back, both databases."""

from alembic import command
from sqlalchemy import inspect

from billdesk.store import db
from billdesk.store.demo_writer import write_demo

NEW = {"export_jobs", "document_files", "run_templates"}


def test_upgrade_from_the_revision_before_with_data_and_downgrade(db_url, tmp_path):
    from billdesk.runs import create_run, finalize_run, start_run
    from billdesk.runs.export import export_pdfs
    from billdesk.runs.templates import Template, list_templates, save_template

    engine = db.make_engine(db_url)
    cfg = db.alembic_config(engine)
    before = db.revision_before("0008")
    # the data is written by today's code (its bills carry the columns of the revisions after
    # 0008, e.g. 0006's community figures), then the schema goes back to the revision before
    # 0008 with that data and comes up again through 0008
    command.upgrade(cfg, "head")
    f = db.session_factory(engine)
    write_demo(f, accounts=12, months=1, seed=5, end="2025-11")
    run = create_run(f, "2025-10", "all")
    start_run(f, run.id)
    finalize_run(f, run.id)
    command.downgrade(cfg, before)
    assert db.current_revision(engine) == before
    assert not NEW & set(inspect(engine).get_table_names())
    assert "bills" in inspect(engine).get_table_names()
    command.upgrade(cfg, "head")
    assert NEW <= set(inspect(engine).get_table_names())
    assert db.current_revision(engine) == db.head_revision()
    report = export_pdfs(f, tmp_path / "pdf", run_id=run.id, workers=0)
    assert report.ok and report.job_id
    save_template(f, Template("t", "all"))
    assert len(list_templates(f)) == 1
    command.downgrade(cfg, before)
    assert not NEW & set(inspect(engine).get_table_names())
    assert "bills" in inspect(engine).get_table_names()
    command.upgrade(cfg, "head")
    assert NEW <= set(inspect(engine).get_table_names())
    engine.dispose()
