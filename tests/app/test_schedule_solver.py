"""The 1:1 meeting scheduler: valid schedules, pins, limits, SME priority, and the optimum of a brute force."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from app.domain.schedule_solver import (
    MeetingRequest,
    Schedule,
    ScheduleInputError,
    ScheduleProblem,
    greedy_schedule,
    solve,
    solve_exact,
    violations,
)


def _assert_valid(problem: ScheduleProblem, schedule: Schedule) -> None:
    """Checks written independently of ``violations`` so a bug there cannot hide one in the solver."""
    requests = {(r.leader, r.sme): r for r in problem.requests}
    pairs = [(m.leader, m.sme) for m in schedule.meetings]
    assert len(pairs) == len(set(pairs))
    assert set(pairs) <= set(requests)
    for m in schedule.meetings:
        assert m.slot in problem.slots and m.table in problem.tables
    assert max(Counter((m.leader, m.slot) for m in schedule.meetings).values(), default=0) <= 1
    assert max(Counter((m.sme, m.slot) for m in schedule.meetings).values(), default=0) <= 1
    assert max(Counter((m.table, m.slot) for m in schedule.meetings).values(), default=0) <= 1
    for leader, n in Counter(m.leader for m in schedule.meetings).items():
        assert n <= problem.leader_limits.get(leader, problem.leader_limit)
    for sme, n in Counter(m.sme for m in schedule.meetings).items():
        assert n <= problem.sme_limits.get(sme, problem.sme_limit)
    held = {(m.leader, m.sme): m for m in schedule.meetings}
    for pair, request in requests.items():
        if request.pinned:
            assert pair in held, f"pinned meeting {pair} dropped"
            assert request.slot is None or held[pair].slot == request.slot
            assert request.table is None or held[pair].table == request.table
    assert schedule.total_score == pytest.approx(sum(m.score for m in schedule.meetings))
    assert violations(problem, schedule) == []


def _random_problem(rng: random.Random, *, leaders: int, smes: int, slots: int, tables: int, density: float,
                    pins: int = 0, slot_pins: int = 0, table_pins: int = 0) -> ScheduleProblem:
    requests = [
        MeetingRequest(f"L{i}", f"S{j}", round(rng.uniform(0.05, 1.0), 3), requested_by_sme=rng.random() < 0.2)
        for i in range(leaders) for j in range(smes) if rng.random() < density
    ]
    rng.shuffle(requests)
    leader_limit, sme_limit = rng.randint(1, slots), rng.randint(1, 2)
    pinned, busy, table_busy, slot_load, pins_of = [], set(), set(), Counter(), Counter()
    for request in requests:
        if len(pinned) == pins:
            break
        if pins_of[request.leader] >= leader_limit or pins_of[request.sme] >= sme_limit:
            continue
        slot = table = None
        if len(pinned) < slot_pins:
            free = [s for s in range(slots) if (request.leader, s) not in busy and (request.sme, s) not in busy
                    and slot_load[s] < tables]
            if not free:
                continue
            slot = rng.choice(free)
            busy.update({(request.leader, slot), (request.sme, slot)})
            slot_load[slot] += 1
            if len(pinned) < table_pins:
                table = rng.choice([t for t in range(tables) if (t, slot) not in table_busy])
                table_busy.add((table, slot))
        pins_of.update([request.leader, request.sme])
        pinned.append(MeetingRequest(request.leader, request.sme, request.score, request.requested_by_sme,
                                     pinned=True, slot=slot, table=table))
    pinned_pairs = {(p.leader, p.sme) for p in pinned}
    requests = pinned + [r for r in requests if (r.leader, r.sme) not in pinned_pairs]
    return ScheduleProblem(requests=requests, slots=list(range(slots)), tables=list(range(tables)),
                           leader_limit=leader_limit, sme_limit=sme_limit)


def _brute_force(problem: ScheduleProblem) -> tuple[int, float]:
    """Best (SME-requested meetings, total score) over every assignment of each request to a slot or to none."""
    requests = list(problem.requests)
    options = [[None, *problem.slots] if not r.pinned else
               ([r.slot] if r.slot is not None else list(problem.slots)) for r in requests]
    best = (-1, -1.0)
    for choice in itertools.product(*options):
        held = [(r, s) for r, s in zip(requests, choice, strict=True) if s is not None]
        per_slot = Counter(s for _, s in held)
        if any(n > len(problem.tables) for n in per_slot.values()):
            continue
        if len({(r.leader, s) for r, s in held}) < len(held) or len({(r.sme, s) for r, s in held}) < len(held):
            continue
        tabled = [(r.table, s) for r, s in held if r.table is not None]
        if len(set(tabled)) < len(tabled):
            continue
        if any(n > problem.leader_limit for n in Counter(r.leader for r, _ in held).values()):
            continue
        if any(n > problem.sme_limit for n in Counter(r.sme for r, _ in held).values()):
            continue
        value = (sum(r.requested_by_sme for r, _ in held), round(sum(r.score for r, _ in held), 9))
        best = max(best, value)
    return best


@pytest.mark.parametrize("seed", range(40))
def test_optimum_equals_brute_force_on_tiny_instances(seed: int) -> None:
    rng = random.Random(seed)
    while True:
        problem = _random_problem(rng, leaders=rng.randint(2, 3), smes=rng.randint(2, 4), slots=rng.randint(2, 3),
                                  tables=rng.randint(1, 2), density=0.6, pins=rng.randint(0, 2),
                                  slot_pins=rng.randint(0, 2), table_pins=rng.randint(0, 1))
        if 1 <= len(problem.requests) <= 8:
            break
    schedule = solve(problem)
    _assert_valid(problem, schedule)
    expected_requested, expected_score = _brute_force(problem)
    assert schedule.requested_scheduled == expected_requested
    assert schedule.total_score == pytest.approx(expected_score, abs=1e-9)
    assert schedule.optimal
    assert schedule.upper_bound == pytest.approx(expected_score, abs=1e-6)


@pytest.mark.parametrize("seed", range(6))
def test_matches_the_exact_time_indexed_model_on_small_instances(seed: int) -> None:
    rng = random.Random(100 + seed)
    problem = _random_problem(rng, leaders=6, smes=18, slots=4, tables=3, density=0.3, pins=4, slot_pins=3,
                              table_pins=1)
    schedule, exact = solve(problem), solve_exact(problem)
    _assert_valid(problem, schedule)
    _assert_valid(problem, exact)
    assert exact.optimal
    assert (schedule.requested_scheduled, schedule.total_score) == (exact.requested_scheduled,
                                                                    pytest.approx(exact.total_score, abs=1e-9))


def test_a_full_size_event_is_valid_optimal_and_beats_greedy() -> None:
    rng = random.Random(7)
    problem = _random_problem(rng, leaders=30, smes=200, slots=10, tables=25, density=0.12, pins=20,
                              slot_pins=12, table_pins=5)
    problem = ScheduleProblem(problem.requests, problem.slots, problem.tables, leader_limit=8, sme_limit=2)
    schedule = solve(problem)
    _assert_valid(problem, schedule)
    assert schedule.optimal and schedule.gap == 0.0
    # no slot holds more meetings than tables, and the tables are full where demand allows
    assert max(Counter(m.slot for m in schedule.meetings).values()) <= 25
    greedy = greedy_schedule(problem)
    _assert_valid(problem, greedy)
    assert (schedule.requested_scheduled, schedule.total_score) >= (greedy.requested_scheduled, greedy.total_score)


def test_a_meeting_the_sme_asked_for_outranks_a_better_score() -> None:
    # S1 can attend one meeting: L1 matches it best, but S1 asked to meet L2.
    problem = ScheduleProblem(
        requests=[MeetingRequest("L1", "S1", 0.95), MeetingRequest("L2", "S1", 0.30, requested_by_sme=True)],
        slots=["09:00", "09:20"], tables=["A1"], leader_limit=5, sme_limit=1)
    schedule = solve(problem)
    assert [(m.leader, m.sme) for m in schedule.meetings] == [("L2", "S1")]
    assert schedule.requested_scheduled == 1
    # without the request, the better match wins
    plain = solve(ScheduleProblem(requests=[MeetingRequest("L1", "S1", 0.95), MeetingRequest("L2", "S1", 0.30)],
                                  slots=["09:00", "09:20"], tables=["A1"], leader_limit=5, sme_limit=1))
    assert [(m.leader, m.sme) for m in plain.meetings] == [("L1", "S1")]


def test_limits_hold_and_per_party_overrides_apply() -> None:
    requests = [MeetingRequest("L1", f"S{j}", 1.0 - j / 100) for j in range(8)]
    requests += [MeetingRequest("L2", f"S{j}", 0.5) for j in range(8)]
    problem = ScheduleProblem(requests=requests, slots=list(range(6)), tables=list(range(4)), leader_limit=3,
                              sme_limit=1, leader_limits={"L2": 5})
    schedule = solve(problem)
    _assert_valid(problem, schedule)
    per_leader = Counter(m.leader for m in schedule.meetings)
    assert per_leader == {"L1": 3, "L2": 5}
    # L1 meets its three best matches
    assert {m.sme for m in schedule.meetings if m.leader == "L1"} == {"S0", "S1", "S2"}


def test_pinned_meetings_keep_their_slot_and_table_even_when_they_score_nothing() -> None:
    requests = [
        MeetingRequest("L1", "S1", 0.0, pinned=True, slot="10:00", table="T3"),
        MeetingRequest("L1", "S2", 0.1, pinned=True),
        MeetingRequest("L2", "S3", 0.2, pinned=True, table="T1"),
        *(MeetingRequest(f"L{i}", f"S{j}", 0.9) for i in (1, 2) for j in range(1, 7)),
    ]
    requests = [r for i, r in enumerate(requests)
                if i < 3 or (r.leader, r.sme) not in {("L1", "S1"), ("L1", "S2"), ("L2", "S3")}]
    problem = ScheduleProblem(requests=requests, slots=["09:00", "09:30", "10:00"], tables=["T1", "T2", "T3"],
                              leader_limit=3, sme_limit=1)
    schedule = solve(problem)
    _assert_valid(problem, schedule)
    held = {(m.leader, m.sme): m for m in schedule.meetings}
    assert (held["L1", "S1"].slot, held["L1", "S1"].table) == ("10:00", "T3")
    assert ("L1", "S2") in held
    assert held["L2", "S3"].table == "T1"


def test_pins_that_block_the_colouring_fall_back_to_the_exact_model() -> None:
    # A meets S1 in slot 0 and B meets S2 in slot 1 (pinned). A–S2 can then only go in slot 1, where S2 is busy:
    # the selection bound counts it, the exact model proves it cannot be held.
    problem = ScheduleProblem(
        requests=[MeetingRequest("A", "S1", 0.1, pinned=True, slot=0), MeetingRequest("B", "S2", 0.1, pinned=True,
                                                                                      slot=1),
                  MeetingRequest("A", "S2", 0.9), MeetingRequest("B", "S1", 0.8), MeetingRequest("C", "S1", 0.5)],
        slots=[0, 1], tables=[0, 1], leader_limit=2, sme_limit=2)
    schedule = solve(problem)
    _assert_valid(problem, schedule)
    assert schedule.optimal and schedule.method == "time-indexed MILP"
    assert {(m.leader, m.sme) for m in schedule.meetings} == {("A", "S1"), ("B", "S2"), ("C", "S1")}
    assert schedule.total_score == pytest.approx(0.7)
    assert schedule.upper_bound == pytest.approx(0.7)


def test_leaders_stay_at_their_home_table() -> None:
    rng = random.Random(3)
    problem = _random_problem(rng, leaders=5, smes=30, slots=6, tables=8, density=0.5)
    problem = ScheduleProblem(problem.requests, problem.slots, problem.tables, leader_limit=6, sme_limit=2,
                              home_tables={f"L{i}": 7 - i for i in range(5)})
    schedule = solve(problem)
    _assert_valid(problem, schedule)
    assert schedule.meetings
    assert all(m.table == 7 - int(m.leader[1:]) for m in schedule.meetings)


def test_every_slot_fits_the_tables() -> None:
    # 6 leaders all want to meet the same 12 SMEs, but only 2 tables: at most 2 meetings per slot.
    requests = [MeetingRequest(f"L{i}", f"S{j}", 0.5 + (i * j % 7) / 20) for i in range(6) for j in range(12)]
    problem = ScheduleProblem(requests=requests, slots=list(range(5)), tables=["A", "B"], leader_limit=5,
                              sme_limit=5)
    schedule = solve(problem)
    _assert_valid(problem, schedule)
    assert len(schedule.meetings) == 10
    assert sorted(s.score for s in schedule.meetings)[0] >= sorted((r.score for r in requests), reverse=True)[9]


def test_empty_problem_and_no_slots() -> None:
    assert solve(ScheduleProblem([], [0], [0], 1, 1)).meetings == ()
    schedule = solve(ScheduleProblem([MeetingRequest("L", "S", 1.0)], [], [0], 1, 1))
    assert schedule.meetings == () and len(schedule.unscheduled) == 1


@pytest.mark.parametrize(
    ("requests", "message"),
    [
        ([MeetingRequest("L", "S", 1.0), MeetingRequest("L", "S", 0.5)], "duplicate"),
        ([MeetingRequest("L", "S", 1.0, pinned=True, slot=9)], "unknown slot"),
        ([MeetingRequest("L", "S", 1.0, pinned=True, table="Z")], "unknown table"),
        ([MeetingRequest("L", "S", 1.0, slot=0)], "only be fixed on a pinned"),
        ([MeetingRequest("L", "S", float("nan"))], "score"),
        ([MeetingRequest("L", "S1", 1.0, pinned=True, slot=0), MeetingRequest("L", "S2", 1.0, pinned=True, slot=0)],
         "two meetings in slot"),
        ([MeetingRequest("L1", "S1", 1.0, pinned=True, slot=0, table=0),
          MeetingRequest("L2", "S2", 1.0, pinned=True, slot=0, table=0)], "same slot and table"),
        ([MeetingRequest("L", f"S{j}", 1.0, pinned=True) for j in range(3)], "meeting limit"),
        ([MeetingRequest("X", "Y", 1.0), MeetingRequest("Y", "Z", 1.0)], "both sides"),
    ],
)
def test_impossible_or_malformed_input_is_refused(requests: list[MeetingRequest], message: str) -> None:
    problem = ScheduleProblem(requests=requests, slots=[0, 1], tables=[0, 1], leader_limit=2, sme_limit=2)
    with pytest.raises(ScheduleInputError, match=message):
        solve(problem)
