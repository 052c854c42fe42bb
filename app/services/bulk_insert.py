"""Fast inserts of new list items during a bulk import.

The ORM unit of work inserts new rows one statement at a time when it needs their keys back (and on SQLite it
always does), and its bookkeeping costs more than the INSERT itself. For an import of tens of thousands of new
items that is most of the time spent. :func:`install` adds a ``before_flush`` hook to one session that takes
the new demand and supply items (and their new intended customers) out of the unit of work, inserts them with
one executemany per table (``RETURNING`` the ids in parameter order). Callers still just ``flush``; the
objects they hold get their ids and are left detached (attaching them again costs as much as the ORM insert),
so their relationships cannot be lazy-loaded afterwards; an upsert that finds one of them again through the
import's indexes re-attaches it with :func:`reattach` before changing it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from app.models import DemandItem, IntendedCustomer, SupplyItem
from app.models.base import utcnow

_INSTALLED = "chainmatch_bulk_insert"
_TIMESTAMPS = ("created_at", "updated_at")


def install(session: Session) -> None:
    """Route new items of this session through the bulk path from now on (idempotent)."""
    if session.info.get(_INSTALLED):
        return
    event.listen(session, "before_flush", _before_flush)
    session.info[_INSTALLED] = True


def _column_keys(model: type) -> list[str]:
    return [prop.key for prop in inspect(model).column_attrs if prop.key != "id"]


def _row(obj: Any, keys: list[str], now) -> dict[str, Any] | None:
    """The INSERT parameters of a new object, or None when an attribute was never set (left to the ORM)."""
    loaded = obj.__dict__
    row: dict[str, Any] = {}
    for key in keys:
        if key in loaded:
            row[key] = loaded[key]
        elif key in _TIMESTAMPS:
            row[key] = now
        else:
            return None
    return row


def _before_flush(session: Session, _flush_context, _instances) -> None:
    items = [obj for obj in session.new if type(obj) in (DemandItem, SupplyItem)]
    if not items:
        return
    now = utcnow()
    connection = session.connection()
    for model in (DemandItem, SupplyItem):
        keys = _column_keys(model)
        batch: list[tuple[Any, dict[str, Any]]] = []
        for obj in items:
            if type(obj) is not model:
                continue
            row = _row(obj, keys, now)
            customers = obj.__dict__.get("intended_customers", []) if model is SupplyItem else []
            if row is None or row.get("enterprise_id") is None or any(inspect(c).has_identity for c in customers):
                continue  # unusual shapes go through the ordinary unit of work
            batch.append((obj, row))
        if batch:
            _insert(session, connection, model, batch, now)


def _insert(session: Session, connection, model: type, batch: list[tuple[Any, dict[str, Any]]], now) -> None:
    table = model.__table__
    ids = connection.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), [row for _, row in batch]
    ).scalars().all()
    customers: list[IntendedCustomer] = []
    for (obj, row), new_id in zip(batch, ids, strict=True):
        session.expunge(obj)  # also expunges its pending intended customers (cascade)
        obj.id = new_id
        for key in _TIMESTAMPS:
            setattr(obj, key, row[key])
        if model is SupplyItem:
            for customer in obj.__dict__.get("intended_customers", []):
                customer.supply_item_id = new_id
                customers.append(customer)
    if customers:
        keys = _column_keys(IntendedCustomer)
        customer_table = IntendedCustomer.__table__
        rows = [{key: c.__dict__.get(key) for key in keys} for c in customers]
        customer_ids = connection.execute(
            insert(customer_table).returning(customer_table.c.id, sort_by_parameter_order=True), rows
        ).scalars().all()
        for customer, new_id in zip(customers, customer_ids, strict=True):
            customer.id = new_id
            make_transient_to_detached(customer)
    for obj, _ in batch:
        loaded_customers = obj.__dict__.get("intended_customers") if model is SupplyItem else None
        make_transient_to_detached(obj)
        if model is SupplyItem:
            set_committed_value(obj, "intended_customers", list(loaded_customers or []))
        # Left detached: attaching tens of thousands of objects costs as much as the ORM insert would have.
        # ``reattach`` puts one back when a later row of the same import updates it.


def reattach(session: Session, obj: Any) -> None:
    """Bring an item written by the bulk path back into the session before changing it."""
    if inspect(obj).detached:
        session.add(obj)
