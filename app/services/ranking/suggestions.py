"""Suggestions: the suppliers for a chain leader's demand item, the opportunities for an SME's product, and a
free-text supplier search — each ranked by the engine's text evidence plus the business factors, and explained.

How a ranking is made: the live index (kept in step with the database first) gives the engine's best
``Settings.suggestion_pool`` candidates — the whole candidate list when filters are given — then the business
factors (``app.services.ranking.business_factors``) are added as contributions and the candidates are re-sorted. The
factors are worth a fraction of good text evidence, so they re-rank textually good candidates and never lift a
poor one over a good one. A suggestion's score is always the sum of its contributions.

Who sees what (``app.services.access``): suggestions for a demand item only to its chain leader and operators;
opportunities for a supply item only to its SME and operators, where a confidential demand item shows nothing
of its leader and the factors that depend on who the leader is are not evaluated; supplier search to chain
leaders and operators (an SME never reads another SME's supply items).

Rejected suppliers are the caller's to exclude: pass ``exclude_supply_item_ids``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.core.config import FactorWeights
from app.core.errors import Forbidden, ValidationFailed, field_error
from app.domain.match_percent import match_percent
from app.models import (
    ApiRole,
    DemandItem,
    Enterprise,
    EnterpriseRole,
    ItemCategory,
    QualificationKind,
    SupplyItem,
    SupplyStatus,
)
from app.models.index_state import DEMAND, SUPPLY
from app.schemas.suggestions import (
    CategoryGroupRead,
    ContributionRead,
    DemandSuggestionsRead,
    EnterpriseGroupRead,
    EnterpriseSuggestionsRead,
    OpportunityRead,
    QualificationRead,
    SuggestionRead,
    SupplierRead,
    SupplyOpportunitiesRead,
)
from app.services import access
from app.services.auth import Principal
from app.services.chains import resolve_chain
from app.services.items import demand_items as demand_service
from app.services.items import supply_items as supply_service
from app.services.ranking import business_factors as factors
from app.services.ranking import substitution as substitution_service
from app.services.ranking.matching_index import MatchingIndexes, demand_record, supply_record
from app.services.ranking.reasons import Wording, readable_reasons
from app.services.ranking.weights import apply_weights, current_weights
from matching import Contribution, ItemRecord, Match

CATEGORY_ORDER = (ItemCategory.RAW_MATERIAL, ItemCategory.COMPONENT, ItemCategory.SOFTWARE)


@dataclass(frozen=True)
class SuggestionFilters:
    """Narrow the suppliers: by the enterprise's district or qualification, the item's industry chain (name,
    code or id) or category, a certification it holds, or a capacity that covers the demanded quantity; and
    leave out results below ``min_match_percent`` (匹配度, ``app.domain.match_percent``).

    For an SME's opportunities the same filters apply to the demand side: the leader's district (a confidential
    item, whose leader the SME may not know, never passes a district filter), the demand item's chain and
    category, and capacity; qualification and certification are the supplier's own and do not apply."""

    district: str | None = None
    chain: str | None = None
    qualification: QualificationKind | None = None
    certification: str | None = None
    capacity_sufficient_only: bool = False
    category: ItemCategory | None = None
    min_match_percent: float | None = None
    # Only domestic suppliers (国产): rows that name no foreign brand as their own (app.services.ranking.substitution).
    domestic_only: bool = False

    @property
    def any(self) -> bool:
        """Whether a filter narrows the candidates (the 匹配度 threshold only cuts the tail)."""
        return bool(self.district or self.chain or self.qualification or self.certification
                    or self.capacity_sufficient_only or self.category or self.domestic_only)


class _ExplainedScore:
    """What a scored result derives from its contributions: the engine's part, the business part, the text."""

    score: float
    contributions: tuple[Contribution, ...]
    reasons: str | None

    @property
    def match_percent(self) -> float:
        """匹配度 in percent (0–100), the mapping of the whole score (``app.domain.match_percent``). Not the
        engine's ``Match.probability``: that one weighs the text evidence alone, and a 匹配度 that ignored capacity,
        拟配套 and region would disagree with the order the suggestions are shown in."""
        return match_percent(self.score)

    @property
    def text_score(self) -> float:
        return _engine_part(self.contributions)

    @property
    def business_score(self) -> float:
        return self.score - self.text_score

    @property
    def explanation(self) -> str:
        """The reasons in readable Chinese with each side's own spelling (set for the results returned), else
        the contributions' technical text."""
        return self.reasons or explanation(self.contributions)


