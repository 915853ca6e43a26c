"""charging cards: the Charging Service booked after the activation, its card and virtual card,
and the fulfilment partners' API keys

Revision ID: 5c1e9a7b3d20
Revises: 1b2689c404f2
Create Date: 2026-11-29 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e9a7b3d20'
down_revision = '1b2689c404f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'charging_cards',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('order_number', sa.String(length=32), nullable=False),
        sa.Column('market', sa.String(length=2), nullable=False),
        sa.Column('contract_id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.String(length=64), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('ordered_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('promised_by', sa.Date(), nullable=False),
        sa.Column('shipped_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('activated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('delivery_name', sa.String(length=200), nullable=False),
        sa.Column('delivery_street', sa.String(length=200), nullable=False),
        sa.Column('delivery_postal_code', sa.String(length=12), nullable=False),
        sa.Column('delivery_city', sa.String(length=100), nullable=False),
        sa.Column('delivery_region', sa.String(length=100), nullable=True),
        sa.Column('delivery_country', sa.String(length=2), nullable=False),
        sa.Column('virtual_card_number', sa.String(length=24), nullable=False),
        sa.Column('virtual_voided_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_charging_cards_account_id_accounts')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_charging_cards')),
        sa.UniqueConstraint('virtual_card_number', name=op.f('uq_charging_cards_virtual_card_number')),
    )
    with op.batch_alter_table('charging_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_charging_cards_account_id'), ['account_id'], unique=False)
        batch_op.create_index(
            'uq_charging_cards_open',
            ['order_number'],
            unique=True,
            postgresql_where=sa.text("status <> 'voided'"),
            sqlite_where=sa.text("status <> 'voided'"),
        )
    op.create_table(
        'charging_partner_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('partner', sa.String(length=100), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('prefix', sa.String(length=12), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_charging_partner_keys')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_charging_partner_keys_key_hash')),
    )


def downgrade():
    op.drop_table('charging_partner_keys')
    op.drop_table('charging_cards')
