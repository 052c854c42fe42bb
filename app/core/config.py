"""One settings object for the whole service, read only through :func:`get_settings`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_URL = "sqlite:///./chainmatch.db"


class FactorWeights(BaseModel):
    """What each level of a business factor adds to a suggestion's score (``app.services.ranking.business_factors``).

    The engine's text evidence is worth about 8–15 for a good match; these stay well below that, so business
    factors re-rank textually good candidates rather than lift poor ones. Set as JSON in
    ``CHAINMATCH_FACTOR_WEIGHTS``, e.g. ``{"region_same_district": 0.5}``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    capacity_sufficient: float = 0.6
    capacity_partial: float = 0.15
    capacity_insufficient: float = -0.6
    # Capacity at or above this share of the demanded quantity (but below all of it) is "partial".
    capacity_partial_ratio: float = Field(default=0.5, gt=0.0, lt=1.0)
    intended_customer: float = 0.8
    certification_all: float = 0.5
    certification_some: float = 0.25  # scaled by the share of the required certifications held
    certification_none: float = -0.5
    region_same_district: float = 0.4
    region_same_city: float = 0.25
    region_chengyu: float = 0.1
    region_elsewhere: float = 0.0
    qualification_champion: float = 0.3
    qualification_little_giant: float = 0.2
    qualification_specialized: float = 0.1


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
    # An XLSX is a zip: refused before inflating when its parts declare more than this in total (a zip bomb is
    # small on the wire). A 200,000-row list written by Excel expands to about 190 MB.
    import_max_expanded_bytes: int = Field(default=256 * 1024 * 1024, ge=1024 * 1024)

    # Request bodies: JSON requests at most body_max_bytes, uploads (/api/v1/imports/...) at most the import cap
    # plus room for the multipart envelope; larger answers 413 payload_too_large before it is read whole.
    body_max_bytes: int = Field(default=1024 * 1024, ge=1024)

    @property
    def upload_body_max_bytes(self) -> int:
        return self.import_max_bytes + 64 * 1024

    # How the engine's candidate search runs (matching.SupplyMatcher's ``search``): "auto" searches with numpy and
    # scipy up to 10,000 items, so a small catalogue is ready without compiling anything, and compiles the faster
    # search (numba: 10–20 s of one core once per machine, cached) beyond; "compiled" compiles it at start-up.
    matching_search: Literal["auto", "compiled", "uncompiled"] = "auto"

    # Where a fitted matching index is snapshotted so a restart does not refit.
    index_snapshot_path: Path | None = None
    # Change-log entries older than this many versions are pruned by a rebuild; a worker further behind refits.
    index_change_log_keep: int = Field(default=100_000, ge=1)
    # A worker more than this many changed items behind refits instead of applying them one by one.
    index_refit_after_changes: int = Field(default=200_000, ge=1)

    # Suggestions: the engine's best candidates are re-ranked with the business factors.
    suggestion_pool: int = Field(default=50, ge=1, le=1000)
    suggestion_max_limit: int = Field(default=100, ge=1, le=1000)
    # Below this score a candidate shares a few characters with the need but is no supplier for it; a request's
    # own min_score replaces it.
    suggestion_min_score: float = 1.0
    # An SME's opportunities below this 匹配度 (percent, ``app.domain.match_percent``) are unrelated items that
    # share a few characters (an extrusion die for an IGBT maker); a request's own min_match_percent replaces it.
    opportunity_min_match_percent: float = Field(default=15.0, ge=0.0, le=100.0)
    factor_weights: FactorWeights = Field(default_factory=FactorWeights)

    # Pagination bounds for list endpoints.
    page_default_limit: int = 50
    page_max_limit: int = 500

    # CORS: browsers may call the API only from these origins (JSON list); empty means no cross-origin calls.
    # Keys travel in the Authorization header, never in cookies, so credentials are never allowed.
    cors_origins: list[str] = Field(default_factory=list)
    cors_max_age: int = Field(default=600, ge=0)

    # Rate limits: a token bucket per API key (per client address without a key), in memory, per worker process.
    # A key may make ``rate_limit_burst`` requests at once and ``rate_limit_per_second`` on average; with N
    # workers the service-wide ceiling is N times that.
    rate_limit_enabled: bool = True
    rate_limit_per_second: float = Field(default=30.0, gt=0)
    rate_limit_burst: int = Field(default=120, ge=1)
    # Failed authentications (401) per client address: a burst, then this many per second; beyond that every
    # request from the address answers 429 until the bucket refills, so keys cannot be guessed or rotated.
    auth_failure_burst: int = Field(default=20, ge=1)
    auth_failure_per_second: float = Field(default=0.2, gt=0)
    # Buckets kept at most (least recently used dropped first), so random keys cannot exhaust memory.
    rate_limit_max_clients: int = Field(default=50_000, ge=100)

    # Security headers. HSTS is sent only on requests that arrived over https (behind a TLS proxy run uvicorn
    # with --proxy-headers so the scheme is known); 0 disables it.
    hsts_max_age: int = Field(default=31_536_000, ge=0)

    # Web pages: the key that signs session cookies. Unset, each process draws a random one (sessions end at a
    # restart); `chainmatch serve --workers N` shares one across its workers. Set it when running several hosts.
    session_secret: str | None = Field(default=None, min_length=32)
    # Send cookies only over https (set behind a TLS proxy).
    session_cookie_secure: bool = False

    # Notifications (``app.services.notifications``). Links in e-mails and robot messages point here.
    public_base_url: str = "http://127.0.0.1:8000"
    # SMTP: unset host means no e-mail is sent (deliveries wait, visible in the delivery log).
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_tls: Literal["none", "starttls", "ssl"] = "none"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_sender: str = "chainmatch <noreply@chainmatch.local>"
    # Webhooks are refused to loopback, link-local and private addresses unless the host or a network holding
    # the address is listed here (JSON list: ["hooks.internal", "10.1.0.0/16"]) — an operator's decision.
    notify_allowed_private: list[str] = Field(default_factory=list)
    notify_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    # Seconds before each retry after the first attempt: the Standard Webhooks schedule (5 s, 5 min, 30 min, 2 h,
    # 5 h, 10 h, 10 h), each with ±20 % jitter; after the last the delivery has failed.
    notify_retry_schedule: list[float] = Field(
        default_factory=lambda: [5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0])
    # An endpoint that failed this many deliveries in a row is disabled and its owner told.
    notify_disable_after_failures: int = Field(default=20, ge=1)
    # A claimed delivery not finished within this many seconds (its worker died) is due again.
    notify_lease_seconds: float = Field(default=60.0, gt=0)
    notify_batch_size: int = Field(default=200, ge=1, le=5000)
    # How often the worker looks for work when nothing woke it (PostgreSQL wakes it by NOTIFY at once).
    notify_poll_seconds: float = Field(default=0.5, gt=0)
    # A demand–supply pair is news when its 匹配度 reaches this; subscriptions may ask for more, never less.
    notify_match_min_percent: float = Field(default=50.0, ge=0.0, le=100.0)
    # Matching notices per recipient enterprise and hour, beyond which they go to the inbox only.
    notify_match_per_hour: int = Field(default=30, ge=1)

    # Logs: one JSON object per line on stderr (False: plain text for a developer's terminal).
    log_json: bool = True
    log_level: str = "INFO"

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
