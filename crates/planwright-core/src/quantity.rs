//! Domain scalars as integer newtypes: [`Duration`], [`Units`], [`Money`],
//! [`Priority`]. Integers keep results exact, `Eq + Ord + Hash` and
//! reproducible; floats appear only at the edges.

use core::fmt;
use core::ops::{Add, Neg, Sub};

use crate::Error;

/// Minutes in the standard working day used by [`Duration::days`].
pub const MINUTES_PER_DAY: i64 = 8 * 60;
/// Minutes in the standard working week used by [`Duration::weeks`].
pub const MINUTES_PER_WEEK: i64 = 5 * MINUTES_PER_DAY;

/// A span of **working** time, counted in whole minutes.
///
/// Durations, efforts and lags are working time: a 2-day task on a Monday–Friday
/// calendar that starts on Friday morning finishes on Monday evening. The
/// conversion to and from elapsed wall-clock time is the job of a
/// [`Calendar`](crate::Calendar).
///
/// `days` and `weeks` use the standard conventions of 8 working hours a day
/// and 5 working days a week, whatever the calendar's daily hours; use
/// [`Duration::minutes`] for anything else. Lags may be negative (a lead);
/// task durations may not. Magnitudes above [`Duration::LIMIT`] are rejected
/// where they enter a project, so sums over whole projects never overflow.
///
/// The constructors saturate instead of overflowing; a saturated value is
/// then rejected as too large by the container that receives it.
///
/// # Example
///
/// ```
/// use planwright_core::Duration;
///
/// assert_eq!(Duration::days(2).as_minutes(), 960);
/// assert_eq!(Duration::hours(3) + Duration::minutes(30), Duration::minutes(210));
/// assert_eq!(Duration::days(1).to_string(), "1d");
/// assert_eq!((-Duration::hours(12)).to_string(), "-1d 4h");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Duration(i64);

impl Duration {
    /// No time.
    pub const ZERO: Duration = Duration(0);
    /// The largest magnitude a project accepts: 10^12 working minutes (about
    /// four million working years).
    pub const LIMIT: Duration = Duration(1_000_000_000_000);

    /// A duration of `minutes` working minutes.
    #[must_use]
    pub const fn minutes(minutes: i64) -> Self {
        Duration(minutes)
    }

    /// A duration of `hours` working hours (saturating).
    #[must_use]
    pub const fn hours(hours: i64) -> Self {
        Duration(hours.saturating_mul(60))
    }

    /// A duration of `days` standard working days of 8 hours (saturating).
    #[must_use]
    pub const fn days(days: i64) -> Self {
        Duration(days.saturating_mul(MINUTES_PER_DAY))
    }

    /// A duration of `weeks` standard working weeks of 5 days (saturating).
    #[must_use]
    pub const fn weeks(weeks: i64) -> Self {
        Duration(weeks.saturating_mul(MINUTES_PER_WEEK))
    }

    /// The number of working minutes.
    #[must_use]
    pub const fn as_minutes(self) -> i64 {
        self.0
    }

    /// The duration in standard 8-hour working days, as a float for display.
    #[must_use]
    pub fn as_days_f64(self) -> f64 {
        self.0 as f64 / MINUTES_PER_DAY as f64
    }

    /// `true` for a lead (negative lag).
    #[must_use]
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// `true` when the magnitude is within [`Duration::LIMIT`].
    #[must_use]
    pub const fn is_within_limit(self) -> bool {
        self.0.unsigned_abs() <= Self::LIMIT.0.unsigned_abs()
    }

    /// Checked addition; `None` on overflow.
    #[must_use]
    pub const fn checked_add(self, rhs: Duration) -> Option<Duration> {
        match self.0.checked_add(rhs.0) {
            Some(v) => Some(Duration(v)),
            None => None,
        }
    }

    /// Checked subtraction; `None` on overflow.
    #[must_use]
    pub const fn checked_sub(self, rhs: Duration) -> Option<Duration> {
        match self.0.checked_sub(rhs.0) {
            Some(v) => Some(Duration(v)),
            None => None,
        }
    }

    /// Saturating addition.
    #[must_use]
    pub const fn saturating_add(self, rhs: Duration) -> Duration {
        Duration(self.0.saturating_add(rhs.0))
    }

    /// Saturating subtraction.
    #[must_use]
    pub const fn saturating_sub(self, rhs: Duration) -> Duration {
        Duration(self.0.saturating_sub(rhs.0))
    }

