//! Benchmarks of the RCPSP engine: serial SGS decoding and the genetic
//! algorithm, on generated J30- and J120-like instances.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use planwright_schedule::rcpsp::{
    Budget, GeneratorConfig, GeneticAlgorithm, Instance, ListDecoder, PriorityRule, Scheduler,
    generate,
};
use std::hint::black_box;

/// The 64 random activity lists a decode benchmark cycles through.
fn random_lists(inst: &Instance) -> Vec<Vec<u32>> {
    (0..64)
        .map(|s| PriorityRule::Random.activity_list(inst, s))
        .collect()
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("rcpsp/sgs_decode");
    group.throughput(Throughput::Elements(1));
    for (label, n, rs) in [("j30", 30, 0.2), ("j120", 120, 0.2)] {
        let inst = generate(&GeneratorConfig::new(n, 1.8, 0.75, rs), 3).expect("valid parameters");
        let lists = random_lists(&inst);
        let mut dec = ListDecoder::new(&inst).expect("a small horizon");
        let mut i = 0;
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| {
                i = (i + 1) % lists.len();
                dec.decode(black_box(&lists[i])).expect("feasible list")
            });
        });
    }
    // One instance of every J120 cell (NC × RF × RS), each decoded 512
    // times in a row before the next (a search decodes one instance, and
    // the branch predictor learns it): the mean over the grid, where the
    // entry above is its tightest corner.
    let grid: Vec<_> = GeneratorConfig::psplib_set("j120")
        .expect("a PSPLIB set")
        .iter()
        .map(|cfg| generate(cfg, 3).expect("valid parameters"))
        .collect();
    let lists: Vec<Vec<Vec<u32>>> = grid.iter().map(random_lists).collect();
    let mut decoders: Vec<ListDecoder<'_>> = grid
        .iter()
        .map(|inst| ListDecoder::new(inst).expect("a small horizon"))
        .collect();
    let mut i = 0usize;
    group.bench_function(BenchmarkId::from_parameter("j120_grid"), |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            let k = (i / 512) % grid.len();
            decoders[k]
                .decode(black_box(&lists[k][i % 64]))
                .expect("feasible list")
        });
    });
    group.finish();
}

fn ga(c: &mut Criterion) {
    let mut group = c.benchmark_group("rcpsp/ga_5000");
    group.sample_size(10);
    // Throughput in schedules: 5,000 per iteration.
    group.throughput(Throughput::Elements(5_000));
    // 300 activities: the size of RG300 (a generated instance of PSPLIB's
    // shape, not RanGen's).
    for (label, n) in [("j30", 30), ("j120", 120), ("n300", 300)] {
        let inst = generate(&GeneratorConfig::new(n, 1.8, 0.5, 0.3), 5).expect("valid parameters");
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| {
                GeneticAlgorithm::default()
                    .solve(black_box(&inst), &Budget::new(5_000).seed(1))
                    .expect("solves")
            });
        });
    }
    group.finish();
}

criterion_group!(benches, decode, ga);
criterion_main!(benches);
