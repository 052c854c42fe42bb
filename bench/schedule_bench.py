"""1:1 meeting scheduler: solve time, total score, proven bound and gap, beside a greedy baseline in the same run.

Instances are generated deterministically the way an event produces them: chain leaders and SMEs belong to
industry chains, each leader's shortlist holds its best-matching SMEs (mostly from its own chains, some from
others), about one request in ten was asked for by the SME, and the organizer pinned a few meetings (some to a
slot, some to a slot and a table).

* **goal** — 50 leaders, 400 SMEs, 12 slots, 60 tables (goal: under 10 s, within 1% of the optimum). The bound
  is the optimum of the selection MILP, a relaxation of the whole problem (it drops the slot assignment), so
  ``gap`` is a proven distance from the optimum.
* **small** — instances small enough for the exact time-indexed MILP (``solve_exact``) to prove its optimum;
  the scheduler's score is compared with it.

    .venv/bin/python bench/schedule_bench.py
    .venv/bin/python bench/schedule_bench.py --runs 5 --json bench/out/schedule.json
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.domain.schedule_solver import (
    MeetingRequest,
    Schedule,
    ScheduleProblem,
    greedy_schedule,
    solve,
    solve_exact,
    violations,
)

GOAL_SECONDS = 10.0
GOAL_GAP = 0.01


def make_instance(
    *,
    leaders: int,
    smes: int,
    slots: int,
    tables: int,
    shortlist: int,
    leader_limit: int,
    sme_limit: int,
    pins: int,
    slot_pins: int,
    table_pins: int,
    seed: int,
    chains: int = 8,
) -> ScheduleProblem:
    """A deterministic event: scores from latent chain affinity and noise, shortlists of ``shortlist`` SMEs per
    leader, 10% SME requests, ``pins`` pinned meetings of which ``slot_pins`` fix a slot and ``table_pins`` of
    those also fix a table (pins never contradict each other)."""
    rng = random.Random(seed)
    leader_chain = [rng.randrange(chains) for _ in range(leaders)]
    sme_chain = [rng.randrange(chains) for _ in range(smes)]
    sme_quality = [rng.betavariate(2, 3) for _ in range(smes)]
    requests: list[MeetingRequest] = []
    for leader in range(leaders):
        scored = []
        for sme in range(smes):
            affinity = 0.45 if sme_chain[sme] == leader_chain[leader] else 0.0
            scored.append((affinity + 0.35 * sme_quality[sme] + 0.2 * rng.random(), sme))
        scored.sort(reverse=True)
        for score, sme in scored[:shortlist]:
            requests.append(MeetingRequest(f"L{leader:03d}", f"S{sme:03d}", round(score, 4),
                                           requested_by_sme=rng.random() < 0.10))
    rng.shuffle(requests)
    pinned: list[MeetingRequest] = []
    used_party_slot: set[tuple[str, int]] = set()
    used_table_slot: set[tuple[int, int]] = set()
    per_party: dict[str, int] = {}
    for request in requests:
        if len(pinned) >= pins:
            break
        if per_party.get(request.leader, 0) >= leader_limit or per_party.get(request.sme, 0) >= sme_limit:
            continue
        slot = table = None
        if len(pinned) < slot_pins:
            free = [s for s in range(slots) if (request.leader, s) not in used_party_slot
                    and (request.sme, s) not in used_party_slot]
            if not free:
                continue
            slot = rng.choice(free)
            used_party_slot.update({(request.leader, slot), (request.sme, slot)})
            if len(pinned) < table_pins:
                table = rng.choice([t for t in range(tables) if (t, slot) not in used_table_slot])
                used_table_slot.add((table, slot))
        per_party[request.leader] = per_party.get(request.leader, 0) + 1
        per_party[request.sme] = per_party.get(request.sme, 0) + 1
        pinned.append(MeetingRequest(request.leader, request.sme, request.score, request.requested_by_sme,
                                     pinned=True, slot=slot, table=table))
    pinned_pairs = {(p.leader, p.sme) for p in pinned}
    requests = pinned + [r for r in requests if (r.leader, r.sme) not in pinned_pairs]
    return ScheduleProblem(requests=requests, slots=list(range(slots)), tables=list(range(tables)),
                           leader_limit=leader_limit, sme_limit=sme_limit)


def _summary(schedule: Schedule) -> dict[str, object]:
    return {
        "method": schedule.method,
        "seconds": round(schedule.solve_seconds, 3),
        "meetings": len(schedule.meetings),
        "total_score": round(schedule.total_score, 4),
        "requested_scheduled": schedule.requested_scheduled,
        "requested_bound": schedule.requested_bound,
        "upper_bound": round(schedule.upper_bound, 4),
        "gap": schedule.gap,
        "optimal": schedule.optimal,
    }


CONFIGS = {
    # every leader can fill all 12 slots; SMEs meet at most 3 leaders
    "goal": dict(leaders=50, smes=400, slots=12, tables=60, shortlist=40, leader_limit=12, sme_limit=3, pins=30,
                 slot_pins=20, table_pins=8),
    # tables are the bottleneck (12 × 30 = 360 seats for 50 × 8 = 400 wanted) and SMEs are scarcer
    "tight": dict(leaders=50, smes=400, slots=12, tables=30, shortlist=60, leader_limit=8, sme_limit=2, pins=30,
                  slot_pins=20, table_pins=8),
}


def run_goal(config: str, runs: int, seed: int, exact_seconds: float) -> dict[str, object]:
    results = []
    for run in range(runs):
        problem = make_instance(**CONFIGS[config], seed=seed + run)
        schedule = solve(problem)
        greedy = greedy_schedule(problem)
        for result in (schedule, greedy):
            broken = violations(problem, result)
            if broken:
                raise SystemExit(f"invalid schedule from {result.method}: {broken[:3]}")
        row = {"seed": seed + run, "requests": len(problem.requests), "solver": _summary(schedule),
               "greedy": _summary(greedy),
               "greedy_gap": (schedule.upper_bound - greedy.total_score) / schedule.upper_bound}
        if run == 0 and exact_seconds > 0:
            row["exact"] = _summary(solve_exact(problem, time_limit=exact_seconds))
        results.append(row)
    seconds = [r["solver"]["seconds"] for r in results]
    return {"instances": results, "median_seconds": statistics.median(seconds), "max_seconds": max(seconds),
            "max_gap": max(r["solver"]["gap"] for r in results)}


def run_small(count: int, seed: int) -> list[dict[str, object]]:
    rows = []
    for i in range(count):
        rng = random.Random(seed + i)
        scale = 1 if i % 3 else 3  # every third instance three times larger
        slots = rng.randint(3, 5) + scale
        problem = make_instance(leaders=rng.randint(4, 7) * scale, smes=rng.randint(12, 24) * scale, slots=slots,
                                tables=rng.randint(2, 4) * scale, shortlist=rng.randint(4, 8) * scale,
                                leader_limit=slots,
                                sme_limit=rng.randint(1, 3), pins=rng.randint(0, 4), slot_pins=rng.randint(0, 3),
                                table_pins=rng.randint(0, 1), seed=seed + 1000 + i)
        schedule = solve(problem)
        exact = solve_exact(problem, time_limit=120)
        greedy = greedy_schedule(problem)
        rows.append({
            "instance": i, "requests": len(problem.requests), "slots": slots, "tables": len(problem.tables),
            "solver_score": round(schedule.total_score, 4), "solver_requested": schedule.requested_scheduled,
            "solver_method": schedule.method, "solver_seconds": round(schedule.solve_seconds, 3),
            "exact_score": round(exact.total_score, 4), "exact_requested": exact.requested_scheduled,
            "exact_optimal": exact.optimal, "exact_seconds": round(exact.solve_seconds, 3),
            "greedy_score": round(greedy.total_score, 4), "greedy_requested": greedy.requested_scheduled,
            "solver_vs_exact": (exact.total_score - schedule.total_score) / exact.total_score
            if exact.total_score else 0.0,
        })
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="goal-size instances (different seeds)")
    parser.add_argument("--small", type=int, default=12, help="small instances checked against the exact MILP")
    parser.add_argument("--seed", type=int, default=20250)
    parser.add_argument("--exact-seconds", type=float, default=120.0,
                        help="time limit of the exact time-indexed MILP run once per configuration (0: skip)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    goals = {}
    for config, params in CONFIGS.items():
        goal = goals[config] = run_goal(config, args.runs, args.seed, args.exact_seconds)
        print(f"\n== {config}: " + ", ".join(f"{k}={v}" for k, v in params.items()) + " ==")
        print(f"{'seed':>6} {'requests':>8} {'seconds':>8} {'meetings':>8} {'score':>10} {'bound':>10} {'gap':>9} "
              f"{'req':>7} {'greedy':>10} {'greedy gap':>10} {'greedy req':>10} method")
        for r in goal["instances"]:
            s, g = r["solver"], r["greedy"]
            print(f"{r['seed']:>6} {r['requests']:>8} {s['seconds']:>8.3f} {s['meetings']:>8} "
                  f"{s['total_score']:>10.3f} {s['upper_bound']:>10.3f} {s['gap']:>9.3%} "
                  f"{s['requested_scheduled']:>3}/{s['requested_bound']:<3} {g['total_score']:>10.3f} "
                  f"{r['greedy_gap']:>10.3%} {g['requested_scheduled']:>10} {s['method']}")
            if "exact" in r:
                e = r["exact"]
                print(f"{'':>6} exact time-indexed MILP on the same instance: {e['seconds']:.2f} s, score "
                      f"{e['total_score']:.3f}, bound {e['upper_bound']:.3f}, "
                      f"{'optimal' if e['optimal'] else 'NOT proven optimal'}")
        print("(greedy gap: the greedy score's shortfall from the bound; negative when it bought score by dropping "
              "meetings SMEs asked for — compare the req columns)")
        print(f"median {goal['median_seconds']:.3f} s, max {goal['max_seconds']:.3f} s (goal < {GOAL_SECONDS:.0f} s); "
              f"max gap {goal['max_gap']:.4%} (goal < {GOAL_GAP:.0%})")

    small = run_small(args.small, args.seed)
    print("\n== small instances against the exact time-indexed MILP ==")
    print(f"{'#':>3} {'req':>4} {'T×K':>5} {'solver':>9} {'exact':>9} {'greedy':>9} {'solver−exact':>12} "
          f"{'exact s':>8} method")
    for r in small:
        print(f"{r['instance']:>3} {r['requests']:>4} {r['slots']:>2}×{r['tables']:<2} "
              f"{r['solver_score']:>9.3f} {r['exact_score']:>9.3f} {r['greedy_score']:>9.3f} "
              f"{r['solver_vs_exact']:>12.4%} {r['exact_seconds']:>8.3f} {r['solver_method']}"
              f"{'' if r['exact_optimal'] else ' (exact not proven)'}")
    matched = sum(1 for r in small if abs(r["solver_vs_exact"]) < 1e-9 and r["solver_requested"] == r["exact_requested"])
    print(f"solver equals the exact optimum on {matched}/{len(small)} small instances")

    ok = all(g["max_seconds"] < GOAL_SECONDS and g["max_gap"] < GOAL_GAP for g in goals.values())
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"when": datetime.now(UTC).isoformat(), "goals": goals, "small": small},
                                        ensure_ascii=False, indent=2))
    print("\nGOAL MET" if ok else "\nGOAL NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