@dataclass(frozen=True)
class Suggestion(_ExplainedScore):
    """A supply item suggested for a need; ``score`` is the sum of ``contributions``."""

    supply_item: SupplyItem
    score: float
    contributions: tuple[Contribution, ...]
    reasons: str | None = None
    # Not a foreign brand's product (app.services.ranking.substitution); None until asked (results returned always are).
    domestic: bool | None = None

    @property
    def enterprise(self) -> Enterprise:
        return self.supply_item.enterprise

    @property
    def domestic_substitute(self) -> bool:
        """国产替代: a domestic equivalent of the foreign reference the demand names (``matching.substitution``)."""
        return any(c.comparison == "substitute" for c in self.contributions)


@dataclass(frozen=True)
class Opportunity(_ExplainedScore):
    """An open demand item an SME's product fits. ``leader_hidden``: show nothing of the demand's leader."""

    demand_item: DemandItem
    supply_item: SupplyItem
    score: float
    contributions: tuple[Contribution, ...]
    leader_hidden: bool
    reasons: str | None = None


@dataclass(frozen=True)
class EnterpriseGroup:
    """Suggestions grouped under the enterprise that makes them, best enterprise first."""

    enterprise: Enterprise
    best_score: float
    suggestions: tuple[Suggestion, ...]


@dataclass(frozen=True)
class DemandSuggestions:
    demand_item: DemandItem
    suggestions: tuple[Suggestion, ...]


@dataclass(frozen=True)
class SupplyOpportunities:
    supply_item: SupplyItem
    opportunities: tuple[Opportunity, ...]


@dataclass(frozen=True)
class EnterpriseSuggestions:
    """A chain leader's open demand items with their suppliers, by category; an SME's opportunities by product;
    an enterprise that is both gets both."""

    enterprise: Enterprise
    demand_by_category: dict[ItemCategory, tuple[DemandSuggestions, ...]] = field(default_factory=dict)
    opportunities: tuple[SupplyOpportunities, ...] = ()


def explanation(contributions: Sequence[Contribution]) -> str:
    """The non-zero contributions in Chinese, largest first: ``型号完全一致 FF450R12ME4；同区县 两江新区``."""
    shown = sorted((c for c in contributions if c.value != 0.0), key=lambda c: -abs(c.value))
    return "；".join(c.text for c in shown)


# ── suppliers for a demand item ──────────────────────────────────────────────────────────────────────────────
def get_demand_item_for_suggestions(*, db_session: Session, principal: Principal, demand_item_id: int) -> DemandItem:
    """The demand item, if the principal may see suggestions for it: 404 when it may not read it, 403 when it
    may read it but it is not its own (an SME reading a leader's open demand)."""
    item = db_session.scalar(select(DemandItem).where(access.demand_id_condition(principal, demand_item_id),
                                                      access.demand_filter(principal)))
    if item is None:
        raise access.not_found("需求条目", demand_item_id)
    _ensure_may_see_suppliers(principal, item)
    return item


def suggest_for_demand(
    *,
    db_session: Session,
    index: MatchingIndexes,
    demand_item: DemandItem,
    principal: Principal,
    limit: int = 10,
    min_score: float | None = None,
    filters: SuggestionFilters = SuggestionFilters(),
    exclude_supply_item_ids: Collection[int] = frozenset(),
    weights: FactorWeights | None = None,
) -> list[Suggestion]:
    """The best supply items for one demand item, best first: at most ``limit``, none below ``min_score``
    (``Settings.suggestion_min_score`` when not given)."""
    result = suggest_for_demands(
        db_session=db_session, index=index, demand_items=[demand_item], principal=principal, limit=limit,
        min_score=min_score, filters=filters,
        exclude_supply_item_ids={demand_item.id: exclude_supply_item_ids}, weights=weights,
    )
    return result[demand_item.id]


