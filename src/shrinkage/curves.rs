//! Training and test error of every estimator, and their curves vs λ, κ and q
//! (the bias–variance picture of lecture 001's shrinkage methods).

use nalgebra::DMatrix;

use super::data::Dataset;
use super::error::{invalid, ShrinkError};
use super::features::{design_matrix, FeatureSpec};
use super::filters::{gd_filter, pca_filter, ridge_filter};
use super::svd::{svd, Svd};

/// Mean squared error (1/|S|) Σ_{n∈S} (x_nᵀw − y_n)² over the rows S selected by `mask`
/// (`None` = all rows). Returns 0 when no row is selected.
pub fn mse(x: &DMatrix<f64>, w: &[f64], y: &[f64], mask: Option<&[bool]>) -> Result<f64, ShrinkError> {
    if x.ncols() != w.len() || x.nrows() != y.len() || mask.is_some_and(|m| m.len() != y.len()) {
        return Err(ShrinkError::Shape(format!(
            "mse: X is {}×{}, w has {} entries, y has {}{}; they must agree",
            x.nrows(),
            x.ncols(),
            w.len(),
            y.len(),
            mask.map(|m| format!(", mask has {}", m.len())).unwrap_or_default()
        )));
    }
    let mut total = 0.0;
    let mut count = 0usize;
    for (n, &yn) in y.iter().enumerate() {
        if mask.map_or(true, |m| m[n]) {
            let pred: f64 = (0..w.len()).map(|j| x[(n, j)] * w[j]).sum();
            total += (pred - yn) * (pred - yn);
            count += 1;
        }
    }
    Ok(if count == 0 { 0.0 } else { total / count as f64 })
}

/// A regression problem split into training and test rows, with the SVD of the training design
/// matrix and the test rows projected onto V cached, so that the errors of any filtered estimator
/// cost O(r) (train) and O(N_test·r) (test).
#[derive(Clone, Debug)]
pub struct Problem {
    /// Thin SVD of the training rows of X (with Uᵀy of the training targets).
    pub svd: Svd,
    /// X_test V (N_test × r): test predictions are (X_test V) c for spectral coefficients c.
    test_proj: DMatrix<f64>,
    /// Test targets.
    y_test: Vec<f64>,
}

/// The sweep behind an error curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sweep {
    /// Ridge λ on a log grid from `min` to `max` with `points` values.
    Ridge { min: f64, max: f64, points: usize },
    /// PCA threshold κ at every singular value (κ = s₁, s₂, …, s_r, keeping 1, 2, …, r components),
    /// plus κ = ∞ (keep none) first.
    Pca,
    /// GD with step α after q iterations, q on a log grid from 1 to `q_max` with `points` values.
    Gd { alpha: f64, q_max: f64, points: usize },
}

/// Training and test error along a sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorCurve {
    /// The swept parameter (λ, κ or q).
    pub param: Vec<f64>,
    /// Training mean squared error at each parameter.
    pub train: Vec<f64>,
    /// Test mean squared error at each parameter (0 when there are no test points).
    pub test: Vec<f64>,
}

/// `points` values spaced evenly in log scale from `min` to `max` (both > 0).
pub fn log_grid(min: f64, max: f64, points: usize) -> Vec<f64> {
    if points <= 1 {
        return vec![min];
    }
    let (a, b) = (min.ln(), max.ln());
    (0..points).map(|i| (a + (b - a) * i as f64 / (points - 1) as f64).exp()).collect()
}

impl Problem {
    /// Builds the problem from training and test design matrices and targets.
    pub fn new(
        x_train: &DMatrix<f64>,
        y_train: &[f64],
        x_test: &DMatrix<f64>,
        y_test: &[f64],
    ) -> Result<Problem, ShrinkError> {
        let d = svd(x_train, y_train)?;
        if x_test.nrows() != y_test.len() || (x_test.nrows() > 0 && x_test.ncols() != x_train.ncols()) {
            return Err(ShrinkError::Shape(format!(
                "test X is {}×{} with {} targets, training X has {} columns",
                x_test.nrows(),
                x_test.ncols(),
                y_test.len(),
                x_train.ncols()
            )));
        }
        let test_proj = if x_test.nrows() > 0 { x_test * &d.v } else { DMatrix::zeros(0, d.s.len()) };
        Ok(Problem { svd: d, test_proj, y_test: y_test.to_vec() })
    }

    /// Builds the problem of a data set and its features (training rows = `!is_test`).
    pub fn from_dataset(spec: &FeatureSpec, data: &Dataset) -> Result<Problem, ShrinkError> {
        data.validate()?;
        let (xa, ya) = data.split(false);
        let (xb, yb) = data.split(true);
        Problem::new(&design_matrix(spec, &xa), &ya, &design_matrix(spec, &xb), &yb)
    }

    /// (training MSE, test MSE) of the filtered estimator w = V diag(φ(s)/s) Uᵀy.
    pub fn errors(&self, filter: impl Fn(f64) -> f64) -> (f64, f64) {
        let c = self.svd.coefficients(&filter);
        (self.svd.training_sse(&filter) / self.svd.rows as f64, self.test_mse(&c))
    }

    /// Test MSE of the estimator with spectral coefficients c (w = V c).
    pub fn test_mse(&self, c: &[f64]) -> f64 {
        let n = self.y_test.len();
        if n == 0 {
            return 0.0;
        }
        let mut total = 0.0;
        for (i, &yi) in self.y_test.iter().enumerate() {
            let pred: f64 = c.iter().enumerate().map(|(k, ck)| self.test_proj[(i, k)] * ck).sum();
            total += (pred - yi) * (pred - yi);
        }
        total / n as f64
    }

