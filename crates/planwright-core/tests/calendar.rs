use chrono::{Duration as Elapsed, NaiveDateTime, Weekday};
use planwright_core::{Calendar, DaySchedule, Duration, Error, WorkingTime};
use proptest::prelude::*;

use crate::{date, dt};

#[test]
fn hand_checked_standard_week_with_holiday_and_half_day() {
    let cal = Calendar::standard("office")
        .with_holiday(date(2026, 12, 25))
        .with_exception(
            date(2026, 12, 24),
            DaySchedule::new([WorkingTime::hours(8, 12)]),
        )
        .unwrap();
    let origin = dt(2026, 12, 21, 8, 0); // Monday
    // Mon, Tue, Wed full (24h), Thu half (4h), Fri holiday, next Mon.
    assert_eq!(
        cal.finish_at(origin, Duration::hours(28)).unwrap(),
        dt(2026, 12, 24, 12, 0)
    );
    assert_eq!(
        cal.start_at(origin, Duration::hours(28)).unwrap(),
        dt(2026, 12, 28, 8, 0)
    );
    assert_eq!(
        cal.finish_at(origin, Duration::hours(29)).unwrap(),
        dt(2026, 12, 28, 9, 0)
    );
    assert_eq!(
        cal.work_between(origin, dt(2027, 1, 4, 8, 0)),
        Duration::hours(28 + 40)
    );
    // Negative offsets run backwards over the weekend before the origin.
    assert_eq!(
        cal.start_at(origin, Duration::hours(-1)).unwrap(),
        dt(2026, 12, 18, 16, 0)
    );
    // A finish never precedes its origin: offset 0 is the origin (Monday
    // 08:00), not the end of the previous Friday.
    assert_eq!(cal.finish_at(origin, Duration::ZERO).unwrap(), origin);
    assert_eq!(
        cal.finish_at(origin, Duration::hours(-1)).unwrap(),
        dt(2026, 12, 18, 16, 0)
    );
    assert_eq!(cal.start_at(origin, Duration::ZERO).unwrap(), origin);
}

#[test]
fn derived_resource_calendar_keeps_base_and_adds_vacation() {
    let base = Calendar::standard("office").with_holiday(date(2026, 12, 25));
    let mut ana = base.derive("ana");
    ana.add_holidays(date(2026, 12, 28), date(2026, 12, 31))
        .unwrap();
    let part_time = ana
        .clone()
        .with_weekday(Weekday::Fri, DaySchedule::non_working())
        .unwrap();
    assert_eq!(ana.name(), "ana");
    assert!(!ana.is_working_day(date(2026, 12, 25)));
    assert!(!ana.is_working_day(date(2026, 12, 29)));
    assert!(base.is_working_day(date(2026, 12, 29)));
    assert_eq!(part_time.week_minutes(), Duration::days(4));
}

/// Counts working minutes one minute at a time: the oracle.
fn naive_work(cal: &Calendar, a: NaiveDateTime, b: NaiveDateTime) -> i64 {
    let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
    let mut t = lo;
    let mut n = 0;
    while t < hi {
        if cal.is_working_instant(t) {
            n += 1;
        }
        t += Elapsed::minutes(1);
    }
    sign * n
}

fn day_schedule() -> impl Strategy<Value = DaySchedule> {
    // Up to three intervals cut from sorted boundaries in 15-minute steps.
    prop::collection::btree_set(0u32..=96, 0..=6).prop_map(|bounds| {
        let b: Vec<u32> = bounds.into_iter().map(|x| x * 15).collect();
        DaySchedule::new(b.chunks_exact(2).map(|w| WorkingTime::new(w[0], w[1])))
    })
}

prop_compose! {
    fn calendar()(
        week in prop::array::uniform7(day_schedule()),
        holidays in prop::collection::vec(0i64..120, 0..8),
        exceptions in prop::collection::vec((0i64..120, day_schedule()), 0..4),
    ) -> Option<Calendar> {
        let mut cal = Calendar::new("random", week).ok()?;
        for h in holidays {
            cal.add_holiday(date(2026, 11, 1) + Elapsed::days(h));
        }
        for (d, s) in exceptions {
            cal.set_exception(date(2026, 11, 1) + Elapsed::days(d), s).ok()?;
        }
        Some(cal)
    }
}

fn instant() -> impl Strategy<Value = NaiveDateTime> {
    (0i64..60 * 24 * 100).prop_map(|m| dt(2026, 11, 5, 0, 0) + Elapsed::minutes(m))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn offset_to_date_to_offset_is_identity(cal in calendar(), origin in instant(), off in -200_000i64..200_000) {
        let Some(cal) = cal else { return Ok(()) };
        let off = Duration::minutes(off);
        let f = cal.finish_at(origin, off).unwrap();
        let s = cal.start_at(origin, off).unwrap();
        prop_assert_eq!(cal.offset_of(origin, f).unwrap(), off);
        prop_assert_eq!(cal.offset_of(origin, s).unwrap(), off);
        prop_assert!(f <= s);
        // The start is working time (unless the offset lands exactly at a
        // stretch end with nothing after, impossible on a valid calendar).
        prop_assert!(cal.is_working_instant(s));
    }

    #[test]
    fn work_between_matches_minute_counting(cal in calendar(), a in instant(), span in -3_000i64..20_000) {
        let Some(cal) = cal else { return Ok(()) };
        let b = a + Elapsed::minutes(span);
        prop_assert_eq!(cal.work_between(a, b).as_minutes(), naive_work(&cal, a, b));
    }

    #[test]
    fn adding_work_is_monotone(cal in calendar(), origin in instant(), x in 0i64..100_000, y in 0i64..100_000) {
        let Some(cal) = cal else { return Ok(()) };
        let (lo, hi) = (x.min(y), x.max(y));
        prop_assert!(cal.add_work(origin, Duration::minutes(lo)).unwrap() <= cal.add_work(origin, Duration::minutes(hi)).unwrap());
        prop_assert!(cal.finish_at(origin, Duration::minutes(-hi)).unwrap() <= cal.finish_at(origin, Duration::minutes(-lo)).unwrap());
    }

    #[test]
    fn work_is_additive(cal in calendar(), a in instant(), b in instant(), c in instant()) {
        let Some(cal) = cal else { return Ok(()) };
        prop_assert_eq!(cal.work_between(a, b) + cal.work_between(b, c), cal.work_between(a, c));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_round_trip(cal in calendar()) {
        let Some(cal) = cal else { return Ok(()) };
        let json = serde_json::to_string(&cal).unwrap();
        let back: Calendar = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, cal);
    }

    #[test]
    fn huge_offsets_error_instead_of_panicking(off in any::<i64>(), origin in instant()) {
        let cal = Calendar::standard("c");
        match cal.finish_at(origin, Duration::minutes(off)) {
            Ok(t) => prop_assert_eq!(cal.offset_of(origin, t).unwrap().as_minutes(), off),
            Err(e) => {
                let ok = matches!(e, Error::DateOutOfRange { .. });
                prop_assert!(ok, "{}", e);
            }
        }
    }
}

#[cfg(feature = "serde")]
#[test]
fn serde_rejects_an_invalid_calendar() {
    let json = r#"{"name":"bad","week":[[],[],[],[],[],[],[]],"exceptions":{}}"#;
    let err = serde_json::from_str::<Calendar>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no working time"), "{err}");
    let json = r#"{"name":"bad","week":[[{"start":600,"end":500}],[],[],[],[],[],[]]}"#;
    assert!(serde_json::from_str::<Calendar>(json).is_err());
}
