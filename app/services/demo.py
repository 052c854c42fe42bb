"""Loading the bundled demo lists through the same import path an operator's upload takes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.demo import DEMAND_LIST, SUPPLY_LIST
from app.demo.substitution import SUBSTITUTION_CROSS_REFERENCES, SUBSTITUTION_DEMAND, SUBSTITUTION_SUPPLY
from app.models import DemandItem, SupplyItem
from app.models.items import programme_today
from app.services.imports import ImportResult, ListKind, import_list
from app.services.imports.readers import ProgressCallback
from app.services.ranking.substitution import load_equivalences


@dataclass(frozen=True)
class DemoLoad:
    loaded: bool
    results: tuple[ImportResult, ...] = ()
    cross_references: int = 0  # lines of the demo's 替代型号对照 recorded


def database_has_lists(*, db_session: Session) -> bool:
    demand = db_session.scalar(select(func.count()).select_from(DemandItem)) or 0
    supply = db_session.scalar(select(func.count()).select_from(SupplyItem)) or 0
    return demand + supply > 0


def load_demo_lists(
    *, db_session: Session, settings: Settings, progress: ProgressCallback | None = None
) -> DemoLoad:
    """Import the demo demand list, then the supply list (whose 拟配套对象 name the demo's chain leaders).

    Only into a database that holds no list yet: demo rows must never mix with an operator's real data, and a
    second run must not undo edits made to the demo rows. Flushes only; the caller commits.
    """
    if database_has_lists(db_session=db_session):
        return DemoLoad(loaded=False)
    results = []
    # The 国产替代 lines after the main ones: their leaders are the main list's, their suppliers new.
    for kind, path in ((ListKind.DEMAND, DEMAND_LIST), (ListKind.SUPPLY, SUPPLY_LIST),
                       (ListKind.DEMAND, SUBSTITUTION_DEMAND), (ListKind.SUPPLY, SUBSTITUTION_SUPPLY)):
        results.append(
            import_list(db_session=db_session, kind=kind, content=path.read_bytes(), settings=settings,
                        filename=path.name, progress=progress)
        )
    _keep_demand_valid(db_session)
    equivalences = load_equivalences(db_session, SUBSTITUTION_CROSS_REFERENCES.read_bytes(), settings)
    return DemoLoad(loaded=True, results=tuple(results), cross_references=len(equivalences))


def _keep_demand_valid(db_session: Session) -> None:
    """The demo list's 有效期至 dates were written for the year it was made; moved on by whole years, so the
    earliest is still ahead, the demo shows open demand whenever it is run (an expired item is no longer open)."""
    earliest = db_session.scalar(select(func.min(DemandItem.valid_until)))
    today = programme_today()
    if earliest is None or earliest >= today:
        return
    years = today.year - earliest.year + (1 if (earliest.month, earliest.day) < (today.month, today.day) else 0)
    for item in db_session.scalars(select(DemandItem).where(DemandItem.valid_until.is_not(None))):
        item.valid_until = _plus_years(item.valid_until, years)
    db_session.flush()


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)
