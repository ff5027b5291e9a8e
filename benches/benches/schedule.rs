//! Benchmarks of planwright-schedule: the critical path method.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use planwright_benches::{calendar_project, cpm_network, layered, montecarlo_project};
use planwright_schedule::{Network, Workspace};
use std::hint::black_box;

const SIZES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];

fn cpm(c: &mut Criterion) {
    let mut group = c.benchmark_group("cpm/forward_backward");
    for n in SIZES {
        if n >= 100_000 {
            group.sample_size(20);
        }
        let net = cpm_network(n, 42);
        let mut ws = Workspace::new();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &net, |b, net| {
            b.iter(|| net.analyse(black_box(&mut ws)).expect("valid network"));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("cpm/build");
    for n in SIZES {
        if n >= 100_000 {
            group.sample_size(10);
        }
        let (durations, links) = layered(n, (n / 10).clamp(1, 1_000), 3, 42);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(n),
            &(durations, links),
            |b, (d, l)| {
                b.iter(|| Network::from_arrays(black_box(d), black_box(l)).expect("valid network"));
            },
        );
    }
    group.finish();

    let mut group = c.benchmark_group("cpm/schedule");
    for n in [1_000, 10_000, 100_000] {
        if n >= 100_000 {
            group.sample_size(10);
        }
        let net = cpm_network(n, 42);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &net, |b, net| {
            b.iter(|| net.schedule().expect("valid network"));
        });
    }
    group.finish();
}

/// `plan()` of a whole project (network build, CPM, dates, roll-up), on
/// one calendar and with four people's calendars.
fn plan(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        for (name, p) in [
            (format!("{n}"), montecarlo_project(n, 3)),
            (format!("{n}-calendars"), calendar_project(n, 3)),
        ] {
            group.throughput(Throughput::Elements(n as u64));
            group.bench_function(name, |b| {
                b.iter(|| planwright_schedule::plan(black_box(&p)).expect("plans"));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, cpm, plan);
criterion_main!(benches);
