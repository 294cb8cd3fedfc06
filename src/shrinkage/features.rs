//! Feature maps: how a scalar input x ∈ [-1, 1] becomes a row of the design matrix X.
//!
//! Each map turns the 1-D regression y = f(x) + noise into a linear least-squares problem
//! y ≈ X w (lecture 001: "linear network" F(x; w) = xᵀw). The maps differ in how well
//! conditioned X is, which is what the Shrinkage lab lets a student explore.

use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

use crate::rng;

/// Which family of features builds the columns of X.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FeatureMap {
    /// Monomials 1, x, x², …, x^p: **p + 1 columns** (degree p, constant included).
    /// On [-1, 1] high powers look alike, so X becomes badly conditioned as p grows.
    #[default]
    Polynomial,
    /// p Gaussian bumps exp(−(x − c_j)² / (2σ²)) with centres c_j evenly spaced on [-1, 1]
    /// and width σ = `rbf_width` × spacing: **p columns**. Wide bumps overlap → ill-conditioned.
    Rbf,
    /// p random Fourier features √(2/p)·cos(ω_j x + b_j) with ω_j ~ N(0, `fourier_scale`²) and
    /// b_j ~ U[0, 2π) drawn from the seed (Rahimi & Recht, "Random Features for Large-Scale
    /// Kernel Machines", NIPS 2007): **p columns**.
    Fourier,
}

/// Everything needed to build a design matrix, so the same features can be evaluated on any x
/// (training points, test points, or a dense grid for drawing the fitted curve).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FeatureSpec {
    /// The family of features.
    pub map: FeatureMap,
    /// Polynomial degree, or the number of bumps / random features.
    pub p: usize,
    /// Seed for the random Fourier frequencies and phases (ignored by the other maps).
    pub seed: u64,
    /// RBF width σ in units of the spacing between centres (ignored by the other maps).
    pub rbf_width: f64,
    /// Standard deviation of the random Fourier frequencies ω (ignored by the other maps).
    pub fourier_scale: f64,
}

impl FeatureSpec {
    /// Number of columns of X: p + 1 for polynomials (constant included), p otherwise.
    pub fn columns(&self) -> usize {
        match self.map {
            FeatureMap::Polynomial => self.p + 1,
            FeatureMap::Rbf | FeatureMap::Fourier => self.p,
        }
    }
}

/// Stream offset so the Fourier features never share random numbers with the data points.
const FEATURE_STREAM: u64 = 0x5EED_F0F0_0000_0001;

/// The design matrix X (one row per x, [`FeatureSpec::columns`] columns).
///
/// Row n is the feature vector φ(x_n)ᵀ, so the model's prediction is X w. Deterministic given the
/// spec (the Fourier features depend only on `spec.seed` and `spec.p`, not on the points).
pub fn design_matrix(spec: &FeatureSpec, xs: &[f64]) -> DMatrix<f64> {
    let n = xs.len();
    let cols = spec.columns();
    let mut x = DMatrix::<f64>::zeros(n, cols);
    match spec.map {
        FeatureMap::Polynomial => {
            for (i, &xi) in xs.iter().enumerate() {
                let mut power = 1.0;
                for j in 0..cols {
                    x[(i, j)] = power;
                    power *= xi;
                }
            }
        }
        FeatureMap::Rbf => {
            let p = spec.p;
            let spacing = if p > 1 { 2.0 / (p as f64 - 1.0) } else { 2.0 };
            let sigma = (spec.rbf_width * spacing).max(f64::MIN_POSITIVE);
            let inv = 1.0 / (2.0 * sigma * sigma);
            for j in 0..p {
                let c = if p > 1 { -1.0 + spacing * j as f64 } else { 0.0 };
                for (i, &xi) in xs.iter().enumerate() {
                    let d = xi - c;
                    x[(i, j)] = (-d * d * inv).exp();
                }
            }
        }
        FeatureMap::Fourier => {
            let (omegas, phases) = fourier_parameters(spec);
            let amp = if spec.p > 0 { (2.0 / spec.p as f64).sqrt() } else { 0.0 };
            for j in 0..spec.p {
                for (i, &xi) in xs.iter().enumerate() {
                    x[(i, j)] = amp * (omegas[j] * xi + phases[j]).cos();
                }
            }
        }
    }
    x
}

/// The seeded frequencies ω_j ~ N(0, fourier_scale²) and phases b_j ~ U[0, 2π) of the Fourier map.
pub fn fourier_parameters(spec: &FeatureSpec) -> (Vec<f64>, Vec<f64>) {
    use rand::Rng;
    let mut r = rng::seeded(spec.seed ^ FEATURE_STREAM);
    let mut omegas = Vec::with_capacity(spec.p);
    let mut phases = Vec::with_capacity(spec.p);
    for _ in 0..spec.p {
        omegas.push(spec.fourier_scale * rng::normal(&mut r));
        phases.push(std::f64::consts::TAU * r.gen::<f64>());
    }
    (omegas, phases)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(map: FeatureMap, p: usize) -> FeatureSpec {
        FeatureSpec { map, p, seed: 3, rbf_width: 1.0, fourier_scale: 5.0 }
    }

    #[test]
    fn polynomial_columns_are_powers() {
        let x = design_matrix(&spec(FeatureMap::Polynomial, 3), &[0.5, -2.0]);
        assert_eq!(x.shape(), (2, 4));
        // Row for x = -2: 1, -2, 4, -8.
        assert_eq!([x[(1, 0)], x[(1, 1)], x[(1, 2)], x[(1, 3)]], [1.0, -2.0, 4.0, -8.0]);
    }

    #[test]
    fn rbf_bump_peaks_at_its_centre() {
        // p = 3 centres at -1, 0, 1; at x = 0 the middle bump is exp(0) = 1 and the others are
        // exp(-1/(2·1²)) = e^{-1/2} (spacing 1, width 1 × spacing).
        let x = design_matrix(&spec(FeatureMap::Rbf, 3), &[0.0]);
        assert!((x[(0, 1)] - 1.0).abs() < 1e-15);
        assert!((x[(0, 0)] - (-0.5f64).exp()).abs() < 1e-15);
    }

    #[test]
    fn fourier_features_are_deterministic_and_bounded() {
        let s = spec(FeatureMap::Fourier, 50);
        let a = design_matrix(&s, &[0.1, 0.7]);
        let b = design_matrix(&s, &[0.1, 0.7]);
        assert_eq!(a, b);
        let bound = (2.0f64 / 50.0).sqrt() + 1e-15;
        assert!(a.iter().all(|v| v.abs() <= bound));
    }
}
