"""indexes of the hot queries: orders by VIN, the orders still to invite, the outbox rows
still to send

Revision ID: c4d2e3f5a6b7
Revises: c5d6e7f8a9b0
Create Date: 2026-11-28 23:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4d2e3f5a6b7'
down_revision = 'c5d6e7f8a9b0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orders_vin'), ['vin'], unique=False)
        batch_op.create_index(
            'ix_orders_ordered_delivery',
            ['planned_delivery'],
            unique=False,
            postgresql_where=sa.text("status = 'ordered'"),
            sqlite_where=sa.text("status = 'ordered'"),
        )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(
            'ix_outbox_messages_due',
            ['channel', 'id'],
            unique=False,
            postgresql_where=sa.text("status IN ('pending', 'sending')"),
            sqlite_where=sa.text("status IN ('pending', 'sending')"),
        )


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_due')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_ordered_delivery')
        batch_op.drop_index(batch_op.f('ix_orders_vin'))
