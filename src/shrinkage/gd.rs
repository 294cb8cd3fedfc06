//! Gradient descent on ½‖Xw − y‖² from w₀ = 0, resumable, in f32 or f64.
//!
//! Lecture 001: w ← w − α ∂L/∂wᵀ with ∂L/∂wᵀ = −Xᵀ(y − Xw). After q steps from w₀ = 0 the
//! iterate equals the spectral estimator with filter 1 − (1 − αs²)^q (Neumann series), so GD is an
//! implicit shrinkage regulariser — exactly in real arithmetic. In floating point, rounding limits
//! how many small-s directions it can recover; [`achieved_filter`] measures what it really did.

use nalgebra::DMatrix;

use super::error::{invalid, ShrinkError};
use super::float::LabFloat;
use super::svd::{check_problem, Svd};

/// How the gradient Xᵀ(Xw − y) is evaluated; both are the same iteration in exact arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GradientForm {
    /// Xᵀ(Xw − y) from X itself, the lecture's iteration: 4Np flops per step. Rounding errors
    /// scale with the residual, so this is the accurate form (the default).
    Residual,
    /// (XᵀX)w − Xᵀy from the precomputed Gram matrix and Xᵀy (formed in the run's precision):
    /// 2p² flops per step, cheaper when p < 2N, but XᵀX and Xᵀy are rounded once to the working
    /// precision, and (XᵀX)w − Xᵀy cancels two large terms: in f32 about 10× less accurate.
    Gram,
}

/// Loss checkpoints are taken every this many steps to detect divergence.
const CHECK_EVERY: usize = 64;
/// A run counts as diverged once its loss exceeds this multiple of the starting loss ½‖y‖²
/// (with a stable step the loss never increases, so any growth means instability).
const DIVERGENCE_FACTOR: f64 = 4.0;

/// A resumable gradient-descent run in precision `T` (f32 or f64).
///
/// Everything — X, y, w, the gradient — is stored and computed in `T`, so the f32 and f64 runs
/// differ only in rounding. Call [`GdRun::advance`] repeatedly so the web layer can time-slice.
#[derive(Clone, Debug)]
pub struct GdRun<T: LabFloat> {
    form: GradientForm,
    rows: usize,
    cols: usize,
    /// X column-major (Residual form) or XᵀX column-major (Gram form).
    matrix: Vec<T>,
    /// y (Residual form) or Xᵀy (Gram form).
    rhs: Vec<T>,
    /// ‖y‖² in f64, for the loss in Gram form.
    y_norm_sq: f64,
    alpha: T,
    w: Vec<T>,
    grad: Vec<T>,
    resid: Vec<T>,
    iterations: usize,
    initial_loss: f64,
    diverged: bool,
}

impl<T: LabFloat> GdRun<T> {
    /// Starts GD at w₀ = 0 with step α in the lecture's form w ← w − αXᵀ(Xw − y)
    /// ([`GradientForm::Residual`]). Errors on a non-positive or non-finite α, or bad X / y.
    pub fn new(x: &DMatrix<f64>, y: &[f64], alpha: f64) -> Result<Self, ShrinkError> {
        Self::with_form(x, y, alpha, GradientForm::Residual)
    }

    /// Starts GD at w₀ = 0 with step α and an explicit gradient form.
    pub fn with_form(
        x: &DMatrix<f64>,
        y: &[f64],
        alpha: f64,
        form: GradientForm,
    ) -> Result<Self, ShrinkError> {
        check_problem(x, y)?;
        if !(alpha.is_finite() && alpha > 0.0) {
            return Err(invalid(format!("learning rate α must be a finite number > 0 (got {alpha})")));
        }
        let (rows, cols) = x.shape();
        let xt: DMatrix<T> = x.map(T::narrow);
        let yt: Vec<T> = y.iter().map(|&v| T::narrow(v)).collect();
        let (matrix, rhs) = match form {
            GradientForm::Residual => (xt.as_slice().to_vec(), yt.clone()),
            GradientForm::Gram => {
                let yv = nalgebra::DVector::from_vec(yt.clone());
                crate::work::add(xt.nrows() * xt.ncols() * (xt.ncols() + 1));
                (xt.tr_mul(&xt).as_slice().to_vec(), xt.tr_mul(&yv).as_slice().to_vec())
            }
        };
        let y_norm_sq: f64 = yt.iter().map(|v| v.widen() * v.widen()).sum();
        Ok(GdRun {
            form,
            rows,
            cols,
            matrix,
            rhs,
            y_norm_sq,
            alpha: T::narrow(alpha),
            w: vec![T::zero(); cols],
            grad: vec![T::zero(); cols],
            resid: vec![T::zero(); rows],
            iterations: 0,
            initial_loss: 0.5 * y_norm_sq,
            diverged: false,
        })
    }

