"""Decisions on suggested suppliers with their audit trail, learned scoring weights, stored suggestion batches

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('scoring_weights',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('weights', sa.JSON(), nullable=False),
    sa.Column('metrics', sa.JSON(), nullable=False),
    sa.Column('adopted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scoring_weights')),
    sa.UniqueConstraint('version', name=op.f('uq_scoring_weights_version'))
    )
    with op.batch_alter_table('scoring_weights', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scoring_weights_adopted'), ['adopted'], unique=False)

    op.create_table('suggestion_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('index_version', sa.BigInteger(), nullable=True),
    sa.Column('weights_version', sa.Integer(), nullable=True),
    sa.Column('per_item', sa.Integer(), nullable=False),
    sa.Column('demand_items', sa.Integer(), nullable=False),
    sa.Column('suggestions', sa.Integer(), nullable=False),
    sa.Column('elapsed_seconds', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion_batches'))
    )
    op.create_table('match_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('demand_item_id', sa.Integer(), nullable=True),
    sa.Column('supply_item_id', sa.Integer(), nullable=True),
    sa.Column('demand_owner_credit_code', sa.String(length=18), nullable=False),
    sa.Column('demand_item_code', sa.String(length=64), nullable=True),
    sa.Column('demand_identity_key', sa.String(length=512), nullable=False),
    sa.Column('supply_owner_credit_code', sa.String(length=18), nullable=False),
    sa.Column('supply_item_code', sa.String(length=64), nullable=True),
    sa.Column('supply_identity_key', sa.String(length=512), nullable=False),
    sa.Column('status', sa.Enum('shortlisted', 'rejected', 'intent', 'sample', 'pilot', 'onboarded', name='decision_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('decided_by_key_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_role', sa.Enum('operator', 'chain_leader', 'sme', name='decision_actor_role', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['demand_item_id'], ['demand_items.id'], name=op.f('fk_match_decisions_demand_item_id_demand_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supply_item_id'], ['supply_items.id'], name=op.f('fk_match_decisions_supply_item_id_supply_items'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_decisions')),
    sa.UniqueConstraint('demand_item_id', 'supply_item_id', name=op.f('uq_match_decisions_demand_item_id_supply_item_id'))
    )
    with op.batch_alter_table('match_decisions', schema=None) as batch_op:
        batch_op.create_index('ix_match_decisions_demand_identity', ['demand_owner_credit_code', 'demand_identity_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_decisions_demand_item_id'), ['demand_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_decisions_status'), ['status'], unique=False)
        batch_op.create_index('ix_match_decisions_supply_identity', ['supply_owner_credit_code', 'supply_identity_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_decisions_supply_item_id'), ['supply_item_id'], unique=False)

    op.create_table('stored_suggestions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('demand_item_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('supply_item_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('explanation', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['suggestion_batches.id'], name=op.f('fk_stored_suggestions_batch_id_suggestion_batches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['demand_item_id'], ['demand_items.id'], name=op.f('fk_stored_suggestions_demand_item_id_demand_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supply_item_id'], ['supply_items.id'], name=op.f('fk_stored_suggestions_supply_item_id_supply_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_suggestions')),
    sa.UniqueConstraint('batch_id', 'demand_item_id', 'rank', name=op.f('uq_stored_suggestions_batch_id_demand_item_id_rank'))
    )
    with op.batch_alter_table('stored_suggestions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_suggestions_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stored_suggestions_demand_item_id'), ['demand_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stored_suggestions_supply_item_id'), ['supply_item_id'], unique=False)

    op.create_table('decision_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('shortlisted', 'rejected', 'intent', 'sample', 'pilot', 'onboarded', name='decision_from_status', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('to_status', sa.Enum('shortlisted', 'rejected', 'intent', 'sample', 'pilot', 'onboarded', name='decision_to_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('api_key_id', sa.Integer(), nullable=True),
    sa.Column('actor_role', sa.Enum('operator', 'chain_leader', 'sme', name='decision_event_actor_role', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('actor_enterprise_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['match_decisions.id'], name=op.f('fk_decision_events_decision_id_match_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_events'))
    )
    with op.batch_alter_table('decision_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_events_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_decision_events_decision_id'), ['decision_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('decision_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_events_decision_id'))
        batch_op.drop_index(batch_op.f('ix_decision_events_created_at'))

    op.drop_table('decision_events')
    with op.batch_alter_table('stored_suggestions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_suggestions_supply_item_id'))
        batch_op.drop_index(batch_op.f('ix_stored_suggestions_demand_item_id'))
        batch_op.drop_index(batch_op.f('ix_stored_suggestions_batch_id'))

    op.drop_table('stored_suggestions')
    with op.batch_alter_table('match_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_decisions_supply_item_id'))
        batch_op.drop_index('ix_match_decisions_supply_identity')
        batch_op.drop_index(batch_op.f('ix_match_decisions_status'))
        batch_op.drop_index(batch_op.f('ix_match_decisions_demand_item_id'))
        batch_op.drop_index('ix_match_decisions_demand_identity')

    op.drop_table('match_decisions')
    op.drop_table('suggestion_batches')
    with op.batch_alter_table('scoring_weights', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scoring_weights_adopted'))

    op.drop_table('scoring_weights')