def suggest_for_demands(
    *,
    db_session: Session,
    index: MatchingIndexes,
    demand_items: Sequence[DemandItem],
    principal: Principal,
    limit: int = 10,
    min_score: float | None = None,
    filters: SuggestionFilters = SuggestionFilters(),
    exclude_supply_item_ids: Mapping[int, Collection[int]] | None = None,
    weights: FactorWeights | None = None,
    engine_matches: Mapping[str, Sequence[Match]] | None = None,
) -> dict[int, list[Suggestion]]:
    """:func:`suggest_for_demand` for many demand items at once (one engine batch, one database read),
    keyed by demand item id. ``exclude_supply_item_ids`` maps a demand item id to suppliers to leave out.

    ``engine_matches``: the engine's ranked matches per demand item id (as a string), computed elsewhere (a Spark
    batch, ``app.services.ranking.spark_batch``) instead of by the live index, which is then neither synced nor asked;
    each list must hold at least as many matches as the live index would be asked for."""
    for item in demand_items:
        _ensure_may_see_suppliers(principal, item)
    if not demand_items:
        return {}
    weights = weights or index.settings.factor_weights
    min_score = index.settings.suggestion_min_score if min_score is None else min_score
    if engine_matches is None:
        index.sync(db_session, kinds=(SUPPLY,))
    records = [demand_record(item) for item in demand_items]
    sides = [factors.DemandSide.of(item) for item in demand_items]
    excluded = [set(exclude_supply_item_ids.get(item.id, ())) if exclude_supply_item_ids else set()
                for item in demand_items]
    ranked = _rank_suppliers(db_session, index, records, sides, limit=limit, min_score=min_score, filters=filters,
                             excluded=excluded, weights=weights, engine_matches=engine_matches)
    return {item.id: suggestions for item, suggestions in zip(demand_items, ranked, strict=True)}


def search_suppliers(
    *,
    db_session: Session,
    index: MatchingIndexes,
    principal: Principal,
    text: str,
    part_number: str | None = None,
    category: ItemCategory | None = None,
    quantity: str | None = None,
    certifications: Sequence[str] = (),
    limit: int = 10,
    min_score: float | None = None,
    filters: SuggestionFilters = SuggestionFilters(),
    exclude_supply_item_ids: Collection[int] = frozenset(),
    weights: FactorWeights | None = None,
) -> list[Suggestion]:
    """Suppliers for a need typed in free text (and optionally a part number), without creating a demand item.

    A chain leader's own enterprise stands in for the demand's leader (its district, whether SMEs named it as
    their intended customer); ``quantity`` (``20万件``) and ``certifications`` feed the matching factors."""
    if not (principal.is_operator or principal.role is ApiRole.CHAIN_LEADER):
        raise Forbidden("供应商检索仅向链主企业和运营人员开放 (chain leaders and operators only)")
    if not text.strip() and not (part_number and part_number.strip()):
        raise ValidationFailed(detail=[field_error("text", "请输入需求描述或型号 (text or part_number is required)")])
    try:
        per_year, dimension, quantity_text = factors.quantity_side(quantity)
    except ValueError as exc:
        raise ValidationFailed(detail=[field_error("quantity", str(exc), quantity)]) from None
    leader = db_session.get(Enterprise, principal.enterprise_id) if principal.enterprise_id is not None else None
    side = factors.DemandSide(
        leader_id=leader.id if leader is not None else None,
        location=factors.Location.of(leader),
        quantity_per_year=per_year,
        quantity_dimension=dimension,
        quantity_text=quantity_text,
        certifications=tuple(c for c in certifications if c and c.strip()),
    )
    record = ItemRecord(
        id="search",
        name=text.strip(),
        part_numbers=(part_number.strip(),) if part_number and part_number.strip() else (),
        category=category.value if category is not None else None,
    )
    index.sync(db_session, kinds=(SUPPLY,))
    min_score = index.settings.suggestion_min_score if min_score is None else min_score
    return _rank_suppliers(db_session, index, [record], [side], limit=limit, min_score=min_score, filters=filters,
                           excluded=[set(exclude_supply_item_ids)], weights=weights or index.settings.factor_weights)[0]