    /// Performs up to `iterations` more steps w ← w − α Xᵀ(Xw − y). Stops early (and stays
    /// stopped) once the run has diverged.
    pub fn advance(&mut self, iterations: usize) {
        let mut left = iterations;
        while left > 0 && !self.diverged {
            let chunk = left.min(CHECK_EVERY);
            for _ in 0..chunk {
                self.step();
            }
            self.iterations += chunk;
            left -= chunk;
            let loss = self.loss();
            crate::work::add(chunk * self.step_macs() + self.step_macs() / 2);
            if !loss.is_finite() || loss > DIVERGENCE_FACTOR * self.initial_loss {
                self.diverged = true;
            }
        }
    }

    /// Multiply–adds of one step: Xw and Xᵀr (2Np) in the residual form, (XᵀX)w (p²) in the Gram
    /// form; the loss check costs about half a step.
    pub fn step_macs(&self) -> usize {
        match self.form {
            GradientForm::Residual => 2 * self.rows * self.cols,
            GradientForm::Gram => self.cols * self.cols,
        }
    }

    fn step(&mut self) {
        let (n, p) = (self.rows, self.cols);
        match self.form {
            GradientForm::Residual => {
                // r = Xw − y, then g_j = X_jᵀ r.
                for (r, &y) in self.resid.iter_mut().zip(&self.rhs) {
                    *r = -y;
                }
                for (j, &wj) in self.w.iter().enumerate() {
                    let col = &self.matrix[j * n..(j + 1) * n];
                    for (r, &xij) in self.resid.iter_mut().zip(col) {
                        *r += wj * xij;
                    }
                }
                for (j, g) in self.grad.iter_mut().enumerate() {
                    let col = &self.matrix[j * n..(j + 1) * n];
                    let mut acc = T::zero();
                    for (&r, &xij) in self.resid.iter().zip(col) {
                        acc += r * xij;
                    }
                    *g = acc;
                }
            }
            GradientForm::Gram => {
                // g = (XᵀX)w − Xᵀy.
                for (g, &b) in self.grad.iter_mut().zip(&self.rhs) {
                    *g = -b;
                }
                for (j, &wj) in self.w.iter().enumerate() {
                    let col = &self.matrix[j * p..(j + 1) * p];
                    for (g, &gij) in self.grad.iter_mut().zip(col) {
                        *g += wj * gij;
                    }
                }
            }
        }
        let a = self.alpha;
        for (w, &g) in self.w.iter_mut().zip(&self.grad) {
            *w -= a * g;
        }
    }

    /// The loss ½‖Xw − y‖² of the current iterate (evaluated in f64 from the `T` values).
    pub fn loss(&self) -> f64 {
        let (n, p) = (self.rows, self.cols);
        let w: Vec<f64> = self.w.iter().map(|v| v.widen()).collect();
        match self.form {
            GradientForm::Residual => {
                let mut total = 0.0;
                for i in 0..n {
                    let mut r = -self.rhs[i].widen();
                    for (j, &wj) in w.iter().enumerate() {
                        r += self.matrix[j * n + i].widen() * wj;
                    }
                    total += r * r;
                }
                0.5 * total
            }
            GradientForm::Gram => {
                // ½(wᵀGw − 2wᵀb + ‖y‖²)
                let mut quad = 0.0;
                for (j, &wj) in w.iter().enumerate() {
                    let gw: f64 = (0..p).map(|i| self.matrix[j * p + i].widen() * w[i]).sum();
                    quad += wj * gw;
                }
                let lin: f64 = w.iter().zip(&self.rhs).map(|(a, b)| a * b.widen()).sum();
                (0.5 * (quad - 2.0 * lin + self.y_norm_sq)).max(0.0)
            }
        }
    }

    /// Number of steps q taken so far.
    pub fn iterations_done(&self) -> usize {
        self.iterations
    }

    /// The current iterate w_q, widened to f64.
    pub fn weights(&self) -> Vec<f64> {
        self.w.iter().map(|v| v.widen()).collect()
    }

    /// True once the loss became non-finite or grew past 4× its starting value ½‖y‖² — the sign
    /// of a step α above the stability limit 2/s_max².
    pub fn diverged(&self) -> bool {
        self.diverged
    }

    /// The step α (as stored in `T`, widened).
    pub fn alpha(&self) -> f64 {
        self.alpha.widen()
    }

