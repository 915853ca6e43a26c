"""outbox leases, transports, redaction

Revision ID: b3c1d2e4f5a6
Revises: 7e8e5d191d3e
Create Date: 2026-11-26 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3c1d2e4f5a6'
down_revision = '7e8e5d191d3e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_transports',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('paused_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_outbox_transports'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('redacted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column('status', existing_type=sa.String(length=10),
                              type_=sa.String(length=16), existing_nullable=False)


def downgrade():
    op.execute("UPDATE outbox_messages SET status = 'sent' WHERE status = 'sent-unknown'")
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=sa.String(length=16),
                              type_=sa.String(length=10), existing_nullable=False)
        batch_op.drop_column('redacted_at')
        batch_op.drop_column('lease_until')
        batch_op.drop_column('claimed_by')

    op.drop_table('outbox_transports')
