//! Sample statistics shared by every crate: the one percentile rule.

/// The nearest-rank percentile of an ascending sample: the smallest value
/// such that at least `percent` % of the sample is at or below it, i.e. the
/// value at rank `ceil(percent / 100 × n)` (ranks from 1, clamped to
/// `1..=n`). `None` for an empty sample or a `percent` that is not a finite
/// number.
///
/// This is the rule used for flow-metric percentiles, Monte Carlo
/// percentiles and throughput forecasts. The rank is computed as
/// `percent × n / 100` so whole percentages of whole counts are exact
/// (no `7 / 100 × 100 = 7.000000000000001` surprises).
///
/// # Example
///
/// ```
/// use planwright_core::nearest_rank;
///
/// let sample = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/// assert_eq!(nearest_rank(&sample, 50.0), Some(5));
/// assert_eq!(nearest_rank(&sample, 85.0), Some(9));
/// assert_eq!(nearest_rank(&sample, 0.0), Some(1));
/// assert_eq!(nearest_rank::<i32>(&[], 50.0), None);
/// ```
///
/// # Complexity
///
/// O(1); the caller sorts the sample.
#[must_use]
pub fn nearest_rank<T: Copy>(sorted: &[T], percent: f64) -> Option<T> {
    let n = sorted.len();
    if n == 0 || !percent.is_finite() {
        return None;
    }
    let rank = (percent.clamp(0.0, 100.0) * n as f64 / 100.0).ceil();
    // `rank` lies in 0..=n, so the cast is exact.
    let k = (rank as usize).clamp(1, n);
    Some(sorted[k - 1])
}

#[cfg(test)]
mod tests {
    use super::nearest_rank;

    #[test]
    fn whole_percentages_of_whole_counts_are_exact() {
        for n in 1..=400usize {
            let v: Vec<usize> = (1..=n).collect();
            for p in 0..=100usize {
                let expected = (p * n).div_ceil(100).clamp(1, n);
                assert_eq!(nearest_rank(&v, p as f64), Some(expected), "n {n} p {p}");
            }
        }
    }

    #[test]
    fn out_of_range_percentages_clamp_and_nan_is_none() {
        assert_eq!(nearest_rank(&[1, 2, 3], -5.0), Some(1));
        assert_eq!(nearest_rank(&[1, 2, 3], 500.0), Some(3));
        assert_eq!(nearest_rank(&[1, 2, 3], f64::NAN), None);
    }
}
