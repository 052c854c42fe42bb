"""Pre-loaded lookups for bulk writes (the spreadsheet import), so 50,000 rows cost a handful of queries.

One :class:`Lookups` lives for one import (one transaction). It loads each kind of reference data once
(industry chains, chain leaders by name), enterprises by credit code in batches, and the existing items of an
owner the first time that owner is seen; the upsert services keep these indexes current as they write.
Without it the services answer the same questions with small targeted queries — right for single API calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import DemandItem, Enterprise, EnterpriseRole, IndustryChain, SupplyItem
from app.services.chains import load_chain_index
from matching.normalize import strip_company_suffix

ItemT = TypeVar("ItemT", DemandItem, SupplyItem)

LEADER_ROLES = (EnterpriseRole.CHAIN_LEADER, EnterpriseRole.BOTH)
_BATCH = 500


@dataclass
class ItemIndex(Generic[ItemT]):
    """An owner's items by explicit item code and by identity key."""

    by_code: dict[str, ItemT] = field(default_factory=dict)
    by_identity: dict[str, ItemT] = field(default_factory=dict)

    def add(self, item: ItemT) -> None:
        if item.item_code:
            self.by_code[item.item_code] = item
        self.by_identity[item.identity_key] = item

    def discard(self, item: ItemT) -> None:
        if item.item_code and self.by_code.get(item.item_code) is item:
            del self.by_code[item.item_code]
        if self.by_identity.get(item.identity_key) is item:
            del self.by_identity[item.identity_key]


# Sheets name a customer by its short form: "渝辰汽车" for "重庆渝辰汽车有限公司". Leading place names carry no
# identity once the legal-form suffix is gone, so a leader is also known by its name without them.
_PLACE_PREFIXES = (
    "重庆市", "重庆", "四川省", "四川", "成都市", "成都", "中国",
)
_MIN_SHORT_NAME = 3  # shorter fragments ("汽车") would link to whichever leader happens to contain them


def _without_place(key: str) -> str:
    for prefix in _PLACE_PREFIXES:
        if key.startswith(prefix) and len(key) - len(prefix) >= _MIN_SHORT_NAME:
            return key[len(prefix):]
    return key


class LeaderNames:
    """Chain-leader enterprises by name without legal-form suffix (and without a leading place name).

    A customer name links to a leader when its key equals a leader's key, or when it abbreviates exactly one
    leader's name; a name that fits two leaders links to none, since a wrong link is worse than no link.
    """

    def __init__(self) -> None:
        self._ids: dict[str, int | None] = {}
        self._resolved: dict[str, int | None] = {}  # the same customer names repeat on thousands of rows

    def add(self, enterprise_id: int, name: str) -> None:
        key = strip_company_suffix(name)
        if not key:
            return
        for alias in {key, _without_place(key)}:
            known = self._ids.get(alias, enterprise_id)
            self._ids[alias] = enterprise_id if known == enterprise_id else None
        self._resolved.clear()

    def resolve(self, name: str) -> int | None:
        if name not in self._resolved:
            self._resolved[name] = self._lookup(strip_company_suffix(name))
        return self._resolved[name]

    def _lookup(self, key: str) -> int | None:
        if not key:
            return None
        for candidate in (key, _without_place(key)):
            if candidate in self._ids:
                return self._ids[candidate]
        short = _without_place(key)
        if len(short) < _MIN_SHORT_NAME:
            return None
        owners = {owner for alias, owner in self._ids.items() if _abbreviates(short, alias)}
        return owners.pop() if len(owners) == 1 and None not in owners else None


def _abbreviates(short: str, full: str) -> bool:
    """A Chinese short name (简称) keeps the full name's first two characters (its 字号) and then some of the
    rest in order: 鼎岳汽车 for 鼎岳新能源汽车, 锂峰电池 for 锂峰动力电池."""
    if short in full:
        return True
    if len(short) < 4 or not full.startswith(short[:2]):
        return False
    rest = iter(full[2:])
    return all(char in rest for char in short[2:])


def load_leader_names(*, db_session: Session) -> LeaderNames:
    names = LeaderNames()
    for enterprise_id, name in db_session.execute(
        select(Enterprise.id, Enterprise.name).where(Enterprise.role.in_(LEADER_ROLES))
    ):
        names.add(enterprise_id, name)
    return names


class Lookups:
    def __init__(self) -> None:
        self._chains: dict[str, IndustryChain] | None = None
        self._leaders: LeaderNames | None = None
        self._enterprises: dict[str, Enterprise | None] = {}
        self._demand: dict[int, ItemIndex[DemandItem]] = {}
        self._supply: dict[int, ItemIndex[SupplyItem]] = {}

    # reference data
    def chains(self, *, db_session: Session) -> dict[str, IndustryChain]:
        if self._chains is None:
            self._chains = load_chain_index(db_session=db_session)
        return self._chains

    def leaders(self, *, db_session: Session) -> LeaderNames:
        if self._leaders is None:
            self._leaders = load_leader_names(db_session=db_session)
        return self._leaders

    # enterprises
    def preload_enterprises(self, *, db_session: Session, credit_codes: Iterable[str]) -> None:
        """Load the enterprises for these credit codes in a few queries (codes not found are remembered too)."""
        wanted = [code for code in dict.fromkeys(credit_codes) if code not in self._enterprises]
        for start in range(0, len(wanted), _BATCH):
            chunk = wanted[start:start + _BATCH]
            found = {e.credit_code: e for e in db_session.scalars(select(Enterprise).where(Enterprise.credit_code.in_(chunk)))}
            for code in chunk:
                self._enterprises[code] = found.get(code)

    def enterprise(self, *, db_session: Session, credit_code: str) -> Enterprise | None:
        if credit_code not in self._enterprises:
            self.preload_enterprises(db_session=db_session, credit_codes=[credit_code])
        return self._enterprises[credit_code]

    def remember_enterprise(self, enterprise: Enterprise) -> None:
        self._enterprises[enterprise.credit_code] = enterprise
        if self._leaders is not None and enterprise.role in LEADER_ROLES:
            if enterprise.id is None:
                self._leaders = None  # not flushed yet: reload the names (with its id) when next needed
            else:
                self._leaders.add(enterprise.id, enterprise.name)

    # items
    def demand_items(self, *, db_session: Session, owner_id: int) -> ItemIndex[DemandItem]:
        return self._items(db_session, DemandItem, self._demand, owner_id)

    def supply_items(self, *, db_session: Session, owner_id: int) -> ItemIndex[SupplyItem]:
        return self._items(db_session, SupplyItem, self._supply, owner_id)

    def preload_items(self, *, db_session: Session, model: type[DemandItem] | type[SupplyItem],
                      owner_ids: Iterable[int]) -> None:
        """Load the existing items of many owners at once (one query per 500 owners)."""
        indexes = self._demand if model is DemandItem else self._supply
        wanted = [owner for owner in dict.fromkeys(owner_ids) if owner not in indexes]
        for owner in wanted:
            indexes[owner] = ItemIndex()
        for start in range(0, len(wanted), _BATCH):
            chunk = wanted[start:start + _BATCH]
            for item in db_session.scalars(select(model).where(model.enterprise_id.in_(chunk))).unique():
                indexes[item.enterprise_id].add(item)

    def _items(self, db_session: Session, model, indexes: dict, owner_id: int) -> ItemIndex:
        if owner_id not in indexes:
            self.preload_items(db_session=db_session, model=model, owner_ids=[owner_id])
        return indexes[owner_id]