def group_by_enterprise(suggestions: Sequence[Suggestion]) -> list[EnterpriseGroup]:
    """Each enterprise once, with its suggested items best first; enterprises ordered by their best item."""
    groups: dict[int, list[Suggestion]] = {}
    for suggestion in suggestions:
        groups.setdefault(suggestion.supply_item.enterprise_id, []).append(suggestion)
    out = [EnterpriseGroup(enterprise=items[0].enterprise, best_score=items[0].score, suggestions=tuple(items))
           for items in groups.values()]
    out.sort(key=lambda g: (-g.best_score, g.enterprise.id))
    return out


def _rank_suppliers(
    db_session: Session,
    index: MatchingIndexes,
    records: Sequence[ItemRecord],
    sides: Sequence[factors.DemandSide],
    *,
    limit: int,
    min_score: float | None,
    filters: SuggestionFilters,
    excluded: Sequence[set[int]],
    weights: FactorWeights,
    engine_matches: Mapping[str, Sequence[Match]] | None = None,
) -> list[list[Suggestion]]:
    # With filters, look at every candidate the engine compared, so a filter does not empty a short list.
    pool = max(index.settings.suggestion_pool, limit)
    if filters.any:
        pool = max(pool, index.supply.n_candidates)
    substitution = substitution_service.context_for(db_session, index.supply, records,
                                                    candidates=engine_matches is None)
    top_k = pool + max((len(e) for e in excluded), default=0)
    if engine_matches is not None:
        # The first top_k of a longer ranking are the ranking of top_k (the engine's order and scores do not
        # depend on how many results are asked for). A batch computed elsewhere (Spark) did not see the
        # cross-referenced rows that ``substitution.also`` adds to a live query.
        matches = [list(engine_matches.get(r.id, ()))[:top_k] for r in records]
    else:
        matches = index.supply.query_many(records, top_k=top_k, also=substitution.also)
    items = _load_supply_items(db_session, {int(m.supply_id) for ms in matches for m in ms})
    supply_codes = index.supply.part_numbers_by_id({m.supply_id for ms in matches for m in ms})
    if supply_codes is None:  # ranked elsewhere (a Spark batch), the live engine not fitted here: read the rows
        shown = list(items.values())
        supply_codes = dict(zip((str(i.id) for i in shown),
                                index.supply.part_numbers_of([supply_record(i) for i in shown]), strict=True))
    learned = current_weights(db_session)  # multipliers learned from decisions (``chainmatch learn``)
    chain_id = _chain_id(db_session, filters.chain)
    supply_sides: dict[int, factors.SupplySide] = {}
    results = []
    for i, (record, demand_matches, side, skip) in enumerate(zip(records, matches, sides, excluded, strict=True)):
        ranked: list[Suggestion] = []
        for match in demand_matches:
            item = items.get(int(match.supply_id))
            if item is None or item.id in skip:
                continue
            supply_side = supply_sides.get(item.id) or supply_sides.setdefault(item.id, factors.SupplySide.of(item))
            if not _passes(filters, item, supply_side, side, chain_id):
                continue
            # Whose product a row is costs a pass over its text: asked only when something depends on it here, and
            # for the results returned (below).
            seeks = substitution.seeks_equivalents(i)
            domestic = substitution.is_domestic(item) if filters.domestic_only or seeks else None
            if filters.domestic_only and not domestic:
                continue
            substitute = (substitution.contribution(i, match, item, supply_codes.get(match.supply_id, ()))
                          if seeks else None)
            contributions = apply_weights(
                match.contributions + ((substitute,) if substitute is not None else ())
                + factors.business_contributions(side, supply_side, weights), learned)
            score = float(sum(c.value for c in contributions))
            if min_score is not None and score < min_score:
                continue
            suggestion = Suggestion(supply_item=item, score=score, contributions=contributions, domestic=domestic)
            if _below(filters, suggestion):
                continue
            ranked.append(suggestion)
        ranked.sort(key=lambda s: (-s.score, s.supply_item.id))
        demand_words = Wording(name=record.name, part_numbers=record.part_numbers, description=record.description)
        results.append([
            dataclasses.replace(s, reasons=readable_reasons(
                s.contributions, demand=demand_words, supply=_wording(s.supply_item), demand_side=side,
                supply_side=supply_sides[s.supply_item.id]),
                domestic=s.domestic if s.domestic is not None else substitution.is_domestic(s.supply_item))
            for s in ranked[:limit]
        ])
    return results


