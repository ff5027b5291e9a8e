//! MSPDI calendars: base and derived calendars, weekdays, exceptions (the
//! pre-2007 `DayType 0` form and the 2007+ `Exceptions`, including
//! recurring ones) and alternate work weeks, resolved into self-contained
//! [`Calendar`]s.
//!
//! Precedence, lowest first: the weekly pattern (a derived calendar's own
//! weekday, else its base's), the base's exceptions and work weeks, the
//! calendar's own work weeks, its own exceptions.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use planwright_core::{Calendar, CalendarId, DaySchedule, Project, WorkingTime};

use super::values::{boolean, datetime, int, opt, time_of_day};
use crate::xml::El;
use crate::{Error, Warning};

/// The most exception days one calendar may expand to (recurring
/// exceptions and work weeks are stored day by day).
pub const MAX_EXCEPTION_DAYS: usize = 100_000;

/// The longest range a recurring exception or work week may span, in days
/// (about 270 years; MS Project's dates end in 2149).
const MAX_RANGE_DAYS: i64 = 100_000;

/// A calendar with its base applied: name, week (Sunday first), dated days.
type Resolved = (String, [DaySchedule; 7], BTreeMap<NaiveDate, DaySchedule>);

/// One `<Calendar>` as read, before resolving its base.
struct Raw<'d> {
    uid: i64,
    name: String,
    base: Option<i64>,
    week: [Option<DaySchedule>; 7],
    /// Work weeks then exceptions, in order of application.
    days: BTreeMap<NaiveDate, DaySchedule>,
    el: El<'d>,
}

fn item(uid: i64, name: &str) -> String {
    format!("calendar UID {uid} {name:?}")
}

/// Reads every calendar into `project`, returning the ids by UID.
pub(crate) fn read_calendars(
    root: El<'_>,
    project: &mut Project,
    warnings: &mut Vec<Warning>,
) -> Result<HashMap<i64, CalendarId>, Error> {
    let mut raws: Vec<Raw<'_>> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    for el in root
        .child("Calendars")
        .into_iter()
        .flat_map(|c| c.children("Calendar"))
    {
        let raw = read_one(el, warnings)?;
        if index.insert(raw.uid, raws.len()).is_some() {
            let (line, column) = el.line_column();
            return Err(Error::DuplicateUid {
                kind: "calendar",
                uid: raw.uid,
                line,
                column,
            });
        }
        raws.push(raw);
    }
    // Resolve bases in dependency order (a base chain must end).
    let mut resolved: Vec<Option<Resolved>> = (0..raws.len()).map(|_| None).collect();
    for start in 0..raws.len() {
        let mut chain = vec![start];
        while let Some(&last) = chain.last() {
            if resolved[last].is_some() {
                chain.pop();
                continue;
            }
            let raw = &raws[last];
            let base = match raw.base {
                None => None,
                Some(uid) => match index.get(&uid) {
                    Some(&b) => Some(b),
                    None => {
                        let (line, column) = raw.el.line_column();
                        return Err(Error::UnknownUid {
                            kind: "calendar",
                            uid,
                            referrer: format!("the base of {}", item(raw.uid, &raw.name)),
                            line,
                            column,
                        });
                    }
                },
            };
            match base {
                Some(b) if resolved[b].is_none() => {
                    if chain.contains(&b) {
                        return Err(Error::Cycle {
                            items: chain
                                .iter()
                                .chain([&b])
                                .map(|&i| item(raws[i].uid, &raws[i].name))
                                .collect(),
                        });
                    }
                    chain.push(b);
                }
                _ => {
                    let (base_week, base_days) = match base {
                        Some(b) => {
                            let (_, w, d) = resolved[b].as_ref().expect("resolved above");
                            (Some(w.clone()), d.clone())
                        }
                        None => (None, BTreeMap::new()),
                    };
                    let week: [DaySchedule; 7] = core::array::from_fn(|i| {
                        raw.week[i]
                            .clone()
                            .or_else(|| base_week.as_ref().map(|w| w[i].clone()))
                            .unwrap_or_else(|| {
                                if i < 5 {
                                    DaySchedule::standard()
                                } else {
                                    DaySchedule::non_working()
                                }
                            })
                    });
                    if raw.base.is_none() && raw.week.iter().any(Option::is_none) {
                        warnings.push(Warning::approximated(
                            item(raw.uid, &raw.name),
                            "a base calendar without every weekday: missing weekdays use the standard week (Mon-Fri 08:00-12:00, 13:00-17:00)",
                        ));
                    }
                    let mut days = base_days;
                    days.extend(raw.days.iter().map(|(d, s)| (*d, s.clone())));
                    if days.len() > MAX_EXCEPTION_DAYS {
                        return Err(Error::TooLarge {
                            item: item(raw.uid, &raw.name),
                            limit: MAX_EXCEPTION_DAYS,
                        });
                    }
                    resolved[last] = Some((raw.name.clone(), week, days));
                    chain.pop();
                }
            }
        }
    }
    let mut ids = HashMap::new();
    let mut standard_used = false;
    for (raw, done) in raws.iter().zip(resolved) {
        let (name, week, days) = done.expect("every calendar resolved");
        let item = item(raw.uid, &raw.name);
        let to_project = |source| Error::Project {
            item: item.clone(),
            source,
        };
        let mut name = if name.trim().is_empty() {
            format!("calendar {}", raw.uid)
        } else {
            name.trim().to_owned()
        };
        let reuse_standard = name == "Standard" && !standard_used;
        if !reuse_standard && project.calendar_id(&name).is_some() {
            name = format!("{name} (UID {})", raw.uid);
        }
        let mut calendar = match Calendar::new(name.clone(), rotate_to_monday(week)) {
            Ok(c) => c,
            Err(planwright_core::Error::NoWorkingTime { .. }) => {
                warnings.push(Warning::approximated(
                    item.clone(),
                    "a week without working time: imported as the standard week with every day of the file's week as an exception",
                ));
                Calendar::standard(name.clone())
            }
            Err(e) => return Err(to_project(e)),
        };
        for (date, schedule) in days {
            calendar.set_exception(date, schedule).map_err(to_project)?;
        }
        let id = if reuse_standard {
            standard_used = true;
            let id = project
                .calendar_id("Standard")
                .expect("a new project has it");
            *project.calendar_mut(id).expect("just looked up") = calendar;
            id
        } else {
            project.add_calendar(calendar).map_err(to_project)?
        };
        ids.insert(raw.uid, id);
    }
    Ok(ids)
}

