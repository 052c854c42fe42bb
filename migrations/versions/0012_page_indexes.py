"""Indexes for the web pages at 100k items: items by creation time, active supply items by owner

* ``ix_demand_items_created_at``, ``ix_supply_items_created_at``: the operator's reports count the items created
  in the period and in each of its twelve months; without them each count read every supply row
  (bench/pages_bench.py --supply 100000: /operator/reports 330 ms).
* ``ix_supply_items_status_enterprise_id``: the reports' count of active supply items and of the SMEs having one
  reads this index only (10 ms at 100k, not 25 ms through the status index and the rows).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_demand_items_created_at', 'demand_items', ['created_at'], unique=False)
    op.create_index('ix_supply_items_created_at', 'supply_items', ['created_at'], unique=False)
    op.create_index('ix_supply_items_status_enterprise_id', 'supply_items', ['status', 'enterprise_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_supply_items_status_enterprise_id', table_name='supply_items')
    op.drop_index('ix_supply_items_created_at', table_name='supply_items')
    op.drop_index('ix_demand_items_created_at', table_name='demand_items')