def _wording(item: SupplyItem | DemandItem) -> Wording:
    """An item's own words: what its owner typed, before any normalisation."""
    description = item.description if isinstance(item, SupplyItem) else item.specification
    return Wording(name=item.product_name, part_numbers=tuple(item.part_numbers or ()), description=description or "")


def _below(filters: SuggestionFilters, result: Suggestion | Opportunity) -> bool:
    return filters.min_match_percent is not None and result.match_percent < filters.min_match_percent


def _load_supply_items(db_session: Session, ids: set[int]) -> dict[int, SupplyItem]:
    if not ids:
        return {}
    # Status is checked here, not in SQL: almost every item is active, and a planner without fresh statistics
    # (right after a bulk import) would otherwise intersect the whole status index with the ids (14 ms, not 1).
    rows = db_session.scalars(
        select(SupplyItem)
        .where(SupplyItem.id.in_(ids))
        .options(
            joinedload(SupplyItem.enterprise).selectinload(Enterprise.qualifications),
            joinedload(SupplyItem.chain),
            selectinload(SupplyItem.intended_customers),
        )
    ).unique().all()
    return {row.id: row for row in rows if row.status == SupplyStatus.ACTIVE}


def _passes(filters: SuggestionFilters, item: SupplyItem, supply: factors.SupplySide, demand: factors.DemandSide,
            chain_id: int | None) -> bool:
    if not filters.any:
        return True
    enterprise = item.enterprise
    if filters.district and (enterprise.district or "").strip() != filters.district.strip():
        return False
    if chain_id is not None and item.chain_id != chain_id:
        return False
    if filters.qualification is not None and filters.qualification not in supply.qualifications:
        return False
    if filters.category is not None and item.category is not filters.category:
        return False
    if filters.certification and not factors.holds_certification(supply.certifications, filters.certification):
        return False
    return not (filters.capacity_sufficient_only and not factors.capacity_sufficient(demand, supply))


def _chain_id(db_session: Session, ref: str | None) -> int | None:
    chain = resolve_chain(db_session=db_session, ref=ref) if ref else None
    return chain.id if chain is not None else None


def _ensure_may_see_suppliers(principal: Principal, item: DemandItem) -> None:
    if principal.is_operator:
        return
    if principal.role is ApiRole.CHAIN_LEADER and principal.enterprise_id == item.enterprise_id:
        return
    raise Forbidden("只有需求方链主企业和运营人员可以查看供应商推荐 (only the demand's chain leader and operators)")


# ── opportunities for a supply item ──────────────────────────────────────────────────────────────────────────
def get_supply_item_for_opportunities(*, db_session: Session, principal: Principal, supply_item_id: int) -> SupplyItem:
    """The supply item, if the principal may see its opportunities: its own SME or an operator (404 when it may
    not read it; 403 for a chain leader, which may read active supply items but not other leaders' demand)."""
    item = db_session.scalar(select(SupplyItem).where(SupplyItem.id == supply_item_id,
                                                      access.supply_filter(principal)))
    if item is None:
        raise access.not_found("供给条目", supply_item_id)
    _ensure_may_see_opportunities(principal, item)
    return item


def opportunities_for_supply(
    *,
    db_session: Session,
    index: MatchingIndexes,
    supply_item: SupplyItem,
    principal: Principal,
    limit: int = 10,
    min_score: float | None = None,
    filters: SuggestionFilters | None = None,
    weights: FactorWeights | None = None,
) -> list[Opportunity]:
    """Open demand items that fit one supply item, best first: none below ``filters.min_match_percent``
    (``Settings.opportunity_min_match_percent`` when not given), only those passing the filters."""
    return opportunities_for_supplies(
        db_session=db_session, index=index, supply_items=[supply_item], principal=principal, limit=limit,
        min_score=min_score, filters=filters, weights=weights,
    )[supply_item.id]


