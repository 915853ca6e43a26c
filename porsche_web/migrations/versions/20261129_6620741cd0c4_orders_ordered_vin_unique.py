"""orders: a car is on order for one customer at a time (uq_orders_ordered_vin, partial)

Revision ID: 6620741cd0c4
Revises: d4adec9fb0b3
Create Date: 2026-11-29 18:20:00.000000

At most one order still "ordered" names a VIN. Cancelled orders keep their VIN (the car may be
ordered again), and delivered ones too (a car sold on may come back in its next owner's order).

Before the index is made, the migration looks for VINs already on two or more orders still
"ordered". It does not pick a winner among customers' orders by itself (either may be the one
whose customer gets the car, and a VIN taken away leaves a car without its services): it stops,
writing nothing, and lists every such VIN with its orders, so that an operator has them put
right (the order's Porsche Centre sends the right VIN or cancels the wrong order; an activated
order's VIN is corrected in the staff console) and runs the upgrade again.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6620741cd0c4'
down_revision = 'd4adec9fb0b3'
branch_labels = None
depends_on = None

ON_ORDER = "vin IS NOT NULL AND status = 'ordered'"


def clashes(bind) -> dict[str, list[tuple[str, str]]]:
    """Each VIN on more than one order still "ordered", with those orders (number, market)."""
    rows = bind.execute(
        sa.text(
            f"SELECT vin, order_number, market FROM orders WHERE {ON_ORDER} AND vin IN "
            f"(SELECT vin FROM orders WHERE {ON_ORDER} GROUP BY vin HAVING COUNT(*) > 1) "
            "ORDER BY vin, order_number"
        )
    ).all()
    found: dict[str, list[tuple[str, str]]] = {}
    for vin, number, market in rows:
        found.setdefault(vin, []).append((number, market))
    return found


def upgrade():
    found = clashes(op.get_bind())
    if found:
        lines = [
            f"  {vin}: " + ", ".join(f"{number} ({market})" for number, market in orders)
            for vin, orders in found.items()
        ]
        raise RuntimeError(
            f"{len(found)} VIN(s) are on more than one order still ordered; a car is on order "
            "for one customer at a time. Put them right (the Porsche Centre sends the right VIN "
            "or cancels the wrong order; an activated order's VIN is corrected in the staff "
            "console), then upgrade again. Nothing was changed.\n" + "\n".join(lines)
        )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index(
            'uq_orders_ordered_vin',
            ['vin'],
            unique=True,
            postgresql_where=sa.text(ON_ORDER),
            sqlite_where=sa.text(ON_ORDER),
        )


def downgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('uq_orders_ordered_vin')
