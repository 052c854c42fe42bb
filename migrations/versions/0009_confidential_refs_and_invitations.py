"""Confidential demand under random public references; event invitations accepted by the enterprise; outcomes
the chain leader confirms

* ``demand_items.public_ref``: a random number (2**40 … 2**53) under which a confidential item is shown to those
  who may not know its leader, instead of its consecutive row id. Existing rows get one each.
* ``event_participants.status`` gains ``accepted``: an organizer invites, the enterprise accepts or declines.
* ``event_meetings.outcome_confirmed``: an organizer's outcome becomes decisions only once the meeting's chain
  leader confirms it. Outcomes recorded before this revision already wrote their decisions: marked confirmed.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# this revision's own copy of the rule (revisions are frozen)
_REF_MIN, _REF_MAX = 2**40, 2**53 - 1
_OLD_STATUSES = ('invited', 'registered', 'declined')
_NEW_STATUSES = ('invited', 'accepted', 'registered', 'declined')


def _status_type(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name='participant_status', native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    with op.batch_alter_table('demand_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_ref', sa.BigInteger(), nullable=True))
    connection = op.get_bind()
    items = sa.table('demand_items', sa.column('id', sa.Integer), sa.column('public_ref', sa.BigInteger))
    taken: set[int] = set()
    for (item_id,) in connection.execute(sa.select(items.c.id)).all():
        ref = _REF_MIN + secrets.randbelow(_REF_MAX - _REF_MIN)
        while ref in taken:
            ref = _REF_MIN + secrets.randbelow(_REF_MAX - _REF_MIN)
        taken.add(ref)
        connection.execute(sa.update(items).where(items.c.id == item_id).values(public_ref=ref))
    with op.batch_alter_table('demand_items', schema=None) as batch_op:
        batch_op.alter_column('public_ref', existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_demand_items_public_ref'), ['public_ref'])

    with op.batch_alter_table('event_participants', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_event_participants_participant_status'), type_='check')
        batch_op.create_check_constraint('participant_status', sa.column('status').in_(_NEW_STATUSES))

    with op.batch_alter_table('event_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome_confirmed', sa.Boolean(), nullable=True))
    meetings = sa.table('event_meetings', sa.column('outcome', sa.String),
                        sa.column('outcome_confirmed', sa.Boolean))
    connection.execute(sa.update(meetings).values(outcome_confirmed=meetings.c.outcome.is_not(None)))
    with op.batch_alter_table('event_meetings', schema=None) as batch_op:
        batch_op.alter_column('outcome_confirmed', existing_type=sa.Boolean(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('event_meetings', schema=None) as batch_op:
        batch_op.drop_column('outcome_confirmed')
    participants = sa.table('event_participants', sa.column('status', sa.String))
    op.get_bind().execute(sa.update(participants).where(participants.c.status == 'accepted')
                          .values(status='registered'))
    with op.batch_alter_table('event_participants', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_event_participants_participant_status'), type_='check')
        batch_op.create_check_constraint('participant_status', sa.column('status').in_(_OLD_STATUSES))
    with op.batch_alter_table('demand_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_demand_items_public_ref'), type_='unique')
        batch_op.drop_column('public_ref')
