//! Tables against the calendar walk, operation by operation.

use super::*;
use crate::clock::{CalendarClock, Clock, TableClock};
use chrono::NaiveDate;
use planwright_core::{DaySchedule, WorkingTime};
use proptest::prelude::*;

/// A day's pattern: off, office hours, a night shift across midnight,
/// mornings, round the clock, one odd interval, or three intervals
/// (whose tables answer from the interval list alone).
fn day(kind: u8, a: u32, b: u32) -> DaySchedule {
    match kind % 8 {
        6 => DaySchedule::new([
            WorkingTime::new(0, 120),
            WorkingTime::hours(8, 12),
            WorkingTime::new(780, 780 + a % 600 + 1),
        ]),
        0 => DaySchedule::non_working(),
        1 => DaySchedule::standard(),
        2 => DaySchedule::new([WorkingTime::new(0, 360), WorkingTime::new(1320, 1440)]),
        3 => DaySchedule::new([WorkingTime::hours(8, 12)]),
        4 => DaySchedule::full_day(),
        _ => {
            let (s, e) = (a.min(b) % 1439, a.max(b) % 1439 + 1);
            DaySchedule::new([WorkingTime::new(s, e.max(s + 1))])
        }
    }
}

fn calendar(
    week: &[(u8, u32, u32)],
    holidays: &[(i64, i64)],
    exceptions: &[(i64, u8)],
) -> Calendar {
    let base = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut days: [DaySchedule; 7] = core::array::from_fn(|i| {
        let (k, a, b) = week[i];
        day(k, a, b)
    });
    if days.iter().all(|d| !d.is_working()) {
        days[2] = DaySchedule::standard();
    }
    let mut cal = Calendar::new("c", days).unwrap();
    for &(at, len) in holidays {
        let first = add_days(base, at).unwrap();
        cal.add_holidays(first, add_days(first, len).unwrap())
            .unwrap();
    }
    for &(at, k) in exceptions {
        cal.set_exception(add_days(base, at).unwrap(), day(k, 400, 900))
            .unwrap();
    }
    cal
}

/// Random calendars: weekly patterns (office, night shift across
/// midnight, part-time, round the clock, odd hours), holiday ranges and
/// exception days around 2026-03.
pub(crate) fn arb_calendar() -> impl Strategy<Value = Calendar> {
    (
        prop::collection::vec((0u8..8, 0u32..1440, 0u32..1440), 7),
        prop::collection::vec((-60i64..900, 0i64..12), 0..12),
        prop::collection::vec((-60i64..900, 0u8..6), 0..12),
    )
        .prop_map(|(w, h, e)| calendar(&w, &h, &e))
}

#[test]
fn a_standard_week_by_hand() {
    let origin = NaiveDate::from_ymd_opt(2026, 3, 2) // Monday
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap();
    let cal = Calendar::standard("std").with_holiday(NaiveDate::from_ymd_opt(2026, 3, 4).unwrap());
    let t = WorkTable::new(&cal, origin);
    // Monday 08:00 + 8 h = Monday 17:00; + 9 h skips the night:
    // Tuesday 09:00.
    assert!(!t.day.is_empty(), "two intervals a day: day records");
    // Monday 08:00 + 4 h = Monday 12:00, the end of the morning (not
    // 13:00); the latest instant 4 h in is 13:00.
    assert_eq!(t.advance(0, 240), Ok(240));
    assert_eq!(t.place(240, 60), Ok((300, 360)));
    assert_eq!(t.advance(600, -240), Ok(300));
    assert_eq!(t.advance(0, 480), Ok(540));
    assert_eq!(t.advance(0, 540), Ok(1440 + 60));
    // Tuesday 17:00 + 1 h = Thursday 09:00 (Wednesday is a holiday).
    assert_eq!(t.advance(1440 + 540, 60), Ok(3 * 1440 + 60));
    // Back from Thursday 08:00 by 1 h: Tuesday 16:00.
    assert_eq!(t.advance(3 * 1440, -60), Ok(1440 + 480));
    assert_eq!(t.next_start(540), Ok(1440)); // Monday 17:00 -> Tuesday 08:00
    assert_eq!(t.previous_end(1440), Ok(540)); // Tuesday 08:00 -> Monday 17:00
    assert_eq!(t.event(540), Ok(540));
    assert_eq!(t.event(600), Ok(1440));
    assert_eq!(t.span(0, 3 * 1440 + 60), Ok(16 * 60 + 60));
    // Before the origin's week and beyond the first year: grow.
    assert_eq!(t.work(-30 * 1440), Err(Need::Earlier));
    assert_eq!(t.advance(0, 480 * 300), Err(Need::Later));
    let grown = t.grown(&cal, origin, Need::Later).unwrap();
    assert_eq!(grown.days, 2 * t.days);
}

