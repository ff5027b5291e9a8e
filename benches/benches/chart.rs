//! Benchmarks of planwright-chart: a Gantt chart of 10,000 tasks (summaries
//! of ten, links, progress, a holiday calendar).
//!
//! `cargo bench -p planwright-benches --bench chart`

use criterion::{Criterion, criterion_group, criterion_main};
use planwright_chart::{GanttOptions, gantt};
use planwright_core::chrono::NaiveDate;
use planwright_core::{Duration, Link, Progress, Project, Task};
use std::hint::black_box;

fn project(n: usize) -> Project {
    let start = NaiveDate::from_ymd_opt(2026, 1, 5)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .expect("date");
    let mut p = Project::new("bench");
    p.set_start(start);
    let mut prev = None;
    let mut parent = None;
    for i in 0..n {
        if i % 10 == 0 {
            parent = Some(p.add_task(Task::summary(format!("s{i}"))).expect("task"));
        }
        let mut t = Task::new(format!("task {i}"))
            .duration(Duration::hours(2 + (i % 9) as i64))
            .parent(parent.expect("parent"));
        if i < n / 10 {
            t = t.progress(Progress::started(start, 50));
        }
        let id = p.add_task(t).expect("task");
        if let Some(q) = prev
            && i % 4 != 0
        {
            p.add_link(Link::finish_to_start(q, id)).expect("link");
        }
        prev = Some(id);
    }
    p
}

fn charts(c: &mut Criterion) {
    let p = project(10_000);
    let plan = planwright_schedule::plan(&p).expect("plan");
    let opts = GanttOptions::new();
    let bytes = gantt(&p, &plan, &opts).expect("gantt").len();
    let mut group = c.benchmark_group("chart/gantt");
    group.sample_size(20);
    group.bench_function(format!("10000-tasks-{}KB", bytes / 1024), |b| {
        b.iter(|| gantt(black_box(&p), black_box(&plan), &opts).expect("gantt"));
    });
    group.finish();
}

criterion_group!(benches, charts);
criterion_main!(benches);
