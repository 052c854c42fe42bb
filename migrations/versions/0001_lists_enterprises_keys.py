"""Both lists, enterprises, qualifications, industry chains (seeded) and API keys

Revision ID: 0001
Revises: -
Create Date: 2026-11-25
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Chongqing's key industry chains (重点产业链), grouped by cluster of the "33618" manufacturing system.
# Reference data: operators edit it through the API; this is only the initial list.
CHONGQING_KEY_CHAINS: list[tuple[str, str, str]] = [
    ("auto_vehicle", "智能网联新能源汽车整车", "智能网联新能源汽车"),
    ("auto_battery", "动力电池", "智能网联新能源汽车"),
    ("auto_edrive", "电驱动系统", "智能网联新能源汽车"),
    ("auto_intelligent", "智能座舱与自动驾驶", "智能网联新能源汽车"),
    ("auto_chassis_body", "汽车底盘与车身零部件", "智能网联新能源汽车"),
    ("auto_hydrogen", "氢燃料电池汽车", "智能网联新能源汽车"),
    ("motorcycle", "摩托车", "智能网联新能源汽车"),
    ("ic", "集成电路", "新一代电子信息制造业"),
    ("power_semi", "功率半导体", "新一代电子信息制造业"),
    ("display", "新型显示", "新一代电子信息制造业"),
    ("smart_terminal", "智能终端", "新一代电子信息制造业"),
    ("sensor", "传感器及仪器仪表", "新一代电子信息制造业"),
    ("optoelectronics", "光电组件", "新一代电子信息制造业"),
    ("pcb_components", "电子元器件及电路板", "新一代电子信息制造业"),
    ("steel", "先进钢材", "先进材料"),
    ("light_alloy", "轻合金材料", "先进材料"),
    ("synthetic", "合成材料", "先进材料"),
    ("fiber_composite", "纤维及复合材料", "先进材料"),
    ("new_chemical", "化工新材料", "先进材料"),
    ("robot", "工业机器人", "智能装备及智能制造"),
    ("cnc_machine", "数控机床", "智能装备及智能制造"),
    ("rail_transit", "轨道交通装备", "智能装备及智能制造"),
    ("general_aviation", "通用航空", "智能装备及智能制造"),
    ("power_equipment", "输变电及电力装备", "智能装备及智能制造"),
    ("agri_machinery", "农机装备", "智能装备及智能制造"),
    ("energy_storage", "新型储能", "新能源及清洁能源装备"),
    ("pv_wind", "光伏与风电装备", "新能源及清洁能源装备"),
    ("hydrogen", "氢能", "新能源及清洁能源装备"),
    ("industrial_software", "工业软件", "软件信息服务"),
    ("satellite_internet", "卫星互联网", "软件信息服务"),
    ("biomedicine", "生物医药", "生物医药与医疗器械"),
    ("medical_devices", "医疗器械", "生物医药与医疗器械"),
    ("food_processing", "食品及农产品加工", "消费品"),
]


def upgrade() -> None:

    op.create_table('enterprises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('role', sa.Enum('chain_leader', 'sme', 'both', name='enterprise_role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('size_class', sa.Enum('large', 'medium', 'small', 'micro', name='size_class', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('province', sa.String(length=50), nullable=True),
    sa.Column('city', sa.String(length=50), nullable=True),
    sa.Column('district', sa.String(length=50), nullable=True),
    sa.Column('contact_person', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprises')),
    sa.UniqueConstraint('credit_code', name=op.f('uq_enterprises_credit_code'))
    )
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enterprises_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_enterprises_name'), ['name'], unique=False)

    op.create_table('industry_chains',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('cluster', sa.String(length=100), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_industry_chains')),
    sa.UniqueConstraint('code', name=op.f('uq_industry_chains_code')),
    sa.UniqueConstraint('name', name=op.f('uq_industry_chains_name'))
    )
    op.create_table('api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('role', sa.Enum('operator', 'chain_leader', 'sme', name='api_role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=100), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_api_keys_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_api_keys_key_hash'))
    )
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_keys_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_keys_prefix'), ['prefix'], unique=False)

    op.create_table('demand_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('item_code', sa.String(length=64), nullable=True),
    sa.Column('identity_key', sa.String(length=512), nullable=False),
    sa.Column('category', sa.Enum('raw_material', 'component', 'software', name='demand_category', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('product_name', sa.String(length=200), nullable=False),
    sa.Column('specification', sa.Text(), nullable=True),
    sa.Column('part_numbers', sa.JSON(), nullable=False),
    sa.Column('annual_quantity', sa.Float(), nullable=True),
    sa.Column('quantity_unit', sa.String(length=16), nullable=True),
    sa.Column('quantity_per_year', sa.Float(), nullable=True),
    sa.Column('quantity_dimension', sa.String(length=16), nullable=True),
    sa.Column('price_min', sa.Float(), nullable=True),
    sa.Column('price_max', sa.Float(), nullable=True),
    sa.Column('price_unit', sa.String(length=16), nullable=True),
    sa.Column('certifications', sa.JSON(), nullable=False),
    sa.Column('preferred_region', sa.String(length=100), nullable=True),
    sa.Column('chain_id', sa.Integer(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('open', 'paused', 'closed', name='demand_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chain_id'], ['industry_chains.id'], name=op.f('fk_demand_items_chain_id_industry_chains'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_demand_items_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_demand_items')),
    sa.UniqueConstraint('enterprise_id', 'identity_key', name=op.f('uq_demand_items_enterprise_id_identity_key')),
    sa.UniqueConstraint('enterprise_id', 'item_code', name=op.f('uq_demand_items_enterprise_id_item_code'))
    )
    with op.batch_alter_table('demand_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_demand_items_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_demand_items_chain_id'), ['chain_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_demand_items_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_demand_items_status'), ['status'], unique=False)

    op.create_table('enterprise_chains',
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('chain_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['chain_id'], ['industry_chains.id'], name=op.f('fk_enterprise_chains_chain_id_industry_chains'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_enterprise_chains_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('enterprise_id', 'chain_id', name=op.f('pk_enterprise_chains'))
    )
    op.create_table('qualifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('municipal_specialized', 'national_little_giant', 'manufacturing_champion', name='qualification_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_qualifications_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qualifications')),
    sa.UniqueConstraint('enterprise_id', 'kind', name=op.f('uq_qualifications_enterprise_id_kind'))
    )
    with op.batch_alter_table('qualifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qualifications_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('supply_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('item_code', sa.String(length=64), nullable=True),
    sa.Column('identity_key', sa.String(length=512), nullable=False),
    sa.Column('category', sa.Enum('raw_material', 'component', 'software', name='supply_category', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('product_name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('part_numbers', sa.JSON(), nullable=False),
    sa.Column('capacity_text', sa.String(length=100), nullable=True),
    sa.Column('capacity_amount', sa.Float(), nullable=True),
    sa.Column('capacity_unit', sa.String(length=16), nullable=True),
    sa.Column('capacity_period', sa.String(length=16), nullable=True),
    sa.Column('capacity_per_year', sa.Float(), nullable=True),
    sa.Column('capacity_dimension', sa.String(length=16), nullable=True),
    sa.Column('certifications', sa.JSON(), nullable=False),
    sa.Column('chain_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('active', 'inactive', name='supply_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chain_id'], ['industry_chains.id'], name=op.f('fk_supply_items_chain_id_industry_chains'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_supply_items_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supply_items')),
    sa.UniqueConstraint('enterprise_id', 'identity_key', name=op.f('uq_supply_items_enterprise_id_identity_key')),
    sa.UniqueConstraint('enterprise_id', 'item_code', name=op.f('uq_supply_items_enterprise_id_item_code'))
    )
    with op.batch_alter_table('supply_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supply_items_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_supply_items_chain_id'), ['chain_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supply_items_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supply_items_status'), ['status'], unique=False)

    op.create_table('intended_customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supply_item_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_intended_customers_enterprise_id_enterprises'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supply_item_id'], ['supply_items.id'], name=op.f('fk_intended_customers_supply_item_id_supply_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intended_customers'))
    )
    with op.batch_alter_table('intended_customers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intended_customers_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_intended_customers_supply_item_id'), ['supply_item_id'], unique=False)

    chains = sa.table(
        "industry_chains",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("cluster", sa.String),
        sa.column("is_active", sa.Boolean),
    )
    op.bulk_insert(
        chains,
        [{"code": c, "name": n, "cluster": g, "is_active": True} for c, n, g in CHONGQING_KEY_CHAINS],
    )


def downgrade() -> None:

    with op.batch_alter_table('intended_customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intended_customers_supply_item_id'))
        batch_op.drop_index(batch_op.f('ix_intended_customers_enterprise_id'))

    op.drop_table('intended_customers')
    with op.batch_alter_table('supply_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supply_items_status'))
        batch_op.drop_index(batch_op.f('ix_supply_items_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_supply_items_chain_id'))
        batch_op.drop_index(batch_op.f('ix_supply_items_category'))

    op.drop_table('supply_items')
    with op.batch_alter_table('qualifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qualifications_enterprise_id'))

    op.drop_table('qualifications')
    op.drop_table('enterprise_chains')
    with op.batch_alter_table('demand_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_demand_items_status'))
        batch_op.drop_index(batch_op.f('ix_demand_items_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_demand_items_chain_id'))
        batch_op.drop_index(batch_op.f('ix_demand_items_category'))

    op.drop_table('demand_items')
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_keys_prefix'))
        batch_op.drop_index(batch_op.f('ix_api_keys_enterprise_id'))

    op.drop_table('api_keys')
    op.drop_table('industry_chains')
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enterprises_name'))
        batch_op.drop_index(batch_op.f('ix_enterprises_district'))

    op.drop_table('enterprises')

