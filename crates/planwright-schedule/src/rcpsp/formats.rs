//! Instance formats: PSPLIB single-mode `.sm` and Patterson `.rcp`, read from
//! `&str` and written to `String`.

use core::fmt;
use core::fmt::Write as _;

use planwright_core::LinkKind;

use super::instance::{Instance, Precedence, ResourceProfile};
use crate::Error;

/// Why instance text could not be read: the line (1-based) and what was
/// expected there.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: expected {expected}, found {found:?}")]
#[non_exhaustive]
pub struct ParseError {
    /// The 1-based line number (the last line + 1 at the end of the text).
    pub line: usize,
    /// What the parser expected.
    pub expected: String,
    /// What it found (shortened).
    pub found: String,
}

fn err(line: usize, expected: impl Into<String>, found: &str) -> ParseError {
    let mut f: String = found.chars().take(60).collect();
    if found.chars().count() > 60 {
        f.push('…');
    }
    ParseError {
        line: line + 1,
        expected: expected.into(),
        found: f,
    }
}

/// Extra information of a PSPLIB `.sm` file besides the instance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SmInfo {
    /// The `horizon` line.
    pub horizon: Option<u32>,
    /// `MPM-Time` of the PROJECT INFORMATION block: the critical path length.
    pub mpm_time: Option<u32>,
    /// `duedate` of the PROJECT INFORMATION block.
    pub due_date: Option<u32>,
}

struct Lines<'a> {
    lines: Vec<&'a str>,
    at: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            lines: text.lines().collect(),
            at: 0,
        }
    }

    fn current(&self) -> &'a str {
        self.lines.get(self.at).copied().unwrap_or("")
    }

    /// Moves to the first line (from the current one) starting with `prefix`
    /// after trimming.
    fn seek(&mut self, prefix: &str) -> Result<(), ParseError> {
        while self.at < self.lines.len() {
            if self.lines[self.at].trim_start().starts_with(prefix) {
                return Ok(());
            }
            self.at += 1;
        }
        Err(err(
            self.at,
            format!("a line starting with {prefix:?}"),
            "end of text",
        ))
    }

    fn next_nonblank(&mut self) -> Result<&'a str, ParseError> {
        while self.at < self.lines.len() {
            let l = self.lines[self.at];
            self.at += 1;
            if !l.trim().is_empty() {
                return Ok(l);
            }
        }
        Err(err(self.at, "more data", "end of text"))
    }
}

fn number<T: core::str::FromStr>(
    line: usize,
    token: Option<&str>,
    what: &str,
) -> Result<T, ParseError> {
    let t = token.ok_or_else(|| err(line, what, "end of line"))?;
    t.parse().map_err(|_| err(line, what, t))
}

/// Parses a PSPLIB single-mode `.sm` file.
///
/// # Errors
///
/// [`ParseError`] with the line number and what was expected; then the
/// instance validation of [`Instance::new`] (as [`Error`]).
///
/// # Complexity
///
/// O(size of the text); memory O(n × k + E) for the instance read.
///
/// # Example
///
/// ```
/// use planwright_schedule::rcpsp::{parse_sm, write_sm};
///
/// let text = "jobs (incl. supersource/sink ):  3\n\
///   - renewable                 :  1   R\n\
/// PRECEDENCE RELATIONS:\njobnr.    #modes  #successors   successors\n\
///    1        1          1           2\n   2        1          1           3\n   3        1          0\n\
/// REQUESTS/DURATIONS:\njobnr. mode duration  R 1\n------------------------\n\
///   1      1     0       0\n  2      1     4       2\n  3      1     0       0\n\
/// RESOURCEAVAILABILITIES:\n  R 1\n    3\n";
/// let inst = parse_sm(text)?;
/// assert_eq!(inst.critical_path_length(), 4);
/// assert_eq!(parse_sm(&write_sm(&inst)?)?, inst);
/// # Ok::<(), planwright_schedule::Error>(())
/// ```
pub fn parse_sm(text: &str) -> Result<Instance, Error> {
    parse_sm_with_info(text).map(|(i, _)| i)
}

