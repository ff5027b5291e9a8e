//! P6's calendar data (`CALENDAR.clndr_data`): a nested list like
//! `(0||CalendarData()((0||DaysOfWeek()((0||2()((0||0(s|08:00|f|12:00)())))))
//! (0||Exceptions()((0||0(d|43650)())))))`, read into a weekly pattern and
//! dated exceptions.

use chrono::{Days, NaiveDate};
use planwright_core::{DaySchedule, WorkingTime};

/// The deepest nesting accepted (P6 writes 5).
const MAX_DEPTH: usize = 32;

/// One node: `(index||name(params)(children))`.
#[derive(Debug)]
struct Node<'a> {
    name: &'a str,
    params: Vec<(&'a str, &'a str)>,
    children: Vec<Node<'a>>,
}

/// A parsed calendar: the week (Sunday first; `None` where the data has no
/// entry) and the dated exceptions.
#[derive(Debug, Default)]
pub(crate) struct CalendarData {
    pub(crate) week: [Option<DaySchedule>; 7],
    pub(crate) exceptions: Vec<(NaiveDate, DaySchedule)>,
}

struct Parser<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn eat(&mut self, c: u8) -> Result<(), String> {
        self.skip_space();
        if self.s.as_bytes().get(self.at) == Some(&c) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!(
                "expected `{}` at character {}",
                c as char,
                self.at + 1
            ))
        }
    }

    fn skip_space(&mut self) {
        while self
            .s
            .as_bytes()
            .get(self.at)
            .is_some_and(u8::is_ascii_whitespace)
        {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.s.as_bytes().get(self.at).copied()
    }

    /// Text up to (not including) the next `(` or `)`.
    fn text(&mut self) -> &'a str {
        let start = self.at;
        while let Some(&b) = self.s.as_bytes().get(self.at) {
            if b == b'(' || b == b')' {
                break;
            }
            self.at += 1;
        }
        &self.s[start..self.at]
    }

    fn node(&mut self, depth: usize) -> Result<Node<'a>, String> {
        if depth > MAX_DEPTH {
            return Err(format!("nested deeper than {MAX_DEPTH}"));
        }
        self.eat(b'(')?;
        let header = self.text();
        // `index||name`
        let name = header.rsplit("||").next().unwrap_or("").trim();
        self.eat(b'(')?;
        let raw = self.text();
        self.eat(b')')?;
        let parts: Vec<&str> = raw.split('|').collect();
        let params = parts
            .chunks(2)
            .filter(|c| c.len() == 2)
            .map(|c| (c[0].trim(), c[1].trim()))
            .collect();
        self.eat(b'(')?;
        let mut children = Vec::new();
        while self.peek() == Some(b'(') {
            children.push(self.node(depth + 1)?);
        }
        self.eat(b')')?;
        self.eat(b')')?;
        Ok(Node {
            name,
            params,
            children,
        })
    }
}

/// `HH:MM` as minutes after midnight (`00:00` as an end is midnight at the
/// end of the day; `24:00` accepted).
fn minutes(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

/// The working intervals of a day node's children.
fn day(node: &Node<'_>) -> Result<DaySchedule, String> {
    let mut intervals = Vec::new();
    for iv in &node.children {
        let get = |k: &str| iv.params.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
        let (Some(s), Some(f)) = (get("s"), get("f")) else {
            continue;
        };
        let start = minutes(s).ok_or_else(|| format!("bad time {s:?}"))?;
        let mut end = minutes(f).ok_or_else(|| format!("bad time {f:?}"))?;
        if end == 0 {
            end = 24 * 60;
        }
        if end <= start {
            return Err(format!("working time {s}-{f} ends before it starts"));
        }
        intervals.push(WorkingTime::new(start, end));
    }
    intervals.sort_unstable();
    Ok(DaySchedule::new(intervals))
}

/// Parses `clndr_data`. Dates are day serials counted from 1899-12-30.
pub(crate) fn parse(data: &str) -> Result<CalendarData, String> {
    let mut p = Parser { s: data, at: 0 };
    let root = p.node(0)?;
    let mut out = CalendarData::default();
    for section in &root.children {
        match section.name {
            "DaysOfWeek" => {
                for d in &section.children {
                    let n: usize = d
                        .name
                        .parse()
                        .ok()
                        .filter(|n| (1..=7).contains(n))
                        .ok_or_else(|| format!("weekday {:?} is not 1 (Sunday) to 7", d.name))?;
                    out.week[n - 1] = Some(day(d)?);
                }
            }
            "Exceptions" => {
                for e in &section.children {
                    let Some((_, serial)) = e.params.iter().find(|(k, _)| *k == "d") else {
                        continue;
                    };
                    let serial: u64 = serial
                        .parse()
                        .ok()
                        .filter(|&n| n < 200_000)
                        .ok_or_else(|| format!("exception date {serial:?} is not a day number"))?;
                    let date = NaiveDate::from_ymd_opt(1899, 12, 30)
                        .and_then(|d| d.checked_add_days(Days::new(serial)))
                        .ok_or_else(|| format!("exception date {serial} is out of range"))?;
                    out.exceptions.push((date, day(e)?));
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_p6_calendar() {
        let data = "(0||CalendarData()((0||DaysOfWeek()((0||1()())(0||2()((0||0(s|08:00|f|12:00)())\
(0||1(s|13:00|f|17:00)())))(0||7()())))(0||VIEW(ShowTotal|Y)())(0||Exceptions()((0||0(d|43650)())\
(0||1(d|43651)((0||0(s|08:00|f|12:00)())))))))";
        let c = parse(data).unwrap();
        assert_eq!(c.week[0], Some(DaySchedule::non_working()));
        assert_eq!(c.week[1], Some(DaySchedule::standard()));
        assert_eq!(c.week[2], None);
        assert_eq!(
            c.exceptions,
            [
                (
                    NaiveDate::from_ymd_opt(2019, 7, 4).unwrap(),
                    DaySchedule::non_working()
                ),
                (
                    NaiveDate::from_ymd_opt(2019, 7, 5).unwrap(),
                    DaySchedule::new([WorkingTime::hours(8, 12)])
                ),
            ]
        );
        for bad in [
            "",
            "(",
            "(0||CalendarData()(",
            "(0||CalendarData()((0||DaysOfWeek()((0||9()())))))",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let deep = format!("{}{}", "(0||x()(".repeat(40), "))".repeat(40));
        assert!(parse(&deep).is_err());
    }
}
