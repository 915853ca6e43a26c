"""one send-due at a time (run_locks) and one open invitation link per order

Revision ID: 6f86d90a8b4a
Revises: b5c6d7e8f9a0
Create Date: 2026-11-29 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6f86d90a8b4a'
down_revision = 'b5c6d7e8f9a0'
branch_labels = None
depends_on = None

OPEN = "used_at IS NULL AND voided_at IS NULL"


def upgrade():
    op.create_table('run_locks',
    sa.Column('job', sa.String(length=64), nullable=False),
    sa.Column('holder', sa.String(length=32), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('job', name=op.f('pk_run_locks'))
    )
    # Two send-due runs at once left orders with two open links: the newer one stays open,
    # the older ones are voided as of the newer one's sending, as the rule says.
    op.execute(
        f"""
        UPDATE invitations SET voided_at = (
            SELECT MIN(newer.sent_at) FROM invitations newer
            WHERE newer.order_id = invitations.order_id AND newer.id > invitations.id
              AND newer.used_at IS NULL AND newer.voided_at IS NULL
        )
        WHERE {OPEN} AND EXISTS (
            SELECT 1 FROM invitations newer
            WHERE newer.order_id = invitations.order_id AND newer.id > invitations.id
              AND newer.used_at IS NULL AND newer.voided_at IS NULL
        )
        """
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(
            'uq_invitations_open_order',
            ['order_id'],
            unique=True,
            postgresql_where=sa.text(OPEN),
            sqlite_where=sa.text(OPEN),
        )


def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index('uq_invitations_open_order')
    op.drop_table('run_locks')
