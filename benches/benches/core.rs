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

fn assignment(c: &mut Criterion) {
    use planwright_benches::SplitRng;
    use planwright_core::{AssignmentProblem, Booking, OpenTask, Person, Units, assign};
    let day = |d: i64| {
        NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|x| x.and_hms_opt(9, 0, 0))
            .expect("date")
            + planwright_core::chrono::Duration::days(d)
    };
    let skills = [
        "rust", "sql", "ux", "ops", "testing", "security", "data", "frontend",
    ];
    let mut rng = SplitRng::new(7);
    let mut p = AssignmentProblem::default();
    p.people = (0..100)
        .map(|i| {
            let mut person = Person::new(format!("p{i}")).max_tasks(5 + rng.below(4) as u32);
            for s in skills {
                if rng.below(3) == 0 {
                    person = person.skill(s, 1 + rng.below(5) as u8);
                }
            }
            let start = rng.below(10) as i64;
            person.booked(Booking::new(
                day(start),
                day(start + 5),
                Units::percent(rng.below(90) as u32),
            ))
        })
        .collect();
    p.tasks = (0..500)
        .map(|i| {
            let start = rng.below(15) as i64;
            let mut t = OpenTask::new(
                format!("t{i}"),
                day(start),
                day(start + 1 + rng.below(5) as i64),
            )
            .people(1 + rng.below(2) as u32);
            t = t.requires(skills[rng.below(8) as usize], 1 + rng.below(4) as u8);
            t
        })
        .collect();
    let mut group = c.benchmark_group("core/assign");
    group.sample_size(10);
    group.bench_function("500x100", |b| {
        b.iter(|| assign(black_box(&p)).expect("valid problem"))
    });
    group.finish();
}

criterion_group!(benches, calendar, project, assignment);
criterion_main!(benches);
