//! Throughput forecasting for work management: Monte Carlo over a history
//! of items finished per working day.

use chrono::NaiveDate;
use planwright_core::Calendar;

use crate::Error;
use crate::montecarlo::stream::{Stream, splitmix64};
use crate::montecarlo::{MAX_ITERATIONS, Stats};

/// Most working days a forecast may look ahead (about 4,000 years).
pub const MAX_DAYS: u32 = 1_000_000;

/// Consecutive non-working days after which a calendar is taken to have no
/// working days left.
const MAX_GAP: u32 = 3_660;

/// Items finished per working day, oldest first: the sample a forecast
/// draws its days from (with replacement).
///
/// # Example
///
/// ```
/// use planwright_core::{Calendar, chrono::NaiveDate};
/// use planwright_risk::{Forecast, ThroughputHistory};
///
/// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
/// let history = ThroughputHistory::new(vec![0, 2, 1, 3, 0, 1, 2, 2, 1, 0])?;
/// let cal = Calendar::standard("office");
/// let when = history.when(20, d(3, 2), &cal, &Forecast::new().seed(7))?;
/// let likely = when.date(85).unwrap(); // 85 % sure the 20 items are done by then
/// assert!(likely > d(3, 2));
/// let many = history.how_many(d(3, 2), d(3, 13), &cal, &Forecast::new())?;
/// assert!(many.at_least(0.85) <= many.at_least(0.5)); // more confidence, fewer items
/// # Ok::<(), planwright_risk::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "Vec<u32>", into = "Vec<u32>"))]
pub struct ThroughputHistory {
    counts: Vec<u32>,
}

impl TryFrom<Vec<u32>> for ThroughputHistory {
    type Error = Error;

    /// As [`ThroughputHistory::new`].
    fn try_from(counts: Vec<u32>) -> Result<Self, Error> {
        ThroughputHistory::new(counts)
    }
}

impl From<ThroughputHistory> for Vec<u32> {
    fn from(h: ThroughputHistory) -> Self {
        h.counts
    }
}

/// A forecast's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Forecast {
    /// Simulated futures.
    pub iterations: u32,
    /// Seed: the same seed gives the same forecast.
    pub seed: u64,
    /// Working days one simulated future may take at most (up to
    /// [`MAX_DAYS`]); a "when" forecast that needs more is an error rather
    /// than an endless loop.
    pub max_days: u32,
}

impl Default for Forecast {
    fn default() -> Self {
        Forecast::new()
    }
}

impl Forecast {
    /// 10,000 iterations, seed 1, at most 100,000 working days.
    #[must_use]
    pub fn new() -> Self {
        Forecast {
            iterations: 10_000,
            seed: 1,
            max_days: 100_000,
        }
    }

    /// Sets the iterations.
    #[must_use]
    pub fn iterations(mut self, n: u32) -> Self {
        self.iterations = n;
        self
    }

    /// Sets the seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the day limit.
    #[must_use]
    pub fn max_days(mut self, days: u32) -> Self {
        self.max_days = days;
        self
    }
}

/// When a number of items will be done.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct WhenForecast {
    /// The items forecast.
    pub items: u32,
    /// Working days needed, counting the start day.
    pub days: Stats,
    /// `(p, date)`: with probability p % the items are done by the end of
    /// that date, for p = 5, 10, …, 95.
    pub dates: Vec<(u8, NaiveDate)>,
    /// Every iteration's completion date, ascending.
    pub outcomes: Vec<NaiveDate>,
}

impl WhenForecast {
    /// The date for confidence `p` (one of 5, 10, …, 95).
    #[must_use]
    pub fn date(&self, p: u8) -> Option<NaiveDate> {
        self.dates.iter().find(|x| x.0 == p).map(|x| x.1)
    }

    /// The probability that the items are done by the end of `date`.
    #[must_use]
    pub fn probability_by(&self, date: NaiveDate) -> f64 {
        let k = self.outcomes.partition_point(|&d| d <= date);
        k as f64 / self.outcomes.len().max(1) as f64
    }
}

/// How many items will be done in a window of days.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct HowManyForecast {
    /// Working days in the window.
    pub working_days: u32,
    /// Items done: mean, spread and percentiles.
    pub items: Stats,
    /// Every iteration's count, ascending.
    pub outcomes: Vec<u32>,
}

impl HowManyForecast {
    /// The most items done with probability at least `confidence` (in
    /// [0, 1]; e.g. 0.85 for "85 % sure of at least this many").
    #[must_use]
    pub fn at_least(&self, confidence: f64) -> u32 {
        let n = self.outcomes.len();
        if n == 0 {
            return 0;
        }
        // The count c with P(done >= c) >= confidence: the largest value whose
        // share of outcomes at or above it is at least `confidence`.
        let c = confidence.clamp(0.0, 1.0);
        let k = ((1.0 - c) * n as f64).floor() as usize;
        self.outcomes[k.min(n - 1)]
    }

