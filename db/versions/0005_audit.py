"""audit: frozen issued documents, hash chain, inputs records, input snapshots, audit log run

Revision ID: 0005
Revises: 0007
Create Date: 2026-12-03

* ``bills``: ``inputs`` (what a bill was computed from, recorded when billed), ``content``
  (the frozen document), ``content_hash`` and ``prev_hash`` (``record_hash`` existed unfilled).
* ``run_inputs`` (a run's input snapshots), ``document_assets`` (the logo by content).
* ``audit_log.run_id`` (filled from the existing entries' objects and details) and indexes.
* Bills issued before this revision are frozen *from their data as it is at the upgrade*
  (the account, the company profile and the interval data then; docs/audit.md "Upgrading")
  and chained per number series in number order.
* Immutability, now enforced for every printed field: amounts, consumption, quality counts,
  tariff code, inputs, frozen content and hashes; a bill is issued only with its content and
  chain link; ``issued -> cancelled`` only once the credit note cancelling it is issued; the
  audit log is append-only; on PostgreSQL ``TRUNCATE`` of bills, lines and the audit log is
  refused.
"""
from alembic import op
import sqlalchemy as sa
import billdesk.store.types


revision = '0005'
down_revision = '0007'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')

# the columns of an issued bill that never change (0001's list and what this revision adds)
PROTECTED_0001 = ("number", "kind", "account_id", "period_start", "period_end", "currency",
                  "net_total", "vat_total", "rounding", "total", "corrects_id", "fingerprint",
                  "issued_at", "run_id")
PROTECTED = PROTECTED_0001 + ("attempt_id", "tariff_code", "consumption_kwh", "q_measured",
                              "q_substituted", "q_estimated", "q_missing", "inputs", "content",
                              "content_hash", "prev_hash", "record_hash")
SEALED = ("content", "content_hash", "prev_hash", "record_hash")
MESSAGE = "issued bills are immutable (only issued -> cancelled is allowed)"
CANCEL = ("an issued bill is cancelled only together with the credit note that cancels it "
          "(billing create-and-correct)")
SEAL = "a bill is issued only with its frozen content and hash chain link"
APPEND_ONLY = "the audit log is append-only: entries are never changed or deleted"