/// Parses a PSPLIB `.sm` file and its header information.
///
/// # Errors
///
/// As [`parse_sm`].
///
/// # Complexity
///
/// O(size of the text); memory O(n × k + E) for the instance read.
pub fn parse_sm_with_info(text: &str) -> Result<(Instance, SmInfo), Error> {
    let mut ls = Lines::new(text);
    let mut info = SmInfo::default();
    let mut name = String::new();
    if ls.seek("file with basedata").is_ok() {
        name = ls
            .current()
            .split_once(':')
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default();
    }
    ls.at = 0;
    if ls.seek("horizon").is_ok() {
        let l = ls.current();
        info.horizon = number(ls.at, l.split(':').nth(1).map(str::trim), "the horizon").ok();
    }
    ls.at = 0;
    ls.seek("jobs (incl. supersource/sink")?;
    let line = ls.at;
    let n: usize = number(
        line,
        ls.current().split(':').nth(1).map(str::trim),
        "the number of jobs",
    )?;
    if n == 0 || n > 1 << 20 {
        return Err(err(line, "a job count from 1 to 2^20", ls.current()).into());
    }
    ls.seek("- renewable")?;
    let line = ls.at;
    let k: usize = number(
        line,
        ls.current()
            .split(':')
            .nth(1)
            .and_then(|v| v.split_whitespace().next()),
        "the number of renewable resources",
    )?;
    if k > 1 << 10 {
        return Err(err(line, "at most 1024 resources", ls.current()).into());
    }
    let save = ls.at;
    if ls.seek("PROJECT INFORMATION").is_ok() {
        ls.at += 2; // header line of the block
        let line = ls.at;
        let toks: Vec<&str> = ls.current().split_whitespace().collect();
        if toks.len() >= 6 {
            info.due_date = number(line, toks.get(3).copied(), "the due date").ok();
            info.mpm_time = number(line, toks.get(5).copied(), "the MPM time").ok();
        }
    } else {
        ls.at = save;
    }
    ls.seek("PRECEDENCE RELATIONS")?;
    ls.at += 2; // the section title and the column header
    let mut precedences = Vec::new();
    for expect in 1..=n {
        let l = ls.next_nonblank()?;
        let line = ls.at - 1;
        let mut t = l.split_whitespace();
        let job: usize = number(line, t.next(), "a job number")?;
        if job != expect {
            return Err(err(line, format!("job {expect}"), l).into());
        }
        let modes: usize = number(line, t.next(), "the number of modes")?;
        if modes != 1 {
            return Err(err(
                line,
                "a single mode (multi-mode files are not supported)",
                l,
            )
            .into());
        }
        let count: usize = number(line, t.next(), "the number of successors")?;
        let succ: Vec<&str> = t.collect();
        if succ.len() != count {
            return Err(err(line, format!("{count} successors"), l).into());
        }
        for s in succ {
            let s: usize = number(line, Some(s), "a successor job number")?;
            if s == 0 || s > n {
                return Err(err(line, format!("a successor between 1 and {n}"), l).into());
            }
            precedences.push(Precedence::finish_to_start(job as u32 - 1, s as u32 - 1));
        }
    }
    ls.seek("REQUESTS/DURATIONS")?;
    ls.at += 1;
    ls.seek("---")?;
    ls.at += 1;
    let mut durations = Vec::with_capacity(n);
    let mut demands = Vec::with_capacity(n);
    for expect in 1..=n {
        let l = ls.next_nonblank()?;
        let line = ls.at - 1;
        let mut t = l.split_whitespace();
        let job: usize = number(line, t.next(), "a job number")?;
        if job != expect {
            return Err(err(line, format!("job {expect}"), l).into());
        }
        let _mode: u32 = number(line, t.next(), "the mode")?;
        durations.push(number(line, t.next(), "the duration")?);
        let row: Result<Vec<u32>, _> = (0..k)
            .map(|_| number(line, t.next(), "a resource demand"))
            .collect();
        demands.push(row?);
    }
    ls.seek("RESOURCEAVAILABILITIES")?;
    ls.at += 2;
    let line = ls.at;
    let l = ls.next_nonblank()?;
    let mut t = l.split_whitespace();
    let caps: Result<Vec<u32>, _> = (0..k)
        .map(|_| number(line, t.next(), "a resource capacity"))
        .collect();
    let resources = caps?.into_iter().map(ResourceProfile::constant).collect();
    let inst = Instance::new(name, durations, resources, demands, precedences)?;
    Ok((inst, info))
}

