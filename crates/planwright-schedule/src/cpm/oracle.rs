//! The kernel through working-time tables against the kernel walking the
//! calendars: the same dates, floats and driving links on random networks
//! with random calendars, constraints, deadlines and progress; and the
//! sampling pass's finishes and driving paths against them.

use chrono::NaiveDate;
use planwright_core::{Calendar, Duration, LinkKind};
use proptest::prelude::*;

use super::Workspace;
use crate::clock::{CalendarClock, Clock};
use crate::network::{ActivityConstraint, ActivityProgress, Network, ProgressMode, TimeModel};
use crate::sampling::SamplingPass;
use crate::worktable::tests::arb_calendar;

#[derive(Clone, Debug)]
struct Spec {
    dur: i64,
    cal: usize,
    constraint: (u8, i64),
    deadline: Option<i64>,
    progress: (u8, i64, i64),
    preds: Vec<(usize, u8, i64)>,
}

fn arb_spec() -> impl Strategy<Value = Spec> {
    (
        // Whole hours often, so paths tie.
        prop_oneof![Just(0i64), (1i64..12).prop_map(|h| 60 * h), 1i64..5_000],
        0usize..4,
        (0u8..12, -2_000i64..20_000),
        prop::option::weighted(0.1, 0i64..20_000),
        (0u8..8, -3_000i64..6_000, 0i64..3_000),
        prop::collection::vec(
            (
                0usize..1_000,
                0u8..4,
                prop_oneof![Just(0i64), -1_500i64..3_000],
            ),
            0..4,
        ),
    )
        .prop_map(|(dur, cal, constraint, deadline, progress, preds)| Spec {
            dur,
            cal,
            constraint,
            deadline,
            progress,
            preds,
        })
}