def opportunities_for_supplies(
    *,
    db_session: Session,
    index: MatchingIndexes,
    supply_items: Sequence[SupplyItem],
    principal: Principal,
    limit: int = 10,
    min_score: float | None = None,
    filters: SuggestionFilters | None = None,
    weights: FactorWeights | None = None,
) -> dict[int, list[Opportunity]]:
    for item in supply_items:
        _ensure_may_see_opportunities(principal, item)
    if not supply_items:
        return {}
    weights = weights or index.settings.factor_weights
    min_score = index.settings.suggestion_min_score if min_score is None else min_score
    filters = filters or SuggestionFilters()
    if filters.min_match_percent is None:
        # Unrelated items share a few characters with any product: an SME sees none below the default 匹配度.
        filters = dataclasses.replace(filters, min_match_percent=index.settings.opportunity_min_match_percent)
    chain_id = _chain_id(db_session, filters.chain)
    index.sync(db_session, kinds=(DEMAND,))
    pool = max(index.settings.suggestion_pool, limit)
    if filters.any:
        pool = max(pool, index.demand.n_candidates)
    matches = index.demand.query_many([supply_record(item) for item in supply_items], top_k=pool)
    demand_items = _load_open_demand_items(db_session, principal, {int(m.supply_id) for ms in matches for m in ms})
    learned = current_weights(db_session)  # multipliers learned from decisions (``chainmatch learn``)
    out: dict[int, list[Opportunity]] = {}
    for supply_item, item_matches in zip(supply_items, matches, strict=True):
        supply_side = factors.SupplySide.of(supply_item)
        ranked = []
        for match in item_matches:
            demand_item = demand_items.get(int(match.supply_id))
            if demand_item is None:
                continue
            hidden = access.hides_owner(principal, demand_item)
            side = factors.DemandSide.of(demand_item, leader_hidden=hidden)
            if not _demand_passes(filters, demand_item, side, supply_side, chain_id):
                continue
            # The engine's contributions keep its sides (supply item as query) until the few returned are
            # turned round below: turning all of them round cost more than the matching (pool × products).
            contributions = apply_weights(
                match.contributions + factors.business_contributions(side, supply_side, weights), learned)
            score = float(sum(c.value for c in contributions))
            if min_score is not None and score < min_score:
                continue
            opportunity = Opportunity(demand_item=demand_item, supply_item=supply_item, score=score,
                                      contributions=contributions, leader_hidden=hidden)
            if _below(filters, opportunity):
                continue
            ranked.append((opportunity, len(match.contributions)))
        # ties in the order the SME knows the items by (a row id would place a confidential one)
        ranked.sort(key=lambda pair: (-pair[0].score, access.shown_demand_id(principal, pair[0].demand_item)))
        supply_words = _wording(supply_item)
        out[supply_item.id] = []
        for o, engine_count in ranked[:limit]:
            contributions = _as_demand_view(o.contributions[:engine_count]) + o.contributions[engine_count:]
            out[supply_item.id].append(dataclasses.replace(
                o, contributions=contributions, reasons=readable_reasons(
                    contributions, demand=_wording(o.demand_item), supply=supply_words,
                    demand_side=factors.DemandSide.of(o.demand_item, leader_hidden=o.leader_hidden),
                    supply_side=supply_side)))
    return out


def _demand_passes(filters: SuggestionFilters, item: DemandItem, side: factors.DemandSide,
                   supply: factors.SupplySide, chain_id: int | None) -> bool:
    if not filters.any:
        return True
    if filters.district and (side.leader_hidden
                             or (item.enterprise.district or "").strip() != filters.district.strip()):
        return False
    if chain_id is not None and item.chain_id != chain_id:
        return False
    if filters.category is not None and item.category is not filters.category:
        return False
    return not (filters.capacity_sufficient_only and not factors.capacity_sufficient(side, supply))


