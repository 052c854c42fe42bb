"""Matchmaking events: participants, demand items in scope, editable shortlists, slots, tables, meeting requests
and pins, scheduled meetings with outcomes; the ``organizer`` API role

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every column that stores an ApiRole carries a CHECK listing the roles; the organizer role widens all three.
_ROLE_CHECKS = (
    ("api_keys", "role", "ck_api_keys_api_role"),
    ("match_decisions", "decided_by_role", "ck_match_decisions_decision_actor_role"),
    ("decision_events", "actor_role", "ck_decision_events_decision_event_actor_role"),
)
_ROLES_BEFORE = ("operator", "chain_leader", "sme")
_ROLES_AFTER = (*_ROLES_BEFORE, "organizer")


def _set_role_checks(roles: tuple[str, ...]) -> None:
    allowed = ", ".join(f"'{role}'" for role in roles)
    for table, column, name in _ROLE_CHECKS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(name), type_="check")
            batch_op.create_check_constraint(op.f(name), f"{column} IN ({allowed})")


def upgrade() -> None:
    # On SQLite, batch mode rebuilds each table with the new CHECK (it cannot alter a constraint in place).
    _set_role_checks(_ROLES_AFTER)
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('event_type', sa.Enum('industry_coordination', 'cross_industry', 'hundred_events', name='event_type', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('venue', sa.String(length=200), nullable=True),
    sa.Column('organizer', sa.String(length=200), nullable=True),
    sa.Column('owner_key_id', sa.Integer(), nullable=True),
    sa.Column('leader_meeting_limit', sa.Integer(), nullable=False),
    sa.Column('sme_meeting_limit', sa.Integer(), nullable=False),
    sa.Column('shortlist_size', sa.Integer(), nullable=False),
    sa.Column('schedule_solved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('schedule_stats', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_key_id'], ['api_keys.id'], name=op.f('fk_events_owner_key_id_api_keys'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_event_date'), ['event_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_owner_key_id'), ['owner_key_id'], unique=False)

    op.create_table('event_chains',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('chain_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['chain_id'], ['industry_chains.id'], name=op.f('fk_event_chains_chain_id_industry_chains'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_chains_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'chain_id', name=op.f('pk_event_chains'))
    )
    op.create_table('event_demand_items',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('demand_item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['demand_item_id'], ['demand_items.id'], name=op.f('fk_event_demand_items_demand_item_id_demand_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_demand_items_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'demand_item_id', name=op.f('pk_event_demand_items'))
    )
    with op.batch_alter_table('event_demand_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_demand_items_demand_item_id'), ['demand_item_id'], unique=False)

    op.create_table('event_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.Enum('chain_leader', 'sme', name='participant_side', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('invited', 'registered', 'declined', name='participant_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('meeting_limit', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_event_participants_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_participants_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_participants')),
    sa.UniqueConstraint('event_id', 'enterprise_id', name=op.f('uq_event_participants_event_id_enterprise_id'))
    )
    with op.batch_alter_table('event_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_participants_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_participants_event_id'), ['event_id'], unique=False)

    op.create_table('event_shortlist_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('demand_item_id', sa.Integer(), nullable=False),
    sa.Column('supply_item_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=True),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.Column('manual', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['demand_item_id'], ['demand_items.id'], name=op.f('fk_event_shortlist_entries_demand_item_id_demand_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_shortlist_entries_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supply_item_id'], ['supply_items.id'], name=op.f('fk_event_shortlist_entries_supply_item_id_supply_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_shortlist_entries')),
    sa.UniqueConstraint('event_id', 'demand_item_id', 'supply_item_id', name=op.f('uq_event_shortlist_entries_event_id_demand_item_id_supply_item_id'))
    )
    with op.batch_alter_table('event_shortlist_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_shortlist_entries_demand_item_id'), ['demand_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_shortlist_entries_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_shortlist_entries_supply_item_id'), ['supply_item_id'], unique=False)

    op.create_table('event_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('ends_at', sa.Time(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_slots_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_slots')),
    sa.UniqueConstraint('event_id', 'position', name=op.f('uq_event_slots_event_id_position'))
    )
    with op.batch_alter_table('event_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_slots_event_id'), ['event_id'], unique=False)

    op.create_table('event_tables',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_tables_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_tables')),
    sa.UniqueConstraint('event_id', 'label', name=op.f('uq_event_tables_event_id_label')),
    sa.UniqueConstraint('event_id', 'position', name=op.f('uq_event_tables_event_id_position'))
    )
    with op.batch_alter_table('event_tables', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_tables_event_id'), ['event_id'], unique=False)

    op.create_table('event_meeting_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=False),
    sa.Column('sme_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_sme', sa.Boolean(), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=True),
    sa.Column('table_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_meeting_requests_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['leader_id'], ['enterprises.id'], name=op.f('fk_event_meeting_requests_leader_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['event_slots.id'], name=op.f('fk_event_meeting_requests_slot_id_event_slots'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sme_id'], ['enterprises.id'], name=op.f('fk_event_meeting_requests_sme_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['table_id'], ['event_tables.id'], name=op.f('fk_event_meeting_requests_table_id_event_tables'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_meeting_requests')),
    sa.UniqueConstraint('event_id', 'leader_id', 'sme_id', name=op.f('uq_event_meeting_requests_event_id_leader_id_sme_id'))
    )
    with op.batch_alter_table('event_meeting_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_meeting_requests_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_meeting_requests_leader_id'), ['leader_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_meeting_requests_sme_id'), ['sme_id'], unique=False)

    op.create_table('event_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=False),
    sa.Column('sme_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('requested_by_sme', sa.Boolean(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.Enum('no_show', 'no_interest', 'follow_up', 'intent', 'sample', 'pilot', 'onboarded', name='meeting_outcome', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.Column('outcome_recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_meetings_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['leader_id'], ['enterprises.id'], name=op.f('fk_event_meetings_leader_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['event_slots.id'], name=op.f('fk_event_meetings_slot_id_event_slots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sme_id'], ['enterprises.id'], name=op.f('fk_event_meetings_sme_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['table_id'], ['event_tables.id'], name=op.f('fk_event_meetings_table_id_event_tables'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_meetings')),
    sa.UniqueConstraint('event_id', 'leader_id', 'sme_id', name=op.f('uq_event_meetings_event_id_leader_id_sme_id')),
    sa.UniqueConstraint('slot_id', 'leader_id', name=op.f('uq_event_meetings_slot_id_leader_id')),
    sa.UniqueConstraint('slot_id', 'sme_id', name=op.f('uq_event_meetings_slot_id_sme_id')),
    sa.UniqueConstraint('slot_id', 'table_id', name=op.f('uq_event_meetings_slot_id_table_id'))
    )
    with op.batch_alter_table('event_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_meetings_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_meetings_leader_id'), ['leader_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_meetings_sme_id'), ['sme_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('event_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_meetings_sme_id'))
        batch_op.drop_index(batch_op.f('ix_event_meetings_leader_id'))
        batch_op.drop_index(batch_op.f('ix_event_meetings_event_id'))

    op.drop_table('event_meetings')
    with op.batch_alter_table('event_meeting_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_meeting_requests_sme_id'))
        batch_op.drop_index(batch_op.f('ix_event_meeting_requests_leader_id'))
        batch_op.drop_index(batch_op.f('ix_event_meeting_requests_event_id'))

    op.drop_table('event_meeting_requests')
    with op.batch_alter_table('event_tables', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_tables_event_id'))

    op.drop_table('event_tables')
    with op.batch_alter_table('event_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_slots_event_id'))

    op.drop_table('event_slots')
    with op.batch_alter_table('event_shortlist_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_shortlist_entries_supply_item_id'))
        batch_op.drop_index(batch_op.f('ix_event_shortlist_entries_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_shortlist_entries_demand_item_id'))

    op.drop_table('event_shortlist_entries')
    with op.batch_alter_table('event_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_participants_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_participants_enterprise_id'))

    op.drop_table('event_participants')
    with op.batch_alter_table('event_demand_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_demand_items_demand_item_id'))

    op.drop_table('event_demand_items')
    op.drop_table('event_chains')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_owner_key_id'))
        batch_op.drop_index(batch_op.f('ix_events_event_date'))

    op.drop_table('events')

    # Organizer keys go; decisions an organizer recorded keep their trail, without the role.
    op.execute("DELETE FROM api_keys WHERE role = 'organizer'")
    for table, column, _ in _ROLE_CHECKS[1:]:
        op.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} = 'organizer'")
    _set_role_checks(_ROLES_BEFORE)
