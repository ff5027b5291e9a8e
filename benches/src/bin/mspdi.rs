//! Imports every MS Project XML (`.xml`) and Primavera P6 (`.xer`) file of
//! a folder, plans it, and compares the plan with the schedule the
//! authoring tool saved in the file: per field, how many non-summary tasks
//! agree to the minute, and every disagreement listed with both values.
//!
//! ```text
//! cargo run --release -p planwright-benches --bin mspdi -- ../shared/mspdi [--verbose]
//! ```
//!
//! Fields compared: `Start`, `Finish`, `TotalSlack`, and (informative)
//! `EarlyStart`, `LateFinish`, `FreeSlack`. Exit status 1 when a file
//! fails to import or plan.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use planwright_formats::{Import, read_mspdi, read_xer};
use planwright_schedule::plan;

#[derive(Default)]
struct Tally {
    compared: usize,
    equal: usize,
}

impl Tally {
    fn add(&mut self, equal: bool) {
        self.compared += 1;
        self.equal += usize::from(equal);
    }

    fn percent(&self) -> f64 {
        if self.compared == 0 {
            100.0
        } else {
            100.0 * self.equal as f64 / self.compared as f64
        }
    }
}

const FIELDS: [&str; 7] = [
    "Start",
    "Finish",
    "TotalSlack",
    "all three",
    "EarlyStart",
    "LateFinish",
    "FreeSlack",
];

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(folder) = args.next() else {
        eprintln!("usage: mspdi <folder of .xml and .xer files> [--verbose]");
        return ExitCode::from(2);
    };
    let verbose = args.any(|a| a == "--verbose");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&folder) {
        Ok(dir) => dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("xml") || x.eq_ignore_ascii_case("xer"))
            })
            .collect(),
        Err(e) => {
            eprintln!("{folder}: {e}");
            return ExitCode::from(2);
        }
    };
    files.sort();
    let mut tallies: Vec<Tally> = FIELDS.iter().map(|_| Tally::default()).collect();
    let mut failed = 0;
    let mut warnings = 0;
    for file in &files {
        match compare(file, &mut tallies, verbose) {
            Ok(w) => warnings += w,
            Err(e) => {
                failed += 1;
                println!("{}: FAILED: {e}", file.display());
            }
        }
    }
    println!(
        "{} files, {failed} failed, {warnings} import warnings; non-summary tasks equal to the minute:",
        files.len()
    );
    for (name, t) in FIELDS.iter().zip(&tallies) {
        println!(
            "  {name:<11} {:>5} / {:<5} {:>6.2} %",
            t.equal,
            t.compared,
            t.percent()
        );
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn compare(file: &Path, tallies: &mut [Tally], verbose: bool) -> Result<usize, String> {
    // XER files are often Windows-1252: the rare non-ASCII byte becomes a
    // replacement character rather than failing the file.
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&bytes);
    let Import {
        project,
        warnings,
        saved,
        ..
    } = if file
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("xer"))
    {
        read_xer(&text)
    } else {
        read_mspdi(&text)
    }
    .map_err(|e| e.to_string())?;
    if verbose {
        for w in &warnings {
            println!("{}: warning: {w}", file.display());
        }
    }
    let plan = plan(&project).map_err(|e| e.to_string())?;
    let name = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    for s in &saved {
        let Some(row) = plan.task(s.task) else {
            continue;
        };
        let task = project.task(s.task).expect("planned tasks exist");
        if task.is_summary() {
            continue;
        }
        let checks = [
            (
                s.start.map(|d| d == row.start),
                format!("{:?} vs {}", s.start, row.start),
            ),
            (
                s.finish.map(|d| d == row.finish),
                format!("{:?} vs {}", s.finish, row.finish),
            ),
            (
                s.total_slack.map(|d| d == row.total_float),
                format!(
                    "{:?} vs {}",
                    s.total_slack.map(|d| d.to_string()),
                    row.total_float
                ),
            ),
        ];
        let mut all = true;
        for (i, (ok, detail)) in checks.iter().enumerate() {
            if let Some(ok) = ok {
                tallies[i].add(*ok);
                all &= ok;
                if !ok {
                    println!(
                        "{name}: task UID {} {:?}: {} differs: saved {detail} (ours)",
                        s.uid, task.name, FIELDS[i]
                    );
                }
            }
        }
        tallies[3].add(all);
        if let Some(d) = s.early_start {
            tallies[4].add(d == row.dates.early_start);
        }
        if let Some(d) = s.late_finish {
            tallies[5].add(d == row.dates.late_finish);
        }
        if let Some(d) = s.free_slack {
            tallies[6].add(d == row.free_float);
        }
    }
    Ok(warnings.len())
}