/// Parses a Patterson `.rcp` file (whitespace-separated: jobs and resources,
/// capacities, then per job its duration, demands, successor count and
/// successors).
///
/// # Errors
///
/// [`ParseError`] with the line number and what was expected; then the
/// instance validation of [`Instance::new`].
///
/// # Complexity
///
/// O(size of the text); memory O(n × k + E) for the instance read.
///
/// # Example
///
/// ```
/// use planwright_schedule::rcpsp::{parse_rcp, write_rcp};
///
/// // Patterson format: activities and resources, capacities, then per
/// // activity: duration, demands, number of successors, successors.
/// let text = "3 1\n2\n0 0 1 2\n4 1 1 3\n0 0 0\n";
/// let inst = parse_rcp(text)?;
/// assert_eq!(inst.durations(), &[0, 4, 0]);
/// assert_eq!(parse_rcp(&write_rcp(&inst)?)?, inst);
/// # Ok::<(), planwright_schedule::Error>(())
/// ```
pub fn parse_rcp(text: &str) -> Result<Instance, Error> {
    let mut tokens = text
        .lines()
        .enumerate()
        .flat_map(|(i, l)| l.split_whitespace().map(move |t| (i, t)));
    let last_line = text.lines().count();
    // Each number with its line, so every error, semantic ones included,
    // points at the line that holds the offending number.
    let mut next = |what: &str| -> Result<(u64, usize), ParseError> {
        match tokens.next() {
            Some((line, t)) => t.parse().map(|v| (v, line)).map_err(|_| err(line, what, t)),
            None => Err(err(last_line, what, "end of text")),
        }
    };
    let (n, line_n) = next("the number of jobs")?;
    let (k, line_k) = next("the number of resources")?;
    if n == 0 || n > 1 << 20 {
        return Err(err(line_n, "1 to 2^20 jobs", &n.to_string()).into());
    }
    if k > 1 << 10 {
        return Err(err(line_k, "at most 1024 resources", &k.to_string()).into());
    }
    let (n, k) = (n as usize, k as usize);
    let to_u32 = |(v, line): (u64, usize), what: &str| {
        u32::try_from(v).map_err(|_| err(line, what, &v.to_string()))
    };
    let mut resources = Vec::with_capacity(k);
    for _ in 0..k {
        resources.push(ResourceProfile::constant(to_u32(
            next("a resource capacity")?,
            "a capacity below 2^32",
        )?));
    }
    let mut durations = Vec::with_capacity(n);
    let mut demands = Vec::with_capacity(n);
    let mut precedences = Vec::new();
    for j in 0..n {
        durations.push(to_u32(next("a duration")?, "a duration below 2^32")?);
        let mut row = Vec::with_capacity(k);
        for _ in 0..k {
            row.push(to_u32(next("a resource demand")?, "a demand below 2^32")?);
        }
        demands.push(row);
        let (count, line) = next("the number of successors")?;
        if count > n as u64 {
            return Err(err(line, format!("at most {n} successors"), &count.to_string()).into());
        }
        for _ in 0..count {
            let (s, line) = next("a successor job number")?;
            if s == 0 || s > n as u64 {
                return Err(err(
                    line,
                    format!("a successor between 1 and {n}"),
                    &s.to_string(),
                )
                .into());
            }
            precedences.push(Precedence::finish_to_start(j as u32, s as u32 - 1));
        }
    }
    Instance::new("", durations, resources, demands, precedences)
}

fn classic_successors(instance: &Instance) -> Result<Vec<Vec<u32>>, Error> {
    let mut succ = vec![Vec::new(); instance.len()];
    for p in instance.precedences() {
        if p.kind != LinkKind::FinishToStart || p.lag != 0 {
            return Err(Error::Unsupported {
                what: format!("link {} {} {}", p.from + 1, p.kind, p.to + 1),
                reason: "PSPLIB and Patterson files hold only finish-to-start links without lag",
            });
        }
        succ[p.from as usize].push(p.to + 1);
    }
    if let Some(r) = instance.resources().iter().position(|r| !r.is_constant()) {
        return Err(Error::Unsupported {
            what: format!("resource {}", r + 1),
            reason: "PSPLIB and Patterson files hold only constant capacities",
        });
    }
    Ok(succ)
}

struct W(String);

