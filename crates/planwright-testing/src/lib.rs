//! Test support for planwright: a global allocator that counts the bytes
//! each thread holds, so a test can assert that an entry point stays within
//! a memory bound, and refuses allocations past a cap instead of letting a
//! regression exhaust the machine.
//!
//! A test binary installs it once:
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOC: planwright_testing::CountingAlloc = planwright_testing::CountingAlloc;
//! ```
//!
//! then measures a case with [`peak_bytes`] under a cap:
//!
//! ```ignore
//! let (result, peak) = planwright_testing::peak_bytes(64 << 20, || expensive());
//! assert!(peak < 16 << 20);
//! ```
//!
//! Only allocations of the calling thread are counted (engines run on the
//! calling thread unless the `parallel` feature is on). An allocation that
//! would take the thread past the cap fails, which aborts the test binary
//! with "memory allocation of N bytes failed": a visible failure, not a
//! machine brought down by swapping.

use std::cell::Cell;

use serde_json::Value;

thread_local! {
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
    static CURRENT: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    static CAP: Cell<isize> = const { Cell::new(isize::MAX) };
}

/// The counting allocator: the system allocator plus per-thread accounting.
#[derive(Clone, Copy, Debug, Default)]
pub struct CountingAlloc;

/// Accounts `delta` bytes to this thread; `false` when that would pass the
/// cap (the allocation is then refused).
fn account(delta: isize) -> bool {
    // `try_with`: allocations during thread teardown are not counted.
    ACTIVE
        .try_with(|active| {
            if !active.get() {
                return true;
            }
            let cur = CURRENT.with(Cell::get) + delta;
            if delta > 0 && cur > CAP.with(Cell::get) {
                return false;
            }
            CURRENT.with(|c| c.set(cur));
            PEAK.with(|p| p.set(p.get().max(cur)));
            true
        })
        .unwrap_or(true)
}

#[allow(unsafe_code)]
mod system {
    use std::alloc::{GlobalAlloc, Layout, System};

    use super::{CountingAlloc, account};

    // SAFETY: every method forwards to `System` with the caller's arguments,
    // so `System`'s guarantees hold; the accounting touches no memory the
    // caller owns, and a refused allocation returns null as the trait
    // allows.
    unsafe impl GlobalAlloc for CountingAlloc {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if !account(layout.size() as isize) {
                return core::ptr::null_mut();
            }
            // SAFETY: forwarded unchanged.
            unsafe { System.alloc(layout) }
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            if !account(layout.size() as isize) {
                return core::ptr::null_mut();
            }
            // SAFETY: forwarded unchanged.
            unsafe { System.alloc_zeroed(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            account(-(layout.size() as isize));
            // SAFETY: forwarded unchanged.
            unsafe { System.dealloc(ptr, layout) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let delta = new_size as isize - layout.size() as isize;
            if !account(delta) {
                return core::ptr::null_mut();
            }
            // SAFETY: forwarded unchanged.
            let p = unsafe { System.realloc(ptr, layout, new_size) };
            if p.is_null() {
                account(-delta);
            }
            p
        }
    }
}

/// Runs `f` on this thread with at most `cap` bytes held at once by its
/// allocations, and returns its result and the most bytes it held. Past the
/// cap an allocation fails and the test binary aborts, naming the size.
///
/// Requires [`CountingAlloc`] as the binary's global allocator (without it
/// the peak reads 0).
pub fn peak_bytes<R>(cap: usize, f: impl FnOnce() -> R) -> (R, usize) {
    CURRENT.with(|c| c.set(0));
    PEAK.with(|p| p.set(0));
    CAP.with(|c| c.set(isize::try_from(cap).unwrap_or(isize::MAX)));
    ACTIVE.with(|a| a.set(true));
    let out = f();
    ACTIVE.with(|a| a.set(false));
    CAP.with(|c| c.set(isize::MAX));
    let peak = PEAK.with(Cell::get);
    (out, usize::try_from(peak).unwrap_or(0))
}

/// Hostile variants of a valid JSON document, for "anything serde accepts,
/// the API could have built" tests: `step` picks one mutation (a number set
/// to an extreme, a string emptied or made huge, an array element removed
/// or duplicated, an object key removed, a value swapped for another type)
/// at one node chosen by `pick`. Deterministic for the same arguments.
#[must_use]
pub fn mutate_json(doc: &Value, pick: u64, step: u64) -> Value {
    let mut out = doc.clone();
    let nodes = count(&out);
    let target = (pick % nodes.max(1) as u64) as usize;
    let mut seen = 0;
    apply(&mut out, target, &mut seen, step);
    out
}

fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }
}

fn apply(v: &mut Value, target: usize, seen: &mut usize, step: u64) -> bool {
    if *seen == target {
        *v = mutated(v, step);
        return true;
    }
    *seen += 1;
    match v {
        Value::Array(a) => {
            for x in a.iter_mut() {
                if apply(x, target, seen, step) {
                    return true;
                }
            }
        }
        Value::Object(o) => {
            for x in o.values_mut() {
                if apply(x, target, seen, step) {
                    return true;
                }
            }
        }
        _ => {}
    }
    false
}

fn mutated(v: &Value, step: u64) -> Value {
    const NUMBERS: [i64; 8] = [0, -1, 1, i64::MAX, i64::MIN, 1 << 40, -(1 << 40), 255];
    match (v, step % 6) {
        (Value::Number(_), s) => match s {
            0 => Value::from(1e300),
            1 => Value::from(-1e300),
            2 => Value::from(f64::MIN_POSITIVE),
            _ => Value::from(NUMBERS[(step / 6 % 8) as usize]),
        },
        (Value::String(_), 0) => Value::String(String::new()),
        (Value::String(s), 1) => Value::String(s.repeat(1 + (step / 6 % 3) as usize) + "\u{0}"),
        (Value::String(_), 2) => Value::String("2262-04-11T23:47:16".into()),
        (Value::String(_), 3) => Value::String("-262143-01-01T00:00:00".into()),
        (Value::Array(a), 0 | 1) if !a.is_empty() => {
            let mut a = a.clone();
            a.remove((step / 6) as usize % a.len());
            Value::Array(a)
        }
        (Value::Array(a), 2 | 3) if !a.is_empty() => {
            let mut a = a.clone();
            let i = (step / 6) as usize % a.len();
            a.insert(i, a[i].clone());
            Value::Array(a)
        }
        (Value::Object(o), 0..=2) if !o.is_empty() => {
            let mut o = o.clone();
            let k = o.keys().nth((step / 6) as usize % o.len()).cloned();
            if let Some(k) = k {
                o.remove(&k);
            }
            Value::Object(o)
        }
        (_, 4) => Value::Null,
        (_, 5) => Value::from(-7),
        (v, _) => v.clone(),
    }
}
