"""privacy policy versions: the policy in force when a consent was given, and the customers'
acknowledgements of a new version

Revision ID: a4b5c6d7e8f9
Revises: f3a4b5c6d7e8
Create Date: 2026-11-29 03:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4b5c6d7e8f9'
down_revision = 'f3a4b5c6d7e8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('policy_version', sa.String(length=100), nullable=True))
    op.create_table(
        'policy_acknowledgements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('market', sa.String(length=2), nullable=False),
        sa.Column('version', sa.String(length=100), nullable=False),
        sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_policy_acknowledgements_account_id_accounts')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_acknowledgements')),
        sa.UniqueConstraint('account_id', 'market', 'version', name='uq_policy_acknowledgements'),
    )
    with op.batch_alter_table('policy_acknowledgements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_acknowledgements_account_id'), ['account_id'], unique=False)


def downgrade():
    op.drop_table('policy_acknowledgements')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_column('policy_version')