/// MSPDI weekdays run Sunday first; the model's week runs Monday first.
fn rotate_to_monday(week: [DaySchedule; 7]) -> [DaySchedule; 7] {
    let mut week = week;
    week.rotate_left(1);
    week
}

fn read_one<'d>(el: El<'d>, warnings: &mut Vec<Warning>) -> Result<Raw<'d>, Error> {
    let uid = match el.field("UID") {
        Some(f) => int(f, "a calendar")?,
        None => {
            let (line, column) = el.line_column();
            return Err(Error::Missing {
                element: "UID",
                item: "a calendar".into(),
                line,
                column,
            });
        }
    };
    let name = el
        .field("Name")
        .map_or(String::new(), |f| f.text().to_owned());
    let this = item(uid, &name);
    let is_base = opt(el, "IsBaseCalendar", &this, boolean)?.unwrap_or(true);
    let base = opt(el, "BaseCalendarUID", &this, int)?.filter(|&b| !is_base && b >= 0 && b != uid);
    let mut raw = Raw {
        uid,
        name,
        base,
        week: Default::default(),
        days: BTreeMap::new(),
        el,
    };
    let mut exceptions = BTreeMap::new();
    for day in el
        .child("WeekDays")
        .into_iter()
        .flat_map(|w| w.children("WeekDay"))
    {
        let day_type = match day.field("DayType") {
            Some(f) => int(f, &this)?,
            None => continue,
        };
        let schedule = day_schedule(day, &this, warnings)?;
        match day_type {
            1..=7 => {
                #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
                let i = (day_type - 1) as usize;
                raw.week[i] = Some(schedule);
            }
            0 => {
                let (from, to) = period(day, &this)?;
                for date in range(from, to, &this)? {
                    exceptions.insert(date, schedule.clone());
                }
            }
            _ => {
                return Err(day
                    .field("DayType")
                    .expect("read above")
                    .invalid("0 (exception) or 1 (Sunday) to 7 (Saturday)", &this));
            }
        }
    }
    // Work weeks: each day of the period takes the work week's day for its
    // weekday, when the work week defines it.
    for week in el
        .child("WorkWeeks")
        .into_iter()
        .flat_map(|w| w.children("WorkWeek"))
    {
        let (from, to) = period(week, &this)?;
        let mut pattern: [Option<DaySchedule>; 7] = Default::default();
        let days = week
            .child("WeekDays")
            .into_iter()
            .flat_map(|w| w.children("WeekDay"))
            .chain(week.children("WeekDay"));
        for day in days {
            if let Some(f) = day.field("DayType") {
                let t = int(f, &this)?;
                if !(1..=7).contains(&t) {
                    return Err(f.invalid("1 (Sunday) to 7 (Saturday)", &this));
                }
                #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
                let i = (t - 1) as usize;
                pattern[i] = Some(day_schedule(day, &this, warnings)?);
            }
        }
        for date in range(from, to, &this)? {
            let i = date.weekday().num_days_from_sunday() as usize;
            if let Some(s) = &pattern[i] {
                raw.days.insert(date, s.clone());
            }
        }
    }
    for exception in el
        .child("Exceptions")
        .into_iter()
        .flat_map(|e| e.children("Exception"))
    {
        let schedule = day_schedule(exception, &this, warnings)?;
        for date in occurrences(exception, &this)? {
            exceptions.insert(date, schedule.clone());
        }
    }
    raw.days.extend(exceptions);
    if raw.days.len() > MAX_EXCEPTION_DAYS {
        return Err(Error::TooLarge {
            item: this,
            limit: MAX_EXCEPTION_DAYS,
        });
    }
    Ok(raw)
}

