"""language columns hold a language with its script (zh_Hant, sr_Latn): VARCHAR(7)

Issue #15: China is served in Simplified Chinese (zh_Hans), Hong Kong and Taiwan in Traditional
(zh_Hant), Bosnia and Herzegovina also in Serbian in Latin script (sr_Latn). The address keeps
the two-letter code (/hk/zh/); the database keeps the language itself. Downgrading cuts the
script off again (zh_Hant becomes zh, which the older code serves in English).

Revision ID: dcbc0da1f2cb
Revises: 9043a5452aa6
Create Date: 2026-11-29 11:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dcbc0da1f2cb'
down_revision = '9043a5452aa6'
branch_labels = None
depends_on = None

#: table → (its language column's old length, whether it may be empty)
COLUMNS = {
    'accounts': (2, False),
    'activations': (2, True),
    'consents': (2, False),
    'orders': (2, False),
    'outbox_messages': (2, False),
    'staff_members': (2, False),
    'data_exports': (2, False),
    'invoices': (2, False),
    'car_people': (5, False),
}


def upgrade():
    for table, (length, nullable) in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                'language',
                existing_type=sa.String(length=length),
                type_=sa.String(length=7),
                existing_nullable=nullable,
            )


def downgrade():
    for table, (length, nullable) in COLUMNS.items():
        op.execute(
            sa.text(
                f"UPDATE {table} SET language = substr(language, 1, 2) "
                "WHERE length(language) > 2"
            )
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                'language',
                existing_type=sa.String(length=7),
                type_=sa.String(length=length),
                existing_nullable=nullable,
            )
