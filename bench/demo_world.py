"""The demo lists in a fresh SQLite database with a fitted matching index, for the bench scripts that measure
the service on the demo (one place owns how such a world is set up and torn down)::

    with demo_world("subst") as (settings, session_factory, indexes):
        ...
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@contextmanager
def demo_world(name: str) -> Iterator[tuple[Any, Any, Any]]:
    """(settings, session_factory, indexes) over the demo lists in a temporary SQLite file ``name``.db."""
    with tempfile.TemporaryDirectory() as folder:
        # Set before the service's modules read it on import.
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/{name}.db"
        from app.core import migrate
        from app.core.config import Settings
        from app.core.db import create_db_engine, create_session_factory
        from app.services.demo import load_demo_lists
        from app.services.ranking.matching_index import MatchingIndexes

        settings = Settings(DATABASE_URL=os.environ["DATABASE_URL"])
        migrate.upgrade(settings.database_url)
        engine = create_db_engine(settings)
        session_factory = create_session_factory(engine)
        with session_factory() as session:
            load_demo_lists(db_session=session, settings=settings)
            session.commit()
        indexes = MatchingIndexes(session_factory=session_factory, settings=settings)
        indexes.start()
        try:
            yield settings, session_factory, indexes
        finally:
            indexes.close()
            engine.dispose()
