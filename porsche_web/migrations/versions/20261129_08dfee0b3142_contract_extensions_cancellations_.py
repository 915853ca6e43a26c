"""contract extensions, cancellations, invoices and reminders

Revision ID: 08dfee0b3142
Revises: b3d7f1a9c456
Create Date: 2026-11-29 04:35:12.089004

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '08dfee0b3142'
down_revision = 'b3d7f1a9c456'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('invoice_counters',
    sa.Column('market', sa.String(length=2), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('market', name=op.f('pk_invoice_counters'))
    )
    op.create_table('invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('market', sa.String(length=2), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.JSON(), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('order_number', sa.String(length=40), nullable=True),
    sa.Column('vin', sa.String(length=17), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('refers_to_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_invoices_account_id_accounts')),
    sa.ForeignKeyConstraint(['refers_to_id'], ['invoices.id'], name=op.f('fk_invoices_refers_to_id_invoices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoices')),
    sa.UniqueConstraint('market', 'number', name=op.f('uq_invoices_market'))
    )
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoices_account_id'), ['account_id'], unique=False)

    op.create_table('contract_cancellations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_contract_cancellations_account_id_accounts')),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_contract_cancellations_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_cancellations')),
    sa.UniqueConstraint('contract_id', name=op.f('uq_contract_cancellations_contract_id'))
    )
    with op.batch_alter_table('contract_cancellations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_cancellations_account_id'), ['account_id'], unique=False)

    op.create_table('contract_extensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('request_key', sa.String(length=64), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('previous_end', sa.Date(), nullable=False),
    sa.Column('price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('invoice_id', sa.Integer(), nullable=True),
    sa.Column('credit_note_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_contract_extensions_account_id_accounts')),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_contract_extensions_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['credit_note_id'], ['invoices.id'], name=op.f('fk_contract_extensions_credit_note_id_invoices')),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_contract_extensions_invoice_id_invoices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_extensions')),
    sa.UniqueConstraint('request_key', name=op.f('uq_contract_extensions_request_key'))
    )
    with op.batch_alter_table('contract_extensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_extensions_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_extensions_contract_id'), ['contract_id'], unique=False)

    op.create_table('contract_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_contract_reminders_account_id_accounts')),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_contract_reminders_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_reminders')),
    sa.UniqueConstraint('contract_id', 'days', 'period_end', name=op.f('uq_contract_reminders_contract_id'))
    )
    with op.batch_alter_table('contract_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_reminders_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_reminders_contract_id'), ['contract_id'], unique=False)



def downgrade():
    with op.batch_alter_table('contract_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_reminders_contract_id'))
        batch_op.drop_index(batch_op.f('ix_contract_reminders_account_id'))

    op.drop_table('contract_reminders')
    with op.batch_alter_table('contract_extensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_extensions_contract_id'))
        batch_op.drop_index(batch_op.f('ix_contract_extensions_account_id'))

    op.drop_table('contract_extensions')
    with op.batch_alter_table('contract_cancellations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_cancellations_account_id'))

    op.drop_table('contract_cancellations')
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoices_account_id'))

    op.drop_table('invoices')
    op.drop_table('invoice_counters')
