"""data pass registrations: the hand-off to the provider (F18), its reminder, the providers' keys

Revision ID: b3d7f1a9c456
Revises: 8e4f2b6d9a71
Create Date: 2026-11-29 05:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3d7f1a9c456'
down_revision = '8e4f2b6d9a71'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'data_pass_registrations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('order_number', sa.String(length=32), nullable=False),
        sa.Column('provider', sa.String(length=200), nullable=False),
        sa.Column('registered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('registered_via', sa.String(length=10), nullable=True),
        sa.Column('reminder_sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_data_pass_registrations_account_id_accounts')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_pass_registrations')),
        sa.UniqueConstraint('order_number', name=op.f('uq_data_pass_registrations_order_number')),
    )
    with op.batch_alter_table('data_pass_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_pass_registrations_account_id'), ['account_id'], unique=False)
    op.create_table(
        'data_pass_provider_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('market', sa.String(length=2), nullable=False),
        sa.Column('provider', sa.String(length=200), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('prefix', sa.String(length=12), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_pass_provider_keys')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_data_pass_provider_keys_key_hash')),
    )


def downgrade():
    op.drop_table('data_pass_provider_keys')
    op.drop_table('data_pass_registrations')
