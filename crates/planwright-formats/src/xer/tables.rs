//! The XER text: `ERMHDR` first, then `%T` table, `%F` fields, `%R`
//! rows, `%E` end; rows keep their line numbers, fields are read by name
//! with errors that say where.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use planwright_core::Duration;

use crate::Error;

/// One table: its fields and rows, each row with its line number.
#[derive(Debug, Default)]
pub(super) struct Table<'s> {
    pub(super) fields: Vec<&'s str>,
    pub(super) rows: Vec<Row<'s>>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Row<'s> {
    pub(super) line: usize,
    pub(super) text: &'s str,
}

pub(super) struct Tables<'s> {
    pub(super) tables: HashMap<&'s str, Table<'s>>,
}

/// A row's field by name, with where it is for errors.
pub(super) struct Rec<'t, 's> {
    pub(super) table: &'t str,
    pub(super) fields: &'t [&'s str],
    pub(super) values: Vec<&'s str>,
    pub(super) row: Row<'s>,
}

impl<'s> Rec<'_, 's> {
    pub(super) fn get(&self, name: &str) -> &'s str {
        self.fields
            .iter()
            .position(|f| *f == name)
            .and_then(|i| self.values.get(i))
            .map_or("", |v| v.trim())
    }

    pub(super) fn invalid(&self, name: &str, item: &str, expected: &'static str) -> Error {
        let value = self.get(name);
        let column = self.fields.iter().position(|f| *f == name).map_or(1, |i| {
            self.values[..i.min(self.values.len())]
                .iter()
                .map(|v| v.chars().count() + 1)
                .sum::<usize>()
                + 4
        });
        Error::InvalidValue {
            element: format!("{}.{name}", self.table),
            item: item.to_owned(),
            value: crate::xml::shorten(value).into_owned(),
            expected,
            line: self.row.line,
            column,
        }
    }

    /// `true` unless the row names another project in `proj_id` (a missing
    /// or unreadable id keeps the row; where it matters, the row's own
    /// reader reports it).
    pub(super) fn in_project(&self, proj_id: i64) -> bool {
        self.int("proj_id", "")
            .ok()
            .flatten()
            .is_none_or(|p| p == proj_id)
    }

    pub(super) fn int(&self, name: &str, item: &str) -> Result<Option<i64>, Error> {
        let v = self.get(name);
        if v.is_empty() {
            return Ok(None);
        }
        v.parse()
            .map(Some)
            .map_err(|_| self.invalid(name, item, "an integer"))
    }

    pub(super) fn decimal(&self, name: &str, item: &str) -> Result<Option<f64>, Error> {
        let v = self.get(name);
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| self.invalid(name, item, "a decimal number"))
    }

    /// Hours as whole minutes.
    pub(super) fn hours(&self, name: &str, item: &str) -> Result<Option<Duration>, Error> {
        Ok(self.decimal(name, item)?.map(|h| {
            #[allow(clippy::cast_possible_truncation)]
            Duration::minutes((h * 60.0).round().clamp(-9.0e15, 9.0e15) as i64)
        }))
    }

    pub(super) fn datetime(&self, name: &str, item: &str) -> Result<Option<NaiveDateTime>, Error> {
        let v = self.get(name);
        if v.is_empty() {
            return Ok(None);
        }
        NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S"))
            .or_else(|_| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d").map(|d| d.and_time(NaiveTime::MIN))
            })
            .map(Some)
            .map_err(|_| self.invalid(name, item, "a date like 2024-03-01 08:00"))
    }
}

impl<'s> Tables<'s> {
    pub(super) fn parse(text: &'s str) -> Result<Self, Error> {
        let mut tables: HashMap<&'s str, Table<'s>> = HashMap::new();
        let mut current: Option<&'s str> = None;
        let mut seen_header = false;
        for (n, line) in text.lines().enumerate() {
            let line_no = n + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() {
                continue;
            }
            let (tag, rest) = line.split_once('\t').unwrap_or((line, ""));
            match tag {
                "ERMHDR" if n == 0 => seen_header = true,
                "%T" => {
                    let name = rest.trim();
                    if tables.contains_key(name) {
                        return Err(Error::Xer {
                            line: line_no,
                            message: format!("table {name} appears twice"),
                        });
                    }
                    tables.insert(name, Table::default());
                    current = Some(name);
                }
                "%F" => {
                    let Some(t) = current.and_then(|c| tables.get_mut(c)) else {
                        return Err(Error::Xer {
                            line: line_no,
                            message: "%F before any %T".into(),
                        });
                    };
                    t.fields = rest.split('\t').map(str::trim).collect();
                }
                "%R" => {
                    let Some(t) = current.and_then(|c| tables.get_mut(c)) else {
                        return Err(Error::Xer {
                            line: line_no,
                            message: "%R before any %T".into(),
                        });
                    };
                    if t.fields.is_empty() {
                        return Err(Error::Xer {
                            line: line_no,
                            message: "%R before the table's %F".into(),
                        });
                    }
                    t.rows.push(Row {
                        line: line_no,
                        text: rest,
                    });
                }
                "%E" => current = None,
                _ => {
                    return Err(Error::Xer {
                        line: line_no,
                        message: if seen_header || n > 0 {
                            format!(
                                "a line starting with {:?}: expected %T, %F, %R or %E",
                                crate::xml::shorten(tag)
                            )
                        } else {
                            "not a P6 XER file: the first line is not ERMHDR".into()
                        },
                    });
                }
            }
        }
        if !seen_header {
            return Err(Error::Xer {
                line: 1,
                message: "not a P6 XER file: the first line is not ERMHDR".into(),
            });
        }
        Ok(Tables { tables })
    }

    pub(super) fn rows<'t>(&'t self, name: &'t str) -> impl Iterator<Item = Rec<'t, 's>> + 't {
        self.tables.get(name).into_iter().flat_map(move |t| {
            t.rows.iter().map(move |&row| Rec {
                table: name,
                fields: &t.fields,
                values: row.text.split('\t').collect(),
                row,
            })
        })
    }
}
