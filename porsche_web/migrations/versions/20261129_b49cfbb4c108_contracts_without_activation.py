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
    # Contracts without an activation (and the charging cards of cars without an order) cannot
    # exist in the old schema. Rather than delete customers' contracts, refuse: whoever
    # downgrades must decide what happens to them first.
    bind = op.get_bind()
    contracts = bind.execute(
        sa.text("SELECT count(*) FROM contracts WHERE activation_id IS NULL")
    ).scalar()
    cards = bind.execute(
        sa.text("SELECT count(*) FROM charging_cards WHERE order_number IS NULL")
    ).scalar()
    if contracts or cards:
        raise RuntimeError(
            f"Cannot downgrade below b49cfbb4c108: {contracts} contract(s) without an activation"
            f" and {cards} charging card(s) without an order exist (cars bought used); the older"
            " schema cannot hold them. End or export them first. This revision changed nothing."
        )
    with op.batch_alter_table('charging_cards', schema=None) as batch_op:
        batch_op.drop_index('uq_charging_cards_open_vin')
        batch_op.drop_column('vin')
        batch_op.alter_column('order_number', existing_type=sa.String(length=32), nullable=False)
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_index('ix_contracts_vin')
        batch_op.drop_column('invoice_recipient')
        batch_op.drop_column('model_year')
        batch_op.drop_column('model_id')
        batch_op.drop_column('market')
        batch_op.drop_column('vin')
        batch_op.alter_column('activation_id', existing_type=sa.Integer(), nullable=False)
