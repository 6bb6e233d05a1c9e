"""energy communities: type and rules, producers paid by self-billing credit notes

``communities`` gets ``type`` (generic|leg|zev|vzev; existing rows: generic),
``grid_discount`` (leg, percent), ``price_cap`` ('external' or a percent; zev/vzev),
``local_prices`` (time-of-use local prices by period, JSON; NULL = the flat ``local_price``)
and ``surplus_price`` (what producers are paid for surplus fed in; NULL = nothing).
``community_production_points.producer_account_id``: the producer account paid for the
point's energy (NULL: nobody, as before). ``bills.local_kwh`` and ``bills.community_saving``:
a member's local energy and its saving against the standard product (NULL on other bills).
Both are printed on the member's invoice, so the immutability of issued bills (0005's
triggers) is extended to them (and restored to 0005's list on downgrade).

Revision ID: 0006
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa
import billdesk.store.types


revision = '0006'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('communities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('type', sa.String(length=8), server_default='generic',
                                      nullable=False))
        batch_op.add_column(sa.Column('grid_discount', billdesk.store.types.Dec(),
                                      nullable=True))
        batch_op.add_column(sa.Column('price_cap', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('local_prices', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('surplus_price', billdesk.store.types.Dec(),
                                      nullable=True))
    with op.batch_alter_table('community_production_points', schema=None) as batch_op:
        batch_op.add_column(sa.Column('producer_account_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            'fk_community_production_points_producer_account_id_accounts', 'accounts',
            ['producer_account_id'], ['id'])
    # plain ADD COLUMN (no table copy: the immutability triggers on bills stay as they are)
    op.add_column('bills', sa.Column('local_kwh', billdesk.store.types.Dec(), nullable=True))
    op.add_column('bills', sa.Column('community_saving', billdesk.store.types.Dec(),
                                     nullable=True))
    _protect(PROTECTED_0005 + ("local_kwh", "community_saving"))


def downgrade() -> None:
    _protect(PROTECTED_0005)
    op.drop_column('bills', 'community_saving')
    op.drop_column('bills', 'local_kwh')
    with op.batch_alter_table('community_production_points', schema=None) as batch_op:
        batch_op.drop_constraint(
            'fk_community_production_points_producer_account_id_accounts', type_='foreignkey')
        batch_op.drop_column('producer_account_id')
    with op.batch_alter_table('communities', schema=None) as batch_op:
        batch_op.drop_column('surplus_price')
        batch_op.drop_column('local_prices')
        batch_op.drop_column('price_cap')
        batch_op.drop_column('grid_discount')
        batch_op.drop_column('type')


# ------------------------------------------------------------------ issued bills: immutable
# 0005's list of the columns of an issued bill that never change, and its messages
PROTECTED_0005 = ("number", "kind", "account_id", "period_start", "period_end", "currency",
                  "net_total", "vat_total", "rounding", "total", "corrects_id", "fingerprint",
                  "issued_at", "run_id", "attempt_id", "tariff_code", "consumption_kwh",
                  "q_measured", "q_substituted", "q_estimated", "q_missing", "inputs",
                  "content", "content_hash", "prev_hash", "record_hash")
SEALED = ("content", "content_hash", "prev_hash", "record_hash")
MESSAGE = "issued bills are immutable (only issued -> cancelled is allowed)"
CANCEL = ("an issued bill is cancelled only together with the credit note that cancels it "
          "(billing create-and-correct)")
SEAL = "a bill is issued only with its frozen content and hash chain link"


def _protect(columns: tuple[str, ...]) -> None:
    """0005's refusal of changes to an issued bill, over ``columns`` (the same trigger and
    function names and messages; only the column list differs)."""
    if op.get_bind().dialect.name == "sqlite":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
        op.execute("DROP TRIGGER IF EXISTS bills_issued_immutable")
        op.execute(f"""
            CREATE TRIGGER bills_issued_immutable BEFORE UPDATE ON bills
            WHEN OLD.number IS NOT NULL AND ({changed}
                 OR (NEW.status IS NOT OLD.status
                     AND NOT (OLD.status = 'issued' AND NEW.status = 'cancelled')))
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""")
        return
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)
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