def _as_demand_view(contributions: Sequence[Contribution]) -> tuple[Contribution, ...]:
    """The demand engine compared the supply item (as its query) with a demand item (as its row): put each
    value back on its own side."""
    return tuple(dataclasses.replace(c, demand_value=c.supply_value, supply_value=c.demand_value)
                 for c in contributions)


def _load_open_demand_items(db_session: Session, principal: Principal, ids: set[int]) -> dict[int, DemandItem]:
    if not ids:
        return {}
    rows = db_session.scalars(
        select(DemandItem)
        .where(DemandItem.id.in_(ids), DemandItem.is_open, access.demand_filter(principal))
        .options(joinedload(DemandItem.enterprise), joinedload(DemandItem.chain))
    ).unique().all()
    return {row.id: row for row in rows}


def _ensure_may_see_opportunities(principal: Principal, item: SupplyItem) -> None:
    if principal.is_operator:
        return
    if principal.role is ApiRole.SME and principal.enterprise_id == item.enterprise_id:
        return
    raise Forbidden("只有供给方企业和运营人员可以查看需求机会 (only the supplier and operators)")


# ── everything for one enterprise ────────────────────────────────────────────────────────────────────────────
def suggestions_for_enterprise(
    *,
    db_session: Session,
    index: MatchingIndexes,
    principal: Principal,
    enterprise_id: int,
    per_item: int = 5,
    min_score: float | None = None,
    exclude_supply_item_ids: Mapping[int, Collection[int]] | None = None,
    weights: FactorWeights | None = None,
) -> EnterpriseSuggestions:
    """For a chain leader, each open demand item with its best suppliers, by category; for an SME, each active
    supply item with its opportunities. A tenant sees only its own enterprise, in its key's role; an operator
    sees any enterprise in the roles it has."""
    enterprise = db_session.scalar(select(Enterprise).where(Enterprise.id == enterprise_id,
                                                            access.enterprise_filter(principal)))
    if enterprise is None:
        raise access.not_found("企业", enterprise_id)
    if not principal.is_operator and principal.enterprise_id != enterprise.id:
        raise Forbidden("只能查看本企业的推荐 (only your own enterprise)")
    if principal.is_operator:
        as_leader = enterprise.role in (EnterpriseRole.CHAIN_LEADER, EnterpriseRole.BOTH)
        as_sme = enterprise.role in (EnterpriseRole.SME, EnterpriseRole.BOTH)
    else:
        as_leader, as_sme = principal.role is ApiRole.CHAIN_LEADER, principal.role is ApiRole.SME
    by_category: dict[ItemCategory, tuple[DemandSuggestions, ...]] = {}
    if as_leader:
        demand_items = db_session.scalars(
            select(DemandItem).where(DemandItem.enterprise_id == enterprise.id, DemandItem.is_open)
            .order_by(DemandItem.id)
        ).all()
        suggested = suggest_for_demands(
            db_session=db_session, index=index, demand_items=demand_items, principal=principal, limit=per_item,
            min_score=min_score, exclude_supply_item_ids=exclude_supply_item_ids, weights=weights,
        )
        for category in CATEGORY_ORDER:
            group = tuple(DemandSuggestions(item, tuple(suggested[item.id]))
                          for item in demand_items if item.category is category)
            if group:
                by_category[category] = group
    opportunities: tuple[SupplyOpportunities, ...] = ()
    if as_sme:
        supply_items = db_session.scalars(
            select(SupplyItem).where(SupplyItem.enterprise_id == enterprise.id,
                                     SupplyItem.status == SupplyStatus.ACTIVE)
            .order_by(SupplyItem.id)
        ).all()
        found = opportunities_for_supplies(db_session=db_session, index=index, supply_items=supply_items,
                                           principal=principal, limit=per_item, min_score=min_score, weights=weights)
        opportunities = tuple(SupplyOpportunities(item, tuple(found[item.id])) for item in supply_items)
    return EnterpriseSuggestions(enterprise=enterprise, demand_by_category=by_category, opportunities=opportunities)


