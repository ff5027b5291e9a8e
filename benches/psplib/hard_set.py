#!/usr/bin/env python3
"""The instances a run left above their optimum or best known makespan, as
a folder of their own (README, "the 46 J60 instances above the best
known"): each such file copied from the set (subfolders kept), with its value
from the set's `optimum.csv` files (read as the runner reads them: each
folder's file names that folder's instances) in one `optimum.csv` at the
top, so the runner can take the folder as a set.

    target/release/rcpsp --instances ../shared/psplib/j60 --schedules 50000 --seed 1 --threads 2 --ga drift=0 --out j60.csv
    python3 benches/psplib/hard_set.py j60.csv ../shared/psplib/j60 /tmp/j60-hard
    for s in 2 3 4 5 6 7 8 9; do target/release/rcpsp --instances /tmp/j60-hard --schedules 50000 --seed $s --threads 2; done

The README's set of 46 came from that first line (`drift=0` is the GA of
the day the set was drawn). The output folder must be outside the
repository: PSPLIB files are read from `../shared`, never copied into the
repository. Plain Python 3, no packages.
"""

import csv
import os
import shutil
import sys


def best_known(field: str) -> int:
    """`optimum.csv`'s value: an optimum `81`, or bounds `82..87` (the
    upper one is the best known makespan)."""
    return int(field.split("..")[-1])


def known_values(set_dir: str) -> dict:
    """Every `optimum.csv` under `set_dir`, keyed by the instance's path
    relative to it, as the runner reads them (a folder's file names that
    folder's instances)."""
    known = {}
    for folder, _, files in os.walk(set_dir):
        if "optimum.csv" not in files:
            continue
        rel = os.path.relpath(folder, set_dir)
        with open(os.path.join(folder, "optimum.csv"), newline="") as f:
            for row in list(csv.reader(f))[1:]:
                if len(row) < 2:
                    continue
                key = row[0].strip()
                known[key if rel == "." else f"{rel}/{key}"] = row[1].strip()
    return known


def main() -> int:
    if len(sys.argv) != 4:
        print(f"usage: {sys.argv[0]} RUN.csv SET-DIR OUT-DIR", file=sys.stderr)
        return 2
    run, set_dir, out = sys.argv[1:]
    known = known_values(set_dir)
    with open(run, newline="") as f:
        results = list(csv.DictReader(f))
    hard = []
    for r in results:
        name = r["instance"]
        if name not in known:
            print(f"{name}: in no optimum.csv under {set_dir}", file=sys.stderr)
            return 1
        if int(r["makespan"]) > best_known(known[name]):
            hard.append(name)
    if os.path.exists(out) and os.listdir(out):
        print(f"{out}: exists and is not empty", file=sys.stderr)
        return 1
    os.makedirs(out, exist_ok=True)
    for name in hard:
        # Names are paths relative to the set (sets with subfolders).
        target = os.path.join(out, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy(os.path.join(set_dir, name), target)
    with open(os.path.join(out, "optimum.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["problem", "optimum"], lineterminator="\n")
        w.writeheader()
        for name in hard:
            w.writerow({"problem": name, "optimum": known[name]})
    print(f"{len(hard)} of {len(results)} instances above the best known, in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
