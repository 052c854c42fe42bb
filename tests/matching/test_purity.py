"""matching/ is a pure library: importing and using it must not pull in the service's stack."""

from __future__ import annotations

import subprocess
import sys

_CHECK = """
import sys
import matching
from matching import ItemRecord, SupplyMatcher
SupplyMatcher().fit([ItemRecord("a", "轴承 6205")]).query(ItemRecord("d", "6205"))
bad = sorted(m for m in sys.modules if m.split(".")[0] in {"app", "fastapi", "sqlalchemy", "pydantic_settings", "starlette"})
print(",".join(bad))
"""


def test_matching_imports_no_service_modules() -> None:
    result = subprocess.run([sys.executable, "-c", _CHECK], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
