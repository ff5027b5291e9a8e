//! Shared helpers for planwright's benchmarks and the scheduler benchmark
//! runner: seeded generators of large inputs, and the runner's pure parts
//! ([`runner`]).

pub mod exact;
pub mod runner;

use planwright_core::{Duration, LinkKind};
use planwright_schedule::{ActivityId, Network};

/// A small seeded PRNG (xorshift64*), so generated inputs are identical on
/// every machine without pulling a dependency into the bench helpers.
#[derive(Clone, Debug)]
pub struct SplitRng(u64);

impl SplitRng {
    /// A generator for `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        SplitRng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// Links as [`Network::from_arrays`] takes them.
pub type Links = Vec<(ActivityId, ActivityId, LinkKind, Duration)>;

/// A layered activity network: `n` activities in layers of `width`; every
/// activity after the first layer has `preds` distinct finish-to-start
/// predecessors in the previous layer. Durations are 1 to 10 working days.
/// Returns the durations and the links, ready for [`Network::from_arrays`].
#[must_use]
pub fn layered(n: usize, width: usize, preds: usize, seed: u64) -> (Vec<Duration>, Links) {
    let mut rng = SplitRng::new(seed);
    let width = width.max(1);
    let durations = (0..n)
        .map(|_| Duration::days(1 + rng.below(10) as i64))
        .collect();
    let mut links = Vec::with_capacity(n.saturating_sub(width) * preds);
    for j in width..n {
        let layer_start = (j / width - 1) * width;
        let mut chosen: Vec<u64> = Vec::with_capacity(preds);
        while chosen.len() < preds.min(width) {
            let p = rng.below(width as u64);
            if !chosen.contains(&p) {
                chosen.push(p);
            }
        }
        for p in chosen {
            links.push((
                ActivityId::new((layer_start + p as usize) as u32),
                ActivityId::new(j as u32),
                LinkKind::FinishToStart,
                Duration::ZERO,
            ));
        }
    }
    (durations, links)
}

/// The layered network used by the CPM benches: width 1,000 (or `n / 10`
/// when smaller), 3 predecessors each, so about 3 links per activity.
///
/// # Panics
///
/// Never for the sizes the benches use; the generated network is acyclic
/// and in range by construction.
#[must_use]
pub fn cpm_network(n: usize, seed: u64) -> Network {
    let (d, l) = layered(n, (n / 10).clamp(1, 1_000), 3, seed);
    Network::from_arrays(&d, &l).expect("generated networks are valid")
}

/// A generated project for the leveling benches: `tasks` tasks in layers of
/// 50 (each with one or two predecessors in the previous layer), durations
/// of 1 to 10 days, one or two of `resources` people per task at 50 % or
/// 100 % (a second person is always full-time); a project calendar with
/// public holidays, a fifth of the people part-time (Monday to Thursday),
/// everyone with a week of vacation.
///
/// # Panics
///
/// Never for positive sizes: every value is valid by construction.
#[must_use]
pub fn leveling_project(tasks: usize, resources: usize, seed: u64) -> planwright_core::Project {
    use planwright_core::chrono::{NaiveDate, Weekday};
    use planwright_core::{DaySchedule, Link, Project, Resource, Task, Units};
    let mut rng = SplitRng::new(seed);
    let mut p = Project::new("generated");
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
    p.set_start(start.and_hms_opt(8, 0, 0).expect("time"));
    let pcal = p.calendar_id_of_project();
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
        (12, 31),
    ] {
        if let (Some(cal), Some(date)) = (p.calendar_mut(pcal), NaiveDate::from_ymd_opt(2026, m, d))
        {
            cal.add_holiday(date);
        }
    }
    let base = p.project_calendar().clone();
    let mut people = Vec::with_capacity(resources);
    for r in 0..resources {
        let mut cal = base.derive(format!("cal-{r}"));
        if r.is_multiple_of(5) {
            cal = cal
                .with_weekday(Weekday::Fri, DaySchedule::non_working())
                .expect("Mon-Thu still works");
        }
        let vac = start + planwright_core::chrono::Duration::days(7 * (1 + rng.below(30) as i64));
        cal.add_holidays(vac, vac + planwright_core::chrono::Duration::days(4))
            .expect("a short range");
        let cid = p.add_calendar(cal).expect("unique calendar");
        people.push(
            p.add_resource(Resource::person(format!("p{r}")).calendar(cid))
                .expect("unique person"),
        );
    }
    let width = 50.min(tasks.max(1));
    let mut ids = Vec::with_capacity(tasks);
    for i in 0..tasks {
        let units = if rng.below(3) == 0 {
            Units::percent(50)
        } else {
            Units::FULL
        };
        let mut t = Task::new(format!("t{i}"))
            .duration(Duration::days(1 + rng.below(10) as i64))
            .assign(people[rng.below(resources as u64) as usize], units);
        if rng.below(4) == 0 {
            // A second, full-time person (part-timers would be booked on
            // their day off by a task that runs on the first one's calendar).
            let k = rng.below(resources as u64) as usize;
            let other = people[if k.is_multiple_of(5) {
                (k + 1) % resources
            } else {
                k
            }];
            if !t.assignments.iter().any(|a| a.resource == other) {
                t = t.assign(other, Units::percent(50));
            }
        }
        if rng.below(10) == 0 {
            t = t.priority(planwright_core::Priority::new(800).expect("valid"));
        }
        ids.push(p.add_task(t).expect("valid task"));
        if i >= width {
            let layer = i / width - 1;
            for _ in 0..1 + rng.below(2) {
                let pred = ids[layer * width + rng.below(width as u64) as usize];
                let _ = p.add_link(Link::finish_to_start(pred, ids[i]));
            }
        }
    }
    p
}

