//! Smoothness and rates (lecture 003, "Convergence rates"): gradient descent with step 1/L on a
//! loss whose smoothness constant L is computable, the running mean of ‖g_k‖² against the bound
//! the lecture derives, and what gradient noise and a decaying step do to it.
//!
//! The model is least squares, 𝓛(w) = (1/2N)‖Xw − y‖² ≥ 0, whose Hessian XᵀX/N is constant, so
//! 𝓛 is Lipschitz smooth with L = s_max²/N (s_max the largest singular value of X): the smallest
//! L with 𝓛(w + Δw) ≤ 𝓛(w) + gᵀΔw + (L/2)‖Δw‖² for every w and Δw.
//!
//! - Deterministic: w_{k+1} = w_k − g_k/L gives 𝓛(w_{k+1}) − 𝓛(w_k) ≤ −‖g_k‖²/(2L), and, the loss
//!   being non-negative, (1/K) Σ_{k<K} ‖g_k‖² ≤ 2L·𝓛(w₀)/K — for every run and every K.
//! - Stochastic: w_{k+1} = w_k − g̃_k/L with E g̃_k = g_k and E‖g̃_k − g_k‖² = σ² gives
//!   E[(1/K) Σ_{k<K} ‖g_k‖²] ≤ 2L·𝓛(w₀)/K + σ²: the gradient falls into a noise ball. Here the
//!   noise is Gaussian, g̃ = g + ξ with ξ ~ N(0, σ²/P · I), so E‖ξ‖² = σ² exactly. The bound is on
//!   an expectation: [`Ensemble`] averages R runs that differ only in their noise.
//! - A decaying step η_k = 1/(L(1 + k/k₀)) makes the plateau go away (Σ η_k = ∞, Σ η_k² < ∞).

use nalgebra::{DMatrix, DVector};

use crate::rng::{normal, seeded, LabRng};

/// The least-squares loss 𝓛(w) = (1/2N)‖Xw − y‖² and its smoothness constant.
#[derive(Clone, Debug)]
pub struct LeastSquares {
    x: DMatrix<f64>,
    y: DVector<f64>,
    /// L = s_max(X)²/N, the largest eigenvalue of the Hessian XᵀX/N.
    pub smoothness: f64,
}

impl LeastSquares {
    /// The problem for data `x` (N × P) and targets `y` (N); refuses empty, mismatched or
    /// non-finite data, and X = 0 (no curvature: L = 0, no step 1/L).
    pub fn new(x: DMatrix<f64>, y: Vec<f64>) -> Result<Self, String> {
        let n = x.nrows();
        if n == 0 || x.ncols() == 0 || y.len() != n {
            return Err(format!("least squares needs N ≥ 1 rows, P ≥ 1 columns and N targets (got {} × {}, {} targets)", n, x.ncols(), y.len()));
        }
        if x.iter().chain(&y).any(|v| !v.is_finite()) {
            return Err("the data contain a value that is not a finite number".into());
        }
        let s = nalgebra::linalg::SVD::try_new(x.clone(), false, false, f64::EPSILON, 200).ok_or("the SVD of X did not converge")?;
        let s_max = s.singular_values.iter().copied().fold(0.0, f64::max);
        let smoothness = s_max * s_max / n as f64;
        if !(smoothness > 0.0 && smoothness.is_finite()) {
            return Err("X is zero: the loss has no curvature, so there is no step 1/L".into());
        }
        Ok(LeastSquares { x, y: DVector::from_vec(y), smoothness })
    }

    /// Number of weights P.
    pub fn weights(&self) -> usize {
        self.x.ncols()
    }

    /// 𝓛(w) and its gradient g = Xᵀ(Xw − y)/N.
    pub fn loss_and_grad(&self, w: &DVector<f64>) -> (f64, DVector<f64>) {
        let n = self.x.nrows() as f64;
        let r = &self.x * w - &self.y;
        (r.norm_squared() / (2.0 * n), self.x.tr_mul(&r) / n)
    }
}