impl W {
    fn line(&mut self, args: fmt::Arguments<'_>) {
        // Writing to a String cannot fail.
        let _ = self.0.write_fmt(args);
        self.0.push('\n');
    }
}

/// Writes an instance as a PSPLIB single-mode `.sm` file.
///
/// # Errors
///
/// [`Error::Unsupported`] for links other than finish-to-start without lag,
/// or capacities that change over time.
///
/// # Complexity
///
/// O(n × k + E): linear in the text written.
pub fn write_sm(instance: &Instance) -> Result<String, Error> {
    let succ = classic_successors(instance)?;
    let n = instance.len();
    let k = instance.resource_count();
    let stars = "*".repeat(72);
    let mut w = W(String::new());
    w.line(format_args!("{stars}"));
    w.line(format_args!(
        "file with basedata            : {}",
        instance.name()
    ));
    w.line(format_args!("initial value random generator: 0"));
    w.line(format_args!("{stars}"));
    w.line(format_args!("projects                      :  1"));
    w.line(format_args!("jobs (incl. supersource/sink ):  {n}"));
    let horizon: u64 = instance.durations().iter().map(|&d| u64::from(d)).sum();
    w.line(format_args!("horizon                       :  {horizon}"));
    w.line(format_args!("RESOURCES"));
    w.line(format_args!("  - renewable                 :  {k}   R"));
    w.line(format_args!("  - nonrenewable              :  0   N"));
    w.line(format_args!("  - doubly constrained        :  0   D"));
    w.line(format_args!("{stars}"));
    w.line(format_args!("PROJECT INFORMATION:"));
    w.line(format_args!(
        "pronr.  #jobs rel.date duedate tardcost  MPM-Time"
    ));
    let cp = instance.critical_path_length();
    w.line(format_args!(
        "    1 {:6}      0 {:7}        0 {:8}",
        n.saturating_sub(2),
        cp,
        cp
    ));
    w.line(format_args!("{stars}"));
    w.line(format_args!("PRECEDENCE RELATIONS:"));
    w.line(format_args!("jobnr.    #modes  #successors   successors"));
    for (j, s) in succ.iter().enumerate() {
        let list: String = s.iter().map(|x| format!("{x:4}")).collect();
        w.line(format_args!(
            "{:4}        1 {:10}        {list}",
            j + 1,
            s.len()
        ));
    }
    w.line(format_args!("{stars}"));
    w.line(format_args!("REQUESTS/DURATIONS:"));
    let heads: String = (1..=k).map(|r| format!("  R{r:2}")).collect();
    w.line(format_args!("jobnr. mode duration{heads}"));
    w.line(format_args!("{}", "-".repeat(72)));
    for j in 0..n {
        let dem: String = instance
            .demands_of(j)
            .iter()
            .map(|q| format!(" {q:4}"))
            .collect();
        w.line(format_args!(
            "{:3}      1 {:5}  {dem}",
            j + 1,
            instance.durations()[j]
        ));
    }
    w.line(format_args!("{stars}"));
    w.line(format_args!("RESOURCEAVAILABILITIES:"));
    w.line(format_args!("{heads}"));
    let caps: String = instance
        .resources()
        .iter()
        .map(|r| format!(" {:4}", r.last()))
        .collect();
    w.line(format_args!("{caps}"));
    w.line(format_args!("{stars}"));
    Ok(w.0)
}

/// Writes an instance as a Patterson `.rcp` file.
///
/// # Errors
///
/// As [`write_sm`].
///
/// # Complexity
///
/// O(n × k + E): linear in the text written.
pub fn write_rcp(instance: &Instance) -> Result<String, Error> {
    let succ = classic_successors(instance)?;
    let k = instance.resource_count();
    let mut w = W(String::new());
    w.line(format_args!("{}\t{k}", instance.len()));
    let caps: Vec<String> = instance
        .resources()
        .iter()
        .map(|r| r.last().to_string())
        .collect();
    w.line(format_args!("{}", caps.join("\t")));
    for (j, s) in succ.iter().enumerate() {
        let mut fields = vec![instance.durations()[j].to_string()];
        fields.extend(instance.demands_of(j).iter().map(u32::to_string));
        fields.push(s.len().to_string());
        fields.extend(s.iter().map(u32::to_string));
        w.line(format_args!("{}", fields.join("\t")));
    }
    Ok(w.0)
}