    /// Which gradient form this run uses.
    pub fn form(&self) -> GradientForm {
        self.form
    }
}

/// The filter factor an iterate actually achieved along each singular direction:
/// φᵢ = sᵢ (vᵢᵀw) / (uᵢᵀy), since the exact spectral estimator has vᵢᵀw = φᵢ uᵢᵀy / sᵢ.
/// NaN where |uᵢᵀy| ≤ 10⁻¹²·‖y‖: y has (numerically) no component along uᵢ, so the filter is
/// not observable there (e.g. odd directions for an even target on symmetric points).
pub fn achieved_filter(svd: &Svd, w: &[f64]) -> Vec<f64> {
    let y_norm = (svd.uty.iter().map(|c| c * c).sum::<f64>() + svd.residual_floor).sqrt();
    (0..svd.s.len())
        .map(|i| {
            let vw: f64 = svd.v.column(i).iter().zip(w).map(|(a, b)| a * b).sum();
            let c = svd.uty[i];
            if c.abs() <= 1e-12 * y_norm {
                f64::NAN
            } else {
                svd.s[i] * vw / c
            }
        })
        .collect()
}

/// "Components preserved": how many singular directions have an achieved filter within `tol`
/// of the exact filter (e.g. tol = 0.1). NaN entries never count.
pub fn components_preserved(achieved: &[f64], exact: &[f64], tol: f64) -> usize {
    achieved
        .iter()
        .zip(exact)
        .filter(|(a, e)| (*a - *e).abs() <= tol)
        .count()
}

/// The exact GD filter 1 − (1 − αsᵢ²)^q for every singular value of `svd`.
pub fn exact_gd_filter(svd: &Svd, alpha: f64, q: usize) -> Vec<f64> {
    svd.s.iter().map(|&s| super::filters::gd_filter(s, alpha, q as f64)).collect()
}

#[cfg(test)]
mod tests {
    use super::super::filters::{gd_filter, optimal_alpha, stability_limit};
    use super::super::svd::svd;
    use super::*;

    /// An N × k matrix with orthonormal columns (Q of a seeded Gaussian matrix).
    fn orthonormal(n: usize, k: usize, seed: u64) -> DMatrix<f64> {
        let mut r = crate::rng::seeded(seed);
        DMatrix::from_fn(n, k, |_, _| crate::rng::normal(&mut r)).qr().q()
    }

    /// X = U diag(s) Vᵀ with the given spectrum and y = U c (so Uᵀy = c exactly).
    fn designed(n: usize, s: &[f64], c: &[f64], seed: u64) -> (DMatrix<f64>, Vec<f64>) {
        let p = s.len();
        let u = orthonormal(n, p, seed);
        let v = orthonormal(p, p, seed + 100);
        let x = &u * DMatrix::from_diagonal(&nalgebra::DVector::from_row_slice(s)) * v.transpose();
        let y = (&u * nalgebra::DVector::from_row_slice(c)).iter().copied().collect();
        (x, y)
    }

    fn random(n: usize, p: usize, seed: u64) -> (DMatrix<f64>, Vec<f64>) {
        let mut r = crate::rng::seeded(seed);
        let x = DMatrix::from_fn(n, p, |_, _| crate::rng::normal(&mut r));
        let y = (0..n).map(|_| crate::rng::normal(&mut r)).collect();
        (x, y)
    }

    fn rel(a: &[f64], b: &[f64]) -> f64 {
        let d: f64 = a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt();
        d / b.iter().map(|y| y * y).sum::<f64>().sqrt()
    }

    #[test]
    fn gd_after_q_steps_equals_its_spectral_filter() {
        // Lecture 001: w_q = V diag((1 − (1 − αs²)^q)/s) Uᵀy, from the Neumann series.
        for (n, p) in [(50, 12), (12, 50)] {
            let (x, y) = random(n, p, 9);
            let d = svd(&x, &y).unwrap();
            let alpha = 0.9 * optimal_alpha(d.s_max());
            for form in [GradientForm::Gram, GradientForm::Residual] {
                let mut run = GdRun::<f64>::with_form(&x, &y, alpha, form).unwrap();
                for q in [1usize, 7, 100, 500] {
                    run.advance(q - run.iterations_done());
                    let closed = d.solve_filtered(|s| gd_filter(s, alpha, q as f64));
                    let e = rel(&run.weights(), &closed);
                    assert!(e < 1e-10, "{n}x{p} {form:?} q={q}: relative error {e}");
                }
                assert!(!run.diverged());
            }
        }
    }