    /// Training and test error along a sweep of λ (ridge), κ (PCA) or q (gradient descent).
    /// Errors on an empty or non-positive λ range, more than 10 000 points, or a bad α / q_max.
    pub fn error_curve(&self, sweep: Sweep) -> Result<ErrorCurve, ShrinkError> {
        let params: Vec<f64> = match sweep {
            Sweep::Ridge { min, max, points } => {
                if !(min.is_finite() && max.is_finite() && min > 0.0 && max >= min) || points == 0 || points > 10_000 {
                    return Err(invalid(format!(
                        "λ range must satisfy 0 < min ≤ max with 1 to 10000 points (got {min} to {max}, {points} points)"
                    )));
                }
                log_grid(min, max, points)
            }
            Sweep::Pca => std::iter::once(f64::INFINITY).chain(self.svd.s.iter().copied()).collect(),
            Sweep::Gd { alpha, q_max, points } => {
                if !(alpha.is_finite() && alpha > 0.0) {
                    return Err(invalid(format!("learning rate α must be a finite number > 0 (got {alpha})")));
                }
                if !(q_max.is_finite() && q_max >= 1.0) || points == 0 || points > 10_000 {
                    return Err(invalid(format!(
                        "iterations q_max must be a finite number ≥ 1 with 1 to 10000 points (got {q_max}, {points} points)"
                    )));
                }
                log_grid(1.0, q_max, points)
            }
        };
        let mut curve = ErrorCurve { param: Vec::with_capacity(params.len()), train: vec![], test: vec![] };
        for &t in &params {
            let (a, b) = match sweep {
                Sweep::Ridge { .. } => self.errors(|s| ridge_filter(s, t)),
                Sweep::Pca => self.errors(|s| pca_filter(s, t)),
                Sweep::Gd { alpha, .. } => self.errors(|s| gd_filter(s, alpha, t)),
            };
            curve.param.push(t);
            curve.train.push(a);
            curve.test.push(b);
        }
        Ok(curve)
    }
}

#[cfg(test)]
mod tests {
    use super::super::data::{generate, DataConfig};
    use super::*;

    #[test]
    fn spectral_errors_match_direct_mse() {
        let cfg = DataConfig { n: 60, p: 10, noise: 0.3, ..DataConfig::default() };
        let data = generate(&cfg).unwrap();
        let spec = cfg.features();
        let prob = Problem::from_dataset(&spec, &data).unwrap();
        let lambda = 0.05;
        let w = prob.svd.solve_filtered(|s| ridge_filter(s, lambda));
        let x = design_matrix(&spec, &data.x);
        let train_mask: Vec<bool> = data.is_test.iter().map(|t| !t).collect();
        let train = mse(&x, &w, &data.y, Some(&train_mask)).unwrap();
        let test = mse(&x, &w, &data.y, Some(&data.is_test)).unwrap();
        let (a, b) = prob.errors(|s| ridge_filter(s, lambda));
        assert!((a - train).abs() < 1e-10 * train, "{a} vs {train}");
        assert!((b - test).abs() < 1e-10 * test, "{b} vs {test}");
    }

    #[test]
    fn curves_have_the_expected_shape() {
        // Degree-15 polynomial on 30 noisy training points: more shrinkage (larger λ) can only
        // raise the training error — the ridge training error is increasing in λ since each
        // (1 − φ)² = (λ/(s²+λ))² is. Likewise keeping more PCA components only lowers it.
        let cfg = DataConfig { n: 40, p: 15, noise: 0.3, ..DataConfig::default() };
        let prob = Problem::from_dataset(&cfg.features(), &generate(&cfg).unwrap()).unwrap();
        let ridge = prob.error_curve(Sweep::Ridge { min: 1e-8, max: 1e2, points: 40 }).unwrap();
        assert!(ridge.train.windows(2).all(|t| t[0] <= t[1] * (1.0 + 1e-12)));
        let pca = prob.error_curve(Sweep::Pca).unwrap();
        assert_eq!(pca.param.len(), prob.svd.s.len() + 1);
        assert!(pca.train.windows(2).all(|t| t[0] >= t[1] * (1.0 - 1e-12)));
        let alpha = super::super::filters::optimal_alpha(prob.svd.s_max());
        let gd = prob.error_curve(Sweep::Gd { alpha, q_max: 1e6, points: 30 }).unwrap();
        assert!(gd.train.windows(2).all(|t| t[0] >= t[1] * (1.0 - 1e-12)));
        assert!(gd.test.iter().all(|v| v.is_finite()));
        assert!(prob.error_curve(Sweep::Ridge { min: 0.0, max: 1.0, points: 5 }).is_err());
        assert!(prob.error_curve(Sweep::Gd { alpha: -1.0, q_max: 10.0, points: 5 }).is_err());
    }

    #[test]
    fn mse_rejects_mismatched_shapes() {
        let x = DMatrix::<f64>::zeros(3, 2);
        assert!(mse(&x, &[1.0], &[0.0; 3], None).is_err());
        assert!(mse(&x, &[1.0, 2.0], &[0.0; 3], Some(&[true])).is_err());
        assert_eq!(mse(&x, &[1.0, 2.0], &[1.0, 1.0, 1.0], None).unwrap(), 1.0);
    }
}
