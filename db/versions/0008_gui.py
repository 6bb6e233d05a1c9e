"""gui: export jobs (resumable PDF exports), where each document was written, run templates

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
import billdesk.store.types


revision = '0008'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('run_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('billing', sa.String(length=20), nullable=False),
    sa.Column('thresholds', sa.JSON(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', billdesk.store.types.UTC(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_run_templates')),
    sa.UniqueConstraint('name', name=op.f('uq_run_templates_name'))
    )
    op.create_table('export_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('bill_ids', sa.JSON(), nullable=True),
    sa.Column('out_dir', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('written', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('owner', sa.String(length=128), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('started_at', billdesk.store.types.UTC(timezone=True), nullable=False),
    sa.Column('heartbeat_at', billdesk.store.types.UTC(timezone=True), nullable=True),
    sa.Column('finished_at', billdesk.store.types.UTC(timezone=True), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['bill_runs.id'], name=op.f('fk_export_jobs_run_id_bill_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_jobs'))
    )
    with op.batch_alter_table('export_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_jobs_run_id'), ['run_id'], unique=False)

    op.create_table('document_files',
    sa.Column('bill_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('written_at', billdesk.store.types.UTC(timezone=True), nullable=False),
    sa.Column('export_job_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['bill_id'], ['bills.id'], name=op.f('fk_document_files_bill_id_bills'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['export_job_id'], ['export_jobs.id'], name=op.f('fk_document_files_export_job_id_export_jobs')),
    sa.PrimaryKeyConstraint('bill_id', name=op.f('pk_document_files'))
    )
    with op.batch_alter_table('document_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_files_export_job_id'), ['export_job_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('document_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_files_export_job_id'))

    op.drop_table('document_files')
    with op.batch_alter_table('export_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_jobs_run_id'))

    op.drop_table('export_jobs')
    op.drop_table('run_templates')
