//! Random projects for the round-trip tests of every writer.

use chrono::{NaiveDate, NaiveDateTime};
use planwright_core::{Constraint, Duration, LinkKind, TaskKind, Units, WorkingTime};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(m: u32, d: u32, h: u32) -> NaiveDateTime {
    date(2024, m, d).and_hms_opt(h, 0, 0).unwrap()
}

/// A small deterministic generator (SplitMix64) for the round-trip projects.
pub(crate) struct Gen(pub(crate) u64);

impl Gen {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A random project in WBS order with numeric keys: calendars with odd
/// weeks, holidays and half days, resources, summaries, milestones,
/// constraints, deadlines, links of every kind with lags and leads,
/// assignments, progress at a status date, a baseline, hostile names.
pub(crate) fn random_project(seed: u64) -> planwright_core::Project {
    use planwright_core::{
        Assignment, Baseline, BaselineEntry, Calendar, DaySchedule, Link, Money, Priority,
        Progress, Project, Resource, Task,
    };
    let mut g = Gen(seed);
    let start = at(3, 4, 8) + chrono::Duration::days(i64::try_from(g.below(5)).unwrap());
    let mut p = Project::new(["site <A&B>", "Büro \"Nord\"", "plain"][g.below(3) as usize]);
    p.set_start(start);
    let mut calendars = vec![p.calendar_id_of_project()];
    for c in 0..g.below(3) {
        let week: [DaySchedule; 7] = core::array::from_fn(|d| match g.below(4) {
            0 if d > 0 => DaySchedule::non_working(),
            1 => DaySchedule::full_day(),
            2 => {
                let from = u32::try_from(g.below(20)).unwrap() * 60 + 15;
                let to = (from + 60 + u32::try_from(g.below(6)).unwrap() * 60).min(24 * 60);
                DaySchedule::new([WorkingTime::new(from, to)])
            }
            _ => DaySchedule::standard(),
        });
        let mut cal = Calendar::new(format!("cal {c} & <co>"), week).unwrap();
        for _ in 0..g.below(6) {
            let d = date(2024, 3, 1) + chrono::Duration::days(i64::try_from(g.below(120)).unwrap());
            let schedule = if g.chance(70) {
                DaySchedule::non_working()
            } else {
                DaySchedule::new([WorkingTime::hours(9, 13)])
            };
            cal.set_exception(d, schedule).unwrap();
        }
        calendars.push(p.add_calendar(cal).unwrap());
    }
    if g.chance(50) {
        let pick = calendars[g.below(calendars.len() as u64) as usize];
        p.set_project_calendar(pick).unwrap();
    }
    let mut resources = Vec::new();
    for r in 0..g.below(4) {
        let capacity = Units::percent(u32::try_from(25 * (1 + g.below(12))).unwrap());
        let mut res = if capacity > Units::FULL {
            Resource::team((r + 1).to_string())
        } else {
            Resource::person((r + 1).to_string())
        }
        .name(format!("R{r} 'x'"))
        .capacity(capacity)
        .rate(Money::minor(i64::try_from(g.below(20_000)).unwrap()));
        if g.chance(50) {
            res = res.calendar(calendars[g.below(calendars.len() as u64) as usize]);
        }
        resources.push(p.add_resource(res).unwrap());
    }
    let status = start + chrono::Duration::days(10);
    if g.chance(50) {
        p.set_status_date(Some(status)).unwrap();
    }
    let n = 1 + g.below(12) as usize;
    let mut open: Vec<(planwright_core::TaskId, bool)> = Vec::new(); // (summary, has a child)
    let mut ids = Vec::new();
    for i in 0..n {
        // Close some summaries, never one without a child yet.
        while let Some(&(_, has_child)) = open.last() {
            if has_child && g.chance(30) {
                open.pop();
            } else {
                break;
            }
        }
        let key = (i + 1).to_string();
        let summary = i + 1 < n && g.chance(20);
        let mut t = if summary {
            Task::summary(key)
        } else if g.chance(15) {
            Task::milestone(key)
        } else {
            Task::new(key).duration(Duration::minutes(i64::try_from(g.below(6_000)).unwrap()))
        };
        t = t.name(["", "dig", "<script>alert(1)</script>", "a&b", "ü \"q\""][g.below(5) as usize]);
        if let Some(&(parent, _)) = open.last() {
            t = t.parent(parent);
        }
        t = t.priority(Priority::new(u16::try_from(g.below(1001)).unwrap()).unwrap());
        if !summary {
            let when = start + chrono::Duration::hours(i64::try_from(g.below(400)).unwrap());
            t = t.constraint(match g.below(10) {
                0 => Constraint::AsLateAsPossible,
                1 => Constraint::StartNoEarlierThan(when),
                2 => Constraint::FinishNoLaterThan(when),
                3 => Constraint::MustStartOn(when),
                4 => Constraint::StartNoLaterThan(when),
                5 => Constraint::FinishNoEarlierThan(when),
                6 => Constraint::MustFinishOn(when),
                _ => Constraint::AsSoonAsPossible,
            });
            if g.chance(20) {
                t = t.deadline(when + chrono::Duration::days(3));
            }
            if g.chance(30) {
                t = t.calendar(calendars[g.below(calendars.len() as u64) as usize]);
            }
            if g.chance(30) {
                t = t.fixed_cost(Money::minor(i64::try_from(g.below(1_000_000)).unwrap()));
            }
            if g.chance(20) {
                t = t.notes("see <spec> & \"notes\"");
            }
            if !resources.is_empty() && g.chance(50) && t.kind != TaskKind::Milestone {
                let r = resources[g.below(resources.len() as u64) as usize];
                t.assignments.push(Assignment::new(
                    r,
                    Units::percent(u32::try_from(25 * (1 + g.below(8))).unwrap()),
                ));
            }
            let minutes = u64::try_from(t.duration.as_minutes()).unwrap();
            if p.status_date().is_some() && t.kind == TaskKind::Task && g.chance(30) {
                t = t.progress(if g.chance(50) {
                    Progress::finished(start, start + chrono::Duration::hours(20))
                } else {
                    let mut pr = Progress::started(start, u8::try_from(1 + g.below(98)).unwrap());
                    if g.chance(50) {
                        pr.remaining = Some(Duration::minutes(
                            i64::try_from(g.below(minutes + 1)).unwrap(),
                        ));
                    }
                    pr
                });
            }
        }
        let id = p.add_task(t).unwrap();
        if let Some(last) = open.last_mut() {
            last.1 = true;
        }
        if summary {
            open.push((id, false));
        }
        ids.push(id);
    }
    // Links grouped by successor, as a file lists them.
    let mut pairs: Vec<(usize, usize)> = (0..g.below(2 * n as u64))
        .map(|_| (g.below(n as u64) as usize, g.below(n as u64) as usize))
        .filter(|(a, b)| a < b)
        .collect();
    pairs.sort_by_key(|&(_, b)| b);
    for (a, b) in pairs {
        let kind = [
            LinkKind::FinishToStart,
            LinkKind::StartToStart,
            LinkKind::FinishToFinish,
            LinkKind::StartToFinish,
        ][g.below(4) as usize];
        let lag = Duration::minutes(i64::try_from(g.below(3_000)).unwrap() - 600);
        let _ = p.add_link(Link::new(ids[a], ids[b], kind).lag(lag));
    }
    if g.chance(50) {
        let mut b = Baseline::new("Baseline", p.start());
        for &id in ids.iter().filter(|_| g.chance(60)) {
            b = b.entry(
                id,
                BaselineEntry::new(
                    start,
                    start + chrono::Duration::hours(9),
                    Duration::hours(8),
                    Money::minor(12_345),
                ),
            );
        }
        if !b.entries.is_empty() {
            p.add_baseline(b).unwrap();
        }
    }
    p
}
