"""metering points keyed by code, direction and channel; per-interval document times

A meter code may now carry both directions (a bidirectional meter: one row for consumption,
one for production) and the energy-community channels ``local`` and ``residual``.
Existing points keep their code and direction and get channel ``total``; their chunks keep
``doc_times`` NULL (their values count as created when they were received).

Revision ID: 0003
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('metering_points', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=16), server_default='total',
                                      nullable=False))
        batch_op.drop_constraint('uq_metering_points_code', type_='unique')
        batch_op.create_unique_constraint('uq_metering_points_code',
                                          ['code', 'kind', 'channel'])
    with op.batch_alter_table('interval_chunks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('doc_times', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    conn = op.get_bind()
    shared = conn.execute(sa.text(
        "SELECT count(*) FROM (SELECT code FROM metering_points GROUP BY code "
        "HAVING count(*) > 1) AS s")).scalar()
    other = conn.execute(sa.text(
        "SELECT count(*) FROM metering_points WHERE channel <> 'total'")).scalar()
    if shared or other:
        raise RuntimeError(
            f"cannot downgrade below 0003: {shared} meter code(s) carry more than one direction "
            f"or channel and {other} point(s) hold a local or residual channel; the older schema "
            "has one point per code. Remove those points (and their interval data) first.")
    with op.batch_alter_table('interval_chunks', schema=None) as batch_op:
        batch_op.drop_column('doc_times')
    with op.batch_alter_table('metering_points', schema=None) as batch_op:
        batch_op.drop_constraint('uq_metering_points_code', type_='unique')
        batch_op.create_unique_constraint('uq_metering_points_code', ['code'])
        batch_op.drop_column('channel')
