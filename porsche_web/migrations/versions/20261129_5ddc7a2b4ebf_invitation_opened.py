"""invitations.opened_at: when an invitation link was first opened (issue #12: staff see it)

Revision ID: 5ddc7a2b4ebf
Revises: dcbc0da1f2cb
Create Date: 2026-11-29 14:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5ddc7a2b4ebf'
down_revision = 'dcbc0da1f2cb'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('opened_at')
