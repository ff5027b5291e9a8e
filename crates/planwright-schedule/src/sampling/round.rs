//! Sampled durations to whole minutes, exactly as `f64::round`.

/// `x.round() as i64` (half away from zero, saturating, NaN to 0) without
/// the library call `f64::round` costs on baseline x86-64: truncation is
/// one instruction and the fraction `x − trunc(x)` is exact.
#[inline(always)]
pub(super) fn round_minutes(x: f64) -> i64 {
    let t = x as i64;
    let f = x - t as f64;
    // Branch-free: the fractions of sampled durations are random.
    t.saturating_add(i64::from(f >= 0.5) - i64::from(f <= -0.5))
}

/// [`round_minutes`] for `L` durations: below 2^51 minutes (any sampled
/// duration) adding 2^52 rounds to an integer (ties to even) that the bits
/// then hold, and a tie rounded down is moved up — the same few operations
/// on every lane with one range test for all, so they vectorise; the
/// general rounding only when a lane is outside `[0, 2^51)` or not a
/// number.
#[inline(always)]
pub(super) fn round_lanes<const L: usize>(x: &[f64]) -> [i64; L] {
    const MAGIC: f64 = 4_503_599_627_370_496.0; // 2^52
    const LIMIT: f64 = 2_251_799_813_685_248.0; // 2^51
    let mut out = [0i64; L];
    let mut ok = x.len() == L;
    for (o, &v) in out.iter_mut().zip(x) {
        // `&`, not `contains` (`&&`): no branch per lane.
        #[allow(clippy::manual_range_contains)]
        let in_range = (v >= 0.0) & (v < LIMIT);
        ok &= in_range;
        let y = v + MAGIC;
        let even = y.to_bits().wrapping_sub(MAGIC.to_bits()) as i64;
        *o = even + i64::from(v - (y - MAGIC) == 0.5);
    }
    if !ok {
        for (o, &v) in out.iter_mut().zip(x) {
            *o = round_minutes(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{round_lanes, round_minutes};

    fn round_duration(x: f64) -> i64 {
        round_lanes::<1>(&[x])[0]
    }
    use proptest::prelude::*;

    #[test]
    fn rounding_is_the_librarys_at_the_edges() {
        for x in [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            0.499_999_999_999_999_94,
            4_503_599_627_370_497.0,
            9.3e18,
            -9.3e18,
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ] {
            assert_eq!(round_minutes(x), x.round() as i64, "{x}");
        }
    }

    #[test]
    fn durations_round_as_the_library_at_the_edges() {
        let limit = 2_251_799_813_685_248.0f64;
        for x in [
            0.0,
            0.5,
            1.5,
            2.5,
            3.5,
            0.499_999_999_999_999_94,
            1e15 + 0.5,
            limit - 0.5,
            limit - 1.0,
            limit,
            limit + 1.0,
            -0.5,
            -3.5,
            f64::NAN,
            f64::INFINITY,
        ] {
            assert_eq!(round_duration(x), x.round() as i64, "{x}");
        }
    }

    proptest! {
        #[test]
        fn rounding_is_the_librarys(x in any::<f64>(), y in -1e7f64..1e7, h in 0u32..4_000_000) {
            prop_assert_eq!(round_minutes(x), x.round() as i64);
            prop_assert_eq!(round_minutes(y), y.round() as i64);
            prop_assert_eq!(round_duration(x), x.round() as i64);
            prop_assert_eq!(round_duration(y), y.round() as i64);
            // Ties and their neighbours.
            let t = f64::from(h) / 2.0;
            let lanes = [x, y, t, -t, 0.5, t + 0.25, f64::NAN, 1e300];
            let r = super::round_lanes::<8>(&lanes);
            for (v, got) in lanes.iter().zip(r) {
                prop_assert_eq!(got, v.round() as i64, "{}", v);
            }
            // All in range: the branch-free path alone.
            let fast = [t, 0.5, t + 0.25, t + 0.75];
            let r = super::round_lanes::<4>(&fast);
            for (v, got) in fast.iter().zip(r) {
                prop_assert_eq!(got, v.round() as i64, "{}", v);
            }
            let (up, down) = (f64::from_bits(t.to_bits() + 1), f64::from_bits(t.to_bits().saturating_sub(1)));
            for z in [t, up, down] {
                prop_assert_eq!(round_duration(z), z.round() as i64, "{}", z);
            }
        }
    }
}
