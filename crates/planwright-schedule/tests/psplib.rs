//! Cross-checks on the PSPLIB instances in `../shared/psplib` (or the folder
//! in `PLANWRIGHT_PSPLIB`). The data is not in the repository, so these
//! tests are `#[ignore]`d with the reason: `cargo test` lists them as
//! ignored on a fresh clone, and CI runs them with `--include-ignored`.
//! Run explicitly without the data, they fail and say where they looked.

// Reading the test data is the point of this module.
#![allow(clippy::disallowed_methods, clippy::disallowed_macros)]

use std::path::PathBuf;

use planwright_core::{Duration, LinkKind};
use planwright_schedule::NetworkBuilder;
use planwright_schedule::rcpsp::{
    self, Budget, Instance, parse_rcp, parse_sm, parse_sm_with_info, verify,
};

/// Why the tests of this module are ignored by default.
const NEEDS_DATA: &str = "needs the PSPLIB data (../shared/psplib or PLANWRIGHT_PSPLIB); CI runs it with --include-ignored";

fn psplib() -> PathBuf {
    let dir = std::env::var_os("PLANWRIGHT_PSPLIB")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/psplib")
        });
    assert!(
        dir.join("j30").is_dir(),
        "PSPLIB data not found at {} (set PLANWRIGHT_PSPLIB); {NEEDS_DATA}",
        dir.display()
    );
    dir
}

fn files(dir: &std::path::Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

/// The CPM project length of every J30 network equals the file's MPM-Time.
#[test]
#[ignore = "needs the PSPLIB data (../shared/psplib or PLANWRIGHT_PSPLIB); CI runs it with --include-ignored"]
fn cpm_length_equals_mpm_time_on_j30() {
    let dir = psplib();
    let all = files(&dir.join("j30"), "sm");
    assert_eq!(all.len(), 480);
    for path in all {
        let text = std::fs::read_to_string(&path).unwrap();
        let (inst, info) = parse_sm_with_info(&text).unwrap();
        let mpm = info.mpm_time.expect("MPM-Time present");
        let mut b = NetworkBuilder::new();
        let ids: Vec<_> = inst
            .durations()
            .iter()
            .map(|&d| b.add_unnamed(Duration::minutes(i64::from(d))).unwrap())
            .collect();
        for p in inst.precedences() {
            b.add_link(
                ids[p.from as usize],
                ids[p.to as usize],
                LinkKind::FinishToStart,
                Duration::ZERO,
            )
            .unwrap();
        }
        let len = b
            .build()
            .unwrap()
            .schedule()
            .unwrap()
            .project_finish()
            .as_minutes();
        assert_eq!(len, i64::from(mpm), "{}", path.display());
        assert_eq!(inst.critical_path_length(), mpm, "{}", path.display());
    }
}

fn sample(dir: &std::path::Path, ext: &str, every: usize) -> Vec<Instance> {
    files(dir, ext)
        .into_iter()
        .step_by(every)
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            if ext == "rcp" {
                parse_rcp(&text)
            } else {
                parse_sm(&text)
            }
            .unwrap()
        })
        .collect()
}

/// Parsing what we write gives the instance back, for both formats.
#[test]
#[ignore = "needs the PSPLIB data (../shared/psplib or PLANWRIGHT_PSPLIB); CI runs it with --include-ignored"]
fn writers_round_trip_real_files() {
    let dir = psplib();
    for inst in sample(&dir.join("j60"), "sm", 40) {
        assert_eq!(parse_sm(&rcpsp::write_sm(&inst).unwrap()).unwrap(), inst);
    }
    for mut inst in sample(&dir.join("patterson"), "rcp", 10) {
        let back = parse_rcp(&rcpsp::write_rcp(&inst).unwrap()).unwrap();
        inst.set_name("");
        assert_eq!(back, inst);
    }
}

/// Every scheduler returns feasible schedules on real instances, never below
/// the proven optimum.
#[test]
#[ignore = "needs the PSPLIB data (../shared/psplib or PLANWRIGHT_PSPLIB); CI runs it with --include-ignored"]
fn every_scheduler_is_feasible_on_real_instances() {
    let dir = psplib();
    let insts: Vec<Instance> = sample(&dir.join("j30"), "sm", 60)
        .into_iter()
        .chain(sample(&dir.join("patterson"), "rcp", 22))
        .collect();
    for s in rcpsp::schedulers() {
        for inst in &insts {
            let sol = s.solve(inst, &Budget::new(300).seed(3)).unwrap();
            assert!(
                verify(inst, &sol.starts).is_ok(),
                "{} on {}",
                s.name(),
                inst.name()
            );
            assert!(sol.schedules <= 300, "{} used {}", s.name(), sol.schedules);
            assert!(sol.makespan >= inst.critical_path_length());
        }
    }
}
