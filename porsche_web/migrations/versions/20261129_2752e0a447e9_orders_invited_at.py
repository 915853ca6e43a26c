"""orders.invited_at: the due-orders query reads only the orders still to invite

Revision ID: 2752e0a447e9
Revises: a92705756803
Create Date: 2026-11-29 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2752e0a447e9'
down_revision = 'a92705756803'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True))
    # The time of each order's live invitation (not voided: open or used).
    op.execute(
        "UPDATE orders SET invited_at = (SELECT max(i.sent_at) FROM invitations i"
        " WHERE i.order_id = orders.id AND i.voided_at IS NULL)"
        " WHERE EXISTS (SELECT 1 FROM invitations i"
        " WHERE i.order_id = orders.id AND i.voided_at IS NULL)"
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_ordered_delivery')
        batch_op.create_index(
            'ix_orders_to_invite',
            ['planned_delivery'],
            unique=False,
            postgresql_where=sa.text("status = 'ordered' AND invited_at IS NULL"),
            sqlite_where=sa.text("status = 'ordered' AND invited_at IS NULL"),
        )


def downgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_to_invite')
        batch_op.create_index(
            'ix_orders_ordered_delivery',
            ['planned_delivery'],
            unique=False,
            postgresql_where=sa.text("status = 'ordered'"),
            sqlite_where=sa.text("status = 'ordered'"),
        )
        batch_op.drop_column('invited_at')