    #[test]
    fn advancing_in_slices_is_the_same_as_in_one_go() {
        let (x, y) = random(30, 6, 3);
        let alpha = 0.01;
        let mut a = GdRun::<f32>::new(&x, &y, alpha).unwrap();
        a.advance(100);
        let mut b = GdRun::<f32>::new(&x, &y, alpha).unwrap();
        b.advance(30);
        b.advance(0);
        b.advance(70);
        assert_eq!(a.iterations_done(), 100);
        assert_eq!(a.weights(), b.weights());
    }

    #[test]
    fn step_beyond_stability_limit_diverges_and_just_below_does_not() {
        // Along v₁ the error is multiplied by (1 − αs₁²) each step: |1 − 2.1| = 1.1 grows
        // (1.1^1000 ≈ 2.5e41), |1 − 1.9| = 0.9 shrinks.
        let (x, y) = random(40, 8, 4);
        let d = svd(&x, &y).unwrap();
        let limit = stability_limit(d.s_max());
        for form in [GradientForm::Gram, GradientForm::Residual] {
            let mut bad = GdRun::<f64>::with_form(&x, &y, 1.05 * limit, form).unwrap();
            bad.advance(1000);
            assert!(bad.diverged(), "{form:?}: α = 1.05 × 2/s_max² should diverge");
            assert!(bad.iterations_done() < 1000, "a diverged run stops early");
            let mut good = GdRun::<f64>::with_form(&x, &y, 0.95 * limit, form).unwrap();
            good.advance(1000);
            assert!(!good.diverged(), "{form:?}: α = 0.95 × 2/s_max² should converge");
            assert!(good.loss() < 0.5 * y.iter().map(|v| v * v).sum::<f64>());
        }
    }

    #[test]
    fn f32_preserves_fewer_components_than_f64() {
        // Ten directions with s = 10^{−k/3}, k = 0..9 (s_max = 1, condition number 1000) and
        // Uᵀy = (10⁶, 1, …, 1): the target is dominated by its top component, like an uncentred y.
        // f32 rounds every gradient at the scale ε₃₂·10⁶ ≈ 0.1 of the big component, which swamps
        // the signal sᵢ·uᵢᵀy = sᵢ of the directions with sᵢ ≲ 0.1; f64 (ε₆₄·10⁶ ≈ 2e-10) does not.
        // With α* = 1 and q = 2·10⁵ the exact filter 1 − (1 − sᵢ²)^q is ≥ 0.18 in every direction,
        // so all ten are "in play". Exploration over 5 seeds × both gradient forms gave f64: 10/10
        // every time and f32: 3 to 5 — hence the margins below.
        let s: Vec<f64> = (0..10).map(|k| 10f64.powf(-(k as f64) / 3.0)).collect();
        let mut c = vec![1.0; 10];
        c[0] = 1e6;
        let (x, y) = designed(40, &s, &c, 1);
        let d = svd(&x, &y).unwrap();
        let alpha = optimal_alpha(d.s_max());
        let q = 200_000;
        let exact = exact_gd_filter(&d, alpha, q);
        for form in [GradientForm::Gram, GradientForm::Residual] {
            let mut single = GdRun::<f32>::with_form(&x, &y, alpha, form).unwrap();
            single.advance(q);
            let mut double = GdRun::<f64>::with_form(&x, &y, alpha, form).unwrap();
            double.advance(q);
            let kept32 = components_preserved(&achieved_filter(&d, &single.weights()), &exact, 0.1);
            let kept64 = components_preserved(&achieved_filter(&d, &double.weights()), &exact, 0.1);
            assert_eq!(kept64, 10, "{form:?}: f64 should track the exact filter in every direction");
            assert!(kept32 <= 6, "{form:?}: f32 kept {kept32} of 10 components");
        }
    }

    #[test]
    fn achieved_filter_of_exact_estimators_is_their_filter() {
        let (x, y) = random(30, 5, 8);
        let d = svd(&x, &y).unwrap();
        let w = d.solve_filtered(|s| s * s / (s * s + 2.0));
        for (phi, s) in achieved_filter(&d, &w).iter().zip(&d.s) {
            assert!((phi - s * s / (s * s + 2.0)).abs() < 1e-12);
        }
    }

    #[test]
    fn bad_step_sizes_are_rejected() {
        let (x, y) = random(5, 2, 1);
        for a in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let e = GdRun::<f64>::new(&x, &y, a).unwrap_err().to_string();
            assert!(e.starts_with("learning rate α must be a finite number > 0"), "{e}");
        }
    }
}
