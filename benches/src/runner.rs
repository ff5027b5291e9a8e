//! The runner's pure parts, tested here: instance order, shards, merging
//! shard CSVs, CSV and JSON text.

/// The order instances run and are written in: names compared piece by
/// piece, runs of digits as numbers (`PSP2` before `PSP10`, `Set 2/x`
/// before `Set 10/x`), then as text.
#[must_use]
pub fn natural_key(name: &str) -> Vec<(u8, u128, String)> {
    let mut key = Vec::new();
    let mut rest = name;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            let (d, r) = rest.split_at(digits);
            // A run too long for u128 compares as text after the numbers.
            match d.parse::<u128>() {
                Ok(v) => key.push((0, v, d.to_owned())),
                Err(_) => key.push((1, 0, d.to_owned())),
            }
            rest = r;
        } else {
            let text = rest.len() - rest.trim_start_matches(|c: char| !c.is_ascii_digit()).len();
            let (t, r) = rest.split_at(text);
            key.push((1, 0, t.to_owned()));
            rest = r;
        }
    }
    key
}

/// Sorts names in [`natural_key`] order.
pub fn sort_natural(names: &mut [String]) {
    names.sort_by_cached_key(|n| natural_key(n));
}

/// A deterministic slice of a set: shard `k` of `n` (1-based) runs the
/// instances at positions `k − 1, k − 1 + n, …` of the natural order, so
/// the shards together run every instance once, each with the seed it has
/// in an unsharded run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// This shard, 1 ..= n.
    pub k: usize,
    /// Shards in all.
    pub n: usize,
}

impl Shard {
    /// Parses `K/N`.
    ///
    /// # Errors
    ///
    /// A message naming the value unless `1 ≤ K ≤ N`.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("--shard: expected K/N with 1 <= K <= N, got {text:?}");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let (k, n): (usize, usize) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if k == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }

    /// `true` for the position of an instance in natural order that this
    /// shard runs.
    #[must_use]
    pub fn takes(&self, position: usize) -> bool {
        position % self.n == self.k - 1
    }
}

/// A CSV field: quoted when it holds a comma, a quote or a line break.
#[must_use]
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The instance name of a CSV row (its first field, unquoted).
fn row_instance(row: &str) -> String {
    if let Some(rest) = row.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    out.push('"');
                    chars.next();
                } else {
                    break;
                }
            } else {
                out.push(c);
            }
        }
        out
    } else {
        row.split(',').next().unwrap_or("").to_owned()
    }
}

/// Merges shard CSVs into the CSV an unsharded run writes: one header
/// (every shard's must be the same), the rows in natural order of their
/// instance.
///
/// # Errors
///
/// A message for no input, different headers, or an instance in two
/// shards.
pub fn merge_csv(parts: &[(String, String)]) -> Result<String, String> {
    let mut header: Option<&str> = None;
    let mut rows: Vec<(String, &str)> = Vec::new();
    for (file, text) in parts {
        let mut lines = text.lines();
        let h = lines.next().ok_or(format!("{file}: empty"))?;
        match header {
            None => header = Some(h),
            Some(first) if first != h => {
                return Err(format!("{file}: header {h:?} differs from {first:?}"));
            }
            Some(_) => {}
        }
        rows.extend(
            lines
                .filter(|l| !l.is_empty())
                .map(|l| (row_instance(l), l)),
        );
    }
    let header = header.ok_or("no shard CSVs to merge")?;
    rows.sort_by_cached_key(|(name, _)| natural_key(name));
    if let Some(w) = rows.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(format!("{} appears in two shards", w[0].0));
    }
    let mut out = String::with_capacity(rows.iter().map(|r| r.1.len() + 1).sum::<usize>() + 64);
    out.push_str(header);
    out.push('\n');
    for (_, row) in rows {
        out.push_str(row);
        out.push('\n');
    }
    Ok(out)
}

/// A JSON string literal.
#[must_use]
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON number, `null` for a value JSON cannot hold (NaN, infinity).
#[must_use]
pub fn json_number(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        "null".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_reads_numbers_as_numbers() {
        let mut v: Vec<String> = [
            "PSP10.SCH",
            "PSP2.SCH",
            "Set 10/a.rcp",
            "Set 2/b.rcp",
            "j301_10.sm",
            "j301_2.sm",
            "j3010_1.sm",
        ]
        .map(String::from)
        .to_vec();
        sort_natural(&mut v);
        assert_eq!(
            v,
            [
                "PSP2.SCH",
                "PSP10.SCH",
                "Set 2/b.rcp",
                "Set 10/a.rcp",
                "j301_2.sm",
                "j301_10.sm",
                "j3010_1.sm"
            ]
        );
    }

    #[test]
    fn shards_cover_every_instance_once() {
        for n in 1..6 {
            for pos in 0..40 {
                let owners = (1..=n).filter(|&k| Shard { k, n }.takes(pos)).count();
                assert_eq!(owners, 1);
            }
        }
        assert_eq!(Shard::parse("2/3"), Ok(Shard { k: 2, n: 3 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn merged_shards_are_the_unsharded_csv() {
        let names = ["b10", "b2", "a,1", "b1"];
        let mut sorted: Vec<String> = names.map(String::from).to_vec();
        sort_natural(&mut sorted);
        let row = |n: &str| format!("{},7,0 1 2", csv_field(n));
        let whole = format!(
            "instance,makespan,starts\n{}",
            sorted.iter().map(|n| row(n) + "\n").collect::<String>()
        );
        let shard = |k| {
            let s = Shard { k, n: 2 };
            let rows: String = sorted
                .iter()
                .enumerate()
                .filter(|(i, _)| s.takes(*i))
                .map(|(_, n)| row(n) + "\n")
                .collect();
            (
                format!("shard{k}"),
                format!("instance,makespan,starts\n{rows}"),
            )
        };
        assert_eq!(merge_csv(&[shard(2), shard(1)]).unwrap(), whole);
        let twice = merge_csv(&[shard(1), shard(1)]).unwrap_err();
        assert!(twice.contains("two shards"), "{twice}");
        let other = ("x".to_owned(), "instance,makespan\n".to_owned());
        assert!(
            merge_csv(&[shard(1), other])
                .unwrap_err()
                .contains("header")
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(csv_field("Set 1/a.rcp"), "Set 1/a.rcp");
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
        assert_eq!(row_instance("\"a,\"\"b\"\"\",3,"), "a,\"b\"");
        assert_eq!(json_string("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\u0001\"");
        assert_eq!(json_number(f64::NAN), "null");
        assert_eq!(json_number(1.5), "1.5");
    }
}
