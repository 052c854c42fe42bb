"""What 国产替代 costs a suggestion request: every open demand item of the demo ranked by the suggestion service
(limit 10) with the substitution rules, then with them switched off (every demand treated as asking for nothing,
no cross-references), twice each, in one process on a fresh SQLite database. Prints ms per demand item.

    .venv/bin/python bench/substitution_cost.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo_world import demo_world  # noqa: E402  (bench/ is the script's folder)


def main() -> None:
    with demo_world("cost") as (settings, session_factory, index):
        from sqlalchemy import select

        from app.models import ApiRole, DemandItem
        from app.services.auth import Principal
        from app.services.ranking import substitution, suggestions
        from matching.substitution import SubstitutionNeed

        operator = Principal(key_id=0, role=ApiRole.OPERATOR, enterprise_id=None)
        real = substitution.context_for

        def rules_off(db_session, matcher, records, **options):
            context = real(db_session, matcher, records, **options)
            context.needs = [SubstitutionNeed() for _ in records]
            context.also = [[] for _ in records]
            context.equivalents = {}
            return context

        with session_factory() as session:
            items = list(session.scalars(select(DemandItem).where(DemandItem.is_open)))
            for label, context_for in (("国产替代 on ", real), ("国产替代 off", rules_off)) * 2:
                substitution.context_for = context_for
                started = time.perf_counter()
                for item in items:
                    suggestions.suggest_for_demand(db_session=session, index=index, demand_item=item,
                                                   principal=operator, limit=10)
                elapsed = (time.perf_counter() - started) / len(items) * 1000
                print(f"{label}: {elapsed:.1f} ms per demand item over {len(items)}")
        substitution.context_for = real


if __name__ == "__main__":
    main()
