"""invoices.vat_rate and vat_included: the market's VAT as it was when the invoice was issued

Invoices issued before stay without (they keep the sentence that all prices include VAT).

Revision ID: 9043a5452aa6
Revises: 7edcbcd957cc
Create Date: 2026-11-29 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9043a5452aa6'
down_revision = '7edcbcd957cc'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vat_rate', sa.Numeric(precision=5, scale=2), nullable=True))
        batch_op.add_column(sa.Column('vat_included', sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_column('vat_included')
        batch_op.drop_column('vat_rate')
