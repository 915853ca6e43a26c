"""contracts without an activation: the Charging Service of a used car's buyer

A contract belongs to the Porsche ID and the car. ``activation_id`` becomes optional; a contract
without one names its car (``vin``, ``market``, ``model_id``, ``model_year``) and keeps the
invoice recipient confirmed with it. Every existing contract keeps its activation and its data.

Revision ID: b49cfbb4c108
Revises: 2752e0a447e9
Create Date: 2026-11-29 07:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b49cfbb4c108'
down_revision = '2752e0a447e9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.alter_column('activation_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('vin', sa.String(length=17), nullable=True))
        batch_op.add_column(sa.Column('market', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('model_id', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('model_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('invoice_recipient', sa.JSON(), nullable=True))
        batch_op.create_index('ix_contracts_vin', ['vin'], unique=False)
    with op.batch_alter_table('charging_cards', schema=None) as batch_op:
        batch_op.alter_column('order_number', existing_type=sa.String(length=32), nullable=True)
        batch_op.add_column(sa.Column('vin', sa.String(length=17), nullable=True))
        batch_op.create_index(
            'uq_charging_cards_open_vin',
            ['account_id', 'vin'],
            unique=True,
            postgresql_where=sa.text("status <> 'voided' AND order_number IS NULL"),
            sqlite_where=sa.text("status <> 'voided' AND order_number IS NULL"),
        )


def downgrade():
    # Contracts without an activation cannot exist in the old schema: they go (their charging
    # cards point at them only by id).
    op.execute("DELETE FROM charging_cards WHERE order_number IS NULL")
    with op.batch_alter_table('charging_cards', schema=None) as batch_op:
        batch_op.drop_index('uq_charging_cards_open_vin')
        batch_op.drop_column('vin')
        batch_op.alter_column('order_number', existing_type=sa.String(length=32), nullable=False)
    op.execute("DELETE FROM contracts WHERE activation_id IS NULL")
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_index('ix_contracts_vin')
        batch_op.drop_column('invoice_recipient')
        batch_op.drop_column('model_year')
        batch_op.drop_column('model_id')
        batch_op.drop_column('market')
        batch_op.drop_column('vin')
        batch_op.alter_column('activation_id', existing_type=sa.Integer(), nullable=False)