    /// Validates a non-negative duration within the limit, naming `item` and
    /// `what` (e.g. "duration") in the error.
    pub(crate) fn check_non_negative(self, item: &str, what: &'static str) -> Result<Self, Error> {
        if self.0 < 0 {
            return Err(Error::NegativeDuration {
                item: item.to_owned(),
                what,
                value: self,
            });
        }
        self.check_limit(item, what)
    }

    /// Validates a (possibly negative) duration within the limit.
    pub(crate) fn check_limit(self, item: &str, what: &'static str) -> Result<Self, Error> {
        if self.is_within_limit() {
            Ok(self)
        } else {
            Err(Error::DurationTooLarge {
                item: item.to_owned(),
                what,
                value: self,
            })
        }
    }
}

impl Add for Duration {
    type Output = Duration;
    /// Saturating addition (durations in a project are bounded by
    /// [`Duration::LIMIT`], far from saturation).
    fn add(self, rhs: Duration) -> Duration {
        self.saturating_add(rhs)
    }
}

impl Sub for Duration {
    type Output = Duration;
    /// Saturating subtraction.
    fn sub(self, rhs: Duration) -> Duration {
        self.saturating_sub(rhs)
    }
}

impl Neg for Duration {
    type Output = Duration;
    fn neg(self) -> Duration {
        Duration(self.0.saturating_neg())
    }
}

impl fmt::Debug for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Duration({}m)", self.0)
    }
}

impl fmt::Display for Duration {
    /// Standard days, hours and minutes: `2d 3h 15m`, `0m`, `-1d`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("0m");
        }
        if self.0 < 0 {
            f.write_str("-")?;
        }
        let total = self.0.unsigned_abs();
        let days = total / MINUTES_PER_DAY as u64;
        let hours = (total % MINUTES_PER_DAY as u64) / 60;
        let minutes = total % 60;
        let mut sep = "";
        for (value, unit) in [(days, "d"), (hours, "h"), (minutes, "m")] {
            if value > 0 {
                write!(f, "{sep}{value}{unit}")?;
                sep = " ";
            }
        }
        Ok(())
    }
}

/// Allocation units of a resource: 10,000 = one full-time unit (100 %).
///
/// A person assigned half-time is `Units::percent(50)`; a team of three has a
/// capacity of `Units::percent(300)`.
///
/// # Example
///
/// ```
/// use planwright_core::Units;
///
/// assert_eq!(Units::percent(50).basis_points(), 5_000);
/// assert_eq!(Units::FULL.to_string(), "100%");
/// assert_eq!(Units::basis(3_333).to_string(), "33.33%");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Units(u32);

impl Units {
    /// No allocation.
    pub const ZERO: Units = Units(0);
    /// One full-time unit: 100 %.
    pub const FULL: Units = Units(10_000);

    /// `percent` per cent (saturating).
    #[must_use]
    pub const fn percent(percent: u32) -> Self {
        Units(percent.saturating_mul(100))
    }

    /// `bp` hundredths of a per cent (basis points of one unit).
    #[must_use]
    pub const fn basis(bp: u32) -> Self {
        Units(bp)
    }

    /// The allocation in hundredths of a per cent.
    #[must_use]
    pub const fn basis_points(self) -> u32 {
        self.0
    }

    /// The allocation as a fraction of one full unit (1.0 = 100 %).
    #[must_use]
    pub fn as_fraction(self) -> f64 {
        f64::from(self.0) / 10_000.0
    }

    /// Checked addition; `None` on overflow.
    #[must_use]
    pub const fn checked_add(self, rhs: Units) -> Option<Units> {
        match self.0.checked_add(rhs.0) {
            Some(v) => Some(Units(v)),
            None => None,
        }
    }
}

impl fmt::Debug for Units {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Units({self})")
    }
}

impl fmt::Display for Units {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 100;
        let frac = self.0 % 100;
        if frac == 0 {
            write!(f, "{whole}%")
        } else {
            write!(f, "{whole}.{frac:02}%")
        }
    }
}

/// An amount of money in minor units (e.g. cents), currency-agnostic.
///
/// # Example
///
/// ```
/// use planwright_core::Money;
///
/// let rate = Money::major(85); // 85.00 per hour
/// assert_eq!(rate.minor_units(), 8_500);
/// assert_eq!(Money::minor(-1_050).to_string(), "-10.50");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Money(i64);

impl Money {
    /// Nothing.
    pub const ZERO: Money = Money(0);

