"""staff passkeys (WebAuthn) as a second factor, and the ceremony's challenge on the staff
session (issue #12)

Revision ID: 1b2689c404f2
Revises: 256c6db26de0
Create Date: 2026-11-29 04:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1b2689c404f2'
down_revision = '256c6db26de0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staff_passkeys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('credential_id', sa.String(length=400), nullable=False),
    sa.Column('public_key', sa.String(length=1000), nullable=False),
    sa.Column('sign_count', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_staff_passkeys_staff_id_staff_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_passkeys')),
    sa.UniqueConstraint('credential_id', name=op.f('uq_staff_passkeys_credential_id'))
    )
    with op.batch_alter_table('staff_passkeys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_passkeys_staff_id'), ['staff_id'], unique=False)
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('webauthn_challenge', sa.String(length=128), nullable=True))


def downgrade():
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.drop_column('webauthn_challenge')
    with op.batch_alter_table('staff_passkeys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_passkeys_staff_id'))
    op.drop_table('staff_passkeys')
