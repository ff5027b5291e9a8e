use chrono::{Datelike, Duration as Elapsed, Weekday};
use planwright_core::{Calendar, End, NonWorkingDay, Nth, Recurrence, ShortMonth};
use proptest::prelude::*;

use crate::date;

fn weekday(i: u8) -> Weekday {
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ][usize::from(i % 7)]
}

fn rule() -> impl Strategy<Value = Recurrence> {
    let start = (0i64..400).prop_map(|d| date(2026, 1, 1) + Elapsed::days(d));
    let nth = prop_oneof![
        Just(Nth::First),
        Just(Nth::Second),
        Just(Nth::Fifth),
        Just(Nth::Last)
    ];
    let freq = prop_oneof![
        (start.clone(), 1u32..10).prop_map(|(s, i)| Recurrence::daily(s, i)),
        (start.clone(), 1u32..4, prop::collection::vec(0u8..7, 1..4)).prop_map(|(s, i, w)| {
            let days: Vec<Weekday> = w.into_iter().map(weekday).collect();
            Recurrence::weekly(s, i, &days)
        }),
        (start.clone(), 1u32..4, 1u8..=31, any::<bool>()).prop_map(|(s, i, d, skip)| {
            Recurrence::monthly_on_day(s, i, d).short_months(if skip {
                ShortMonth::Skip
            } else {
                ShortMonth::LastDay
            })
        }),
        (start, 1u32..4, nth, 0u8..7).prop_map(|(s, i, n, w)| Recurrence::monthly_on_weekday(
            s,
            i,
            n,
            weekday(w)
        )),
    ];
    let end = prop_oneof![
        Just(End::Never),
        (1u32..40).prop_map(End::Count),
        (0i64..600).prop_map(|d| End::Until(date(2026, 1, 1) + Elapsed::days(d)))
    ];
    let policy = prop_oneof![
        Just(NonWorkingDay::Keep),
        Just(NonWorkingDay::Skip),
        Just(NonWorkingDay::Next),
        Just(NonWorkingDay::Previous)
    ];
    (freq, end, policy).prop_map(|(mut r, e, p)| {
        r.end = e;
        r.non_working = p;
        r
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn occurrences_sorted_unique_in_window_and_on_working_days(r in rule(), from in 0i64..500, len in 0i64..200) {
        let cal = Calendar::standard("c").with_holiday(date(2026, 5, 1)).with_holiday(date(2026, 12, 25));
        let from = date(2026, 1, 1) + Elapsed::days(from);
        let to = from + Elapsed::days(len);
        let got = match r.occurrences("r", from, to, Some(&cal)) {
            Ok(v) => v,
            Err(e) => {
                // Only rules that validation refuses may fail here.
                prop_assert!(r.validate("r").is_err(), "{e}");
                return Ok(());
            }
        };
        prop_assert!(got.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(got.iter().all(|d| *d >= from && *d <= to));
        if r.non_working != NonWorkingDay::Keep {
            prop_assert!(got.iter().all(|d| cal.is_working_day(*d)));
        }
        if let End::Count(c) = r.end {
            prop_assert!(got.len() <= c as usize);
        }
        if r.non_working == NonWorkingDay::Keep
            && let planwright_core::Frequency::Weekly { weekdays, .. } = &r.frequency
        {
            prop_assert!(got.iter().all(|d| weekdays.contains(&d.weekday())));
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_round_trip(r in rule()) {
        let back: Recurrence = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        prop_assert_eq!(back, r);
    }
}

#[test]
fn an_empty_window_and_a_reversed_window() {
    let r = Recurrence::daily(date(2026, 1, 1), 1);
    assert_eq!(
        r.occurrences("r", date(2026, 1, 3), date(2026, 1, 3), None)
            .unwrap(),
        [date(2026, 1, 3)]
    );
    assert!(
        r.occurrences("r", date(2026, 1, 3), date(2026, 1, 2), None)
            .is_err()
    );
}
