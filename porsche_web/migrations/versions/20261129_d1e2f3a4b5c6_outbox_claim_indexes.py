"""the deliverer's claim in two index-ordered scans: pending rows by due time, leased rows by
the end of their lease (rows waiting for a later retry are no longer walked)

Revision ID: d1e2f3a4b5c6
Revises: c4d2e3f5a6b7
Create Date: 2026-11-29 01:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd1e2f3a4b5c6'
down_revision = 'c4d2e3f5a6b7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_due')
        batch_op.create_index(
            'ix_outbox_messages_pending',
            ['channel', 'next_attempt_at', 'id'],
            unique=False,
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        )
        batch_op.create_index(
            'ix_outbox_messages_leased',
            ['channel', 'lease_until'],
            unique=False,
            postgresql_where=sa.text("status = 'sending'"),
            sqlite_where=sa.text("status = 'sending'"),
        )


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_leased')
        batch_op.drop_index('ix_outbox_messages_pending')
        batch_op.create_index(
            'ix_outbox_messages_due',
            ['channel', 'id'],
            unique=False,
            postgresql_where=sa.text("status IN ('pending', 'sending')"),
            sqlite_where=sa.text("status IN ('pending', 'sending')"),
        )
