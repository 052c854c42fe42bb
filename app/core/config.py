"""One settings object for the whole service, read only through :func:`get_settings`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_URL = "sqlite:///./chainmatch.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CHAINMATCH_", env_file=".env", extra="ignore")

    # DATABASE_URL is the conventional name operators and docker-compose use, so it is read unprefixed.
    database_url: str = Field(default=DEFAULT_SQLITE_URL, validation_alias="DATABASE_URL")
    db_pool_size: int = 5
    db_max_overflow: int = 10
    db_echo: bool = False

    # Imports: caps protect the service from hostile or accidental giant files.
    import_max_bytes: int = 20 * 1024 * 1024
    import_max_rows: int = 200_000

    # Where a fitted matching index is snapshotted so a restart does not refit.
    index_snapshot_path: Path | None = None

    # Pagination bounds for list endpoints.
    page_default_limit: int = 50
    page_max_limit: int = 500

    cors_origins: list[str] = Field(default_factory=list)

    @field_validator("database_url")
    @classmethod
    def _normalise_database_url(cls, value: str) -> str:
        return normalise_database_url(value)

    @field_validator("page_max_limit")
    @classmethod
    def _bounded_page(cls, value: int) -> int:
        if not 1 <= value <= 5000:
            raise ValueError("page_max_limit must be between 1 and 5000")
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def normalise_database_url(url: str) -> str:
    """Accept the plain ``postgresql://`` form operators write and route it to the psycopg 3 driver."""
    url = url.strip()
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
