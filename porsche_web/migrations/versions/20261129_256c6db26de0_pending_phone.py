"""a pending phone number set by staff, confirmed by the customer's SMS code (issue #12)

Revision ID: 256c6db26de0
Revises: d7e8f9a0b1c2
Create Date: 2026-11-29 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '256c6db26de0'
down_revision = 'd7e8f9a0b1c2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_phone_e164', sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column('pending_phone_since', sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('pending_phone_since')
        batch_op.drop_column('pending_phone_e164')
