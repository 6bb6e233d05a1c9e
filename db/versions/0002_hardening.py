"""hardening: the account's VAT registration as a producer

Revision ID: 0002
Revises: 0003
Create Date: 2026-12-01 20:30:00

``accounts.vat_registered``: a producer registered for VAT; its feed-in credit carries VAT,
an unregistered one's does not (docs/billing-rules.md). Existing accounts become not
registered, the default for households.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vat_registered', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('vat_registered')
