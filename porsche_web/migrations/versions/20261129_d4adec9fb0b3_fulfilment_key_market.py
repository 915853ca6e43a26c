"""charging_partner_keys.market: a fulfilment partner's key moves only its market's cards

Revision ID: d4adec9fb0b3
Revises: ad7aa31021a1
Create Date: 2026-11-29 18:00:00.000000

A key made before this migration has no market, so it cannot be scoped: it is revoked here (its
market is left empty, which names no card either). The operator makes the partner a new key
with ``flask --app porsche_web charging create-key --market XX --partner NAME``.
"""
import logging

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4adec9fb0b3'
down_revision = 'ad7aa31021a1'
branch_labels = None
depends_on = None

log = logging.getLogger('alembic.runtime.migration')


def upgrade():
    with op.batch_alter_table('charging_partner_keys', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('market', sa.String(length=2), nullable=False, server_default='')
        )
    keys = sa.table(
        'charging_partner_keys',
        sa.column('market', sa.String),
        sa.column('revoked_at', sa.DateTime(timezone=True)),
    )
    revoked = op.get_bind().execute(
        keys.update()
        .where(keys.c.market == '', keys.c.revoked_at.is_(None))
        .values(revoked_at=sa.func.current_timestamp())
    )
    if revoked.rowcount:
        log.warning(
            'Revoked %d fulfilment partner key(s) made without a market: make new ones with '
            '"flask charging create-key --market XX --partner NAME".',
            revoked.rowcount,
        )
    with op.batch_alter_table('charging_partner_keys', schema=None) as batch_op:
        batch_op.alter_column('market', server_default=None)


def downgrade():
    with op.batch_alter_table('charging_partner_keys', schema=None) as batch_op:
        batch_op.drop_column('market')
