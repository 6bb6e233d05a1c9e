"""energy communities: type and rules, producers paid by self-billing credit notes

``communities`` gets ``type`` (generic|leg|zev|vzev; existing rows: generic),
``grid_discount`` (leg, percent), ``price_cap`` ('external' or a percent; zev/vzev),
``local_prices`` (time-of-use local prices by period, JSON; NULL = the flat ``local_price``)
and ``surplus_price`` (what producers are paid for surplus fed in; NULL = nothing).
``community_production_points.producer_account_id``: the producer account paid for the
point's energy (NULL: nobody, as before). ``bills.local_kwh`` and ``bills.community_saving``:
a member's local energy and its saving against the standard product (NULL on other bills).

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


def downgrade() -> None:
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
