"""Index state: a version stamp and a change log that keep every worker's matching index in step

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    index_state = op.create_table(
        'index_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('instance_id', sa.String(length=36), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('log_floor', sa.BigInteger(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_index_state')),
    )
    op.create_table(
        'index_changes',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_index_changes')),
    )
    op.create_index(op.f('ix_index_changes_version'), 'index_changes', ['version'], unique=False)
    # Items already in the lists are covered by version 0: a worker at version 0 fits on all of them.
    op.bulk_insert(index_state, [{
        'id': 1, 'instance_id': str(uuid.uuid4()), 'version': 0, 'log_floor': 0, 'updated_at': datetime.now(UTC),
    }])


def downgrade() -> None:
    op.drop_index(op.f('ix_index_changes_version'), table_name='index_changes')
    op.drop_table('index_changes')
    op.drop_table('index_state')
