//! Axes: time (calendar time, with day, week or month ticks and
//! locale-free labels) and linear (round ticks).

use chrono::{Datelike, Duration as Span, NaiveDate, NaiveDateTime, NaiveTime};

/// How a time axis is divided.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeScale {
    /// Chosen from the space a day gets.
    #[default]
    Auto,
    /// Days (labelled `04`), under months.
    Day,
    /// ISO weeks (labelled `W10`), under months.
    Week,
    /// Months (labelled `2024-03`), under years.
    Month,
}

/// Elapsed calendar time mapped onto `x0..x1`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TimeAxis {
    pub(crate) from: NaiveDateTime,
    pub(crate) to: NaiveDateTime,
    pub(crate) x0: f64,
    pub(crate) x1: f64,
}

impl TimeAxis {
    pub(crate) fn x(&self, t: NaiveDateTime) -> f64 {
        let span = (self.to - self.from).num_seconds().max(1) as f64;
        self.x0 + (t - self.from).num_seconds() as f64 / span * (self.x1 - self.x0)
    }

    /// Pixels per day.
    pub(crate) fn day_width(&self) -> f64 {
        let days = (self.to - self.from).num_seconds().max(1) as f64 / 86_400.0;
        (self.x1 - self.x0) / days
    }

    /// The scale actually used for `scale`.
    pub(crate) fn resolve(&self, scale: TimeScale) -> TimeScale {
        match scale {
            TimeScale::Auto => {
                let d = self.day_width();
                if d >= 16.0 {
                    TimeScale::Day
                } else if d * 7.0 >= 24.0 {
                    TimeScale::Week
                } else {
                    TimeScale::Month
                }
            }
            s => s,
        }
    }

    /// Tick instants of a unit inside the axis, with labels; the unit that
    /// contains the start comes first (at the start or before it: draw
    /// it clamped to the axis).
    pub(crate) fn ticks(&self, unit: Unit) -> Vec<(NaiveDateTime, String)> {
        let mut out = Vec::new();
        let mut d = match unit {
            Unit::Day => self.from.date(),
            Unit::Week => {
                let date = self.from.date();
                date - Span::days(i64::from(date.weekday().num_days_from_monday()))
            }
            Unit::Month => first_of_month(self.from.date()),
            Unit::Year => {
                NaiveDate::from_ymd_opt(self.from.year(), 1, 1).unwrap_or(self.from.date())
            }
        };
        // A bounded walk: at most one tick per day of the axis, and never
        // more than 20,000.
        for _ in 0..20_000 {
            let t = d.and_time(NaiveTime::MIN);
            if t > self.to {
                break;
            }
            let next_unit_start = match unit {
                Unit::Day => d.succ_opt(),
                Unit::Week => d.checked_add_signed(Span::days(7)),
                Unit::Month => next_month(d),
                Unit::Year => NaiveDate::from_ymd_opt(d.year() + 1, 1, 1),
            }
            .map(|n| n.and_time(NaiveTime::MIN));
            if t >= self.from || next_unit_start.is_some_and(|n| n > self.from) {
                let label = match unit {
                    Unit::Day => format!("{:02}", d.day()),
                    Unit::Week => format!("W{:02}", d.iso_week().week()),
                    Unit::Month => format!("{}-{:02}", d.year(), d.month()),
                    Unit::Year => d.year().to_string(),
                };
                out.push((t, label));
            }
            let next = match unit {
                Unit::Day => d.succ_opt(),
                Unit::Week => d.checked_add_signed(Span::days(7)),
                Unit::Month => next_month(d),
                Unit::Year => NaiveDate::from_ymd_opt(d.year() + 1, 1, 1),
            };
            match next {
                Some(n) => d = n,
                None => break,
            }
        }
        out
    }
}

/// A unit of time ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month(d: NaiveDate) -> Option<NaiveDate> {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// Values mapped onto `y0` (at `min`) .. `y1` (at `max`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Linear {
    pub(crate) min: f64,
    pub(crate) max: f64,
    pub(crate) y0: f64,
    pub(crate) y1: f64,
}

impl Linear {
    /// An axis from 0 (or `min`) to a round value at or above `max`.
    pub(crate) fn nice(min: f64, max: f64, y0: f64, y1: f64) -> Self {
        let max = if max.is_finite() && max > min {
            max
        } else {
            min + 1.0
        };
        let step = nice_step((max - min) / 5.0);
        Linear {
            min,
            max: min + ((max - min) / step).ceil() * step,
            y0,
            y1,
        }
    }

    pub(crate) fn y(&self, v: f64) -> f64 {
        let span = (self.max - self.min).max(f64::MIN_POSITIVE);
        self.y0 + (v - self.min) / span * (self.y1 - self.y0)
    }

    /// About five round ticks.
    pub(crate) fn ticks(&self) -> Vec<f64> {
        let step = nice_step((self.max - self.min) / 5.0);
        let mut out = Vec::new();
        let mut v = (self.min / step).ceil() * step;
        while v <= self.max + step * 1e-9 && out.len() < 50 {
            out.push(v);
            v += step;
        }
        out
    }
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
pub(crate) fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    let f = raw / p;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * p
}

/// A tick value without needless decimals.
pub(crate) fn label(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round())
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps_and_ticks() {
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(1.5), 2.0);
        let a = Linear::nice(0.0, 83.0, 100.0, 0.0);
        assert_eq!(a.max, 100.0);
        assert_eq!(a.ticks(), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(a.y(50.0), 50.0);
        assert_eq!(label(2.0), "2");
        assert_eq!(label(0.25), "0.25");
    }

    #[test]
    fn time_ticks() {
        let t = |d: u32| {
            NaiveDate::from_ymd_opt(2024, 3, d)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
        };
        let axis = TimeAxis {
            from: t(4),
            to: t(18),
            x0: 0.0,
            x1: 140.0,
        };
        assert_eq!(axis.x(t(11)), 70.0);
        assert_eq!(axis.day_width(), 10.0);
        assert_eq!(axis.resolve(TimeScale::Auto), TimeScale::Week);
        let weeks = axis.ticks(Unit::Week);
        assert_eq!(
            weeks.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(),
            ["W10", "W11", "W12"]
        );
        assert_eq!(axis.ticks(Unit::Day).len(), 15);
        // The month that holds the start, though it begins before it.
        assert_eq!(axis.ticks(Unit::Month), [(t(1), "2024-03".to_owned())]);
    }
}
