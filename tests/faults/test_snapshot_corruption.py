"""A corrupt index snapshot (truncated, flipped bytes, wrong version, swapped parts, nonsense metadata) is
detected at start-up, the index is refitted from the database, and a good snapshot is written again."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app.services.ranking.matching_index import SNAPSHOT_VERSION, MatchingIndexes
from matching import ItemRecord
from tests.app.test_suggestions_support import World


@pytest.fixture
def world(client, db_session, make_enterprise, make_key) -> World:
    return World(client, db_session, make_enterprise, make_key)


def _rewrite(path: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for info in source.infolist():
            data = change(info.filename, source.read(info.filename))
            if data is not None:
                archive.writestr(info.filename, data)
    path.write_bytes(out.getvalue())


def _flip_middle(raw: bytes) -> bytes:
    data = bytearray(raw)
    data[len(data) // 2] ^= 0xFF
    return bytes(data)


def _meta(change: Callable[[dict], None]) -> Callable[[str, bytes], bytes]:
    def edit(name: str, data: bytes) -> bytes:
        if name != "meta.json":
            return data
        meta = json.loads(data)
        change(meta)
        return json.dumps(meta).encode()
    return edit


def _swap_parts(name: str, data: bytes, *, blobs: dict[str, bytes]) -> bytes:
    return {"supply.npz": blobs["demand.npz"], "demand.npz": blobs["supply.npz"]}.get(name, data)


def _recompressed_with_valid_crc(name: str, data: bytes) -> bytes:
    # Bytes changed inside an engine blob, the zip's own CRC recomputed: only the SHA-256 in meta.json catches it.
    return _flip_middle(data) if name == "supply.npz" else data


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "flipped_byte_raw": lambda p: p.write_bytes(_flip_middle(p.read_bytes())),
    "flipped_byte_crc_fixed": lambda p: _rewrite(p, _recompressed_with_valid_crc),
    "wrong_version": lambda p: _rewrite(p, _meta(lambda m: m.update(version=SNAPSHOT_VERSION + 98))),
    "wrong_format": lambda p: _rewrite(p, _meta(lambda m: m.update(format="something-else"))),
    "missing_checksum": lambda p: _rewrite(p, _meta(lambda m: m["indexes"]["supply"].pop("sha256"))),
    "meta_not_an_object": lambda p: _rewrite(p, lambda n, d: b"[1, 2, 3]" if n == "meta.json" else d),
    "meta_not_json": lambda p: _rewrite(p, lambda n, d: b"{not json" if n == "meta.json" else d),
    "engine_part_missing": lambda p: _rewrite(p, lambda n, d: None if n == "demand.npz" else d),
    "engine_part_garbage_with_matching_hash": lambda p: _garbage_with_hash(p),
    "empty_file": lambda p: p.write_bytes(b""),
    "a_directory": lambda p: (p.unlink(), p.mkdir()),
}


def _garbage_with_hash(path: Path) -> None:
    import hashlib

    garbage = b"\x93NUMPY garbage" * 100
    digest = hashlib.sha256(garbage).hexdigest()
    _rewrite(path, lambda n, d: garbage if n == "supply.npz" else d)
    _rewrite(path, _meta(lambda m: m["indexes"]["supply"].update(sha256=digest)))


def _top(index: MatchingIndexes) -> list[str]:
    return [m.supply_id for m in index.supply.query_many([ItemRecord(id="q", name="IGBT模块 FF450R12ME4")],
                                                         top_k=3)[0]]


def test_corrupt_snapshot_is_detected_and_rebuilt(world, settings, session_factory, tmp_path) -> None:
    """One fit, then every corruption of its snapshot in turn: each start refits (and never fails)."""
    supplier = world.supplier()
    snapshot = tmp_path / "index.zip"
    with_snapshot = settings.model_copy(update={"index_snapshot_path": snapshot})
    first = MatchingIndexes(session_factory=session_factory, settings=with_snapshot)
    first.start()
    good = snapshot.read_bytes()
    expected = _top(first)
    assert expected[0] == str(supplier)

    for corruption, corrupt in sorted(CORRUPTIONS.items()):
        if snapshot.is_dir():
            snapshot.rmdir()
        snapshot.write_bytes(good)
        corrupt(snapshot)
        restarted = MatchingIndexes(session_factory=session_factory, settings=with_snapshot)
        restarted.start()  # never raises: a snapshot is only a cache
        assert not restarted.loaded_from_snapshot, corruption
        assert restarted.supply.ready and restarted.demand.ready, corruption
        assert _top(restarted) == expected, corruption  # refitted from the database
        if not snapshot.is_dir():
            # a good snapshot was written again, and the next start loads it
            assert snapshot.read_bytes() != b"" and zipfile.is_zipfile(snapshot), corruption

    again = MatchingIndexes(session_factory=session_factory, settings=with_snapshot)
    again.start()
    assert again.loaded_from_snapshot and _top(again) == expected


def test_a_stale_version_read_does_not_refit_but_a_lasting_rollback_does(world, settings, session_factory,
                                                                          db_session) -> None:
    """Under load, a request that read the version just before another request moved the engine on used to
    refit the whole engine (seconds to minutes at 20k items, 40 s p99 in bench/write_read_load.py)."""
    world.supplier()
    indexes = MatchingIndexes(session_factory=session_factory, settings=settings)
    indexes.start()
    index = indexes.supply
    engine_before = index._matcher
    database_version = index.version
    # the engine is ahead of what this caller's read says: another request synced to a newer version
    index._version = database_version + 3
    assert index.sync(db_session) is False
    assert index._matcher is engine_before and index.version == database_version + 3  # no refit
    # a lower version that persists beyond the grace period is a restored database: refit to what it holds
    index._advanced_at -= 3600
    assert index.sync(db_session) is True
    assert index._matcher is not engine_before and index.version == database_version
