//! The ProGen/max single-mode `.sch` format.

use super::{MAX_ACTIVITIES, MaxInstance, TimeLag};
use crate::Error;
use crate::rcpsp::formats::ParseError;

fn perr(line: usize, expected: impl Into<String>, found: &str) -> ParseError {
    ParseError {
        line,
        expected: expected.into(),
        found: found.chars().take(60).collect(),
    }
}

/// Reads a ProGen/max single-mode `.sch` file: `n R 0 0`, then per
/// activity `j 1 k s_1 .. s_k [l_1] .. [l_k]` (activities `0 ..= n + 1`,
/// the dummy source and sink included; `S_{s_i} ≥ S_j + l_i`), then per
/// activity `j 1 d r_1 .. r_R`, then the `R` capacities. Blank lines and
/// CRLF line ends are accepted.
///
/// # Errors
///
/// A [`ParseError`] with the 1-based line number, what was expected and
/// what was found; [`Error::Parse`] wraps it, other [`Error`]s come from
/// [`MaxInstance::new`].
pub fn parse_sch(text: &str, name: &str) -> Result<MaxInstance, Error> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty());
    let end = text.lines().count() + 1;
    let mut next = |what: &str| lines.next().ok_or_else(|| perr(end, what.to_owned(), ""));
    let nums = |line: usize, s: &str, what: &str| -> Result<Vec<i64>, ParseError> {
        s.split_whitespace()
            .map(|w| {
                let w = w.trim_start_matches('[').trim_end_matches(']');
                w.parse::<i64>()
                    .map_err(|_| perr(line, format!("{what}: whole numbers"), s))
            })
            .collect()
    };
    let (hl, head) = next("the header `n R 0 0`")?;
    let h = nums(hl, head, "the header `n R 0 0`")?;
    if h.len() < 2 || h[0] < 0 || h[1] < 0 {
        return Err(perr(hl, "the header `n R 0 0`", head).into());
    }
    if h.iter().skip(2).any(|&x| x != 0) {
        return Err(perr(hl, "no non-renewable resources (`n R 0 0`)", head).into());
    }
    let (n, k) = (h[0] as usize + 2, h[1] as usize);
    if n > MAX_ACTIVITIES {
        return Err(Error::TooLarge {
            what: "RCPSP/max activities",
            limit: MAX_ACTIVITIES as u64,
        });
    }
    let mut lags = Vec::new();
    for j in 0..n {
        let what = format!("the time-lag line of activity {j}: `{j} 1 k successors [lags]`");
        let (ln, s) = next(&what)?;
        let words: Vec<&str> = s.split_whitespace().collect();
        let v = nums(ln, s, &what)?;
        if v.len() < 3 || v[0] != j as i64 || v[1] != 1 {
            return Err(perr(ln, what, s).into());
        }
        let m = usize::try_from(v[2]).map_err(|_| perr(ln, what.clone(), s))?;
        if v.len() != 3 + 2 * m {
            return Err(perr(ln, format!("{m} successors and {m} bracketed lags"), s).into());
        }
        for q in 0..m {
            let (succ, lag) = (v[3 + q], v[3 + m + q]);
            let w = words[3 + m + q];
            if !(w.starts_with('[') && w.ends_with(']')) {
                return Err(perr(ln, "a time lag in brackets, e.g. [5]", w).into());
            }
            if succ < 0 || succ as usize >= n {
                return Err(perr(ln, format!("a successor in 0..={}", n - 1), s).into());
            }
            let lag = i32::try_from(lag).map_err(|_| perr(ln, "a time lag within ±2^31", s))?;
            lags.push(TimeLag::new(j as u32, succ as u32, lag));
        }
    }
    let mut durations = Vec::with_capacity(n);
    let mut demands = Vec::with_capacity(n);
    for j in 0..n {
        let what = format!("the duration line of activity {j}: `{j} 1 duration` and {k} demands");
        let (ln, s) = next(&what)?;
        let v = nums(ln, s, &what)?;
        if v.len() != 3 + k || v[0] != j as i64 || v[1] != 1 {
            return Err(perr(ln, what, s).into());
        }
        let tou32 = |x: i64| u32::try_from(x).map_err(|_| perr(ln, "values ≥ 0", s));
        durations.push(tou32(v[2])?);
        demands.push(
            v[3..]
                .iter()
                .map(|&x| tou32(x))
                .collect::<Result<Vec<_>, _>>()?,
        );
    }
    let (cl, cs) = next(&format!("{k} resource capacities"))?;
    let caps = nums(cl, cs, "resource capacities")?;
    if caps.len() != k {
        return Err(perr(cl, format!("{k} resource capacities"), cs).into());
    }
    let capacities = caps
        .iter()
        .map(|&x| u32::try_from(x).map_err(|_| perr(cl, "capacities ≥ 0", cs)))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some((ln, s)) = lines.next() {
        return Err(perr(ln, "the end of the file", s).into());
    }
    MaxInstance::new(name, durations, capacities, demands, lags)
}

/// Writes an instance as a ProGen/max single-mode `.sch` file (tabs,
/// `\n`), the lags grouped by the activity they count from (the format's
/// order): [`parse_sch`] reads a file it read before back equal, and an
/// instance built in code back with its lags in that order.
///
/// # Errors
///
/// [`Error::Unsupported`] for fewer than two activities (the format
/// counts the dummy source and sink).
pub fn write_sch(inst: &MaxInstance) -> Result<String, Error> {
    use core::fmt::Write as _;
    let n = inst.len();
    if n < 2 {
        return Err(Error::Unsupported {
            what: inst.name.clone(),
            reason: "a .sch file has at least the dummy source and sink",
        });
    }
    let k = inst.capacities.len();
    let mut out = String::new();
    let _ = writeln!(out, "{}\t{k}\t0\t0", n - 2);
    let mut by_from: Vec<Vec<TimeLag>> = vec![Vec::new(); n];
    for l in &inst.lags {
        by_from[l.from as usize].push(*l);
    }
    for (j, ls) in by_from.iter().enumerate() {
        let _ = write!(out, "{j}\t1\t{}", ls.len());
        for l in ls {
            let _ = write!(out, "\t{}", l.to);
        }
        for l in ls {
            let _ = write!(out, "\t[{}]", l.lag);
        }
        out.push('\n');
    }
    for j in 0..n {
        let _ = write!(out, "{j}\t1\t{}", inst.durations[j]);
        for q in inst.demands_of(j) {
            let _ = write!(out, "\t{q}");
        }
        out.push('\n');
    }
    let caps: Vec<String> = inst.capacities.iter().map(u32::to_string).collect();
    let _ = writeln!(out, "{}", caps.join("\t"));
    Ok(out)
}
