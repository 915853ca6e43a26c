"""orders: one live order per VIN (uq_orders_live_vin, partial: cancelled orders keep theirs)

Revision ID: 6620741cd0c4
Revises: d4adec9fb0b3
Create Date: 2026-11-29 18:20:00.000000

Two orders that are not cancelled must not name the same car. Before the index is made, the
migration looks for such pairs already in the database: it does not pick a winner among
customers' orders by itself (either order may be the one whose customer has the car, and a VIN
taken away leaves a car without its services). It stops instead, writing nothing, and lists
every VIN with its orders, so that an operator corrects them (the order's Porsche Centre sends
the right VIN or cancels the wrong order; an activated order's VIN is corrected in the staff
console) and runs the upgrade again.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6620741cd0c4'
down_revision = 'd4adec9fb0b3'
branch_labels = None
depends_on = None

LIVE = "vin IS NOT NULL AND status <> 'cancelled'"


def duplicates(bind) -> dict[str, list[tuple[str, str, str]]]:
    """Each VIN on more than one live order, with those orders (number, market, status)."""
    rows = bind.execute(
        sa.text(
            f"SELECT vin, order_number, market, status FROM orders WHERE {LIVE} AND vin IN "
            f"(SELECT vin FROM orders WHERE {LIVE} GROUP BY vin HAVING COUNT(*) > 1) "
            "ORDER BY vin, order_number"
        )
    ).all()
    found: dict[str, list[tuple[str, str, str]]] = {}
    for vin, number, market, status in rows:
        found.setdefault(vin, []).append((number, market, status))
    return found


def upgrade():
    found = duplicates(op.get_bind())
    if found:
        lines = [
            f"  {vin}: " + ", ".join(f"{number} ({market}, {status})" for number, market, status in orders)
            for vin, orders in found.items()
        ]
        raise RuntimeError(
            f"{len(found)} VIN(s) are on more than one order that is not cancelled; a car has one "
            "live order. Correct them (the Porsche Centre sends the right VIN or cancels the "
            "wrong order; an activated order's VIN is corrected in the staff console), then "
            "upgrade again. Nothing was changed.\n" + "\n".join(lines)
        )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index(
            'uq_orders_live_vin',
            ['vin'],
            unique=True,
            postgresql_where=sa.text(LIVE),
            sqlite_where=sa.text(LIVE),
        )


def downgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('uq_orders_live_vin')
