"""indexes at 1 M rows (issue #11 item 6): the outbox's counts for /readyz read partial indexes
(dead and sent-unknown rows through ix_outbox_messages_unsent) instead of the whole table; the
full indexes no query needs go, so each insert and each update that changes them writes fewer
index entries (ix_outbox_messages_status: every claim and release changes the status;
ix_orders_planned_delivery: replaced by the partial ix_orders_to_invite)

Revision ID: ad7aa31021a1
Revises: 5ddc7a2b4ebf
Create Date: 2026-11-29 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ad7aa31021a1'
down_revision = '5ddc7a2b4ebf'
branch_labels = None
depends_on = None

UNSENT = "status IN ('dead', 'sent-unknown')"


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_status')
        batch_op.create_index(
            'ix_outbox_messages_unsent',
            ['status'],
            unique=False,
            postgresql_where=sa.text(UNSENT),
            sqlite_where=sa.text(UNSENT),
        )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_planned_delivery')


def downgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_planned_delivery', ['planned_delivery'], unique=False)
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_unsent')
        batch_op.create_index('ix_outbox_messages_status', ['status'], unique=False)