/// A project for the Monte Carlo benches: `n` tasks in layers of 33 with two
/// finish-to-start predecessors each in the previous layer (so 1,000 tasks
/// have 1,934 links), three-point estimates of 1 to 10 days (optimistic
/// 80 %, pessimistic 150 % to 250 % of most likely) and a rate each.
///
/// # Panics
///
/// Never for positive sizes: every value is valid by construction.
#[must_use]
pub fn montecarlo_project(n: usize, seed: u64) -> planwright_core::Project {
    use planwright_core::{Link, Money, Project, Resource, Task, Units};
    let mut rng = SplitRng::new(seed);
    let mut p = Project::new("montecarlo");
    p.set_start(
        planwright_core::chrono::NaiveDate::from_ymd_opt(2026, 1, 5)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .expect("date"),
    );
    let team = p
        .add_resource(
            Resource::team("team")
                .capacity(Units::percent(10_000))
                .rate(Money::major(80)),
        )
        .expect("team");
    let width = 33usize;
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let ml = 480 * (1 + rng.below(10) as i64);
        let o = ml * 8 / 10;
        let pe = ml * (15 + rng.below(11) as i64) / 10;
        let t = Task::new(format!("t{i}"))
            .three_point(
                Duration::minutes(o),
                Duration::minutes(ml),
                Duration::minutes(pe),
            )
            .assign(team, Units::FULL);
        ids.push(p.add_task(t).expect("valid task"));
        if i >= width {
            let layer = i / width - 1;
            let a = layer * width + rng.below(width as u64) as usize;
            let mut b = layer * width + rng.below(width as u64) as usize;
            if b == a {
                b = layer * width + (a - layer * width + 1) % width;
            }
            for pred in [a, b] {
                p.add_link(Link::finish_to_start(ids[pred], ids[i]))
                    .expect("valid link");
            }
        }
    }
    p
}

/// [`montecarlo_project`] with the calendars of real people: public
/// holidays on the project calendar every year for a century, four people
/// on calendars derived from it (one part-time Monday to Thursday), each
/// with a vacation week every year at a different time, and the tasks
/// assigned to them in turn, so every task works on its person's calendar.
///
/// # Panics
///
/// Never for positive sizes: every value is valid by construction.
#[must_use]
pub fn calendar_project(n: usize, seed: u64) -> planwright_core::Project {
    use planwright_core::chrono::{Days, NaiveDate, Weekday};
    use planwright_core::{DaySchedule, Money, Resource, Units};
    let mut p = montecarlo_project(n, seed);
    let pcal = p.calendar_id_of_project();
    for year in 2026..2126 {
        for (m, d) in [(1, 1), (5, 1), (10, 3), (12, 25), (12, 26)] {
            if let (Some(cal), Some(date)) =
                (p.calendar_mut(pcal), NaiveDate::from_ymd_opt(year, m, d))
            {
                cal.add_holiday(date);
            }
        }
    }
    let base = p.project_calendar().clone();
    let mut people = Vec::with_capacity(4);
    for r in 0..4u64 {
        let mut cal = base.derive(format!("cal-{r}"));
        if r == 1 {
            cal = cal
                .with_weekday(Weekday::Fri, DaySchedule::non_working())
                .expect("Mon-Thu still works");
        }
        for year in 2026..2126 {
            let first = NaiveDate::from_ymd_opt(year, 3 + 2 * r as u32, 9).expect("a date");
            let last = first.checked_add_days(Days::new(4)).expect("a date");
            cal.add_holidays(first, last).expect("a week");
        }
        let cid = p.add_calendar(cal).expect("unique calendar");
        people.push(
            p.add_resource(
                Resource::person(format!("p{r}"))
                    .calendar(cid)
                    .rate(Money::major(80)),
            )
            .expect("unique person"),
        );
    }
    let ids: Vec<_> = p.tasks().map(|(id, _)| id).collect();
    for (i, id) in ids.into_iter().enumerate() {
        p.update_task(id, |t| {
            t.assignments.clear();
            t.assignments
                .push(planwright_core::Assignment::new(people[i % 4], Units::FULL));
        })
        .expect("a valid assignment");
    }
    p
}

/// `tasks` one-day tasks, unlinked, all assigned full time to one person,
/// starting on a Monday: the worst queue for a leveler.
///
/// # Panics
///
/// Never for sizes a bench uses (the project accepts every task).
#[must_use]
pub fn one_person_project(tasks: usize) -> planwright_core::Project {
    use planwright_core::{Project, Resource, Task, Units};
    let mut p = Project::new("one person");
    p.set_start(
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .expect("a valid date"),
    );
    let ana = p.add_resource(Resource::person("ana")).expect("a resource");
    for i in 0..tasks {
        p.add_task(
            Task::new(format!("t{i}"))
                .duration(Duration::days(1))
                .assign(ana, Units::FULL),
        )
        .expect("a task");
    }
    p
}

/// The repository README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct RootReadme;
