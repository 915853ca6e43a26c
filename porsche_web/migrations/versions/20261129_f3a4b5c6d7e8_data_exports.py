"""data exports: the customers' "Download my data" archives, built by a job

Revision ID: f3a4b5c6d7e8
Revises: e2f3a4b5c6d7
Create Date: 2026-11-29 02:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a4b5c6d7e8'
down_revision = 'e2f3a4b5c6d7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'data_exports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('market', sa.String(length=2), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ready_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('archive', sa.LargeBinary(), nullable=True),
        sa.Column('size', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_data_exports_account_id_accounts')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_exports')),
    )
    with op.batch_alter_table('data_exports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_exports_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_exports_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(
            'uq_data_exports_open',
            ['account_id'],
            unique=True,
            postgresql_where=sa.text("status IN ('requested', 'building')"),
            sqlite_where=sa.text("status IN ('requested', 'building')"),
        )


def downgrade():
    op.drop_table('data_exports')
