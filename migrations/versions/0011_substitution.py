"""国产替代: operators' brand registry rows, cross-references of equivalent part numbers, enterprises' own brands

* ``brand_entries``: brands operators add to (or correct in) the packaged registry ``matching/data/brands.tsv``.
* ``part_equivalences``: 替代型号对照 lines, imported or learned from a leader's 同等替代 decision, withdrawable.
* ``enterprises.brands``: the enterprise's own brands from its profile; existing rows get an empty list.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('brand_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('maker', sa.String(length=200), nullable=True),
    sa.Column('country', sa.String(length=50), nullable=True),
    sa.Column('domestic', sa.Boolean(), nullable=False),
    sa.Column('spellings', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brand_entries')),
    sa.UniqueConstraint('name', name=op.f('uq_brand_entries_name'))
    )
    op.create_table('part_equivalences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference_brand', sa.String(length=100), nullable=True),
    sa.Column('reference_part_number', sa.String(length=100), nullable=False),
    sa.Column('reference_code', sa.String(length=100), nullable=False),
    sa.Column('equivalent_brand', sa.String(length=100), nullable=True),
    sa.Column('equivalent_part_number', sa.String(length=100), nullable=True),
    sa.Column('equivalent_code', sa.String(length=100), nullable=True),
    sa.Column('supply_item_id', sa.Integer(), nullable=True),
    sa.Column('demand_item_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.Enum('import', 'decision', name='equivalence_source', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_by_key_id', sa.Integer(), nullable=True),
    sa.Column('created_by_role', sa.Enum('operator', 'chain_leader', 'sme', 'organizer', name='equivalence_creator_role', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_by_key_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['demand_item_id'], ['demand_items.id'], name=op.f('fk_part_equivalences_demand_item_id_demand_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supply_item_id'], ['supply_items.id'], name=op.f('fk_part_equivalences_supply_item_id_supply_items'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_part_equivalences'))
    )
    with op.batch_alter_table('part_equivalences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_part_equivalences_equivalent_code'), ['equivalent_code'], unique=False)
        batch_op.create_index('ix_part_equivalences_reference_active', ['reference_code', 'withdrawn_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_part_equivalences_supply_item_id'), ['supply_item_id'], unique=False)

    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.add_column(sa.Column('brands', sa.JSON(), nullable=True))
    enterprises = sa.table('enterprises', sa.column('brands', sa.JSON))
    op.get_bind().execute(sa.update(enterprises).values(brands=[]))
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.alter_column('brands', existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.drop_column('brands')

    with op.batch_alter_table('part_equivalences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_part_equivalences_supply_item_id'))
        batch_op.drop_index('ix_part_equivalences_reference_active')
        batch_op.drop_index(batch_op.f('ix_part_equivalences_equivalent_code'))

    op.drop_table('part_equivalences')
    op.drop_table('brand_entries')