# ── responses ────────────────────────────────────────────────────────────────────────────────────────────────
def present_suggestions(suggestions: Sequence[Suggestion], principal: Principal) -> list[SuggestionRead]:
    return [_present_suggestion(s, rank, principal) for rank, s in enumerate(suggestions, start=1)]


def present_demand_suggestions(
    demand_item: DemandItem, suggestions: Sequence[Suggestion], principal: Principal, *, group: bool = False
) -> DemandSuggestionsRead:
    presented = present_suggestions(suggestions, principal)
    groups = None
    if group:
        by_id = {id(s): p for s, p in zip(suggestions, presented, strict=True)}
        groups = [
            EnterpriseGroupRead(enterprise=_present_supplier(g.enterprise), best_score=g.best_score,
                                best_match_percent=g.suggestions[0].match_percent,
                                suggestions=[by_id[id(s)] for s in g.suggestions])
            for g in group_by_enterprise(suggestions)
        ]
    return DemandSuggestionsRead(demand_item=demand_service.present(demand_item, principal), suggestions=presented,
                                 groups=groups)


def present_opportunities(opportunities: Sequence[Opportunity], principal: Principal) -> list[OpportunityRead]:
    return [
        OpportunityRead(rank=rank, **_scored(o), demand_item=demand_service.present(o.demand_item, principal))
        for rank, o in enumerate(opportunities, start=1)
    ]


def present_enterprise_suggestions(result: EnterpriseSuggestions, principal: Principal) -> EnterpriseSuggestionsRead:
    return EnterpriseSuggestionsRead(
        enterprise_id=result.enterprise.id,
        enterprise_name=result.enterprise.name,
        demand_categories=[
            CategoryGroupRead(category=category, category_label=category.label,
                              items=[present_demand_suggestions(g.demand_item, g.suggestions, principal)
                                     for g in groups])
            for category, groups in result.demand_by_category.items()
        ],
        opportunities=[
            SupplyOpportunitiesRead(supply_item=supply_service.present(o.supply_item, principal),
                                    opportunities=present_opportunities(o.opportunities, principal))
            for o in result.opportunities
        ],
    )


def present_contribution(c: Contribution) -> ContributionRead:
    return ContributionRead(comparison=c.comparison, level=c.level, label=c.label, text=c.text, weight=c.weight,
                            value=c.value, similarity=c.similarity, demand_value=c.demand_value,
                            supply_value=c.supply_value)


def _present_suggestion(s: Suggestion, rank: int, principal: Principal) -> SuggestionRead:
    return SuggestionRead(rank=rank, **_scored(s), supply_item=supply_service.present(s.supply_item, principal),
                          enterprise=_present_supplier(s.enterprise), domestic_supplier=bool(s.domestic),
                          domestic_substitute=s.domestic_substitute)


def _scored(s: Suggestion | Opportunity) -> dict:
    return {"score": s.score, "match_percent": s.match_percent, "text_score": s.text_score,
            "business_score": s.business_score, "explanation": s.explanation,
            "contributions": [present_contribution(c) for c in s.contributions]}


def _present_supplier(enterprise: Enterprise) -> SupplierRead:
    return SupplierRead(
        id=enterprise.id, name=enterprise.name, size_class=enterprise.size_class, province=enterprise.province,
        city=enterprise.city, district=enterprise.district,
        qualifications=[QualificationRead(kind=q.kind, label=q.kind.label, year=q.year)
                        for q in sorted(enterprise.qualifications, key=lambda q: q.kind.value)],
    )


def _engine_part(contributions: Sequence[Contribution]) -> float:
    return float(sum(c.value for c in contributions if c.comparison not in factors.FACTORS))


__all__ = [
    "DemandSuggestions",
    "EnterpriseGroup",
    "EnterpriseSuggestions",
    "Opportunity",
    "Suggestion",
    "SuggestionFilters",
    "SupplyOpportunities",
    "explanation",
    "get_demand_item_for_suggestions",
    "get_supply_item_for_opportunities",
    "group_by_enterprise",
    "opportunities_for_supplies",
    "opportunities_for_supply",
    "search_suppliers",
    "suggest_for_demand",
    "suggest_for_demands",
    "suggestions_for_enterprise",
]
