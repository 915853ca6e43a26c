"""order milestones (Track your Dream) and the customers' e-mail opt-in

Revision ID: 8e4f2b6d9a71
Revises: 5c1e9a7b3d20
Create Date: 2026-11-29 04:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e4f2b6d9a71'
down_revision = '5c1e9a7b3d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'order_milestones',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('milestone', sa.String(length=20), nullable=False),
        sa.Column('happened_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_milestones_order_id_orders')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_order_milestones')),
        sa.UniqueConstraint('order_id', 'milestone', name=op.f('uq_order_milestones_order_id')),
    )
    with op.batch_alter_table('order_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_milestones_order_id'), ['order_id'], unique=False)
    op.create_table(
        'milestone_subscriptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_milestone_subscriptions_account_id_accounts')),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_milestone_subscriptions_order_id_orders')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone_subscriptions')),
        sa.UniqueConstraint('account_id', 'order_id', name=op.f('uq_milestone_subscriptions_account_id')),
    )
    with op.batch_alter_table('milestone_subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_subscriptions_account_id'), ['account_id'], unique=False)


def downgrade():
    op.drop_table('milestone_subscriptions')
    op.drop_table('order_milestones')
