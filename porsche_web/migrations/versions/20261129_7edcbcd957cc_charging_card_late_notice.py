"""charging_cards.late_notice_sent_at: the customer is told once that the card is late

Revision ID: 7edcbcd957cc
Revises: b49cfbb4c108
Create Date: 2026-11-29 07:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7edcbcd957cc'
down_revision = 'b49cfbb4c108'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('charging_cards', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('late_notice_sent_at', sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table('charging_cards', schema=None) as batch_op:
        batch_op.drop_column('late_notice_sent_at')
