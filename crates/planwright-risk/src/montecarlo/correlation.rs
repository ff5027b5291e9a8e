//! Rank correlation between task durations: Cholesky factors and the
//! Iman–Conover reordering.

use super::stream::Stream;
use crate::distribution::inverse_normal;

/// Iman–Conover: reorders each column's uniforms so their ranks follow
/// scores with the target correlation (`chol`: lower Cholesky factor of
/// the target). `u` is `m` rows of `k` columns.
pub(super) fn iman_conover(u: &mut [f64], m: usize, k: usize, chol: &[Vec<f64>], rng: &mut Stream) {
    // Van der Waerden scores, randomly permuted per column.
    let scores: Vec<f64> = (1..=m)
        .map(|i| inverse_normal(i as f64 / (m + 1) as f64))
        .collect();
    let mut s = vec![0.0; m * k];
    for j in 0..k {
        let mut col = scores.clone();
        for i in (1..m).rev() {
            let r = rng.below(i + 1);
            col.swap(i, r);
        }
        for i in 0..m {
            s[i * k + j] = col[i];
        }
    }
    // Remove the sample correlation of the scores, then impose the target:
    // T = S (E^-T) P^T with E the Cholesky factor of corr(S).
    let mut corr = vec![vec![0.0; k]; k];
    let var = scores.iter().map(|x| x * x).sum::<f64>();
    for a in 0..k {
        for b in 0..k {
            corr[a][b] = (0..m).map(|i| s[i * k + a] * s[i * k + b]).sum::<f64>() / var;
        }
    }
    let e = cholesky(&corr).unwrap_or_else(|| identity(k));
    let mut t = vec![0.0; m * k];
    for i in 0..m {
        // Solve E z = s_i (forward substitution), then t_i = P z.
        let mut z = vec![0.0; k];
        for a in 0..k {
            let mut v = s[i * k + a];
            for b in 0..a {
                v -= e[a][b] * z[b];
            }
            z[a] = v / e[a][a];
        }
        for a in 0..k {
            t[i * k + a] = (0..=a).map(|b| chol[a][b] * z[b]).sum();
        }
    }
    // Rearrange the uniforms of each column by the ranks of T.
    let mut idx: Vec<usize> = (0..m).collect();
    let mut vals = vec![0.0; m];
    for j in 0..k {
        for i in 0..m {
            vals[i] = u[i * k + j];
        }
        vals.sort_by(f64::total_cmp);
        idx.sort_by(|&x, &y| t[x * k + j].total_cmp(&t[y * k + j]).then(x.cmp(&y)));
        for (rank, &row) in idx.iter().enumerate() {
            u[row * k + j] = vals[rank];
        }
    }
}

fn identity(k: usize) -> Vec<Vec<f64>> {
    (0..k)
        .map(|i| (0..k).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect()
}

/// The lower Cholesky factor, or `None` when the matrix is not positive
/// definite.
pub(super) fn cholesky(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let k = a.len();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = (0..j).map(|x| l[i][x] * l[j][x]).sum();
            if i == j {
                let d = a[i][i] - s;
                if d <= 1e-12 {
                    return None;
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - s) / l[j][j];
            }
        }
    }
    Some(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spearman(x: &[f64], y: &[f64]) -> f64 {
        let rank = |v: &[f64]| {
            let mut idx: Vec<usize> = (0..v.len()).collect();
            idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
            let mut r = vec![0.0; v.len()];
            for (k, &i) in idx.iter().enumerate() {
                r[i] = k as f64;
            }
            r
        };
        let (rx, ry) = (rank(x), rank(y));
        let n = x.len() as f64;
        let m = (n - 1.0) / 2.0;
        let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - m) * (b - m)).sum();
        let var: f64 = rx.iter().map(|a| (a - m) * (a - m)).sum();
        cov / var
    }

    #[test]
    fn iman_conover_reaches_the_target_rank_correlation_and_keeps_the_marginals() {
        let target = vec![
            vec![1.0, 0.7, 0.3],
            vec![0.7, 1.0, -0.2],
            vec![0.3, -0.2, 1.0],
        ];
        let chol = cholesky(&target).expect("positive definite");
        let (m, k) = (super::super::CHUNK, 3);
        let mut rng = Stream::new(5);
        let mut u: Vec<f64> = (0..m * k).map(|_| rng.unit()).collect();
        let mut before: Vec<Vec<f64>> = (0..k)
            .map(|j| (0..m).map(|i| u[i * k + j]).collect())
            .collect();
        iman_conover(&mut u, m, k, &chol, &mut rng);
        let cols: Vec<Vec<f64>> = (0..k)
            .map(|j| (0..m).map(|i| u[i * k + j]).collect())
            .collect();
        for a in 0..k {
            // Only the order changes: each column holds the same values.
            let mut after = cols[a].clone();
            after.sort_by(f64::total_cmp);
            before[a].sort_by(f64::total_cmp);
            assert_eq!(after, before[a]);
            for b in 0..a {
                let r = spearman(&cols[a], &cols[b]);
                assert!(
                    (r - target[a][b]).abs() < 0.05,
                    "({a}, {b}): {r} vs {}",
                    target[a][b]
                );
            }
        }
        assert!(
            cholesky(&[
                vec![1.0, 0.9, -0.9],
                vec![0.9, 1.0, 0.9],
                vec![-0.9, 0.9, 1.0]
            ])
            .is_none()
        );
    }
}
