"""dispatch: e-mail and print delivery of issued documents

Revision ID: 0004
Revises: 0001
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
import billdesk.store.types


revision = '0004'
down_revision = '0001'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('dispatch_messages',
    sa.Column('id', ID, nullable=False),
    sa.Column('bill_id', ID, nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('open_bill_id', ID, nullable=True),
    sa.Column('recipient', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('message_id', sa.String(length=255), nullable=True),
    sa.Column('resend', sa.Boolean(), nullable=False),
    sa.Column('tries', sa.Integer(), nullable=False),
    sa.Column('next_try_at', billdesk.store.types.UTC(timezone=True), nullable=True),
    sa.Column('queued_at', billdesk.store.types.UTC(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_at', billdesk.store.types.UTC(timezone=True), nullable=True),
    sa.Column('sent_at', billdesk.store.types.UTC(timezone=True), nullable=True),
    sa.Column('server_reply', sa.Text(), nullable=True),
    sa.Column('server_id', sa.String(length=255), nullable=True),
    sa.Column('smtp_code', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('bounced_at', billdesk.store.types.UTC(timezone=True), nullable=True),
    sa.Column('bounce_reason', sa.Text(), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['bill_id'], ['bills.id'], name=op.f('fk_dispatch_messages_bill_id_bills')),
    sa.ForeignKeyConstraint(['run_id'], ['bill_runs.id'], name=op.f('fk_dispatch_messages_run_id_bill_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispatch_messages')),
    sa.UniqueConstraint('message_id', name=op.f('uq_dispatch_messages_message_id')),
    sa.UniqueConstraint('open_bill_id', name=op.f('uq_dispatch_messages_open_bill_id'))
    )
    with op.batch_alter_table('dispatch_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispatch_messages_bill_id'), ['bill_id'], unique=False)
        batch_op.create_index('ix_dispatch_messages_run_status', ['run_id', 'status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dispatch_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_dispatch_messages_run_status')
        batch_op.drop_index(batch_op.f('ix_dispatch_messages_bill_id'))
    op.drop_table('dispatch_messages')