/// `DayWorking` plus `WorkingTimes` of a weekday, exception or work week day.
fn day_schedule(el: El<'_>, item: &str, warnings: &mut Vec<Warning>) -> Result<DaySchedule, Error> {
    let working = opt(el, "DayWorking", item, boolean)?.unwrap_or(true);
    if !working {
        return Ok(DaySchedule::non_working());
    }
    let mut intervals = Vec::new();
    for wt in el
        .child("WorkingTimes")
        .into_iter()
        .flat_map(|w| w.children("WorkingTime"))
    {
        let (Some(from), Some(to)) = (wt.field("FromTime"), wt.field("ToTime")) else {
            continue;
        };
        let start = time_of_day(from, item)?;
        let mut end = time_of_day(to, item)?;
        // 00:00 as an end is midnight at the end of the day.
        if end == 0 {
            end = 24 * 60;
        }
        if end <= start {
            return Err(to.invalid("a time after FromTime (or 00:00:00 for midnight)", item));
        }
        intervals.push(WorkingTime::new(start, end));
    }
    if intervals.is_empty() {
        warnings.push(Warning::approximated(
            item,
            "a working day without working times: 08:00-12:00 and 13:00-17:00 assumed",
        ));
        return Ok(DaySchedule::standard());
    }
    intervals.sort_unstable();
    Ok(DaySchedule::new(intervals))
}

/// The `TimePeriod` of an element as dates (inclusive).
fn period(el: El<'_>, item: &str) -> Result<(NaiveDate, Option<NaiveDate>), Error> {
    let missing = |element| super::missing(el, element, item);
    let tp = el
        .child("TimePeriod")
        .ok_or_else(|| missing("TimePeriod"))?;
    let from = tp.field("FromDate").ok_or_else(|| missing("FromDate"))?;
    let from = datetime(from, item)?.date();
    let to = opt(tp, "ToDate", item, datetime)?.map(|t| t.date());
    Ok((from, to))
}

/// Every date from `from` to `to` (inclusive), bounded.
fn range(
    from: NaiveDate,
    to: Option<NaiveDate>,
    item: &str,
) -> Result<impl Iterator<Item = NaiveDate>, Error> {
    let to = to.unwrap_or(from);
    if (to - from).num_days() > MAX_RANGE_DAYS {
        return Err(Error::TooLarge {
            item: item.to_owned(),
            limit: MAX_EXCEPTION_DAYS,
        });
    }
    Ok(from.iter_days().take_while(move |d| *d <= to))
}

