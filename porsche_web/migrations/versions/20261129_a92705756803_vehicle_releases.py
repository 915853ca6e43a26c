"""vehicle releases and vehicles.released_at: a car changes hands (issue #16, item 3)

Revision ID: a92705756803
Revises: 5a6d49df2941
Create Date: 2026-11-29 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a92705756803'
down_revision = '5a6d49df2941'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('vehicles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('released_at', sa.DateTime(timezone=True), nullable=True))

    op.create_table('vehicle_releases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=False),
    sa.Column('vin', sa.String(length=17), nullable=False),
    sa.Column('previous_account_id', sa.Integer(), nullable=True),
    sa.Column('started_by', sa.String(length=8), nullable=False),
    sa.Column('staff_member_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('proof_reference', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('effective_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('objected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('contracts', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['previous_account_id'], ['accounts.id'], name=op.f('fk_vehicle_releases_previous_account_id_accounts')),
    sa.ForeignKeyConstraint(['staff_member_id'], ['staff_members.id'], name=op.f('fk_vehicle_releases_staff_member_id_staff_members')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_vehicle_releases_vehicle_id_vehicles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vehicle_releases'))
    )
    with op.batch_alter_table('vehicle_releases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vehicle_releases_previous_account_id'), ['previous_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vehicle_releases_vehicle_id'), ['vehicle_id'], unique=False)
        batch_op.create_index('uq_vehicle_releases_pending', ['vehicle_id'], unique=True, sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))


def downgrade():
    with op.batch_alter_table('vehicle_releases', schema=None) as batch_op:
        batch_op.drop_index('uq_vehicle_releases_pending')
        batch_op.drop_index(batch_op.f('ix_vehicle_releases_vehicle_id'))
        batch_op.drop_index(batch_op.f('ix_vehicle_releases_previous_account_id'))

    op.drop_table('vehicle_releases')
    with op.batch_alter_table('vehicles', schema=None) as batch_op:
        batch_op.drop_column('released_at')