/// How the step size evolves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StepRule {
    /// η_k = 1/L: the step the Lipschitz model prescribes.
    Constant,
    /// η_k = η/L: a constant fraction η of it (the model guarantees a decrease for 0 < η < 2).
    Scaled {
        /// The fraction η.
        eta: f64,
    },
    /// η_k = 1/(L(1 + k/k₀)): decays like 1/k after k₀ steps.
    Decaying {
        /// Steps until the step has halved.
        k0: f64,
    },
}

impl StepRule {
    /// η_k for smoothness `l`.
    pub fn step(self, l: f64, k: u64) -> f64 {
        match self {
            StepRule::Constant => 1.0 / l,
            StepRule::Scaled { eta } => eta / l,
            StepRule::Decaying { k0 } => 1.0 / (l * (1.0 + k as f64 / k0.max(1e-12))),
        }
    }
}

/// One recorded step of a run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RatePoint {
    /// Steps taken before this point (k).
    pub k: u64,
    /// 𝓛(w_k).
    pub loss: f64,
    /// ‖g_k‖² of the true (full-batch) gradient.
    pub grad_sq: f64,
    /// (1/K) Σ_{j<K} ‖g_j‖² with K = k + 1.
    pub mean_grad_sq: f64,
}

/// Gradient descent from w₀ = 0 with step rule `rule` and gradient noise of total variance σ².
#[derive(Clone, Debug)]
pub struct RateRun {
    problem: LeastSquares,
    rule: StepRule,
    sigma_sq: f64,
    rng: LabRng,
    w: DVector<f64>,
    sum_grad_sq: f64,
    /// 𝓛(w₀).
    pub initial_loss: f64,
    /// One point per step taken (k = 0, 1, …).
    pub trace: Vec<RatePoint>,
}

impl RateRun {
    /// A run that has not stepped yet; σ² ≥ 0 is the variance of the gradient noise.
    pub fn new(problem: LeastSquares, rule: StepRule, sigma_sq: f64, seed: u64) -> Result<Self, String> {
        if !(sigma_sq >= 0.0 && sigma_sq.is_finite()) {
            return Err(format!("the noise variance σ² must be a finite number ≥ 0 (got {sigma_sq})"));
        }
        let w = DVector::zeros(problem.weights());
        let initial_loss = problem.loss_and_grad(&w).0;
        Ok(RateRun { problem, rule, sigma_sq, rng: seeded(seed), w, sum_grad_sq: 0.0, initial_loss, trace: Vec::new() })
    }

    /// The smoothness constant L.
    pub fn smoothness(&self) -> f64 {
        self.problem.smoothness
    }

    /// The lecture's bound on the mean of ‖g_k‖² over the first `k_count` steps:
    /// 2L·𝓛(w₀)/K + σ² (σ² = 0 without noise).
    pub fn bound(&self, k_count: u64) -> f64 {
        2.0 * self.problem.smoothness * self.initial_loss / k_count.max(1) as f64 + self.sigma_sq
    }

    /// Takes `steps` more steps, recording each.
    pub fn advance(&mut self, steps: u64) {
        let p = self.problem.weights();
        let noise_sd = (self.sigma_sq / p as f64).sqrt();
        for _ in 0..steps {
            let k = self.trace.len() as u64;
            let (loss, g) = self.problem.loss_and_grad(&self.w);
            let grad_sq = g.norm_squared();
            self.sum_grad_sq += grad_sq;
            self.trace.push(RatePoint { k, loss, grad_sq, mean_grad_sq: self.sum_grad_sq / (k + 1) as f64 });
            let eta = self.rule.step(self.problem.smoothness, k);
            if noise_sd > 0.0 {
                for (wi, gi) in self.w.iter_mut().zip(g.iter()) {
                    *wi -= eta * (gi + noise_sd * normal(&mut self.rng));
                }
            } else {
                self.w.axpy(-eta, &g, 1.0);
            }
        }
    }
}

/// R runs that differ only in their noise seed, for the expectation the stochastic bound is about.
#[derive(Clone, Debug)]
pub struct Ensemble {
    /// The runs.
    pub runs: Vec<RateRun>,
}

