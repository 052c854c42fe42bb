"""A demand item's price range is checked by the database too: price_min <= price_max

The schema refuses a range whose minimum is above its maximum, but two PATCHes at once (one lowering the maximum,
one raising the minimum) or a direct write could still store one. Rows already stored that way get their bounds
swapped (the two numbers were typed; their order was the mistake) before the constraint is added.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONDITION = "price_min IS NULL OR price_max IS NULL OR price_min <= price_max"


def upgrade() -> None:
    # Both sides of SET read the row as it was, on SQLite and PostgreSQL alike: a swap.
    op.execute("UPDATE demand_items SET price_min = price_max, price_max = price_min WHERE price_min > price_max")
    with op.batch_alter_table('demand_items', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_demand_items_price_range'), CONDITION)


def downgrade() -> None:
    with op.batch_alter_table('demand_items', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_demand_items_price_range'), type_='check')
