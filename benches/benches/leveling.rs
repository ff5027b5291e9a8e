//! Benchmarks of resource leveling on a generated project.

use criterion::{Criterion, criterion_group, criterion_main};
use planwright_benches::{leveling_project, one_person_project};
use planwright_schedule::{Leveling, level};
use std::hint::black_box;

fn leveling(c: &mut Criterion) {
    let p = leveling_project(2_000, 50, 11);
    let mut group = c.benchmark_group("leveling/2000x50");
    group.sample_size(10);
    group.bench_function("within_float", |b| {
        b.iter(|| level(black_box(&p), Leveling::WithinFloat).expect("levels"))
    });
    group.bench_function("with_delay", |b| {
        b.iter(|| level(black_box(&p), Leveling::WithDelay).expect("levels"))
    });
    group.finish();
    // 2,000 one-day tasks all on one person: each waits for every task
    // before it, so a day-by-day scan would be quadratic.
    let one = one_person_project(2_000);
    let mut group = c.benchmark_group("leveling/one_person_2000");
    group.sample_size(10);
    group.bench_function("with_delay", |b| {
        b.iter(|| level(black_box(&one), Leveling::WithDelay).expect("levels"))
    });
    group.finish();
}

criterion_group!(benches, leveling);
criterion_main!(benches);
