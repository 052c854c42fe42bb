"""Notifications: subscriptions (immediate or a daily digest), quiet hours, the inbox, webhook endpoints, the delivery outbox and its attempts, the pairs
already told, and the change-log cursor of the matching trigger

The cursor starts at the current index version: the lists already in the database were never news, so upgrading
a running service does not send a notice for every existing pair.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('notification_cursor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_cursor'))
    )
    op.create_table('notification_preferences',
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('quiet_start', sa.Integer(), nullable=True),
    sa.Column('quiet_end', sa.Integer(), nullable=True),
    sa.Column('digest_hour', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_notification_preferences_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('enterprise_id', name=op.f('pk_notification_preferences'))
    )
    op.create_table('notifications',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('demand_fit', 'supplier_fit', 'decision', 'event', 'import', 'endpoint', name='notification_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('shown_in_inbox', sa.Boolean(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_notifications_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('event_id', name=op.f('uq_notifications_event_id'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_enterprise_read', ['enterprise_id', 'read_at'], unique=False)

    op.create_table('webhook_endpoints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('format', sa.Enum('standard', 'wecom', 'dingtalk', name='webhook_format', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('min_match_percent', sa.Float(), nullable=False),
    sa.Column('secret', sa.String(length=100), nullable=False),
    sa.Column('previous_secret', sa.String(length=100), nullable=True),
    sa.Column('previous_secret_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('description', sa.String(length=200), nullable=True),
    sa.Column('consecutive_failures', sa.Integer(), nullable=False),
    sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('disabled_reason', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_webhook_endpoints_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_endpoints'))
    )
    with op.batch_alter_table('webhook_endpoints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_endpoints_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('notification_match_pairs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('demand_item_id', sa.Integer(), nullable=False),
    sa.Column('supply_item_id', sa.Integer(), nullable=False),
    sa.Column('match_percent', sa.Float(), nullable=False),
    sa.Column('above', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['demand_item_id'], ['demand_items.id'], name=op.f('fk_notification_match_pairs_demand_item_id_demand_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supply_item_id'], ['supply_items.id'], name=op.f('fk_notification_match_pairs_supply_item_id_supply_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_match_pairs')),
    sa.UniqueConstraint('demand_item_id', 'supply_item_id', name=op.f('uq_notification_match_pairs_demand_item_id_supply_item_id'))
    )
    with op.batch_alter_table('notification_match_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_match_pairs_supply_item_id'), ['supply_item_id'], unique=False)

    op.create_table('notification_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('demand_fit', 'supplier_fit', 'decision', 'event', 'import', 'endpoint', name='subscription_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('channel', sa.Enum('inbox', 'email', 'webhook', name='subscription_channel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('min_match_percent', sa.Float(), nullable=False),
    sa.Column('digest', sa.Boolean(), nullable=False),
    sa.Column('digest_sent_up_to', sa.DateTime(timezone=True), nullable=True),
    sa.Column('unsubscribe_token', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_notification_subscriptions_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_subscriptions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_subscriptions')),
    sa.UniqueConstraint('enterprise_id', 'user_id', 'kind', 'channel', name=op.f('uq_notification_subscriptions_enterprise_id_user_id_kind_channel')),
    sa.UniqueConstraint('unsubscribe_token', name=op.f('uq_notification_subscriptions_unsubscribe_token'))
    )
    with op.batch_alter_table('notification_subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_subscriptions_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_subscriptions_user_id'), ['user_id'], unique=False)

    op.create_table('notification_deliveries',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('notification_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('channel', sa.Enum('inbox', 'email', 'webhook', name='delivery_channel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('endpoint_id', sa.Integer(), nullable=True),
    sa.Column('subscription_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('status', sa.Enum('pending', 'delivered', 'failed', name='delivery_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['endpoint_id'], ['webhook_endpoints.id'], name=op.f('fk_notification_deliveries_endpoint_id_webhook_endpoints'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], name=op.f('fk_notification_deliveries_notification_id_notifications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subscription_id'], ['notification_subscriptions.id'], name=op.f('fk_notification_deliveries_subscription_id_notification_subscriptions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_deliveries'))
    )
    with op.batch_alter_table('notification_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_notification_deliveries_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_deliveries_endpoint_id'), ['endpoint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_deliveries_notification_id'), ['notification_id'], unique=False)

    op.create_table('notification_attempts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('delivery_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('duration_ms', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['delivery_id'], ['notification_deliveries.id'], name=op.f('fk_notification_attempts_delivery_id_notification_deliveries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_attempts'))
    )
    with op.batch_alter_table('notification_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_attempts_delivery_id'), ['delivery_id'], unique=False)

    state = sa.table('index_state', sa.column('version', sa.BigInteger))
    version = op.get_bind().execute(sa.select(sa.func.coalesce(sa.func.max(state.c.version), 0))).scalar_one()
    cursor = sa.table('notification_cursor', sa.column('id', sa.Integer), sa.column('version', sa.BigInteger),
                      sa.column('updated_at', sa.DateTime(timezone=True)))
    op.bulk_insert(cursor, [{'id': 1, 'version': version, 'updated_at': datetime.now(UTC)}])


def downgrade() -> None:
    with op.batch_alter_table('notification_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_attempts_delivery_id'))

    op.drop_table('notification_attempts')
    with op.batch_alter_table('notification_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_deliveries_notification_id'))
        batch_op.drop_index(batch_op.f('ix_notification_deliveries_endpoint_id'))
        batch_op.drop_index('ix_notification_deliveries_due')

    op.drop_table('notification_deliveries')
    with op.batch_alter_table('notification_subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_subscriptions_user_id'))
        batch_op.drop_index(batch_op.f('ix_notification_subscriptions_enterprise_id'))

    op.drop_table('notification_subscriptions')
    with op.batch_alter_table('notification_match_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_match_pairs_supply_item_id'))

    op.drop_table('notification_match_pairs')
    with op.batch_alter_table('webhook_endpoints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_endpoints_enterprise_id'))

    op.drop_table('webhook_endpoints')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_enterprise_read')

    op.drop_table('notifications')
    op.drop_table('notification_preferences')
    op.drop_table('notification_cursor')
