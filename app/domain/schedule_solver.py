"""The 1:1 meeting scheduler of a matchmaking event (对接会一对一洽谈排程).

Pure: plain dataclasses in, plain dataclasses out, no database. Given meeting requests between chain leaders and
SMEs (each with a match score, maybe pinned by the organizer, maybe asked for by the SME), time slots, tables and
per-party meeting limits, :func:`solve` assigns meetings to (slot, table) so that

* nobody is in two places in one slot and a table holds at most one meeting per slot;
* no leader or SME has more meetings than its limit;
* every pinned meeting happens, in its slot and at its table when the pin names them;
* the number of meetings an SME asked for is maximal, and among such schedules the total score is maximal
  (a lexicographic objective: an SME's request outranks any score difference).

How (a decomposition that is exact whenever no pin fixes a slot):

1. **Selection** — which meetings happen — is a bipartite b-matching with one cardinality constraint
   (at most slots × tables meetings), solved with HiGHS through ``scipy.optimize.milp``: first the largest
   number of SME-requested meetings, then the best total score with that number fixed. Its optimum is an upper
   bound for the whole problem, because every schedule's meetings are such a selection.
2. **Slots** — a bipartite multigraph whose degrees are at most the number of slots has a proper edge colouring
   with that many colours (König), and an *equitable* one whose colour classes differ in size by at most one
   (de Werra), so every slot fits the tables. We build it with Kempe-chain recolouring, then balance the slot
   sizes with alternating-path swaps. Meetings pinned to a slot are pre-coloured and never recoloured.
3. **Tables** — per slot, an assignment problem (``linear_sum_assignment``): pinned tables are fixed, and every
   leader keeps its home table when it can, so SMEs walk and leaders stay seated.

When pre-coloured meetings make step 2 impossible (a precolouring extension can be infeasible), the scheduler
falls back to an exact time-indexed MILP over all requests (tables aggregated per slot), with a time limit.

``Schedule.upper_bound`` is the score bound proven by the solver and ``Schedule.gap`` the relative distance to it.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.optimize import Bounds, LinearConstraint

# scipy.optimize (HiGHS) is imported by the functions that solve, not with this module: the event routes import it,
# so every server start would pay for it (about a quarter of a second) although few requests schedule.

# HiGHS stops at a relative MIP gap of 1e-4 by default; meeting scores are small numbers added up by the hundred.
_MIP_REL_GAP = 1e-7
_INTEGRAL_TOL = 1e-6


class ScheduleInputError(ValueError):
    """The problem cannot be scheduled as stated (bad reference, contradictory or impossible pins)."""


@dataclass(frozen=True, slots=True)
class MeetingRequest:
    """A possible meeting between a chain leader and an SME.

    ``slot`` and ``table`` are only allowed on a pinned meeting: a pin may fix both, one or neither.
    """

    leader: Hashable
    sme: Hashable
    score: float
    requested_by_sme: bool = False
    pinned: bool = False
    slot: Hashable | None = None
    table: Hashable | None = None


@dataclass(frozen=True, slots=True)
class ScheduleProblem:
    """Everything the scheduler needs.

    ``leader_limit`` / ``sme_limit`` cap each party's meetings; ``leader_limits`` / ``sme_limits`` override them
    per party. ``home_tables`` seats leaders (leader → table); by default, when there are at least as many
    tables as leaders, every leader gets one, in the order leaders first appear in ``requests``.
    """

    requests: Sequence[MeetingRequest]
    slots: Sequence[Hashable]
    tables: Sequence[Hashable]
    leader_limit: int
    sme_limit: int
    leader_limits: Mapping[Hashable, int] = field(default_factory=dict)
    sme_limits: Mapping[Hashable, int] = field(default_factory=dict)
    home_tables: Mapping[Hashable, Hashable] | None = None


@dataclass(frozen=True, slots=True)
class ScheduledMeeting:
    leader: Hashable
    sme: Hashable
    slot: Hashable
    table: Hashable
    score: float
    requested_by_sme: bool
    pinned: bool


@dataclass(frozen=True, slots=True)
class Schedule:
    """A solved schedule, with the bound that measures it.

    ``upper_bound`` bounds the total score of any schedule that holds at least ``requested_bound`` SME-requested
    meetings, and no schedule holds more than ``requested_bound`` of them; ``optimal`` says both were met.
    """

    meetings: tuple[ScheduledMeeting, ...]
    unscheduled: tuple[MeetingRequest, ...]
    total_score: float
    requested_scheduled: int
    requested_bound: int
    upper_bound: float
    optimal: bool
    method: str
    solve_seconds: float

    @property
    def gap(self) -> float:
        """Relative distance of the total score from the proven bound (0.0 when optimal)."""
        if self.upper_bound <= 0:
            return 0.0
        return max(0.0, (self.upper_bound - self.total_score) / self.upper_bound)


# --- the problem in index form ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Indexed:
    problem: ScheduleProblem
    n_slots: int
    n_tables: int
    leader_index: dict[Hashable, int]
    sme_index: dict[Hashable, int]
    # edge arrays, one entry per request
    u: np.ndarray  # leader vertex
    v: np.ndarray  # SME vertex (offset by the number of leaders)
    score: np.ndarray
    requested: np.ndarray
    pinned: np.ndarray
    pin_slot: np.ndarray  # slot index or -1
    pin_table: np.ndarray  # table index or -1
    cap: np.ndarray  # per vertex: min(limit, slots)

    @property
    def n_edges(self) -> int:
        return len(self.u)

    @property
    def n_vertices(self) -> int:
        return len(self.cap)


def _index(problem: ScheduleProblem) -> _Indexed:
    slot_index = _positions(problem.slots, "slot")
    table_index = _positions(problem.tables, "table")
    n_slots, n_tables = len(slot_index), len(table_index)
    if problem.leader_limit < 0 or problem.sme_limit < 0:
        raise ScheduleInputError("meeting limits must be ≥ 0")

    leader_index: dict[Hashable, int] = {}
    sme_index: dict[Hashable, int] = {}
    for request in problem.requests:
        leader_index.setdefault(request.leader, len(leader_index))
        sme_index.setdefault(request.sme, len(sme_index))
    both = set(leader_index).intersection(sme_index)
    if both:
        raise ScheduleInputError(f"participants on both sides of a meeting: {sorted(map(str, both))[:5]}")
    n_leaders = len(leader_index)

    n = len(problem.requests)
    u = np.empty(n, dtype=np.int64)
    v = np.empty(n, dtype=np.int64)
    score = np.empty(n, dtype=np.float64)
    requested = np.zeros(n, dtype=bool)
    pinned = np.zeros(n, dtype=bool)
    pin_slot = np.full(n, -1, dtype=np.int64)
    pin_table = np.full(n, -1, dtype=np.int64)
    seen: set[tuple[Hashable, Hashable]] = set()
    for e, request in enumerate(problem.requests):
        pair = (request.leader, request.sme)
        if pair in seen:
            raise ScheduleInputError(f"duplicate meeting request {pair}")
        seen.add(pair)
        if not math.isfinite(request.score) or request.score < 0:
            raise ScheduleInputError(f"meeting {pair}: score must be a finite number ≥ 0")
        if not request.pinned and (request.slot is not None or request.table is not None):
            raise ScheduleInputError(f"meeting {pair}: slot and table can only be fixed on a pinned meeting")
        u[e] = leader_index[request.leader]
        v[e] = n_leaders + sme_index[request.sme]
        score[e] = request.score
        requested[e] = request.requested_by_sme
        pinned[e] = request.pinned
        if request.slot is not None:
            if request.slot not in slot_index:
                raise ScheduleInputError(f"meeting {pair}: unknown slot {request.slot!r}")
            pin_slot[e] = slot_index[request.slot]
        if request.table is not None:
            if request.table not in table_index:
                raise ScheduleInputError(f"meeting {pair}: unknown table {request.table!r}")
            pin_table[e] = table_index[request.table]

    cap = np.empty(n_leaders + len(sme_index), dtype=np.int64)
    for leader, i in leader_index.items():
        cap[i] = min(problem.leader_limits.get(leader, problem.leader_limit), n_slots)
    for sme, i in sme_index.items():
        cap[n_leaders + i] = min(problem.sme_limits.get(sme, problem.sme_limit), n_slots)

    indexed = _Indexed(problem, n_slots, n_tables, leader_index, sme_index, u, v, score, requested, pinned,
                       pin_slot, pin_table, cap)
    _check_pins(indexed)
    return indexed


def _positions(ids: Sequence[Hashable], what: str) -> dict[Hashable, int]:
    positions: dict[Hashable, int] = {}
    for i, ident in enumerate(ids):
        if ident in positions:
            raise ScheduleInputError(f"duplicate {what} {ident!r}")
        positions[ident] = i
    return positions


def _check_pins(ix: _Indexed) -> None:
    """Refuse pins that no schedule can honour, naming the culprit."""
    requests = ix.problem.requests
    pins = np.flatnonzero(ix.pinned)
    per_vertex = np.bincount(np.concatenate([ix.u[pins], ix.v[pins]]), minlength=ix.n_vertices)
    for vertex in np.flatnonzero(per_vertex > ix.cap):
        raise ScheduleInputError(f"{_party_name(ix, vertex)} has more pinned meetings than its meeting limit")
    by_party_slot: dict[tuple[int, int], int] = {}
    by_slot_table: dict[tuple[int, int], int] = {}
    per_slot = np.zeros(ix.n_slots, dtype=np.int64)
    per_table = np.zeros(ix.n_tables, dtype=np.int64)
    for e in pins:
        slot, table = int(ix.pin_slot[e]), int(ix.pin_table[e])
        pair = (requests[e].leader, requests[e].sme)
        if slot >= 0:
            per_slot[slot] += 1
            for vertex in (int(ix.u[e]), int(ix.v[e])):
                other = by_party_slot.setdefault((vertex, slot), e)
                if other != e:
                    raise ScheduleInputError(
                        f"{_party_name(ix, vertex)} is pinned to two meetings in slot {ix.problem.slots[slot]!r}")
            if table >= 0:
                other = by_slot_table.setdefault((slot, table), e)
                if other != e:
                    raise ScheduleInputError(f"meeting {pair} and another are pinned to the same slot and table")
        if table >= 0:
            per_table[table] += 1
    if ix.n_slots and per_slot.max(initial=0) > ix.n_tables:
        raise ScheduleInputError("more meetings pinned to one slot than there are tables")
    if per_table.max(initial=0) > ix.n_slots:
        raise ScheduleInputError("more meetings pinned to one table than there are slots")
    if len(pins) > ix.n_slots * ix.n_tables:
        raise ScheduleInputError("more pinned meetings than slots × tables")


def _party_name(ix: _Indexed, vertex: int) -> str:
    n_leaders = len(ix.leader_index)
    if vertex < n_leaders:
        return f"leader {list(ix.leader_index)[vertex]!r}"
    return f"SME {list(ix.sme_index)[vertex - n_leaders]!r}"


# --- step 1: which meetings happen ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Selection:
    chosen: np.ndarray  # bool per edge
    requested_bound: int
    score_bound: float
    optimal: bool


def _lexicographic_milp(
    n_vars: int,
    requested_coef: np.ndarray,
    score_coef: np.ndarray,
    constraints: list[LinearConstraint],
    bounds: Bounds,
    time_limit: float,
) -> tuple[np.ndarray | None, int, float, bool]:
    """Maximise the requested count, then the score with that count held. Returns (x, count bound, score bound,
    proven optimal). ``x`` is None only when no feasible point was found within the time limit."""
    from scipy.optimize import LinearConstraint, milp

    integrality = np.ones(n_vars)
    started = time.perf_counter()
    count_bound = 0
    proven = True
    constraints = list(constraints)
    if requested_coef.any():
        first = milp(-requested_coef, integrality=integrality, bounds=bounds, constraints=constraints,
                     options={"time_limit": max(time_limit / 2, 0.5), "mip_rel_gap": _MIP_REL_GAP})
        if first.x is None:
            return None, 0, math.inf, False
        count = int(round(-first.fun))
        dual = getattr(first, "mip_dual_bound", None)
        count_bound = count if first.status == 0 or dual is None else int(math.floor(-dual + _INTEGRAL_TOL))
        proven = first.status == 0
        constraints.append(LinearConstraint(requested_coef[np.newaxis, :], lb=count, ub=np.inf))
    remaining = max(time_limit - (time.perf_counter() - started), 0.5)
    second = milp(-score_coef, integrality=integrality, bounds=bounds, constraints=constraints,
                  options={"time_limit": remaining, "mip_rel_gap": _MIP_REL_GAP})
    if second.x is None:
        return None, count_bound, math.inf, False
    dual = getattr(second, "mip_dual_bound", None)
    score_bound = -second.fun if second.status == 0 or dual is None or not math.isfinite(dual) else -dual
    return np.round(second.x).astype(np.int64), count_bound, float(score_bound), proven and second.status == 0


def _select(ix: _Indexed, time_limit: float) -> _Selection:
    from scipy.optimize import Bounds, LinearConstraint
    from scipy.sparse import coo_matrix

    n = ix.n_edges
    if n == 0:
        return _Selection(np.zeros(0, dtype=bool), 0, 0.0, True)
    edges = np.arange(n)
    # party rows (leaders and SMEs) and one row for the total table capacity
    rows = np.concatenate([ix.u, ix.v, np.full(n, ix.n_vertices)])
    cols = np.concatenate([edges, edges, edges])
    matrix = coo_matrix((np.ones(3 * n), (rows, cols)), shape=(ix.n_vertices + 1, n)).tocsr()
    upper = np.concatenate([ix.cap, [ix.n_slots * ix.n_tables]]).astype(np.float64)
    constraints = [LinearConstraint(matrix, lb=-np.inf, ub=upper)]
    bounds = Bounds(lb=ix.pinned.astype(np.float64), ub=np.ones(n))
    x, count_bound, score_bound, proven = _lexicographic_milp(
        n, ix.requested.astype(np.float64), ix.score, constraints, bounds, time_limit)
    if x is None:
        raise ScheduleInputError("the pinned meetings cannot all be held within the limits")
    return _Selection(x.astype(bool), count_bound, score_bound, proven)


# --- step 2: slots by bipartite edge colouring ----------------------------------------------------------------


class _Colouring:
    """A partial proper edge colouring (colour = slot) with frozen (slot-pinned) edges and table pins."""

    def __init__(self, ix: _Indexed, edges: np.ndarray) -> None:
        self.ix = ix
        self.colour: dict[int, int] = {}
        self.at: list[dict[int, int]] = [{} for _ in range(ix.n_vertices)]  # vertex → colour → edge
        self.table_at: dict[int, dict[int, int]] = defaultdict(dict)  # pinned table → colour → edge
        self.count = [0] * ix.n_slots
        self.frozen = {int(e) for e in edges if ix.pin_slot[e] >= 0}

    def ends(self, e: int) -> tuple[int, int]:
        return int(self.ix.u[e]), int(self.ix.v[e])

    def set(self, e: int, c: int) -> None:
        a, b = self.ends(e)
        self.at[a][c] = e
        self.at[b][c] = e
        table = int(self.ix.pin_table[e])
        if table >= 0:
            self.table_at[table][c] = e
        self.colour[e] = c
        self.count[c] += 1

    def unset(self, e: int) -> None:
        c = self.colour.pop(e)
        a, b = self.ends(e)
        del self.at[a][c]
        del self.at[b][c]
        table = int(self.ix.pin_table[e])
        if table >= 0:
            del self.table_at[table][c]
        self.count[c] -= 1

    def table_free(self, e: int, c: int) -> bool:
        table = int(self.ix.pin_table[e])
        return table < 0 or c not in self.table_at[table]

    def recolour(self, path: list[int], first: int, second: int) -> bool:
        """Swap ``first`` and ``second`` along ``path``; undo and answer False if a table pin forbids it."""
        old = [self.colour[e] for e in path]
        for e in path:
            self.unset(e)
        ok = True
        for e, c in zip(path, old, strict=True):
            new = second if c == first else first
            if not self.table_free(e, new):
                ok = False
                break
            self.set(e, new)
        if not ok:
            for e in path:
                if e in self.colour:
                    self.unset(e)
            for e, c in zip(path, old, strict=True):
                self.set(e, c)
        return ok

    def alternating_path(self, start: int, first: int, second: int) -> list[int] | None:
        """The maximal path from ``start`` alternating ``first``, ``second``, ... edges; None if it meets a
        frozen edge."""
        path: list[int] = []
        vertex, c = start, first
        while (e := self.at[vertex].get(c)) is not None:
            if e in self.frozen:
                return None
            path.append(e)
            a, b = self.ends(e)
            vertex = b if vertex == a else a
            c = second if c == first else first
        return path

    def add(self, e: int, capacity: float = math.inf) -> bool:
        """Colour edge ``e``, recolouring one Kempe chain when its ends have no free colour in common, keeping
        every colour class it touches within ``capacity``."""
        a, b = self.ends(e)
        slots = range(self.ix.n_slots)
        free_a = [c for c in slots if c not in self.at[a]]
        free_b = {c for c in slots if c not in self.at[b]}
        common = [c for c in free_a if c in free_b and self.table_free(e, c) and self.count[c] < capacity]
        if common:
            self.set(e, min(common, key=lambda c: (self.count[c], c)))
            return True
        for alpha in free_a:  # free at a, used at b
            if alpha in free_b:
                continue  # free at both ends but its table is taken
            for beta in sorted(free_b, key=lambda c: self.count[c]):  # free at b
                if beta not in self.at[a]:
                    continue
                # In a bipartite graph the alpha/beta chain from b never reaches a, so swapping it frees alpha at
                # b; symmetrically the beta/alpha chain from a frees beta at a. A frozen edge blocks a chain.
                for start, new, other in ((b, alpha, beta), (a, beta, alpha)):
                    if not self.table_free(e, new):
                        continue
                    path = self.alternating_path(start, new, other)
                    if path is None or not self.recolour(path, new, other):
                        continue
                    if self.table_free(e, new) and self.count[new] < capacity and self.count[other] <= capacity:
                        self.set(e, new)
                        return True
                    self.recolour(path, new, other)  # swap back
        return False

    def balance(self, capacity: int) -> bool:
        """Move meetings out of over-full slots along alternating paths (de Werra) until each holds at most
        ``capacity``. Answers False when frozen edges or table pins block every move."""
        while True:
            over = max(range(self.ix.n_slots), key=lambda c: self.count[c])
            if self.count[over] <= capacity:
                return True
            if not any(self._shift(over, under) for under in sorted(
                    (c for c in range(self.ix.n_slots) if self.count[c] + 1 < self.count[over]),
                    key=lambda c: self.count[c])):
                return False

    def _shift(self, over: int, under: int) -> bool:
        """Swap one alternating path that has one more ``over`` edge than ``under`` edges."""
        for e in [e for e, c in self.colour.items() if c == over]:
            for vertex in self.ends(e):
                if under in self.at[vertex]:
                    continue  # not a path end
                path = self.alternating_path(vertex, over, under)
                if path and len(path) % 2 == 1 and self.recolour(path, over, under):
                    return True
        return False


def _priority(ix: _Indexed, e: int) -> tuple[bool, bool, float, int]:
    """Sort key, most important first: pinned, SME-requested, score."""
    return (not ix.pinned[e], not ix.requested[e], -float(ix.score[e]), e)


def _colour(ix: _Indexed, chosen: np.ndarray) -> tuple[dict[int, int] | None, bool]:
    """Slot per chosen edge, and whether every chosen edge got one.

    Without slot pins the colouring always exists. When pins make it impossible, the answer is still a valid
    schedule — every pinned meeting placed, the meetings that could not be placed left out and the room they
    leave refilled from the other requests, best first — flagged incomplete; or None when a pinned meeting
    itself could not be placed.
    """
    edges = np.flatnonzero(chosen)
    if ix.n_slots == 0:
        return ({}, True) if not len(edges) else (None, False)
    colouring = _Colouring(ix, edges)
    for e in edges:
        if ix.pin_slot[e] >= 0:
            colouring.set(int(e), int(ix.pin_slot[e]))
    order = sorted((int(e) for e in edges if ix.pin_slot[e] < 0),
                   key=lambda e: (ix.pin_table[e] < 0, *_priority(ix, e)))
    dropped: list[int] = []
    for e in order:
        if not colouring.add(e):
            if ix.pinned[e]:
                return None, False
            dropped.append(e)
    while not colouring.balance(ix.n_tables):
        over = max(range(ix.n_slots), key=lambda c: colouring.count[c])
        movable = [e for e, c in colouring.colour.items() if c == over and not ix.pinned[e]]
        if not movable:
            return None, False
        victim = max(movable, key=lambda e: _priority(ix, e))
        colouring.unset(victim)
        dropped.append(victim)
    if not dropped:
        return dict(colouring.colour), True
    degree = np.bincount(np.concatenate([ix.u[list(colouring.colour)], ix.v[list(colouring.colour)]]),
                         minlength=ix.n_vertices)
    for e in sorted((e for e in range(ix.n_edges) if e not in colouring.colour), key=lambda e: _priority(ix, e)):
        a, b = colouring.ends(e)
        if degree[a] < ix.cap[a] and degree[b] < ix.cap[b] and colouring.add(e, capacity=ix.n_tables):
            degree[a] += 1
            degree[b] += 1
    return dict(colouring.colour), False


# --- step 3: tables ------------------------------------------------------------------------------------------


def _home_tables(ix: _Indexed) -> dict[int, int]:
    """Leader vertex → home table index."""
    table_index = {t: i for i, t in enumerate(ix.problem.tables)}
    if ix.problem.home_tables is not None:
        homes: dict[int, int] = {}
        for leader, table in ix.problem.home_tables.items():
            if table not in table_index:
                raise ScheduleInputError(f"home table {table!r} of leader {leader!r} is not a table")
            if leader in ix.leader_index:
                homes[ix.leader_index[leader]] = table_index[table]
        if len(set(homes.values())) != len(homes):
            raise ScheduleInputError("two leaders share a home table")
        return homes
    if len(ix.leader_index) > ix.n_tables:
        return {}
    return {i: i for i in range(len(ix.leader_index))}


def _tables(ix: _Indexed, slot_of: dict[int, int]) -> dict[int, int]:
    from scipy.optimize import linear_sum_assignment

    homes = _home_tables(ix)
    by_slot: dict[int, list[int]] = defaultdict(list)
    for e, c in slot_of.items():
        by_slot[c].append(e)
    table_of: dict[int, int] = {}
    for edges in by_slot.values():
        taken = {int(ix.pin_table[e]) for e in edges if ix.pin_table[e] >= 0}
        for e in edges:
            if ix.pin_table[e] >= 0:
                table_of[e] = int(ix.pin_table[e])
        loose = [e for e in edges if ix.pin_table[e] < 0]
        free = [t for t in range(ix.n_tables) if t not in taken]
        if not loose:
            continue
        cost = np.ones((len(loose), len(free)))
        column = {t: j for j, t in enumerate(free)}
        for i, e in enumerate(loose):
            home = homes.get(int(ix.u[e]))
            if home is not None and home in column:
                cost[i, column[home]] = 0.0
        rows, cols = linear_sum_assignment(cost)
        for i, j in zip(rows, cols, strict=True):
            table_of[loose[i]] = free[j]
    return table_of


# --- the exact time-indexed model ------------------------------------------------------------------------------


def _value(ix: _Indexed, slot_of: dict[int, int]) -> tuple[int, float]:
    """The lexicographic objective of a schedule: (SME-requested meetings, total score)."""
    edges = list(slot_of)
    return int(ix.requested[edges].sum()), float(ix.score[edges].sum())


def _time_indexed(ix: _Indexed, time_limit: float, *, must_find: bool = True,
                  ) -> tuple[dict[int, int], int, float, bool] | None:
    """Exact MILP: x[e, t] = meeting e in slot t; tables aggregated per slot (any free table will do, pinned
    tables are distinct per slot). Returns (slot per scheduled edge, count bound, score bound, optimal), or None
    when no schedule was found in time and ``must_find`` is false."""
    from scipy.optimize import Bounds, LinearConstraint
    from scipy.sparse import coo_matrix

    n, n_slots = ix.n_edges, ix.n_slots
    if n == 0 or n_slots == 0:
        return {}, 0, 0.0, True
    n_vars = n * n_slots
    var = np.arange(n_vars).reshape(n, n_slots)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    upper: list[np.ndarray] = []
    lower: list[np.ndarray] = []
    next_row = 0

    def add_rows(groups: np.ndarray, members: np.ndarray, n_groups: int, lb: np.ndarray, ub: np.ndarray) -> None:
        nonlocal next_row
        rows.append(next_row + groups)
        cols.append(members)
        lower.append(lb)
        upper.append(ub)
        next_row += n_groups

    # each meeting at most once (exactly once if pinned)
    add_rows(np.repeat(np.arange(n), n_slots), var.ravel(), n, ix.pinned.astype(float), np.ones(n))
    # each party at most once per slot, and within its limit overall
    for ends in (ix.u, ix.v):
        group = (ends[:, None] * n_slots + np.arange(n_slots)[None, :]).ravel()
        add_rows(group, var.ravel(), ix.n_vertices * n_slots, np.full(ix.n_vertices * n_slots, -np.inf),
                 np.ones(ix.n_vertices * n_slots))
    add_rows(np.repeat(np.concatenate([ix.u, ix.v]), n_slots),
             np.concatenate([var.ravel(), var.ravel()]), ix.n_vertices,
             np.full(ix.n_vertices, -np.inf), ix.cap.astype(float))
    # tables per slot
    add_rows(np.tile(np.arange(n_slots), n), var.ravel(), n_slots, np.full(n_slots, -np.inf),
             np.full(n_slots, float(ix.n_tables)))
    # a pinned table holds one meeting per slot
    table_pinned = np.flatnonzero(ix.pin_table >= 0)
    if len(table_pinned):
        group = (ix.pin_table[table_pinned][:, None] * n_slots + np.arange(n_slots)[None, :]).ravel()
        add_rows(group, var[table_pinned].ravel(), ix.n_tables * n_slots,
                 np.full(ix.n_tables * n_slots, -np.inf), np.ones(ix.n_tables * n_slots))
    matrix = coo_matrix((np.ones(sum(len(c) for c in cols)), (np.concatenate(rows), np.concatenate(cols))),
                        shape=(next_row, n_vars)).tocsr()
    constraints = [LinearConstraint(matrix, lb=np.concatenate(lower), ub=np.concatenate(upper))]
    var_lb = np.zeros((n, n_slots))
    var_ub = np.ones((n, n_slots))
    slot_pinned = np.flatnonzero(ix.pin_slot >= 0)
    var_ub[slot_pinned] = 0.0
    var_ub[slot_pinned, ix.pin_slot[slot_pinned]] = 1.0
    var_lb[slot_pinned, ix.pin_slot[slot_pinned]] = 1.0
    bounds = Bounds(var_lb.ravel(), var_ub.ravel())
    x, count_bound, score_bound, proven = _lexicographic_milp(
        n_vars, np.repeat(ix.requested.astype(float), n_slots), np.repeat(ix.score, n_slots),
        constraints, bounds, time_limit)
    if x is None:
        if not must_find:
            return None
        raise ScheduleInputError("no schedule holding every pinned meeting was found within the time limit")
    chosen = x.reshape(n, n_slots)
    slot_of = {int(e): int(np.argmax(chosen[e])) for e in np.flatnonzero(chosen.sum(axis=1) > 0)}
    return slot_of, count_bound, score_bound, proven


# --- public API -------------------------------------------------------------------------------------------------


def solve(problem: ScheduleProblem, *, time_limit: float = 8.0) -> Schedule:
    """The best schedule (see the module docstring), with its proven bound.

    Raises :class:`ScheduleInputError` when the problem refers to unknown slots or tables, repeats a meeting,
    or pins meetings that cannot all be held.
    """
    started = time.perf_counter()
    ix = _index(problem)
    selection = _select(ix, time_limit)
    slot_of, complete = _colour(ix, selection.chosen)
    requested_bound, score_bound, optimal = selection.requested_bound, selection.score_bound, selection.optimal
    method = "selection MILP + edge colouring"
    if not complete:
        # Slot pins blocked the colouring: the exact model decides, within the time left.
        remaining = max(time_limit - (time.perf_counter() - started), 1.0)
        exact = _time_indexed(ix, remaining, must_find=slot_of is None)
        if exact is not None:
            exact_slots, exact_requested_bound, exact_bound, exact_optimal = exact
            if slot_of is None or _value(ix, exact_slots) >= _value(ix, slot_of):
                slot_of, method = exact_slots, "time-indexed MILP"
            else:
                method = "selection MILP + edge colouring + repair"
            if exact_optimal or exact_requested_bound < requested_bound:
                requested_bound, score_bound, optimal = exact_requested_bound, exact_bound, exact_optimal
            else:
                score_bound, optimal = min(score_bound, exact_bound), False
        else:
            method, optimal = "selection MILP + edge colouring + repair", False
    assert slot_of is not None
    return _schedule(ix, slot_of, requested_bound, score_bound, optimal, method, time.perf_counter() - started)


def solve_exact(problem: ScheduleProblem, *, time_limit: float = 60.0) -> Schedule:
    """The time-indexed MILP alone: the reference optimum for instances small enough to prove it."""
    started = time.perf_counter()
    ix = _index(problem)
    exact = _time_indexed(ix, time_limit)
    assert exact is not None
    slot_of, requested_bound, score_bound, optimal = exact
    return _schedule(ix, slot_of, requested_bound, score_bound, optimal, "time-indexed MILP",
                     time.perf_counter() - started)


def greedy_schedule(problem: ScheduleProblem) -> Schedule:
    """Baseline for comparison: pinned meetings first, then by (SME-requested, score), each into the first slot
    where both parties and a table are free. No bound is proven (``upper_bound`` is its own score)."""
    started = time.perf_counter()
    ix = _index(problem)
    busy: set[tuple[int, int]] = set()
    table_busy: set[tuple[int, int]] = set()
    per_slot = [0] * ix.n_slots
    used = np.zeros(ix.n_vertices, dtype=np.int64)
    slot_of: dict[int, int] = {}
    order = sorted(range(ix.n_edges), key=lambda e: (not ix.pinned[e], ix.pin_slot[e] < 0, not ix.requested[e],
                                                       -ix.score[e], e))
    for e in order:
        a, b = int(ix.u[e]), int(ix.v[e])
        if used[a] >= ix.cap[a] or used[b] >= ix.cap[b]:
            continue
        table = int(ix.pin_table[e])
        candidates = [int(ix.pin_slot[e])] if ix.pin_slot[e] >= 0 else range(ix.n_slots)
        for c in candidates:
            if (a, c) in busy or (b, c) in busy or per_slot[c] >= ix.n_tables or (table, c) in table_busy:
                continue
            slot_of[e] = c
            busy.update({(a, c), (b, c)})
            if table >= 0:
                table_busy.add((table, c))
            per_slot[c] += 1
            used[a] += 1
            used[b] += 1
            break
    schedule = _schedule(ix, slot_of, 0, 0.0, False, "greedy", 0.0)
    return Schedule(schedule.meetings, schedule.unscheduled, schedule.total_score, schedule.requested_scheduled,
                    schedule.requested_scheduled, schedule.total_score, False, "greedy",
                    time.perf_counter() - started)


def _schedule(ix: _Indexed, slot_of: dict[int, int], requested_bound: int, score_bound: float, optimal: bool,
              method: str, seconds: float) -> Schedule:
    table_of = _tables(ix, slot_of)
    requests = ix.problem.requests
    meetings = []
    for e in sorted(slot_of, key=lambda e: (slot_of[e], table_of[e])):
        request = requests[e]
        meetings.append(ScheduledMeeting(
            leader=request.leader, sme=request.sme, slot=ix.problem.slots[slot_of[e]],
            table=ix.problem.tables[table_of[e]], score=request.score, requested_by_sme=request.requested_by_sme,
            pinned=request.pinned))
    unscheduled = tuple(r for e, r in enumerate(requests) if e not in slot_of)
    total = float(sum(m.score for m in meetings))
    requested = sum(1 for m in meetings if m.requested_by_sme)
    schedule = Schedule(tuple(meetings), unscheduled, total, requested, requested_bound, score_bound,
                        optimal and requested >= requested_bound and total >= score_bound - 1e-6 * max(1.0, total),
                        method, seconds)
    problems = violations(ix.problem, schedule)
    if problems:  # a defect in this module, never a user error
        raise AssertionError(f"scheduler produced an invalid schedule: {problems[:5]}")
    return schedule


def violations(problem: ScheduleProblem, schedule: Schedule) -> list[str]:
    """Every rule the schedule breaks (empty when it is valid): double bookings, table clashes, limits, pins,
    unknown slots or tables, meetings nobody requested."""
    found: list[str] = []
    requests = {(r.leader, r.sme): r for r in problem.requests}
    slots, tables = set(problem.slots), set(problem.tables)
    seen_party: dict[tuple[str, Hashable, Hashable], tuple[Hashable, Hashable]] = {}
    seen_table: set[tuple[Hashable, Hashable]] = set()
    count: dict[tuple[str, Hashable], int] = defaultdict(int)
    held: set[tuple[Hashable, Hashable]] = set()
    for m in schedule.meetings:
        pair = (m.leader, m.sme)
        if pair not in requests:
            found.append(f"{pair} was not requested")
            continue
        if pair in held:
            found.append(f"{pair} scheduled twice")
        held.add(pair)
        if m.slot not in slots or m.table not in tables:
            found.append(f"{pair} at unknown slot/table {m.slot!r}/{m.table!r}")
        for side, party in (("leader", m.leader), ("sme", m.sme)):
            key = (side, party, m.slot)
            if key in seen_party:
                found.append(f"{side} {party!r} double-booked in slot {m.slot!r}")
            seen_party[key] = pair
            count[(side, party)] += 1
        if (m.slot, m.table) in seen_table:
            found.append(f"table {m.table!r} used twice in slot {m.slot!r}")
        seen_table.add((m.slot, m.table))
        request = requests[pair]
        if request.pinned and (request.slot is not None and request.slot != m.slot
                               or request.table is not None and request.table != m.table):
            found.append(f"pinned {pair} moved")
    for (side, party), n in count.items():
        limit = (problem.leader_limits.get(party, problem.leader_limit) if side == "leader"
                 else problem.sme_limits.get(party, problem.sme_limit))
        if n > limit:
            found.append(f"{side} {party!r} has {n} meetings, limit {limit}")
    for pair, request in requests.items():
        if request.pinned and pair not in held:
            found.append(f"pinned {pair} not held")
    return found
