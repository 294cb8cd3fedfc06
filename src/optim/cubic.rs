//! Cubic-regularised Newton (Nesterov & Polyak, "Cubic regularization of Newton method and its
//! global performance", Math. Program. 2006), lecture 003 "Model #2".
//!
//! Each step minimises the cubic model of the loss around θ:
//! ```text
//! s = argmin_s  gᵀs + ½ sᵀHs + (M/6)‖s‖³,      θ ← θ + α s   (α = 1 is the method)
//! ```
//! The global minimiser satisfies (H + (M r/2) I) s = −g with r = ‖s‖ and H + (M r/2)I ⪰ 0. With
//! H = QΛQᵀ and g̃ = Qᵀg, ‖s(r)‖² = Σ g̃ᵢ²/(λᵢ + M r/2)² decreases in r on r > r₀ = max(0, −2λ_min/M),
//! so r solves ‖s(r)‖ = r by bisection. In the "hard case" (g̃ has no component along the most
//! negative eigenvector), ‖s(r₀)‖ < r₀ and the eigenvector is added to reach length r₀ — which is
//! how the method escapes a saddle even where g = 0. The lecture writes the quadratic term without
//! ½ and the penalty λ/6‖Δw‖³; M plays the role of λ (a Lipschitz bound on the Hessian).
//!
//! Needs `ctx.objective` with a Hessian.

use serde::{Deserialize, Serialize};

use super::error::OptimError;
use super::hyper::{tunable, Spec};
use super::joint;
use super::method::Method;
use super::{ParamBlock, StepContext};

/// Configuration of cubic-regularised Newton (defaults: α = 1, M = 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CubicNewtonConfig {
    /// α, fraction of the model minimiser taken (1 = the method).
    pub lr: f64,
    /// M, weight of the cubic penalty (Lipschitz constant of the Hessian).
    pub m: f64,
}

impl Default for CubicNewtonConfig {
    fn default() -> Self {
        CubicNewtonConfig { lr: 1.0, m: 1.0 }
    }
}

pub(crate) const LABEL: &str = "Cubic-regularised Newton";
pub(crate) const RULE: &str = "s = argmin gᵀs + ½sᵀHs + (M/6)‖s‖³; θ ← θ + α s";

tunable!(CubicNewtonConfig {
    lr: Spec::real(
        "lr",
        "α (damping)",
        1e-6,
        2.0,
        true,
        "Fraction of the cubic-model step taken (1 = full step).",
    ),
    m: Spec::real(
        "m",
        "M (cubic weight)",
        1e-6,
        1e6,
        true,
        "Weight of the (M/6)‖s‖³ penalty: larger M, shorter steps.",
    ),
});

impl Method for CubicNewtonConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = ();
    fn init(&self, _block: &mut ParamBlock, _lr: f64) {}
    fn step(
        &self,
        _states: &mut [()],
        blocks: &mut [ParamBlock],
        ctx: &StepContext,
        _t: u64,
    ) -> Result<(), OptimError> {
        step(self, blocks, ctx)
    }
    fn needs_hessian(&self) -> bool {
        true
    }
}

/// ‖s(r)‖ where s(r) = −(H + (M r/2)I)⁻¹g in the eigenbasis.
fn norm_s(lams: &[f64], gt: &[f64], m: f64, r: f64) -> f64 {
    lams.iter()
        .zip(gt)
        .map(|(&l, &g)| {
            let d = l + 0.5 * m * r;
            if g == 0.0 {
                0.0
            } else {
                (g / d) * (g / d)
            }
        })
        .sum::<f64>()
        .sqrt()
}

/// The minimiser s of the cubic model, from eigenvalues `lams`, eigenvectors (columns of `q`,
/// row-major n×n) and the rotated gradient g̃ = Qᵀg. Returns s in the original coordinates.
pub(crate) fn solve(lams: &[f64], q: &nalgebra::DMatrix<f64>, gt: &[f64], m: f64) -> Vec<f64> {
    let n = lams.len();
    let lam_min = lams.iter().copied().fold(f64::INFINITY, f64::min);
    let r0 = (-2.0 * lam_min / m).max(0.0);
    let gnorm = gt.iter().map(|g| g * g).sum::<f64>().sqrt();
    let scale = 1.0 + r0 + gnorm;
    let r_a = r0 + 1e-12 * scale;
    let r_star;
    let mut hard = false;
    if norm_s(lams, gt, m, r_a) <= r_a {
        r_star = r_a;
        hard = lam_min < 0.0;
    } else {
        let mut hi = r_a.max(1e-12) * 2.0;
        let mut guard = 0;
        while norm_s(lams, gt, m, hi) > hi && guard < 2000 {
            hi *= 2.0;
            guard += 1;
        }
        let mut lo = r_a;
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if mid <= lo || mid >= hi {
                break;
            }
            if norm_s(lams, gt, m, mid) > mid {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        r_star = 0.5 * (lo + hi);
    }
    // s̃ᵢ = −g̃ᵢ/(λᵢ + M r/2)
    let mut st: Vec<f64> = lams
        .iter()
        .zip(gt)
        .map(|(&l, &g)| {
            if g == 0.0 {
                0.0
            } else {
                -g / (l + 0.5 * m * r_star)
            }
        })
        .collect();
    if hard {
        let cur = st.iter().map(|x| x * x).sum::<f64>().sqrt();
        let tau = (r_star * r_star - cur * cur).max(0.0).sqrt();
        if let Some((imin, _)) =
            lams.iter()
                .enumerate()
                .fold(None::<(usize, f64)>, |acc, (i, &l)| match acc {
                    Some((_, best)) if best <= l => acc,
                    _ => Some((i, l)),
                })
        {
            st[imin] += tau;
        }
    }
    let mut s = vec![0.0; n];
    for (i, si) in s.iter_mut().enumerate() {
        *si = (0..n).map(|j| q[(i, j)] * st[j]).sum();
    }
    s
}

pub(crate) fn step(
    cfg: &CubicNewtonConfig,
    blocks: &mut [ParamBlock],
    ctx: &StepContext,
) -> Result<(), OptimError> {
    let (x, g) = joint::gather(blocks);
    let obj = joint::objective(ctx, x.len(), LABEL, "it needs the Hessian")?;
    let eig = joint::hessian_eigen(obj, &x, LABEL)?;
    let gt = joint::rotate_in(&eig, &g);
    let lams: Vec<f64> = eig.eigenvalues.iter().copied().collect();
    let gtv: Vec<f64> = gt.iter().copied().collect();
    let s = solve(&lams, &eig.eigenvectors, &gtv, cfg.m);
    let x_new: Vec<f64> = x.iter().zip(&s).map(|(xi, si)| xi + ctx.lr * si).collect();
    if x_new.iter().any(|v| !v.is_finite()) {
        return Err(OptimError::new(
            "Cubic-regularised Newton: the step produced NaN or infinite parameters",
        ));
    }
    joint::scatter(blocks, &x_new);
    Ok(())
}
