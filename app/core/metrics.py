"""Prometheus metrics: request latency by route template, import rows and errors, matching latency, index size
and age.

Counters and histograms live in prometheus_client's default registry. When several uvicorn workers serve, set
``PROMETHEUS_MULTIPROC_DIR`` to an empty directory before start: each worker then writes its samples there and
``/metrics`` (answered by any one worker) adds them up across workers (``MultiProcessCollector``). The index
gauges are read from the answering worker's own engines at scrape time; every worker keeps its index at the
database's version, so they agree up to a request's lag.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector


class IndexStatus(Protocol):
    """What the gauges read of one live matching index (``app.services.ranking.matching_index.LiveIndex``);
    a protocol so that core does not import the services."""

    kind: str
    fitted_at: datetime | None

    @property
    def ready(self) -> bool: ...
    @property
    def size(self) -> int: ...
    @property
    def version(self) -> int: ...


class IndexesStatus(Protocol):
    @property
    def indexes(self) -> Sequence[IndexStatus]: ...


CONTENT_TYPE = CONTENT_TYPE_LATEST

# Latency buckets in seconds: most API calls take milliseconds, imports and PDF exports take seconds.
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

HTTP_REQUEST_DURATION = Histogram(
    "chainmatch_http_request_duration_seconds",
    "Time to answer an HTTP request, by method, route template and status code.",
    ("method", "route", "status"),
    buckets=_LATENCY_BUCKETS,
)
HTTP_RATE_LIMITED = Counter(
    "chainmatch_http_rate_limited_total", "Requests refused with 429 by the per-key rate limit.", ()
)
IMPORT_ROWS = Counter(
    "chainmatch_import_rows_total",
    "Rows of uploaded lists, by list kind and outcome (imported, skipped, rejected: in a file that had errors).",
    ("kind", "outcome"),
)
IMPORT_ERRORS = Counter(
    "chainmatch_import_errors_total", "Errors found in uploaded lists (cells or rows), by list kind.", ("kind",)
)
IMPORTS = Counter(
    "chainmatch_imports_total", "Uploaded lists, by kind and result (imported, dry_run, invalid).", ("kind", "result")
)
MATCHING_DURATION = Histogram(
    "chainmatch_matching_duration_seconds",
    "Time the matching engine takes for one batch of queries, by index (supply, demand).",
    ("index",),
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 10.0),
)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir")


def observe_request(*, method: str, route: str, status: int, seconds: float) -> None:
    HTTP_REQUEST_DURATION.labels(method=method, route=route, status=str(status)).observe(seconds)


def record_import(*, kind: str, rows_imported: int, rows_skipped: int, dry_run: bool) -> None:
    IMPORTS.labels(kind=kind, result="dry_run" if dry_run else "imported").inc()
    if not dry_run:
        IMPORT_ROWS.labels(kind=kind, outcome="imported").inc(rows_imported)
        IMPORT_ROWS.labels(kind=kind, outcome="skipped").inc(rows_skipped)


def record_invalid_import(*, kind: str, error_count: int, rows_total: int | None = None) -> None:
    IMPORTS.labels(kind=kind, result="invalid").inc()
    IMPORT_ERRORS.labels(kind=kind).inc(error_count)
    if rows_total:
        IMPORT_ROWS.labels(kind=kind, outcome="rejected").inc(rows_total)


class timed_matching:  # noqa: N801 - used as a context manager, named like one
    """``with timed_matching("supply"): ...`` observes the engine's time in the matching histogram."""

    __slots__ = ("index", "_started")

    def __init__(self, index: str) -> None:
        self.index = index

    def __enter__(self) -> None:
        self._started = time.perf_counter()

    def __exit__(self, *_: Any) -> None:
        MATCHING_DURATION.labels(index=self.index).observe(time.perf_counter() - self._started)


class IndexCollector(Collector):
    """Size, version and age of this worker's matching indexes, read when scraped."""

    def __init__(self, matching: IndexesStatus | None) -> None:
        self.matching = matching

    def collect(self) -> Iterator[GaugeMetricFamily]:
        size = GaugeMetricFamily("chainmatch_index_items", "Items in the live matching index.", labels=["index"])
        age = GaugeMetricFamily("chainmatch_index_age_seconds",
                                "Seconds since the live matching index was last fitted or loaded.", labels=["index"])
        version = GaugeMetricFamily("chainmatch_index_version", "Database version the index reflects.",
                                    labels=["index"])
        ready = GaugeMetricFamily("chainmatch_index_ready", "1 when the index is loaded and answers queries.",
                                  labels=["index"])
        if self.matching is not None:
            now = datetime.now(UTC)
            for index in self.matching.indexes:
                ready.add_metric([index.kind], 1.0 if index.ready else 0.0)
                size.add_metric([index.kind], float(index.size))
                version.add_metric([index.kind], float(index.version))
                if index.fitted_at is not None:
                    age.add_metric([index.kind], (now - index.fitted_at).total_seconds())
        yield from (size, age, version, ready)


def render(matching: IndexesStatus | None) -> bytes:
    """The exposition text: request, import and matching metrics (summed over workers in multi-process mode),
    then this worker's index gauges."""
    path = multiprocess_dir()
    if path:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=path)
        shared = generate_latest(registry)
    else:
        shared = generate_latest(REGISTRY)
    local = CollectorRegistry(auto_describe=True)
    local.register(IndexCollector(matching))
    return shared + generate_latest(local)
