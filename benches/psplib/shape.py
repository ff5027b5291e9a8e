#!/usr/bin/env python3
"""Shape statistics of PSPLIB-format (.sm) instance folders, to compare the
generator with PSPLIB (README, "How well the generator predicts PSPLIB").

    python3 benches/psplib/shape.py ../shared/psplib/j30 gen-j30 ...

Per folder: means of the critical-path length, precedence levels, arcs per
activity (dummies included) and the resource bound (total work over
capacity, largest over the resources) over the critical path; the share of
activities using 1..K resources, by the instance's resource factor; and how
capacities relate to K_min (largest demand) and K_max (peak of the
earliest-start schedule): the share equal to round(K_min + RS (K_max -
K_min)) for the cell's nominal RS on PSPLIB's
J30/J60 file names (RS cycles fastest: 0.2, 0.5, 0.7, 1.0), else for any RS
on the 0.1 grid. With an `optimum.csv` beside the files: where the optima /
best known makespans stand above the critical-path bound (the runner's
"best known" figure, computed independently).
The network's shape: redundant arcs (an arc i -> j with another path from
i to j) and the most real predecessors / successors of an activity.
Plain Python 3, no packages.
"""
import collections
import os
import re
import statistics as st
import sys


def parse(path):
    lines = open(path).read().splitlines()
    i = next(k for k, l in enumerate(lines) if l.startswith('PRECEDENCE RELATIONS'))
    succ, k = {}, i + 2
    while not lines[k].startswith('*'):
        p = lines[k].split()
        succ[int(p[0])] = [int(x) for x in p[3:3 + int(p[2])]]
        k += 1
    i = next(k for k, l in enumerate(lines) if l.startswith('REQUESTS/DURATIONS'))
    dur, req, k = {}, {}, i + 3
    while not lines[k].startswith('*'):
        p = lines[k].split()
        dur[int(p[0])], req[int(p[0])] = int(p[2]), list(map(int, p[3:]))
        k += 1
    i = next(k for k, l in enumerate(lines) if l.startswith('RESOURCEAVAILABILITIES'))
    return succ, dur, req, list(map(int, lines[i + 2].split()))


def nominal_rs(name):
    """PSPLIB J30/J60 files are `j30{cell}_{k}.sm`, the resource strength
    cycling fastest over the cells: 0.2, 0.5, 0.7, 1.0."""
    m = re.match(r'j(?:30|60)(\d+)_\d+\.sm$', name)
    return [0.2, 0.5, 0.7, 1.0][(int(m.group(1)) - 1) % 4] if m else None


def shape(path):
    succ, dur, req, cap = parse(path)
    rs_known = nominal_rs(os.path.basename(path))
    src, snk = min(dur), max(dur)
    es, lvl = {j: 0 for j in dur}, {j: 0 for j in dur}
    for j in sorted(dur):
        for s in succ.get(j, []):
            es[s] = max(es[s], es[j] + dur[j])
            lvl[s] = max(lvl[s], lvl[j] + 1)
    horizon = max(es[j] + dur[j] for j in dur)
    work = [sum(dur[j] * req[j][r] for j in dur) for r in range(len(cap))]
    rlb = max((w + c - 1) // c for w, c in zip(work, cap) if c)
    counts = [sum(1 for q in req[j] if q > 0) for j in dur if dur[j] > 0]
    rounding = []
    for r, c in enumerate(cap):
        kmin = max(req[j][r] for j in dur)
        use = [0] * (horizon + 1)
        for j in dur:
            for t in range(es[j], es[j] + dur[j]):
                use[t] += req[j][r]
        kmax = max(use)
        if kmax > kmin:
            grid = [rs_known] if rs_known is not None else [x / 10 for x in range(0, 11)]
            rounding.append(any(c == int(kmin + rs * (kmax - kmin) + 0.5) for rs in grid))
    # Reachability in reverse topological order (successors have higher
    # numbers in PSPLIB's files and the generator's).
    reach = {}
    for j in sorted(dur, reverse=True):
        r = set()
        for s in succ.get(j, []):
            r.add(s)
            r |= reach[s]
        reach[j] = r
    redundant = sum(1 for i in dur for j in succ.get(i, [])
                    if any(j in reach[k] for k in succ[i] if k != j))
    preds = collections.Counter(j for i in dur if i != src for j in succ.get(i, []) if j != snk)
    outs = [sum(1 for j in succ.get(i, []) if j != snk) for i in dur if i != src]
    return dict(cp=horizon, levels=lvl[snk] - 1, nc=sum(len(v) for v in succ.values()) / len(dur),
                rlb_cp=rlb / horizon, rf=sum(counts) / len(counts) / len(cap),
                counts=counts, k=len(cap), rounding=rounding, redundant=redundant,
                degree=max(max(preds.values(), default=0), max(outs, default=0)))


def best_known_floor(d):
    """Mean % of the optima / best known (upper) makespans in the folder's
    `optimum.csv` above the critical-path bound, if every file has one."""
    path = os.path.join(d, 'optimum.csv')
    if not os.path.exists(path):
        return None
    known = {}
    for line in open(path).read().splitlines()[1:]:
        name, value = line.split(',')[:2]
        known[name] = int(value.split('..')[-1])
    devs = []
    for f in sorted(os.listdir(d)):
        if f.endswith('.sm'):
            ub = known.get(f, known.get(f[:-3]))
            if ub is None:
                return None
            cp = shape(os.path.join(d, f))['cp']
            devs.append(100 * (ub - cp) / cp)
    return st.mean(devs)


for d in sys.argv[1:]:
    shapes = [shape(os.path.join(d, f)) for f in sorted(os.listdir(d)) if f.endswith('.sm')]
    print(f"{d}: {len(shapes)} instances; critical path {st.mean(s['cp'] for s in shapes):.1f}, "
          f"levels {st.mean(s['levels'] for s in shapes):.2f}, complexity {st.mean(s['nc'] for s in shapes):.3f}, "
          f"resource bound / critical path {st.mean(s['rlb_cp'] for s in shapes):.3f}")
    print(f"  network: {sum(s['redundant'] for s in shapes)} redundant arcs; most real predecessors "
          f"or successors of an activity: {max(s['degree'] for s in shapes)}; instances where it is above 3: "
          f"{sum(1 for s in shapes if s['degree'] > 3)}")
    by_rf = collections.defaultdict(collections.Counter)
    for s in shapes:
        by_rf[min([0.25, 0.5, 0.75, 1.0], key=lambda x: abs(x - s['rf']))].update(s['counts'])
    for rf in sorted(by_rf):
        total = sum(by_rf[rf].values())
        share = ", ".join(f"{c}: {100 * by_rf[rf][c] / total:.1f} %" for c in sorted(by_rf[rf]))
        print(f"  resource factor ~{rf}: activities using {share}")
    floor = best_known_floor(d)
    if floor is not None:
        print(f"  optima / best known: {floor:.3f} % above the critical-path bound")
    rounded = [x for s in shapes for x in s['rounding']]
    if rounded:
        print(f"  capacities = round(K_min + RS (K_max - K_min)) (RS: the cell's for PSPLIB J30/J60 "
              f"names, else any on the 0.1 grid): {sum(rounded)} of {len(rounded)}")