/// Questions at a table's edges and beyond its reach get the walk's
/// answers: an event at the first midnight after a night shift, a
/// finish 2,000 years out.
#[test]
fn edges_and_the_far_future_match_the_walk() {
    let origin = NaiveDate::from_ymd_opt(2026, 3, 4)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let night = DaySchedule::new([WorkingTime::new(1320, 1440)]);
    let cals = vec![Calendar::new("night", core::array::from_fn(|_| night.clone())).unwrap()];
    let mut tables = WorkTables::new(origin, &cals);
    let first = tables.tables[0].lo;
    let mut exact = CalendarClock {
        origin,
        calendars: &cals,
    };
    let mut table = TableClock::new(&mut tables);
    for t in [first, first + 1, first - 1] {
        assert_eq!(
            table.snap_event(0, t).ok(),
            exact.snap_event(0, t).ok(),
            "{t}"
        );
        assert_eq!(
            table.snap_finish(0, t).ok(),
            exact.snap_finish(0, t).ok(),
            "{t}"
        );
    }
    let far = 120 * 365 * 2_000;
    assert_eq!(table.advance(0, 0, far).ok(), exact.advance(0, 0, far).ok());
    assert_eq!(
        table.advance(0, 0, -far).ok(),
        exact.advance(0, 0, -far).ok()
    );
    assert!(table.tables[0].days <= MAX_DAYS);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every table answer equals the calendar walk's, from a fresh
    /// table that has to grow both ways to answer some of them.
    #[test]
    fn tables_answer_as_the_calendar_walk(
        cals in prop::collection::vec(arb_calendar(), 1..3),
        minute in 0u32..1440,
        asks in prop::collection::vec((0usize..3, -40_000i64..1_500_000, -400_000i64..400_000, any::<bool>()), 1..40),
    ) {
        let origin = NaiveDate::from_ymd_opt(2026, 3, 4)
            .unwrap()
            .and_hms_opt(minute / 60, minute % 60, 0)
            .unwrap();
        let mut tables = WorkTables::new(origin, &cals);
        let mut exact = CalendarClock { origin, calendars: &cals };
        let mut table = TableClock::new(&mut tables);
        for (c, t, w, hourly) in asks {
            let c = (c % cals.len()) as u32;
            // Whole hours of the clock and of work half the time, so
            // questions land on interval ends and day boundaries.
            let om = i64::from(minute);
            let (t, w) = if hourly {
                ((t + om).div_euclid(60) * 60 - om, w / 60 * 60)
            } else {
                (t, w)
            };
            prop_assert_eq!(table.advance(c, t, w).ok(), exact.advance(c, t, w).ok(), "advance {} {}", t, w);
            prop_assert_eq!(table.snap_start(c, t).ok(), exact.snap_start(c, t).ok(), "start {}", t);
            prop_assert_eq!(table.snap_finish(c, t).ok(), exact.snap_finish(c, t).ok(), "finish {}", t);
            prop_assert_eq!(table.snap_event(c, t).ok(), exact.snap_event(c, t).ok(), "event {}", t);
            let b = t + w;
            prop_assert_eq!(table.span(c, t, b).ok(), exact.span(c, t, b).ok(), "span {} {}", t, b);
        }
    }
}

/// Office weeks (one or two intervals, the same every working day) with
/// whole-day holidays and a part-time weekday: the calendars whose tables
/// find a finish's day by multiplication (`per_day_magic`).
fn arb_uniform_calendar() -> impl Strategy<Value = Calendar> {
    (
        0u8..3,
        prop::collection::vec(any::<bool>(), 7),
        prop::collection::vec((-60i64..900, 0i64..12), 0..12),
    )
        .prop_map(|(kind, works, holidays)| {
            let shape = match kind {
                0 => DaySchedule::standard(),
                1 => DaySchedule::new([WorkingTime::hours(8, 12)]),
                _ => DaySchedule::new([WorkingTime::new(0, 360), WorkingTime::new(1320, 1440)]),
            };
            let week: Vec<(u8, u32, u32)> = works
                .iter()
                .map(|&w| (if w { 1 } else { 0 }, 0, 0))
                .collect();
            let mut cal = calendar(&week, &holidays, &[]);
            for (k, &w) in works.iter().enumerate() {
                let day = chrono::Weekday::try_from(k as u8).unwrap();
                if w {
                    cal = cal.with_weekday(day, shape.clone()).unwrap();
                }
            }
            cal
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The lane placements (general and multiplication paths) and
    /// `works_at` give the calendar walk's answers wherever they answer.
    #[test]
    fn lane_placements_answer_as_the_calendar_walk(
        uniform in any::<bool>(),
        odd in arb_calendar(),
        office in arb_uniform_calendar(),
        minute in 0u32..1440,
        lanes in prop::collection::vec((-4_000i64..400_000, 1i64..20_000), 8),
        want_start in any::<bool>(),
    ) {
        let cals = vec![if uniform { office } else { odd }];
        let origin = NaiveDate::from_ymd_opt(2026, 3, 4)
            .unwrap()
            .and_hms_opt(minute / 60, minute % 60, 0)
            .unwrap();
        let tables = WorkTables::new(origin, &cals);
        let table = &tables.tables[0];
        let mut exact = CalendarClock { origin, calendars: &cals };
        // Half the lanes on whole hours of the clock, so dates land on
        // interval ends.
        let om = i64::from(minute);
        let at: [i64; 8] = core::array::from_fn(|l| {
            let t = lanes[l].0;
            if l % 2 == 0 { (t + om).div_euclid(60) * 60 - om } else { t }
        });
        let work: Vec<i64> = lanes.iter().map(|x| x.1).collect();
        let (mut es, mut ef) = ([0i64; 8], [0i64; 8]);
        if table.place_lanes(&at, &work, want_start, &mut es, &mut ef) {
            for l in 0..8 {
                let (s, f) = exact.place(0, at[l], work[l]).unwrap();
                prop_assert_eq!(ef[l], f, "finish of lane {}", l);
                if want_start {
                    prop_assert_eq!(es[l], s, "start of lane {}", l);
                }
            }
        }
        for &t in &at {
            if table.works_at(t) {
                prop_assert_eq!(exact.span(0, t, t + 1).unwrap(), 1, "works at {}", t);
            } else if table.work(t).is_ok() && table.work(t + 1).is_ok() && !table.day.is_empty() {
                prop_assert_eq!(exact.span(0, t, t + 1).unwrap(), 0, "off at {}", t);
            }
        }
    }
}
