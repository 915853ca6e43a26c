"""the car's people: secondary users, their SMS codes and rights (issue #16)

Revision ID: 5a6d49df2941
Revises: 08dfee0b3142
Create Date: 2026-11-29 04:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a6d49df2941'
down_revision = '08dfee0b3142'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('car_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=False),
    sa.Column('main_account_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone_e164', sa.String(length=16), nullable=False),
    sa.Column('market', sa.String(length=2), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('token_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('activated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_car_people_account_id_accounts')),
    sa.ForeignKeyConstraint(['main_account_id'], ['accounts.id'], name=op.f('fk_car_people_main_account_id_accounts')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_car_people_vehicle_id_vehicles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_car_people')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_car_people_token_hash')),
    sa.UniqueConstraint('vehicle_id', 'account_id', name=op.f('uq_car_people_vehicle_id'))
    )
    with op.batch_alter_table('car_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_car_people_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_car_people_main_account_id'), ['main_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_car_people_vehicle_id'), ['vehicle_id'], unique=False)

    op.create_table('car_person_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['car_people.id'], name=op.f('fk_car_person_codes_person_id_car_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_car_person_codes'))
    )
    with op.batch_alter_table('car_person_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_car_person_codes_person_id'), ['person_id'], unique=False)

    op.create_table('car_person_rights',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('function', sa.String(length=12), nullable=False),
    sa.Column('until', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['car_people.id'], name=op.f('fk_car_person_rights_person_id_car_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_car_person_rights')),
    sa.UniqueConstraint('person_id', 'function', name=op.f('uq_car_person_rights_person_id'))
    )
    with op.batch_alter_table('car_person_rights', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_car_person_rights_person_id'), ['person_id'], unique=False)


def downgrade():
    with op.batch_alter_table('car_person_rights', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_car_person_rights_person_id'))
    op.drop_table('car_person_rights')
    with op.batch_alter_table('car_person_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_car_person_codes_person_id'))
    op.drop_table('car_person_codes')
    with op.batch_alter_table('car_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_car_people_vehicle_id'))
        batch_op.drop_index(batch_op.f('ix_car_people_main_account_id'))
        batch_op.drop_index(batch_op.f('ix_car_people_account_id'))
    op.drop_table('car_people')