    /// `amount` minor units (cents).
    #[must_use]
    pub const fn minor(amount: i64) -> Self {
        Money(amount)
    }

    /// `amount` major units (saturating): `Money::major(3)` is 3.00.
    #[must_use]
    pub const fn major(amount: i64) -> Self {
        Money(amount.saturating_mul(100))
    }

    /// The amount in minor units.
    #[must_use]
    pub const fn minor_units(self) -> i64 {
        self.0
    }

    /// The amount in major units as a float, for reporting.
    #[must_use]
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Checked addition; `None` on overflow.
    #[must_use]
    pub const fn checked_add(self, rhs: Money) -> Option<Money> {
        match self.0.checked_add(rhs.0) {
            Some(v) => Some(Money(v)),
            None => None,
        }
    }

    /// Checked subtraction; `None` on overflow.
    #[must_use]
    pub const fn checked_sub(self, rhs: Money) -> Option<Money> {
        match self.0.checked_sub(rhs.0) {
            Some(v) => Some(Money(v)),
            None => None,
        }
    }

    /// Saturating addition.
    #[must_use]
    pub const fn saturating_add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }

    /// The cost of `work` at this hourly `rate`, scaled by `units`, rounded to
    /// the nearest minor unit; `None` on overflow.
    #[must_use]
    pub fn for_work(self, work: Duration, units: Units) -> Option<Money> {
        // rate [minor/h] * minutes / 60 * bp / 10_000, in i128 to stay exact.
        let num = i128::from(self.0)
            .checked_mul(i128::from(work.as_minutes()))?
            .checked_mul(i128::from(units.basis_points()))?;
        let den: i128 = 60 * 10_000;
        let rounded = if num >= 0 {
            (num + den / 2) / den
        } else {
            (num - den / 2) / den
        };
        i64::try_from(rounded).ok().map(Money)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({self})")
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// Scheduling and work priority, 0 (lowest) to 1000 (highest); 500 by default.
///
/// This is the convention of professional schedulers: leveling never delays a
/// task of priority 1000, and delays lower priorities first.
///
/// # Example
///
/// ```
/// use planwright_core::Priority;
///
/// assert_eq!(Priority::default().value(), 500);
/// assert!(Priority::new(1001).is_err());
/// # Ok::<(), planwright_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Priority(u16);

impl Priority {
    /// The lowest priority, 0.
    pub const LOWEST: Priority = Priority(0);
    /// The default priority, 500.
    pub const NORMAL: Priority = Priority(500);
    /// The highest priority, 1000: never delayed by leveling.
    pub const HIGHEST: Priority = Priority(1000);

    /// A priority from 0 to 1000.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] above 1000.
    pub fn new(value: u16) -> Result<Self, Error> {
        if value > 1000 {
            return Err(Error::OutOfRange {
                item: String::from("priority"),
                what: "priority",
                value: i64::from(value),
                min: 0,
                max: 1000,
            });
        }
        Ok(Priority(value))
    }

    /// The value, 0 to 1000.
    #[must_use]
    pub const fn value(self) -> u16 {
        self.0
    }
}

impl Default for Priority {
    fn default() -> Self {
        Priority::NORMAL
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Priority {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let v = u16::deserialize(deserializer)?;
        Priority::new(v).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration_display() {
        assert_eq!(Duration::minutes(0).to_string(), "0m");
        assert_eq!(Duration::minutes(61).to_string(), "1h 1m");
        assert_eq!(Duration::days(2).to_string(), "2d");
        assert_eq!(Duration::minutes(-540).to_string(), "-1d 1h");
    }

    #[test]
    fn constructors_saturate() {
        assert_eq!(Duration::days(i64::MAX).as_minutes(), i64::MAX);
        assert!(!Duration::days(i64::MAX).is_within_limit());
        assert!(Duration::LIMIT.is_within_limit());
        assert!((-Duration::LIMIT).is_within_limit());
    }

    #[test]
    fn money_for_work() {
        // 8 hours at 100.00/h at 50 % = 400.00
        let cost = Money::major(100).for_work(Duration::days(1), Units::percent(50));
        assert_eq!(cost, Some(Money::major(400)));
        assert_eq!(
            Money::minor(i64::MAX).for_work(Duration::LIMIT, Units::percent(1000)),
            None
        );
    }

    #[test]
    fn units_display() {
        assert_eq!(Units::percent(250).to_string(), "250%");
        assert_eq!(Units::basis(5).to_string(), "0.05%");
    }
}
