//! Benchmarks of Monte Carlo schedule risk analysis.

use criterion::{Criterion, criterion_group, criterion_main};
use planwright_benches::{calendar_project, montecarlo_project};
use planwright_risk::{Simulation, simulate};
use std::hint::black_box;

fn montecarlo(c: &mut Criterion) {
    let mut group = c.benchmark_group("montecarlo");
    group.sample_size(10);
    for n in [1_000usize, 10_000] {
        let p = montecarlo_project(n, 3);
        assert!(n != 1_000 || p.links().count() == 1_934);
        let sim = Simulation::new(&p).iterations(10_000).seed(1);
        group.bench_function(format!("{n}x10000"), |b| {
            b.iter(|| simulate(black_box(&p), &sim).expect("simulates"))
        });
        // The same network with four people's calendars (holidays,
        // part-time, vacations): several calendars.
        let p = calendar_project(n, 3);
        let sim = Simulation::new(&p).iterations(10_000).seed(1);
        group.bench_function(format!("{n}x10000-calendars"), |b| {
            b.iter(|| simulate(black_box(&p), &sim).expect("simulates"))
        });
    }
    group.finish();
}

criterion_group!(benches, montecarlo);
criterion_main!(benches);
