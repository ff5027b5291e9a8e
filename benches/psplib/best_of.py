#!/usr/bin/env python3
"""The better of several runs: per instance the smallest makespan over the
runs' CSVs, then the mean deviation from the optimum or best known
makespan (README, "one long run beats independent shorter ones").

    for s in 2 3; do target/release/rcpsp --instances /tmp/j60-hard --schedules 25000 --seed $s --threads 2 --out h25_$s.csv; done
    python3 benches/psplib/best_of.py /tmp/j60-hard h25_2.csv h25_3.csv

One CSV gives that run's own deviation, as the runner prints it. Plain
Python 3, no packages.
"""

import csv
import sys

from hard_set import best_known, known_values


def main() -> int:
    if len(sys.argv) < 3:
        print(f"usage: {sys.argv[0]} SET-DIR RUN.csv...", file=sys.stderr)
        return 2
    known = known_values(sys.argv[1])
    best = {}
    for run in sys.argv[2:]:
        with open(run, newline="") as f:
            for r in csv.DictReader(f):
                name, ms = r["instance"], int(r["makespan"])
                best[name] = min(ms, best.get(name, ms))
    if not best:
        print("no instances in the runs", file=sys.stderr)
        return 1
    for name in best:
        if name not in known:
            print(f"{name}: in no optimum.csv under {sys.argv[1]}", file=sys.stderr)
            return 1
    devs = [100 * (ms - best_known(known[n])) / best_known(known[n]) for n, ms in best.items()]
    at = sum(1 for n, ms in best.items() if ms <= best_known(known[n]))
    print(f"{len(best)} instances, best of {len(sys.argv) - 2} runs: "
          f"{sum(devs) / len(devs):.3f}% from optimum/best-known, at it {at}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