impl Ensemble {
    /// `count` runs (1–1000) with seeds `seed`, `seed + 1`, ….
    pub fn new(problem: &LeastSquares, rule: StepRule, sigma_sq: f64, seed: u64, count: usize) -> Result<Self, String> {
        if !(1..=1000).contains(&count) {
            return Err(format!("an ensemble has between 1 and 1000 runs (got {count})"));
        }
        let runs = (0..count as u64).map(|i| RateRun::new(problem.clone(), rule, sigma_sq, seed.wrapping_add(i))).collect::<Result<_, _>>()?;
        Ok(Ensemble { runs })
    }

    /// Every run takes `steps` more steps.
    pub fn advance(&mut self, steps: u64) {
        for r in &mut self.runs {
            r.advance(steps);
        }
    }

    /// The mean over the runs of the running mean of ‖g_k‖², per step taken.
    pub fn mean_of_running_means(&self) -> Vec<f64> {
        self.mean_of(|p| p.mean_grad_sq)
    }

    /// The mean over the runs of ‖g_k‖², per step taken.
    pub fn mean_grad_sq(&self) -> Vec<f64> {
        self.mean_of(|p| p.grad_sq)
    }

    fn mean_of(&self, f: impl Fn(&RatePoint) -> f64) -> Vec<f64> {
        let k = self.runs.iter().map(|r| r.trace.len()).min().unwrap_or(0);
        (0..k).map(|i| self.runs.iter().map(|r| f(&r.trace[i])).sum::<f64>() / self.runs.len() as f64).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// N × P Gaussian data whose column j is scaled by 10^(−decades·j/(P−1)) (condition number
    /// about 10^decades), targets from random weights plus noise.
    fn problem(n: usize, p: usize, decades: f64, seed: u64) -> LeastSquares {
        let mut rng = seeded(seed);
        let x = DMatrix::from_fn(n, p, |_, j| normal(&mut rng) * 10f64.powf(-decades * j as f64 / (p - 1).max(1) as f64));
        let w: DVector<f64> = DVector::from_fn(p, |_, _| normal(&mut rng));
        let y = (&x * w).iter().map(|v| v + 0.1 * normal(&mut rng)).collect();
        LeastSquares::new(x, y).expect("a problem")
    }

    #[test]
    fn l_is_the_largest_hessian_eigenvalue_and_the_quadratic_model_bounds_the_loss() {
        for seed in 1..=4 {
            let ls = problem(60, 12, 2.0, seed);
            let h = ls.x.tr_mul(&ls.x) / 60.0;
            let top = nalgebra::SymmetricEigen::new(h).eigenvalues.iter().copied().fold(f64::MIN, f64::max);
            assert!((ls.smoothness - top).abs() <= 1e-12 * top, "L {} vs λ_max {top}", ls.smoothness);
            let mut rng = seeded(100 + seed);
            for _ in 0..50 {
                let w = DVector::from_fn(12, |_, _| normal(&mut rng));
                let dw = DVector::from_fn(12, |_, _| 3.0 * normal(&mut rng));
                let (l0, g) = ls.loss_and_grad(&w);
                let model = l0 + g.dot(&dw) + 0.5 * ls.smoothness * dw.norm_squared();
                assert!(ls.loss_and_grad(&(&w + &dw)).0 <= model * (1.0 + 1e-12) + 1e-12);
            }
        }
        assert!(LeastSquares::new(DMatrix::zeros(3, 2), vec![1.0; 3]).unwrap_err().contains("no curvature"));
        assert!(LeastSquares::new(DMatrix::from_element(3, 2, f64::NAN), vec![1.0; 3]).unwrap_err().contains("finite"));
        assert!(LeastSquares::new(DMatrix::from_element(3, 2, 1.0), vec![1.0; 2]).is_err());
    }

    /// The lecture's deterministic rate: in every run, at every K, (1/K) Σ ‖g_k‖² ≤ 2L·𝓛(w₀)/K;
    /// and every step decreases the loss by at least ‖g_k‖²/(2L).
    #[test]
    fn gd_with_step_one_over_l_obeys_the_rate_bound_in_every_run_at_every_k() {
        for seed in 1..=5 {
            for decades in [0.0, 1.0, 3.0] {
                let mut run = RateRun::new(problem(80, 20, decades, seed), StepRule::Constant, 0.0, seed).expect("run");
                run.advance(3000);
                let l = run.smoothness();
                for (i, p) in run.trace.iter().enumerate() {
                    let bound = run.bound(p.k + 1);
                    assert!(p.mean_grad_sq <= bound * (1.0 + 1e-12), "seed {seed}, 10^{decades}: K = {}: {} > {bound}", p.k + 1, p.mean_grad_sq);
                    if let Some(next) = run.trace.get(i + 1) {
                        assert!(p.loss - next.loss >= p.grad_sq / (2.0 * l) * (1.0 - 1e-9) - 1e-15, "seed {seed}: step {} decreased too little", p.k);
                    }
                }
                // The bound is not vacuous: at K = 1 the mean is ‖g₀‖² and the bound 2L·𝓛(w₀) is
                // within the factor that 𝓛(w₀) − 𝓛* ≥ ‖g₀‖²/(2L) allows.
                let first = run.trace[0];
                assert!(first.mean_grad_sq <= run.bound(1) && first.mean_grad_sq > 0.0);
            }
        }
    }

    /// With gradient noise of variance σ² and step 1/L the gradient falls into a noise ball: the
    /// mean over 32 noise seeds of the running mean stays under 2L·𝓛(w₀)/K + σ², and ‖g_k‖²
    /// levels off at a positive plateau (between σ²/(2P) and σ²); a decaying step takes the
    /// plateau away.
    #[test]
    fn noise_leaves_a_plateau_under_the_bound_and_a_decaying_step_removes_it() {
        for seed in [1u64, 2, 3] {
            let ls = problem(100, 10, 1.0, seed);
            let p = ls.weights() as f64;
            let sigma_sq = 0.05 * ls.loss_and_grad(&DVector::zeros(10)).1.norm_squared();
            let steps = 4000u64;
            let mut constant = Ensemble::new(&ls, StepRule::Constant, sigma_sq, 10 * seed, 32).expect("ensemble");
            let mut decaying = Ensemble::new(&ls, StepRule::Decaying { k0: 20.0 }, sigma_sq, 10 * seed, 32).expect("ensemble");
            constant.advance(steps);
            decaying.advance(steps);
            let bound = |k: usize| constant.runs[0].bound(k as u64 + 1);
            for (k, m) in constant.mean_of_running_means().iter().enumerate() {
                assert!(*m <= bound(k), "seed {seed}: K = {}: {m} > {}", k + 1, bound(k));
            }
            let late = |v: Vec<f64>| v[v.len() * 3 / 4..].iter().sum::<f64>() / (v.len() / 4) as f64;
            let plateau = late(constant.mean_grad_sq());
            assert!(plateau > sigma_sq / (2.0 * p) && plateau < sigma_sq, "seed {seed}: plateau {plateau}, σ² {sigma_sq}");
            let decayed = late(decaying.mean_grad_sq());
            println!("seed {seed}: σ² {sigma_sq:.3e}, plateau {plateau:.3e}, decayed {decayed:.3e}, max mean/bound {:.3}", constant.mean_of_running_means().iter().enumerate().map(|(k, m)| m / bound(k)).fold(0.0, f64::max));
            assert!(decayed < 0.1 * plateau, "seed {seed}: decaying step {decayed} vs plateau {plateau}");
        }
        let ls = problem(10, 3, 0.0, 1);
        assert!(RateRun::new(ls.clone(), StepRule::Constant, -1.0, 1).unwrap_err().contains("σ²"));
        assert!(RateRun::new(ls.clone(), StepRule::Constant, f64::NAN, 1).is_err());
        assert!(Ensemble::new(&ls, StepRule::Constant, 0.0, 1, 0).is_err());
    }
}
