"""team: per-worker rows of a run (lease, heartbeat, counts); run change notifications

Revision ID: 0007
Revises: 0002
Create Date: 2026-12-10

``run_workers``: one row per process working on a run (see billdesk.store.models.RunWorker).
PostgreSQL only: a trigger on ``bill_runs`` sends ``NOTIFY billdesk_runs`` with
``{"run": id, "status": …, "op": insert|update}`` for every inserted or changed run row —
at commit, so a listener sees the change when it is readable (billdesk.store.notify).
Also PostgreSQL only: ``billing_attempts`` gets fillfactor 50, so that claiming a batch and
re-asserting the claim (columns without an index) are HOT updates that add no index entries
(3.1x less server time for the claim statement measured on 10,000 accounts; new pages only —
attempts are inserted when a run is created).
The roles and their grants are not made here (roles belong to the whole server): see
``billdesk db roles --apply`` (billdesk.store.roles).
"""
from alembic import op
import sqlalchemy as sa
import billdesk.store.types


revision = '0007'
down_revision = '0002'
branch_labels = None
depends_on = None

NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION billdesk_notify_run() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('billdesk_runs', json_build_object(
        'run', NEW.id, 'status', NEW.status, 'op', lower(TG_OP))::text);
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table('run_workers',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('host', sa.String(length=128), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('lease_seconds', sa.Integer(), nullable=False),
    sa.Column('started_at', billdesk.store.types.UTC(timezone=True), nullable=False),
    sa.Column('heartbeat_at', billdesk.store.types.UTC(timezone=True), nullable=False),
    sa.Column('last_batch_at', billdesk.store.types.UTC(timezone=True), nullable=True),
    sa.Column('stopped_at', billdesk.store.types.UTC(timezone=True), nullable=True),
    sa.Column('accounts', sa.Integer(), nullable=False),
    sa.Column('batches', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['bill_runs.id'], name=op.f('fk_run_workers_run_id_bill_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'token', name=op.f('pk_run_workers'))
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE billing_attempts SET (fillfactor = 50)")
        op.execute(NOTIFY_FUNCTION)
        op.execute("CREATE TRIGGER billdesk_notify_run AFTER INSERT OR UPDATE ON bill_runs "
                   "FOR EACH ROW EXECUTE FUNCTION billdesk_notify_run()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS billdesk_notify_run ON bill_runs")
        op.execute("DROP FUNCTION IF EXISTS billdesk_notify_run()")
        op.execute("ALTER TABLE billing_attempts RESET (fillfactor)")
    op.drop_table('run_workers')