/// The dates of a 2007+ `<Exception>`, recurring or not.
fn occurrences(el: El<'_>, item: &str) -> Result<Vec<NaiveDate>, Error> {
    let (from, to) = period(el, item)?;
    let kind = opt(el, "Type", item, int)?.unwrap_or(1);
    let by_count = opt(el, "EnteredByOccurrences", item, boolean)?.unwrap_or(false);
    let count = opt(el, "Occurrences", item, int)?.filter(|_| by_count);
    let every = opt(el, "Period", item, int)?.unwrap_or(1).max(1);
    let days_of_week = opt(el, "DaysOfWeek", item, int)?.unwrap_or(0);
    let month_item = opt(el, "MonthItem", item, int)?.unwrap_or(0);
    let position = opt(el, "MonthPosition", item, int)?.unwrap_or(0);
    let month = opt(el, "Month", item, int)?.unwrap_or(0);
    let month_day = opt(el, "MonthDay", item, int)?.unwrap_or(1);
    // The last candidate: the period's end, else (by occurrences) the span
    // the count could need at most.
    let last = match (to, count) {
        (Some(to), _) => to,
        (None, Some(_)) => from
            .checked_add_days(Days::new(MAX_RANGE_DAYS as u64))
            .unwrap_or(NaiveDate::MAX),
        (None, None) => from,
    };
    if (last - from).num_days() > MAX_RANGE_DAYS {
        return Err(Error::TooLarge {
            item: item.to_owned(),
            limit: MAX_EXCEPTION_DAYS,
        });
    }
    let months_since = |d: NaiveDate| {
        (i64::from(d.year()) - i64::from(from.year())) * 12 + i64::from(d.month0())
            - i64::from(from.month0())
    };
    let matches = |d: NaiveDate| -> bool {
        let days = (d - from).num_days();
        match kind {
            // Daily / by day count.
            1 | 7 => days % every == 0,
            // Every `every`-th working weekday (Monday to Friday).
            8 => {
                is_weekday(d) && {
                    let n = weekdays_between(from, d);
                    n % every == 0
                }
            }
            // Weekly on the days of the mask, every `every` weeks counted
            // from the week (Sunday first) of the start.
            6 => {
                let bit = 1i64 << d.weekday().num_days_from_sunday();
                let week0 = from - Days::new(u64::from(from.weekday().num_days_from_sunday()));
                let weeks = (d - week0).num_days() / 7;
                days_of_week & bit != 0 && weeks % every == 0
            }
            4 => months_since(d) % every == 0 && d == day_in_month(d, month_day),
            5 => months_since(d) % every == 0 && Some(d) == nth_in_month(d, position, month_item),
            2 => i64::from(d.month0()) == month && d == day_in_month(d, month_day),
            3 => i64::from(d.month0()) == month && Some(d) == nth_in_month(d, position, month_item),
            // 9 (no recurrence) and anything else: every day of the period.
            _ => true,
        }
    };
    let limit = count.map_or(usize::MAX, |c| {
        usize::try_from(c.max(0)).unwrap_or(usize::MAX)
    });
    let dates: Vec<NaiveDate> = from
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| matches(*d))
        .take(limit.min(MAX_EXCEPTION_DAYS + 1))
        .collect();
    if dates.len() > MAX_EXCEPTION_DAYS {
        return Err(Error::TooLarge {
            item: item.to_owned(),
            limit: MAX_EXCEPTION_DAYS,
        });
    }
    Ok(dates)
}

fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Monday-to-Friday days in `[from, to)`.
fn weekdays_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let days = (to - from).num_days();
    let weeks = days / 7;
    let mut n = weeks * 5;
    let mut d = from + Days::new(u64::try_from(weeks * 7).unwrap_or(0));
    while d < to {
        n += i64::from(is_weekday(d));
        d = d.succ_opt().unwrap_or(to);
    }
    n
}

/// The `day`-th of `d`'s month, or its last day when the month is shorter.
fn day_in_month(d: NaiveDate, day: i64) -> NaiveDate {
    let first = d.with_day(1).unwrap_or(d);
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .unwrap_or(d);
    let day = u32::try_from(day.clamp(1, 31)).unwrap_or(1).min(last.day());
    first.with_day(day).unwrap_or(last)
}

/// The `position`-th (0 first … 3 fourth, 4 last) `item` (0 day, 1 weekday,
/// 2 weekend day, 3 Sunday … 9 Saturday) of `d`'s month.
fn nth_in_month(d: NaiveDate, position: i64, item: i64) -> Option<NaiveDate> {
    let first = d.with_day(1)?;
    let candidates: Vec<NaiveDate> = first
        .iter_days()
        .take_while(|x| x.month() == first.month())
        .filter(|x| match item {
            0 => true,
            1 => is_weekday(*x),
            2 => !is_weekday(*x),
            3..=9 => i64::from(x.weekday().num_days_from_sunday()) == item - 3,
            _ => false,
        })
        .collect();
    match position {
        4 => candidates.last().copied(),
        p => usize::try_from(p)
            .ok()
            .and_then(|p| candidates.get(p).copied()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn month_positions() {
        // March 2024: Fridays 1, 8, 15, 22, 29; weekend days 2, 3, ...
        let d = date(2024, 3, 10);
        assert_eq!(nth_in_month(d, 0, 8), Some(date(2024, 3, 1)));
        assert_eq!(nth_in_month(d, 4, 8), Some(date(2024, 3, 29)));
        assert_eq!(nth_in_month(d, 1, 2), Some(date(2024, 3, 3)));
        assert_eq!(nth_in_month(d, 4, 1), Some(date(2024, 3, 29)));
        assert_eq!(nth_in_month(d, 3, 0), Some(date(2024, 3, 4)));
        assert_eq!(day_in_month(date(2024, 2, 5), 31), date(2024, 2, 29));
        assert_eq!(weekdays_between(date(2024, 3, 1), date(2024, 3, 11)), 6);
    }
}