    /// The probability that at least `n` items are done.
    #[must_use]
    pub fn probability_of(&self, n: u32) -> f64 {
        let below = self.outcomes.partition_point(|&c| c < n);
        1.0 - below as f64 / self.outcomes.len().max(1) as f64
    }
}

fn bad(item: &str, reason: String) -> Error {
    Error::InvalidForecast {
        item: item.to_owned(),
        reason,
    }
}

/// The first working day on or after `d`.
fn working_from(calendar: &Calendar, d: NaiveDate) -> Result<NaiveDate, Error> {
    let mut day = d;
    for _ in 0..MAX_GAP {
        if calendar.is_working_day(day) {
            return Ok(day);
        }
        day = day.succ_opt().ok_or_else(|| {
            bad(
                "calendar",
                "no working day before chrono's last date".into(),
            )
        })?;
    }
    Err(bad(
        "calendar",
        format!(
            "`{}` has no working day in the {MAX_GAP} days from {d}",
            calendar.name()
        ),
    ))
}

impl ThroughputHistory {
    /// A history from items finished per working day, oldest first.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForecast`] for no days or no item finished at all
    /// (nothing would ever be done).
    pub fn new(counts: Vec<u32>) -> Result<Self, Error> {
        if counts.is_empty() {
            return Err(bad("throughput history", "it has no days".into()));
        }
        if counts.iter().all(|&c| c == 0) {
            return Err(bad(
                "throughput history",
                format!("no item was finished in its {} days", counts.len()),
            ));
        }
        Ok(ThroughputHistory { counts })
    }

