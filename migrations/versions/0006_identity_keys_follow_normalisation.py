"""Identity keys follow the current normalisation rules

An item's identity key (normalised product name + normalised part numbers) is how a re-uploaded sheet finds the
row it updates. The normalisation learned new spellings (ranges such as 4-20mA / 4～20mA → 4~20ma, 80毫欧 = 80mΩ),
so keys stored under the old rules would no longer be found and a re-upload would add duplicates. This revision
recomputes every key with the rules of the code that runs it; a key that would collide with another item of the
same owner is left as it was (the owner still sees both rows, and the import reports the clash if it comes up).
No schema change; nothing to undo on downgrade (old keys would be recomputed the same way by an older release).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def item_identity_key(product_name: str, part_numbers: Iterable[str] = ()) -> str:
    """A frozen copy of the key rule as it stood when this revision was written (then
    ``app.services.identity.item_identity_key``), so the revision does not break when the service's modules move.
    The normalisation it calls is the engine's public one, as it is in the release that runs the revision: that is
    the point of this revision (see above)."""
    from matching.normalize import normalize_part_number, normalize_text

    parts = sorted({normalize_part_number(p) for p in part_numbers if p and normalize_part_number(p)})
    name = normalize_text(product_name).replace(" ", "")
    return "|".join([name, *parts])[:512]


def upgrade() -> None:
    connection = op.get_bind()
    for table_name in ("demand_items", "supply_items"):
        table = sa.table(table_name, sa.column("id", sa.Integer), sa.column("enterprise_id", sa.Integer),
                         sa.column("product_name", sa.String), sa.column("part_numbers", sa.JSON),
                         sa.column("identity_key", sa.String))
        rows = connection.execute(sa.select(table.c.id, table.c.enterprise_id, table.c.product_name,
                                            table.c.part_numbers, table.c.identity_key)).all()
        taken = {(row.enterprise_id, row.identity_key) for row in rows}
        for row in rows:
            key = item_identity_key(row.product_name or "", row.part_numbers or [])
            if key == row.identity_key or (row.enterprise_id, key) in taken:
                continue
            connection.execute(sa.update(table).where(table.c.id == row.id).values(identity_key=key))
            taken.discard((row.enterprise_id, row.identity_key))
            taken.add((row.enterprise_id, key))


def downgrade() -> None:
    pass