def upgrade() -> None:
    _drop_0001_triggers()
    # plain ALTER TABLE … ADD COLUMN (never a batch copy of bills: see downgrade)
    op.add_column('bills', sa.Column('inputs', sa.Text(), nullable=True))
    op.add_column('bills', sa.Column('content', sa.Text(), nullable=True))
    op.add_column('bills', sa.Column('content_hash', sa.String(length=64), nullable=True))
    op.add_column('bills', sa.Column('prev_hash', sa.String(length=64), nullable=True))
    op.add_column('audit_log', sa.Column('run_id', sa.Integer(), nullable=True))
    op.create_index(op.f('ix_audit_log_run_id'), 'audit_log', ['run_id'], unique=False)
    op.create_index('ix_audit_log_object', 'audit_log', ['object_type', 'object_id'],
                    unique=False)
    op.create_table('run_inputs',
    sa.Column('id', ID, nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('recorded_at', billdesk.store.types.UTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['bill_runs.id'], name=op.f('fk_run_inputs_run_id_bill_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_run_inputs')),
    sa.UniqueConstraint('run_id', 'sha256', name=op.f('uq_run_inputs_run_id'))
    )
    op.create_table('document_assets',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', billdesk.store.types.UTC(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_document_assets'))
    )
    conn = op.get_bind()
    _fill_audit_run_ids(conn)
    from billdesk.runs.freeze import freeze_existing

    freeze_existing(conn)
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    op.drop_table('document_assets')
    op.drop_table('run_inputs')
    op.drop_index('ix_audit_log_object', table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_run_id'), table_name='audit_log')
    # ALTER TABLE … DROP COLUMN in place (SQLite >= 3.35 too): a batch "copy and move" of
    # bills would drop the table under its lines and delivery rows
    for table, column in (("audit_log", "run_id"), ("bills", "prev_hash"),
                          ("bills", "content_hash"), ("bills", "content"), ("bills", "inputs")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn = op.get_bind()
    # 0001 never filled record_hash: leave the column as 0001 left it
    conn.execute(sa.text("UPDATE bills SET record_hash = NULL"))
    _create_0001_triggers()


def _fill_audit_run_ids(conn) -> None:
    import json

    from billdesk.store.audit import run_of

    rows = conn.execute(sa.text("SELECT id, object_type, object_id, details FROM audit_log"))
    updates = []
    for r in rows:
        details = r.details
        if isinstance(details, str):
            try:
                details = json.loads(details)
            except ValueError:
                details = None
        run = run_of(r.object_type, r.object_id, details if isinstance(details, dict) else None)
        if run is not None:
            updates.append({"i": r.id, "r": run})
    for k in range(0, len(updates), 10000):
        conn.execute(sa.text("UPDATE audit_log SET run_id = :r WHERE id = :i"),
                     updates[k:k + 10000])


# ----------------------------------------------------------------------------- triggers
def _create_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in PROTECTED)
        unsealed = " OR ".join(f"NEW.{c} IS NULL" for c in SEALED)
        op.execute(f"""
            CREATE TRIGGER bills_issued_immutable BEFORE UPDATE ON bills
            WHEN OLD.number IS NOT NULL AND ({changed}
                 OR (NEW.status IS NOT OLD.status
                     AND NOT (OLD.status = 'issued' AND NEW.status = 'cancelled')))
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""")
        op.execute(f"""
            CREATE TRIGGER bills_cancel_with_credit_note BEFORE UPDATE OF status ON bills
            WHEN OLD.number IS NOT NULL AND OLD.status = 'issued' AND NEW.status = 'cancelled'
                 AND NOT EXISTS (SELECT 1 FROM bills c WHERE c.corrects_id = OLD.id
                                 AND c.kind = 'credit_note' AND c.number IS NOT NULL)
            BEGIN SELECT RAISE(ABORT, '{CANCEL}'); END""")
        op.execute(f"""
            CREATE TRIGGER bills_issue_sealed BEFORE UPDATE OF number ON bills
            WHEN OLD.number IS NULL AND NEW.number IS NOT NULL AND ({unsealed})
            BEGIN SELECT RAISE(ABORT, '{SEAL}'); END""")
        op.execute(f"""
            CREATE TRIGGER bills_insert_sealed BEFORE INSERT ON bills
            WHEN NEW.number IS NOT NULL AND ({unsealed})
            BEGIN SELECT RAISE(ABORT, '{SEAL}'); END""")
        op.execute(f"""
            CREATE TRIGGER bills_issued_no_delete BEFORE DELETE ON bills
            WHEN OLD.number IS NOT NULL
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""")
        for event in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log
                BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""")
        return
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in PROTECTED)
    unsealed = " OR ".join(f"NEW.{c} IS NULL" for c in SEALED)
    op.execute(f"""
        CREATE OR REPLACE FUNCTION billdesk_bills_immutable() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            IF OLD.number IS NOT NULL THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
            RETURN OLD;
          END IF;
          IF TG_OP = 'INSERT' OR OLD.number IS NULL THEN
            IF NEW.number IS NOT NULL AND ({unsealed}) THEN RAISE EXCEPTION '{SEAL}'; END IF;
            RETURN NEW;
          END IF;
          IF {changed}
             OR (NEW.status IS DISTINCT FROM OLD.status
                 AND NOT (OLD.status = 'issued' AND NEW.status = 'cancelled')) THEN
            RAISE EXCEPTION '{MESSAGE}';
          END IF;
          IF NEW.status IS DISTINCT FROM OLD.status AND NOT EXISTS (
              SELECT 1 FROM bills c WHERE c.corrects_id = OLD.id AND c.kind = 'credit_note'
              AND c.number IS NOT NULL) THEN
            RAISE EXCEPTION '{CANCEL}';
          END IF;
          RETURN NEW;
        END $$""")
    op.execute("CREATE TRIGGER bills_immutable BEFORE INSERT OR UPDATE OR DELETE ON bills "
               "FOR EACH ROW EXECUTE FUNCTION billdesk_bills_immutable()")
    op.execute(f"""
        CREATE FUNCTION billdesk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$""")
    op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
               "FOR EACH ROW EXECUTE FUNCTION billdesk_append_only()")
    op.execute("""
        CREATE FUNCTION billdesk_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_TABLE_NAME = 'audit_log'
             OR EXISTS (SELECT 1 FROM bills WHERE number IS NOT NULL) THEN
            RAISE EXCEPTION '% cannot be truncated: issued documents and the audit log are kept',
              TG_TABLE_NAME;
          END IF;
          RETURN NULL;
        END $$""")
    for table in ("bills", "bill_lines", "audit_log"):
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION billdesk_no_truncate()")


def _drop_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("bills_issued_immutable", "bills_cancel_with_credit_note",
                     "bills_issue_sealed", "bills_insert_sealed", "bills_issued_no_delete",
                     "audit_log_no_update", "audit_log_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        return
    for table in ("bills", "bill_lines", "audit_log"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
    op.execute("DROP TRIGGER IF EXISTS bills_immutable ON bills")
    op.execute("DROP FUNCTION IF EXISTS billdesk_no_truncate()")
    op.execute("DROP FUNCTION IF EXISTS billdesk_append_only()")
    op.execute("DROP FUNCTION IF EXISTS billdesk_bills_immutable()")


# the bills triggers of revision 0001 (the bill_lines triggers of 0001 stay as they are)
def _drop_0001_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("bills_issued_immutable", "bills_issued_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        return
    op.execute("DROP TRIGGER IF EXISTS bills_immutable ON bills")
    op.execute("DROP FUNCTION IF EXISTS billdesk_bills_immutable()")


def _create_0001_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in PROTECTED_0001)
        op.execute(f"""
            CREATE TRIGGER bills_issued_immutable BEFORE UPDATE ON bills
            WHEN OLD.number IS NOT NULL AND ({changed}
                 OR (NEW.status IS NOT OLD.status
                     AND NOT (OLD.status = 'issued' AND NEW.status = 'cancelled')))
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""")
        op.execute(f"""
            CREATE TRIGGER bills_issued_no_delete BEFORE DELETE ON bills
            WHEN OLD.number IS NOT NULL
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""")
        return
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in PROTECTED_0001)
    op.execute(f"""
        CREATE FUNCTION billdesk_bills_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            IF OLD.number IS NOT NULL THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
            RETURN OLD;
          END IF;
          IF OLD.number IS NOT NULL AND ({changed}
             OR (NEW.status IS DISTINCT FROM OLD.status
                 AND NOT (OLD.status = 'issued' AND NEW.status = 'cancelled'))) THEN
            RAISE EXCEPTION '{MESSAGE}';
          END IF;
          RETURN NEW;
        END $$""")
    op.execute("CREATE TRIGGER bills_immutable BEFORE UPDATE OR DELETE ON bills "
               "FOR EACH ROW EXECUTE FUNCTION billdesk_bills_immutable()")
