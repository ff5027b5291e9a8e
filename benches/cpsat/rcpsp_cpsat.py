#!/usr/bin/env python3
"""CP-SAT on PSPLIB single-mode instances, for equal-time comparisons.

Solves every `.sm` file of a folder with Google OR-Tools' CP-SAT (the
textbook model: one fixed-size interval per job, a cumulative constraint
per resource, finish-to-start precedences, minimise the latest finish)
under a wall-clock limit per instance and a number of workers, and writes
the best schedule found in the solutions CSV format of
`../shared/tools/rcpsp_check.py`, which then scores it exactly as it
scores our runner's CSV:

    python3 -m venv /tmp/ortools && /tmp/ortools/bin/pip install ortools
    /tmp/ortools/bin/python benches/cpsat/rcpsp_cpsat.py --instances DIR \
        --time-limit-ms 1000 --workers 1 --out cpsat.csv
    python3 ../shared/tools/rcpsp_check.py --instances DIR --solutions cpsat.csv

Not part of CI (it needs OR-Tools); README "Equal wall time against CP-SAT"
gives the figures and commands.
"""

import argparse
import os
import sys
import time


def parse_sm(text):
    """Durations, demands, successors (0-based) and capacities of a PSPLIB .sm file."""
    lines = [line.strip() for line in text.splitlines()]
    succ, dur, dem, cap = {}, {}, {}, None
    section = None
    for i, line in enumerate(lines):
        if line.startswith("PRECEDENCE RELATIONS"):
            section = "prec"
            continue
        if line.startswith("REQUESTS/DURATIONS"):
            section = "req"
            continue
        if line.startswith("RESOURCEAVAILABILITIES"):
            cap = [int(x) for x in lines[i + 2].split()]
            section = None
            continue
        if not line or line.startswith("*") or line.startswith("-"):
            continue
        fields = line.split()
        if not fields[0].isdigit():
            continue
        if section == "prec":
            job, count = int(fields[0]), int(fields[2])
            succ[job - 1] = [int(x) - 1 for x in fields[3:3 + count]]
        elif section == "req":
            job = int(fields[0])
            dur[job - 1] = int(fields[2])
            dem[job - 1] = [int(x) for x in fields[3:]]
    n = len(dur)
    if cap is None or n == 0 or len(succ) != n:
        raise ValueError("not a PSPLIB single-mode file")
    return ([dur[j] for j in range(n)], [dem[j] for j in range(n)],
            [succ[j] for j in range(n)], cap)


def solve(path, limit_s, workers):
    from ortools.sat.python import cp_model

    with open(path, encoding="utf-8") as f:
        dur, dem, succ, cap = parse_sm(f.read())
    n = len(dur)
    horizon = sum(dur)
    m = cp_model.CpModel()
    start = [m.NewIntVar(0, horizon, f"s{j}") for j in range(n)]
    iv = [m.NewFixedSizeIntervalVar(start[j], dur[j], f"i{j}") for j in range(n)]
    for j in range(n):
        for s in succ[j]:
            m.Add(start[s] >= start[j] + dur[j])
    for r, c in enumerate(cap):
        jobs = [j for j in range(n) if dem[j][r] > 0 and dur[j] > 0]
        if jobs:
            m.AddCumulative([iv[j] for j in jobs], [dem[j][r] for j in jobs], c)
    makespan = m.NewIntVar(0, horizon, "makespan")
    for j in range(n):
        m.Add(makespan >= start[j] + dur[j])
    m.Minimize(makespan)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit_s
    solver.parameters.num_workers = workers
    status = solver.Solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    starts = [solver.Value(s) for s in start]
    return max(s + d for s, d in zip(starts, dur)), starts, status == cp_model.OPTIMAL


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--instances", required=True)
    ap.add_argument("--time-limit-ms", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    names = sorted(f for f in os.listdir(a.instances) if f.endswith(".sm"))
    proven = 0
    began = time.monotonic()
    with open(a.out, "w", encoding="utf-8") as out:
        out.write("instance,makespan,starts\n")
        for name in names:
            result = solve(os.path.join(a.instances, name), a.time_limit_ms / 1000, a.workers)
            if result is None:
                print(f"{name}: no schedule within the limit", file=sys.stderr)
                continue
            ms, starts, optimal = result
            proven += optimal
            out.write(f"{name},{ms},{' '.join(map(str, starts))}\n")
    print(f"cp-sat: {len(names)} instances, {a.workers} worker(s), "
          f"{a.time_limit_ms} ms each: {proven} proven optimal; "
          f"wall {time.monotonic() - began:.1f} s; solutions in {a.out}")


if __name__ == "__main__":
    main()
