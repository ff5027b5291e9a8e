#!/usr/bin/env bash
# The identity check behind the README's "outputs identical on the 20
# checked runs": a change meant to keep every schedule (a refactor, a speed-up,
# a new option whose default is the old behaviour) is run here before and
# after, and the two folders must not differ.
#
#     benches/psplib/identity.sh OLD-BIN old && benches/psplib/identity.sh target/release/rcpsp new
#     diff -rq old new
#
# Each run writes one CSV cut to its first four columns (instance, makespan,
# starts, schedules): wall times differ between runs, schedules must not.
# The 20 runs: PSPLIB J30 and J60 at 3,000 schedules (seed 2) under eight GA
# settings, 30 generated J120-like instances, the Patterson set,
# regret-biased sampling with justification on J30, and 40 generated
# RCPSP/max instances. PSPLIB comes from $PLANWRIGHT_PSPLIB, else
# ../shared/psplib beside the repository.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 RCPSP-BINARY OUT-DIR" >&2
    exit 2
fi
bin=$(realpath "$1")
out=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
psplib="${PLANWRIGHT_PSPLIB:-$root/../shared/psplib}"
if [ ! -d "$psplib/j30" ]; then
    echo "$0: no PSPLIB folder at $psplib (set PLANWRIGHT_PSPLIB)" >&2
    exit 2
fi
mkdir -p "$out"

# run NAME ARGS...: the runner with ARGS, its CSV cut to NAME.csv.
run() {
    local name=$1
    shift
    "$bin" "$@" --threads 2 --out "$out/$name.full" >/dev/null
    cut -d, -f1-4 "$out/$name.full" >"$out/$name.csv"
    rm "$out/$name.full"
}

i=0
for ga in "" "niche=0" "single=0" "parallel=0.5" "backward=0.6" "peak=1,peak_end=1" \
    "peak=0,peak_end=0" "mutation_sweep=0,niche=0.3,niche_end=0.3"; do
    i=$((i + 1))
    for set in j30 j60; do
        run "$set-$i" --instances "$psplib/$set" --schedules 3000 --seed 2 ${ga:+--ga "$ga"}
    done
done
run g120 --generate j120 --count 30 --schedules 5000 --seed 3
run pat --instances "$psplib/patterson" --schedules 5000 --seed 1
run rbrs --instances "$psplib/j30" --scheduler rbrs-lft-fbi --schedules 2000 --seed 1
run max20 --generate max20 --count 40 --schedules 3000 --seed 1
echo "$(find "$out" -name '*.csv' | wc -l) runs in $out"
