//! Benchmarks of planwright-core: calendar conversions and project building.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use planwright_core::chrono::NaiveDate;
use planwright_core::{Calendar, Duration, Link, Project, Task};
use std::hint::black_box;

fn calendar(c: &mut Criterion) {
    let mut cal = Calendar::standard("office");
    // Ten public holidays a year for twenty years.
    for year in 2026..2046 {
        for (m, d) in [
            (1, 1),
            (4, 3),
            (4, 6),
            (5, 1),
            (5, 14),
            (5, 25),
            (10, 3),
            (12, 24),
            (12, 25),
            (12, 26),
        ] {
            if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
                cal.add_holiday(date);
            }
        }
    }
    let origin = NaiveDate::from_ymd_opt(2026, 1, 5)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .expect("date");
    let mut group = c.benchmark_group("core/calendar/finish_at");
    for (label, offset) in [
        ("1d", Duration::days(1)),
        ("1y", Duration::days(250)),
        ("10y", Duration::days(2_500)),
    ] {
        group.bench_with_input(BenchmarkId::from_parameter(label), &offset, |b, &off| {
            b.iter(|| {
                cal.finish_at(black_box(origin), black_box(off))
                    .expect("in range")
            });
        });
    }
    group.finish();
}

fn project(c: &mut Criterion) {
    let mut group = c.benchmark_group("core/project/add_tasks_and_links");
    for n in [1_000u32, 10_000] {
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, &n| {
            b.iter(|| {
                let mut p = Project::new("bench");
                let mut prev = None;
                for i in 0..n {
                    let id = p
                        .add_task(Task::new(format!("t{i}")).duration(Duration::hours(8)))
                        .expect("valid task");
                    if let Some(prev) = prev {
                        p.add_link(Link::finish_to_start(prev, id))
                            .expect("valid link");
                    }
                    prev = Some(id);
                }
                p
            });
        });
    }
    group.finish();
}

criterion_group!(benches, calendar, project);
criterion_main!(benches);
