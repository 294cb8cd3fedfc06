//! The least-squares problem of a [`Design`], with what the figures state about it: L, L(W₀),
//! the optimum L*, ‖g₀‖², and the noise ball predicted from the Hessian's eigenvalues.

use nalgebra::{DMatrix, DVector};

use crate::rng::{normal, seeded};
use crate::theory::smoothness::LeastSquares;

use super::state::Design;

/// The problem and its constants.
#[derive(Clone, Debug)]
pub struct Problem {
    /// L(w) = (1/2N)‖Xw − y‖² (the core; it holds L).
    pub ls: LeastSquares,
    /// Eigenvalues λ_i of the Hessian H = XᵀX/N, largest first (λ_1 = L).
    pub eigenvalues: Vec<f64>,
    /// L(W₀) at W₀ = 0.
    pub initial_loss: f64,
    /// ‖g₀‖², the squared gradient at W₀.
    pub g0_sq: f64,
    /// min L (least squares solved through H's eigenvectors).
    pub optimum: f64,
}

/// X (N × P) with column j scaled by 10^(−decades·j/(P − 1)), y = Xw* + noise.
pub fn design(d: &Design) -> (DMatrix<f64>, Vec<f64>) {
    let mut rng = seeded(d.seed);
    let p = d.p;
    let x = DMatrix::from_fn(d.n, p, |_, j| normal(&mut rng) * 10f64.powf(-d.decades * j as f64 / (p - 1).max(1) as f64));
    let w: DVector<f64> = DVector::from_fn(p, |_, _| normal(&mut rng));
    let y = (&x * w).iter().map(|v| v + d.noise * normal(&mut rng)).collect();
    (x, y)
}

impl Problem {
    /// Builds the problem (an SVD of X and an eigendecomposition of XᵀX/N: N·P² + P³ work).
    pub fn new(d: &Design) -> Result<Problem, String> {
        let (x, y) = design(d);
        crate::work::add(d.n * d.p * d.p * 3 + d.p.pow(3) * 2);
        let n = d.n as f64;
        let h = x.tr_mul(&x) / n;
        let b = x.tr_mul(&DVector::from_vec(y.clone())) / n;
        let yy = y.iter().map(|v| v * v).sum::<f64>() / (2.0 * n);
        let eig = nalgebra::SymmetricEigen::new(h);
        let mut eigenvalues: Vec<f64> = eig.eigenvalues.iter().copied().collect();
        // L(w) = ½wᵀHw − bᵀw + yᵀy/2N; its minimum is yᵀy/2N − ½ Σ (u_iᵀb)²/λ_i over λ_i > 0.
        let top = eigenvalues.iter().copied().fold(0.0, f64::max);
        let optimum = (yy - 0.5 * eig.eigenvectors.column_iter().zip(&eig.eigenvalues).filter(|(_, &l)| l > 1e-12 * top).map(|(u, l)| u.dot(&b).powi(2) / l).sum::<f64>()).max(0.0);
        crate::order::sort_f64_descending(&mut eigenvalues);
        let ls = LeastSquares::new(x, y)?;
        let (initial_loss, g0) = ls.loss_and_grad(&DVector::zeros(d.p));
        Ok(Problem { ls, eigenvalues, initial_loss, g0_sq: g0.norm_squared(), optimum })
    }

    /// L = s_max²/N.
    pub fn smoothness(&self) -> f64 {
        self.ls.smoothness
    }

    /// κ = λ_max/λ_min of the Hessian.
    pub fn condition(&self) -> f64 {
        self.eigenvalues[0] / self.eigenvalues.last().copied().unwrap_or(f64::NAN)
    }

    /// The noise ball gradient descent with step η/L settles in: the stationary E‖g_k‖² when the
    /// noise ξ ~ N(0, σ²/P·I). Along eigendirection i the error e obeys e ← (1 − ηλ_i/L)e − (η/L)ξ_i,
    /// whose stationary variance is (η/L)²(σ²/P)/(1 − (1 − ηλ_i/L)²); the gradient there is λ_i·e, so
    /// E‖g‖² = (σ²/P) Σ_i (ηλ_i/L)/(2 − ηλ_i/L) — at most ησ²/(2 − η), which is σ² at η = 1 (the
    /// lecture's radius), and equal to it only if every λ_i = L.
    pub fn predicted_plateau(&self, eta: f64, sigma_sq: f64) -> f64 {
        let l = self.smoothness();
        let p = self.eigenvalues.len() as f64;
        sigma_sq / p * self.eigenvalues.iter().map(|&lam| eta * lam / l).map(|a| a / (2.0 - a)).sum::<f64>()
    }
}

/// The bound on the (expected) running mean of ‖g_k‖² over K steps of GD with step η/L and
/// gradient noise σ²: from L(w − (η/L)g̃) ≤ L(w) − (η/L)gᵀg̃ + (η²/2L)‖g̃‖² and E‖g̃‖² = ‖g‖² + σ²,
/// E[(1/K) Σ_{k<K} ‖g_k‖²] ≤ 2L·L(W₀)/(η(2 − η)K) + ησ²/(2 − η) — the lecture's 2L·L(W₀)/K + σ²
/// at η = 1.
pub fn rate_bound(l: f64, initial_loss: f64, eta: f64, sigma_sq: f64, k: u64) -> f64 {
    2.0 * l * initial_loss / (eta * (2.0 - eta) * k.max(1) as f64) + eta * sigma_sq / (2.0 - eta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_constants_are_what_they_say() {
        for seed in 1..=3 {
            let d = Design { n: 80, p: 12, decades: 2.0, noise: 0.3, seed };
            let pr = Problem::new(&d).expect("problem");
            assert!((pr.eigenvalues[0] - pr.smoothness()).abs() < 1e-10 * pr.smoothness(), "λ_max = L");
            // The optimum from a QR solve.
            let (x, y) = design(&d);
            let w = x.clone().svd(true, true).solve(&DVector::from_vec(y.clone()), 1e-14).expect("solve");
            let opt = pr.ls.loss_and_grad(&w).0;
            assert!((pr.optimum - opt).abs() < 1e-9 * pr.initial_loss, "{} vs {opt}", pr.optimum);
            // At η = 1 the rate bound is the lecture's, and the plateau lies under σ².
            assert_eq!(rate_bound(2.0, 3.0, 1.0, 0.5, 4), 2.0 * 2.0 * 3.0 / 4.0 + 0.5);
            let plateau = pr.predicted_plateau(1.0, 1.0);
            assert!(plateau < 1.0 && plateau > 1.0 / (2.0 * 12.0), "{plateau}");
        }
    }
}
