//! MSPDI value syntax: integers, booleans, decimals, date-times, times of
//! day and ISO 8601 durations, each read from a [`Field`] so a bad value
//! names its element, item and position.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::Error;
use crate::xml::{El, Field};

/// An integer field.
pub(crate) fn int(field: Field<'_>, item: &str) -> Result<i64, Error> {
    field
        .text()
        .parse::<i64>()
        .map_err(|_| field.invalid("an integer", item))
}

/// A boolean field: `0`/`1` or `false`/`true`.
pub(crate) fn boolean(field: Field<'_>, item: &str) -> Result<bool, Error> {
    match field.text() {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(field.invalid("0 or 1", item)),
    }
}

/// A finite decimal number.
pub(crate) fn decimal(field: Field<'_>, item: &str) -> Result<f64, Error> {
    field
        .text()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| field.invalid("a decimal number", item))
}

/// A local date-time `YYYY-MM-DDTHH:MM:SS` (fractional seconds dropped).
pub(crate) fn datetime(field: Field<'_>, item: &str) -> Result<NaiveDateTime, Error> {
    let text = field.text();
    let text = text.split_once('.').map_or(text, |(whole, _)| whole);
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .or_else(|_| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map(|d| d.and_time(NaiveTime::MIN))
        })
        .map_err(|_| field.invalid("a date-time like 2024-03-01T08:00:00", item))
}

/// A time of day `HH:MM:SS` as minutes after midnight (seconds dropped).
pub(crate) fn time_of_day(field: Field<'_>, item: &str) -> Result<u32, Error> {
    NaiveTime::parse_from_str(field.text(), "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(field.text(), "%H:%M"))
        .map(|t| {
            use chrono::Timelike;
            t.hour() * 60 + t.minute()
        })
        .map_err(|_| field.invalid("a time like 08:00:00", item))
}

/// An ISO 8601 duration (`PT8H0M0S`, `-PT30M`, `P2DT4H`) as whole minutes,
/// rounded to the nearest. Days count 24 hours; years and months are
/// refused (their length is not fixed).
pub(crate) fn duration_minutes(field: Field<'_>, item: &str) -> Result<i64, Error> {
    parse_duration(field.text())
        .ok_or_else(|| field.invalid("an ISO 8601 duration like PT8H0M0S", item))
}

fn parse_duration(text: &str) -> Option<i64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let rest = rest.strip_prefix('P')?;
    let (date_part, time_part) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut seconds = 0f64;
    let mut any = false;
    for (part, units) in [
        (date_part, &[('D', 86_400.0), ('W', 604_800.0)][..]),
        (
            time_part.unwrap_or(""),
            &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)][..],
        ),
    ] {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
            } else {
                let &(_, scale) = units.iter().find(|(u, _)| *u == c)?;
                let value: f64 = number.parse().ok()?;
                seconds += value * scale;
                number.clear();
                any = true;
            }
        }
        if !number.is_empty() {
            return None;
        }
    }
    if time_part == Some("") || !any {
        return None;
    }
    let minutes = (seconds / 60.0).round();
    // Beyond ±2^53 minutes the rounding above is no longer exact.
    if !minutes.is_finite() || minutes.abs() > 9.0e15 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    let minutes = minutes as i64;
    Some(if negative { -minutes } else { minutes })
}

/// Reads an optional field with `read`.
pub(crate) fn opt<'d, T>(
    el: El<'d>,
    name: &str,
    item: &str,
    read: impl FnOnce(Field<'d>, &str) -> Result<T, Error>,
) -> Result<Option<T>, Error> {
    el.field(name).map(|f| read(f, item)).transpose()
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn iso_durations() {
        assert_eq!(parse_duration("PT8H0M0S"), Some(480));
        assert_eq!(parse_duration("PT96H0M0S"), Some(5_760));
        assert_eq!(parse_duration("PT0H0M0S"), Some(0));
        assert_eq!(parse_duration("-PT4H30M0S"), Some(-270));
        assert_eq!(parse_duration("P1DT2H"), Some(1_560));
        assert_eq!(parse_duration("PT0.5H"), Some(30));
        assert_eq!(parse_duration("PT29S"), Some(0));
        assert_eq!(parse_duration("PT30S"), Some(1));
        for bad in [
            "", "P", "PT", "8H", "PT8", "PT8X", "P1M", "P1Y", "PTH", "PT1..5H",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }
}
