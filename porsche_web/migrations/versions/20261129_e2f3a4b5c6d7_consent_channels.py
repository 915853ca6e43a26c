"""consents: where each was given and where it was withdrawn (the privacy centre)

Revision ID: e2f3a4b5c6d7
Revises: d1e2f3a4b5c6
Create Date: 2026-11-29 02:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2f3a4b5c6d7'
down_revision = 'd1e2f3a4b5c6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('channel', sa.String(length=20), nullable=False, server_default='activation')
        )
        batch_op.add_column(sa.Column('withdrawn_via', sa.String(length=20), nullable=True))
    op.execute("UPDATE consents SET withdrawn_via = 'next_steps' WHERE withdrawn_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_via')
        batch_op.drop_column('channel')