    /// A history from dated counts (such as
    /// `FlowMetrics::throughput_daily` of `planwright-core`) over the days
    /// `from..=to`: one sample per working day of `calendar`; a day absent
    /// from `daily` finished nothing. Items finished on a non-working day
    /// count for the working day before it (for the first working day of
    /// the window when there is none before); counts outside the window are
    /// ignored.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForecast`] when `to` is before `from`, the window
    /// is longer than [`MAX_DAYS`] days, has no working day or no item was
    /// finished in it.
    ///
    /// # Complexity
    ///
    /// O(days in the window + counts), the window at most [`MAX_DAYS`] days.
    pub fn from_daily(
        daily: &[(NaiveDate, u32)],
        from: NaiveDate,
        to: NaiveDate,
        calendar: &Calendar,
    ) -> Result<Self, Error> {
        if to < from {
            return Err(bad(
                "throughput window",
                format!("it ends ({to}) before it starts ({from})"),
            ));
        }
        let mut days: Vec<NaiveDate> = Vec::new();
        let mut d = from;
        while d <= to {
            if calendar.is_working_day(d) {
                days.push(d);
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        if days.is_empty() {
            return Err(bad(
                "throughput window",
                format!("{from}..={to} has no working day in `{}`", calendar.name()),
            ));
        }
        let mut counts = vec![0u32; days.len()];
        for &(date, c) in daily {
            if date < from || date > to {
                continue;
            }
            let k = days.partition_point(|&w| w <= date).max(1) - 1;
            counts[k] = counts[k].saturating_add(c);
        }
        ThroughputHistory::new(counts)
    }

    /// Items finished per working day, oldest first.
    #[must_use]
    pub fn counts(&self) -> &[u32] {
        &self.counts
    }

    /// Mean items per working day.
    #[must_use]
    pub fn mean(&self) -> f64 {
        self.counts.iter().map(|&c| f64::from(c)).sum::<f64>() / self.counts.len() as f64
    }

    fn check(f: &Forecast) -> Result<Stream, Error> {
        if f.iterations == 0 || f.iterations > MAX_ITERATIONS {
            return Err(bad(
                "forecast",
                format!(
                    "{} iterations: it needs 1 to {MAX_ITERATIONS}",
                    f.iterations
                ),
            ));
        }
        if f.max_days > MAX_DAYS {
            return Err(bad(
                "forecast",
                format!("max_days {} exceeds {MAX_DAYS} working days", f.max_days),
            ));
        }
        let mut st = f.seed;
        Ok(Stream::new(splitmix64(&mut st)))
    }

    /// When `items` more items will be done, working from `start` (counted
    /// if it is a working day) on the working days of `calendar`: each
    /// iteration draws days from the history until the items are done.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForecast`] for zero items or iterations, a calendar
    /// without working days, or an iteration that needs more than
    /// `max_days` working days (a history of mostly idle days and a large
    /// backlog).
    ///
    /// # Complexity
    ///
    /// O(iterations × working days needed), at most iterations × `max_days`.
    ///
    /// # Example
    ///
    /// ```
    /// use planwright_core::Calendar;
    /// use planwright_core::chrono::NaiveDate;
    /// use planwright_risk::{Forecast, ThroughputHistory};
    ///
    /// // Two items every working day, every time: 10 items take 5 working days.
    /// let history = ThroughputHistory::new(vec![2; 20])?;
    /// let monday = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    /// let w = history.when(10, monday, &Calendar::standard("std"), &Forecast::new())?;
    /// assert_eq!(w.date(85), NaiveDate::from_ymd_opt(2026, 3, 6)); // Friday
    /// # Ok::<(), planwright_risk::Error>(())
    /// ```
    pub fn when(
        &self,
        items: u32,
        start: NaiveDate,
        calendar: &Calendar,
        f: &Forecast,
    ) -> Result<WhenForecast, Error> {
        if items == 0 {
            return Err(bad("forecast", "there are no items to forecast".into()));
        }
        let mut rng = Self::check(f)?;
        let n = self.counts.len();
        let mut needed: Vec<u32> = Vec::with_capacity(f.iterations as usize);
        for _ in 0..f.iterations {
            let (mut done, mut days) = (0u64, 0u32);
            while done < u64::from(items) {
                if days >= f.max_days {
                    return Err(bad(
                        "forecast",
                        format!(
                            "{items} items need more than {} working days at this throughput (mean {:.3} a day); raise `max_days`",
                            f.max_days,
                            self.mean()
                        ),
                    ));
                }
                done += u64::from(self.counts[rng.below(n)]);
                days += 1;
            }
            needed.push(days);
        }
        needed.sort_unstable();
        // The date of each working day up to the longest iteration.
        let longest = needed.last().copied().unwrap_or(0) as usize;
        let mut dates = Vec::with_capacity(longest);
        let mut d = working_from(calendar, start)?;
        dates.push(d);
        while dates.len() < longest {
            let next = d
                .succ_opt()
                .ok_or_else(|| bad("forecast", "it runs past chrono's last date".into()))?;
            d = working_from(calendar, next)?;
            dates.push(d);
        }
        let as_f64: Vec<f64> = needed.iter().map(|&x| f64::from(x)).collect();
        let days = Stats::of(&as_f64);
        let date_of = |k: f64| dates[(k as usize).clamp(1, longest) - 1];
        Ok(WhenForecast {
            items,
            dates: days
                .percentiles
                .iter()
                .map(|&(p, k)| (p, date_of(k)))
                .collect(),
            days,
            outcomes: needed.iter().map(|&k| date_of(f64::from(k))).collect(),
        })
    }

    /// How many items will be done on the working days of `start..=end`
    /// in `calendar`: each iteration adds one drawn day per working day.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForecast`] for zero iterations or more than
    /// [`MAX_ITERATIONS`](crate::MAX_ITERATIONS), `end` before `start`, or a
    /// window longer than the forecast's `max_days` (itself at most
    /// [`MAX_DAYS`]).
    ///
    /// # Complexity
    ///
    /// O(window days + iterations × working days in the window).
    ///
    /// # Example
    ///
    /// ```
    /// use planwright_core::Calendar;
    /// use planwright_core::chrono::NaiveDate;
    /// use planwright_risk::{Forecast, ThroughputHistory};
    ///
    /// let history = ThroughputHistory::new(vec![1, 3, 1, 3])?;
    /// let d = |day: u32| NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
    /// // Two working weeks: 10 days of 1 or 3 items, so 10 to 30 items.
    /// let h = history.how_many(d(2), d(13), &Calendar::standard("std"), &Forecast::new())?;
    /// assert!(h.at_least(0.99) >= 10 && h.at_least(0.5) <= 30);
    /// # Ok::<(), planwright_risk::Error>(())
    /// ```
    pub fn how_many(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        calendar: &Calendar,
        f: &Forecast,
    ) -> Result<HowManyForecast, Error> {
        if end < start {
            return Err(bad(
                "forecast",
                format!("the window ends ({end}) before it starts ({start})"),
            ));
        }
        let mut rng = Self::check(f)?;
        let span = (end - start).num_days().saturating_add(1);
        if span > i64::from(f.max_days.min(MAX_DAYS)) {
            return Err(bad(
                "forecast",
                format!(
                    "the window spans {span} days, more than the limit of {} (`max_days`)",
                    f.max_days.min(MAX_DAYS)
                ),
            ));
        }
        let mut working_days = 0u32;
        let mut d = start;
        while d <= end {
            working_days += u32::from(calendar.is_working_day(d));
            match d.succ_opt() {
                Some(x) => d = x,
                None => break,
            }
        }
        let n = self.counts.len();
        let mut outcomes: Vec<u32> = (0..f.iterations)
            .map(|_| {
                (0..working_days).fold(0u32, |acc, _| acc.saturating_add(self.counts[rng.below(n)]))
            })
            .collect();
        outcomes.sort_unstable();
        let as_f64: Vec<f64> = outcomes.iter().map(|&x| f64::from(x)).collect();
        Ok(HowManyForecast {
            working_days,
            items: Stats::of(&as_f64),
            outcomes,
        })
    }
}
