//! JSON value syntax: objects whose fields are taken by name (unknown
//! ones refused), durations, units, money, dates and working intervals,
//! each read with its JSON path for errors.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use planwright_core::{DaySchedule, Duration, Money, Units, WorkingTime};
use serde_json::{Map, Value};

use crate::Error;

pub(super) fn err(path: &str, message: impl Into<String>) -> Error {
    Error::Json {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// A JSON object being read: its fields, each taken once, and the rest
/// refused as unknown.
pub(super) struct Obj<'v> {
    path: String,
    map: &'v Map<String, Value>,
    allowed: &'static [&'static str],
}

impl<'v> Obj<'v> {
    pub(super) fn new(
        value: &'v Value,
        path: &str,
        allowed: &'static [&'static str],
    ) -> Result<Self, Error> {
        let map = value
            .as_object()
            .ok_or_else(|| err(path, format!("expected an object, found {}", kind(value))))?;
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                return Err(err(
                    &format!("{path}.{key}"),
                    format!("unknown field (expected one of: {})", allowed.join(", ")),
                ));
            }
        }
        Ok(Obj {
            path: path.to_owned(),
            map,
            allowed,
        })
    }

    pub(super) fn at(&self, key: &str) -> String {
        debug_assert!(self.allowed.contains(&key));
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub(super) fn str(&self, key: &str) -> Result<Option<&'v str>, Error> {
        self.get(key)
            .map(|v| {
                v.as_str().ok_or_else(|| {
                    err(
                        &self.at(key),
                        format!("expected a string, found {}", kind(v)),
                    )
                })
            })
            .transpose()
    }

    pub(super) fn req_str(&self, key: &str) -> Result<&'v str, Error> {
        self.str(key)?
            .ok_or_else(|| err(&self.at(key), "missing (required)"))
    }

    pub(super) fn bool(&self, key: &str) -> Result<bool, Error> {
        self.get(key)
            .map(|v| {
                v.as_bool().ok_or_else(|| {
                    err(
                        &self.at(key),
                        format!("expected true or false, found {}", kind(v)),
                    )
                })
            })
            .transpose()
            .map(|b| b.unwrap_or(false))
    }

    pub(super) fn uint(&self, key: &str, max: u64) -> Result<Option<u64>, Error> {
        self.get(key)
            .map(|v| {
                v.as_u64().filter(|&n| n <= max).ok_or_else(|| {
                    err(
                        &self.at(key),
                        format!("expected a whole number from 0 to {max}, found {v}"),
                    )
                })
            })
            .transpose()
    }

    pub(super) fn money(&self, key: &str) -> Result<Option<Money>, Error> {
        self.get(key).map(|v| money(v, &self.at(key))).transpose()
    }

    pub(super) fn duration(&self, key: &str) -> Result<Option<Duration>, Error> {
        self.get(key)
            .map(|v| duration(v, &self.at(key)))
            .transpose()
    }

    pub(super) fn date(&self, key: &str) -> Result<Option<NaiveDateTime>, Error> {
        self.get(key).map(|v| date(v, &self.at(key))).transpose()
    }

    pub(super) fn array(&self, key: &str) -> Result<&'v [Value], Error> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(v) => Err(err(
                &self.at(key),
                format!("expected a list, found {}", kind(v)),
            )),
        }
    }
}

pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `"3d"`, `"1d 4h"`, `"1.5h"`, `"-2d"`, `"0"` as working minutes.
pub(super) fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (negative, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r.trim_start()),
        None => (false, s),
    };
    if rest == "0" {
        return Some(Duration::ZERO);
    }
    let mut minutes = 0f64;
    let mut number = String::new();
    let mut any = false;
    for c in rest.chars() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
        } else if c.is_whitespace() {
            if !number.is_empty() {
                return None;
            }
        } else {
            let scale = match c {
                'w' => 5.0 * 480.0,
                'd' => 480.0,
                'h' => 60.0,
                'm' => 1.0,
                _ => return None,
            };
            let n: f64 = number.parse().ok()?;
            minutes += n * scale;
            number.clear();
            any = true;
        }
    }
    if !number.is_empty() || !any {
        return None;
    }
    let minutes = minutes.round();
    if !minutes.is_finite() || minutes > 9.0e15 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    let m = minutes as i64;
    Some(Duration::minutes(if negative { -m } else { m }))
}

pub(super) fn duration(v: &Value, path: &str) -> Result<Duration, Error> {
    match v {
        Value::String(s) => parse_duration(s).ok_or_else(|| {
            err(path, format!("{s:?} is not a duration: write a number and a unit w, d, h or m, like \"3d\" or \"1d 4h\""))
        }),
        _ => Err(err(path, format!("expected a duration like \"3d\", found {}", kind(v)))),
    }
}

pub(super) fn money(v: &Value, path: &str) -> Result<Money, Error> {
    let n = v
        .as_f64()
        .filter(|n| n.is_finite() && n.abs() < 9.0e13)
        .ok_or_else(|| err(path, format!("expected an amount like 1250.50, found {v}")))?;
    #[allow(clippy::cast_possible_truncation)]
    Ok(Money::minor((n * 100.0).round() as i64))
}

pub(super) fn units(v: &Value, path: &str) -> Result<Units, Error> {
    let percent = match v {
        Value::String(s) => s
            .trim()
            .strip_suffix('%')
            .and_then(|n| n.trim().parse::<f64>().ok()),
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
    .filter(|p| p.is_finite() && *p > 0.0 && *p <= 1.0e6)
    .ok_or_else(|| err(path, format!("expected units like \"50%\", found {v}")))?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(Units::basis((percent * 100.0).round() as u32))
}

pub(super) fn date(v: &Value, path: &str) -> Result<NaiveDateTime, Error> {
    let s = v.as_str().ok_or_else(|| {
        err(
            path,
            format!(
                "expected a date like \"2024-03-04T08:00\", found {}",
                kind(v)
            ),
        )
    })?;
    parse_date(s).ok_or_else(|| {
        err(
            path,
            format!("{s:?} is not a date like \"2024-03-04T08:00\""),
        )
    })
}

pub(super) fn parse_date(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_time(NaiveTime::MIN)))
        .ok()
}

pub(super) fn day_of(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// `["08:00-12:00", "13:00-17:00"]` as a day.
pub(super) fn day_schedule(v: &Value, path: &str) -> Result<DaySchedule, Error> {
    let list = v.as_array().ok_or_else(|| {
        err(
            path,
            format!(
                "expected a list of intervals like [\"08:00-12:00\"], found {}",
                kind(v)
            ),
        )
    })?;
    let mut intervals = Vec::with_capacity(list.len());
    for (i, iv) in list.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let s = iv
            .as_str()
            .ok_or_else(|| err(&at, "expected an interval like \"08:00-12:00\""))?;
        let parse = |t: &str| {
            let (h, m) = t.trim().split_once(':')?;
            let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
            (m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
        };
        let (a, b) = s
            .split_once('-')
            .and_then(|(a, b)| Some((parse(a)?, parse(b)?)))
            .ok_or_else(|| {
                err(
                    &at,
                    format!("{s:?} is not an interval like \"08:00-12:00\""),
                )
            })?;
        intervals.push(WorkingTime::new(a, b));
    }
    Ok(DaySchedule::new(intervals))
}