fn build(
    specs: &[Spec],
    cals: &[Calendar],
    minute: u32,
    status: Option<i64>,
    retained: bool,
) -> Option<Network> {
    let origin = NaiveDate::from_ymd_opt(2026, 3, 4)?.and_hms_opt(minute / 60, minute % 60, 0)?;
    let mut b = Network::builder().with_calendar(origin, cals[0].clone());
    let mut idx = vec![0u32];
    for c in &cals[1..] {
        idx.push(b.add_calendar(c.clone()).ok()?);
    }
    let mut ids = Vec::new();
    for (j, s) in specs.iter().enumerate() {
        let a = b
            .add_activity(format!("a{j}"), Duration::minutes(s.dur))
            .ok()?;
        b.set_calendar(a, idx[s.cal % idx.len()]).ok()?;
        let d = Duration::minutes(s.constraint.1);
        let c = match s.constraint.0 {
            1 => ActivityConstraint::AsLateAsPossible,
            2 => ActivityConstraint::StartNoEarlierThan(d),
            3 => ActivityConstraint::StartNoLaterThan(d),
            4 => ActivityConstraint::FinishNoEarlierThan(d),
            5 => ActivityConstraint::FinishNoLaterThan(d),
            6 => ActivityConstraint::MustStartOn(d),
            7 => ActivityConstraint::MustFinishOn(d),
            _ => ActivityConstraint::AsSoonAsPossible,
        };
        b.set_constraint(a, c).ok()?;
        if let Some(dl) = s.deadline {
            b.set_deadline(a, Duration::minutes(dl)).ok()?;
        }
        if let Some(st) = status {
            let (kind, at, rem) = s.progress;
            let at = at.min(st);
            let p = match kind {
                0 => ActivityProgress::Started {
                    actual_start: Duration::minutes(at),
                    remaining: Duration::minutes(rem),
                },
                1 => ActivityProgress::Finished {
                    actual_start: Duration::minutes(at),
                    actual_finish: Duration::minutes(at + rem),
                },
                _ => ActivityProgress::NotStarted,
            };
            b.set_progress(a, p).ok()?;
        }
        for &(p, kind, lag) in &s.preds {
            if j > 0 {
                let kind = [
                    LinkKind::FinishToStart,
                    LinkKind::StartToStart,
                    LinkKind::FinishToFinish,
                    LinkKind::StartToFinish,
                ][kind as usize];
                let _ = b.add_link(ids[p % j], a, kind, Duration::minutes(lag));
            }
        }
        ids.push(a);
    }
    if let Some(st) = status {
        b.set_status_date(Duration::minutes(st)).ok()?;
    }
    b.set_progress_mode(if retained {
        ProgressMode::RetainedLogic
    } else {
        ProgressMode::ProgressOverride
    });
    b.build().ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn tables_give_the_walks_schedule(
        specs in prop::collection::vec(arb_spec(), 1..30),
        cals in prop::collection::vec(arb_calendar(), 2..5),
        minute in 0u32..1440,
        status in prop::option::of(0i64..8_000),
        retained in any::<bool>(),
    ) {
        let Some(net) = build(&specs, &cals, minute, status, retained) else {
            return Ok(());
        };
        let TimeModel::Multi { origin, calendars } = &net.time else {
            return Ok(());
        };
        let mut exact = CalendarClock { origin: *origin, calendars };
        let mut walk = Workspace::new();
        walk.prepare(net.len());
        let by_walk = net.kernel(&net.dur, &mut exact, &mut walk);
        let mut table = Workspace::new();
        let by_table = net.analyse_with(&net.dur, &mut table);
        prop_assert_eq!(by_walk.is_ok(), by_table.is_ok());
        if by_walk.is_err() {
            return Ok(());
        }
        prop_assert_eq!(&walk.early, &table.early);
        prop_assert_eq!(&walk.late, &table.late);
        prop_assert_eq!(&walk.total_float, &table.total_float);
        prop_assert_eq!(&walk.free_float, &table.free_float);
        prop_assert_eq!(walk.finish, table.finish);
        // Driving links and offsets as the schedule reports them.
        let n = net.len();
        let mut per_walk = vec![Vec::new(); n];
        net.collect_driving(&mut exact, &walk, &mut per_walk).unwrap();
        let schedule = net.schedule().unwrap();
        let mut per_table = vec![Vec::new(); n];
        let mut tables = super::tables_for(*origin, calendars, &mut table);
        net.collect_driving(&mut crate::clock::TableClock::new(&mut tables), &table, &mut per_table).unwrap();
        prop_assert_eq!(per_walk, per_table);
        let finish = exact.span(0, 0, walk.finish).unwrap();
        prop_assert_eq!(schedule.project_finish(), Duration::minutes(finish));

        // The sampling pass: the same finish and watched finishes, and a
        // driving path of activities without float.
        let mut pass = SamplingPass::new(&net);
        let ids: Vec<_> = (0..n as u32).map(crate::ActivityId::new).collect();
        pass.watch(&ids).unwrap();
        let mut dur = vec![0.0; n];
        for (p, d) in dur.iter_mut().enumerate() {
            *d = net.dur[p] as f64;
        }
        let f = pass.run(&dur).unwrap();
        prop_assert_eq!(f, finish as f64);
        for (k, id) in ids.iter().enumerate() {
            let p = pass.position(*id);
            let want = exact.span(0, 0, walk.early[2 * p + 1]).unwrap();
            prop_assert_eq!(pass.watched_finish(k, 0), want as f64);
        }
        // Eight lanes at once, each with its own durations (some rounded
        // from fractions, some zero), give each lane's one-lane run.
        let lanes = crate::sampling::LANES;
        let lane_dur = |l: usize, p: usize| -> f64 {
            let d = net.dur[p] as f64;
            match l % 4 {
                0 => d,
                1 => (d * (1.0 + 0.37 * l as f64)).floor() + 0.5,
                2 => if p % 3 == 0 { 0.0 } else { d + 61.0 * l as f64 },
                _ => d * 0.5 + 0.49,
            }
        };
        let mut all = vec![0.0; n * lanes];
        for p in 0..n {
            for l in 0..lanes {
                all[p * lanes + l] = lane_dur(l, p);
            }
        }
        let mut many = SamplingPass::new(&net);
        many.watch(&ids).unwrap();
        let together = many.run_lanes(&all);
        for l in 0..lanes {
            let one: Vec<f64> = (0..n).map(|p| lane_dur(l, p)).collect();
            let alone = pass.run(&one);
            prop_assert_eq!(alone.is_ok(), together.is_ok(), "lane {}", l);
            let (Ok(alone), Ok(together)) = (alone, &together) else { continue };
            prop_assert_eq!(alone, together[l], "lane {}", l);
            prop_assert_eq!(pass.driving(), many.driving_lane(l), "lane {}", l);
            for k in 0..ids.len() {
                prop_assert_eq!(pass.watched_finish(k, 0), many.watched_finish(k, l));
            }
        }
        let f = pass.run(&dur).unwrap();
        prop_assert_eq!(f, finish as f64);
        // The path is a chain of links back from an activity that finishes
        // last.
        let path = pass.driving().to_vec();
        let last = (0..n)
            .filter(|&i| net.flags[i] & crate::network::VIRTUAL == 0)
            .map(|i| walk.early[2 * i + 1])
            .max();
        if let Some(&first) = path.first() {
            prop_assert_eq!(Some(walk.early[2 * first + 1]), last);
        }
        for w in path.windows(2) {
            let (lo, hi) = (net.pred_off[w[0]] as usize, net.pred_off[w[0] + 1] as usize);
            prop_assert!(net.preds[lo..hi].iter().any(|e| e.node as usize == w[1]));
        }
        // The whole path, as the calendar walk traces it: from the last
        // activity attaining the finish, follow the driving link while
        // delaying its predecessor by a working minute moves the date the
        // path reads (a full forward step with that one date changed).
        let mut want = Vec::new();
        let fin = (0..n).filter(|&i| net.flags[i] & crate::network::VIRTUAL == 0).map(|i| walk.early[2 * i + 1]).max();
        let mut cur = (0..n).rev().find(|&i| net.flags[i] & crate::network::VIRTUAL == 0 && Some(walk.early[2 * i + 1]) == fin);
        let mut finish_read = true;
        while let Some(i) = cur {
            if net.flags[i] & crate::network::FINISHED == 0 {
                want.push(i);
            }
            let d = net.dur[i];
            let Some(e) = net.driving_edge(i, d, &mut exact, |k| walk.early[k]).unwrap() else { break };
            let pe = net.preds[e];
            let src = pe.node as usize;
            let slot = 2 * src + usize::from(pe.kind & crate::network::FROM_FINISH);
            let late = exact.advance(net.cal[src], walk.early[slot], 1).unwrap();
            let (es, ef) = net.forward_step(i, d, &mut exact, |k| if k == slot { late } else { walk.early[k] }).unwrap();
            let moved = if finish_read { ef > walk.early[2 * i + 1] } else { es > walk.early[2 * i] };
            if !moved {
                break;
            }
            finish_read = pe.kind & crate::network::FROM_FINISH != 0;
            cur = Some(src);
        }
        prop_assert_eq!(&path, &want);
        // Delaying any of them by a working minute delays the finish: no
        // float.
        // (Unless every activity finishes before the project starts.)
        if last >= Some(walk.finish) {
            for &p in &path {
                prop_assert!(walk.total_float[p] <= 0, "{} on the path with float {}", p, walk.total_float[p]);
            }
        }
    }

    /// With every activity on copies of one calendar (several calendars in
    /// name, elapsed time), the pass reports what the one-calendar pass
    /// reports in working time: finishes and driving paths.
    #[test]
    fn copies_of_one_calendar_give_the_one_calendar_pass(
        specs in prop::collection::vec(arb_spec(), 1..30),
        cal in arb_calendar(),
        minute in 0u32..1440,
        status in prop::option::of(0i64..8_000),
        retained in any::<bool>(),
    ) {
        let one: Vec<Spec> = specs.iter().cloned().map(|mut s| { s.cal = 0; s }).collect();
        let Some(single) = build(&one, std::slice::from_ref(&cal), minute, status, retained) else {
            return Ok(());
        };
        let mut renamed = cal.derive("copy");
        renamed.add_holidays(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(), NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()).unwrap();
        let Some(multi) = build(&specs, &[cal.clone(), renamed.clone(), renamed.clone(), renamed], minute, status, retained) else {
            return Ok(());
        };
        prop_assume!(matches!(multi.time, TimeModel::Multi { .. }));
        let n = single.len();
        let (mut a, mut b) = (SamplingPass::new(&single), SamplingPass::new(&multi));
        let dur: Vec<f64> = single.dur.iter().map(|&d| d as f64).collect();
        let fa = a.run(&dur);
        let fb = b.run(&dur);
        prop_assert_eq!(fa.is_ok(), fb.is_ok());
        if fa.is_ok() {
            prop_assert_eq!(fa.unwrap(), fb.unwrap());
            prop_assert_eq!(a.driving(), b.driving());
        }
        prop_assert_eq!(n, multi.len());
    }
}

/// Two equal predecessors: the first link drives, with one calendar or
/// several (as the one-calendar pass decides it).
#[test]
fn a_tie_is_driven_by_the_first_link() {
    let cal = Calendar::standard("std");
    let spec = |dur, cal, preds: Vec<(usize, u8, i64)>| Spec {
        dur,
        cal,
        constraint: (0, 0),
        deadline: None,
        progress: (9, 0, 0),
        preds,
    };
    let specs = [
        spec(240, 1, vec![]),
        spec(240, 2, vec![]),
        spec(60, 0, vec![(0, 0, 0), (1, 0, 0)]),
    ];
    let copy = cal
        .derive("copy")
        .with_holiday(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap());
    let net = build(&specs, &[cal, copy.clone(), copy], 8 * 60, None, true).unwrap();
    assert!(matches!(net.time, TimeModel::Multi { .. }));
    let mut pass = SamplingPass::new(&net);
    let f = pass.run(&[240.0, 240.0, 60.0]).unwrap();
    assert_eq!(f, 300.0);
    let pos = |i: u32| pass.position(crate::ActivityId::new(i));
    assert_eq!(pass.driving(), [pos(2), pos(0)]);
}
