//! Damped Newton's method (lecture 004), with optional saddle-free curvature and Armijo
//! backtracking.
//!
//! With the Hessian H = QΛQᵀ (eigen-decomposition) and gradient g:
//! ```text
//! d = Q |Λ|⁻¹_floor Qᵀ g   (saddle-free: λ̃ = max(|λ|, floor), Dauphin et al. 2014)
//! d = Q Λ⁻¹_floor Qᵀ g     (plain: λ̃ = sign(λ)·max(|λ|, floor), i.e. H⁻¹g with tiny eigenvalues lifted)
//! θ ← θ − α d              (lecture 004: θ ← θ − α(∇²f)⁻¹∇f; α = 1 is the full step)
//! ```
//! Plain Newton jumps to the stationary point of the local quadratic, which is a maximum or a
//! saddle where H is not positive definite; saddle-free Newton flips negative curvature so d is
//! always a descent direction.
//!
//! Armijo line search (optional): starting from t = α, shrink t ← ρt until
//! f(θ − td) ≤ f(θ) − c·t·gᵀd (at most 60 halvings). If d points uphill (plain Newton, indefinite H)
//! no t satisfies it and the step shrinks to nearly nothing — a visible sign to use saddle-free.
//!
//! Needs `ctx.objective` with a Hessian (the blocks are concatenated into one vector).

use serde::{Deserialize, Serialize};

use super::error::OptimError;
use super::hyper::{tunable, Spec};
use super::joint;
use super::method::Method;
use super::{ParamBlock, StepContext};

/// Configuration of Newton's method (defaults: α = 1, plain, floor 1e-4, no line search,
/// c = 1e-4, ρ = 0.5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NewtonConfig {
    /// α, damping of the Newton step (1 = full step).
    pub lr: f64,
    /// Use |λ| instead of λ (saddle-free Newton).
    pub saddle_free: bool,
    /// Eigenvalues are lifted to at least this magnitude.
    pub eig_floor: f64,
    /// Armijo backtracking line search (needs f values).
    pub line_search: bool,
    /// c, Armijo sufficient-decrease constant.
    pub armijo_c: f64,
    /// ρ, backtracking shrink factor.
    pub backtrack: f64,
}

impl Default for NewtonConfig {
    fn default() -> Self {
        NewtonConfig {
            lr: 1.0,
            saddle_free: false,
            eig_floor: 1e-4,
            line_search: false,
            armijo_c: 1e-4,
            backtrack: 0.5,
        }
    }
}

pub(crate) const LABEL: &str = "Newton";
pub(crate) const RULE: &str = "H = QΛQᵀ; d = QΛ̃⁻¹Qᵀ∇f(θ) (λ̃ = |λ| if saddle-free); θ ← θ − α d";

tunable!(NewtonConfig {
    lr: Spec::real(
        "lr",
        "α (damping)",
        1e-6,
        2.0,
        true,
        "Fraction of the Newton step taken (1 = full step).",
    ),
    saddle_free: Spec::boolean(
        "saddle_free",
        "saddle-free |λ|",
        "Use |λ| so negative curvature pushes away from saddles.",
    ),
    eig_floor: Spec::real(
        "eig_floor",
        "λ floor",
        1e-12,
        1e3,
        true,
        "Eigenvalues smaller than this (in magnitude) are lifted to it.",
    ),
    line_search: Spec::boolean(
        "line_search",
        "Armijo line search",
        "Shrink the step until the loss decreases enough.",
    ),
    armijo_c: Spec::real(
        "armijo_c",
        "c (Armijo)",
        1e-8,
        0.5,
        true,
        "Required fraction of the predicted decrease.",
    ),
    backtrack: Spec::real(
        "backtrack",
        "ρ (backtracking)",
        0.05,
        0.95,
        false,
        "Factor by which the step shrinks on each try.",
    ),
});

impl Method for NewtonConfig {
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

/// Maximum number of backtracking reductions.
const MAX_BACKTRACKS: usize = 60;

/// The Newton direction d (θ moves by −αd).
pub(crate) fn direction(
    cfg: &NewtonConfig,
    eig: &nalgebra::SymmetricEigen<f64, nalgebra::Dyn>,
    g: &[f64],
) -> Vec<f64> {
    let gt = joint::rotate_in(eig, g);
    let scaled = nalgebra::DVector::from_iterator(
        g.len(),
        gt.iter().zip(eig.eigenvalues.iter()).map(|(&gi, &l)| {
            let mag = l.abs().max(cfg.eig_floor);
            let lt = if cfg.saddle_free || l >= 0.0 {
                mag
            } else {
                -mag
            };
            gi / lt
        }),
    );
    let d = &eig.eigenvectors * scaled;
    d.iter().copied().collect()
}

/// Armijo backtracking: the accepted step length along −d, starting from `t0`.
pub(crate) fn armijo(
    obj: &dyn super::Objective,
    x: &[f64],
    g: &[f64],
    d: &[f64],
    t0: f64,
    c: f64,
    rho: f64,
) -> f64 {
    let f0 = obj.value(x);
    let slope: f64 = g.iter().zip(d).map(|(a, b)| a * b).sum();
    let mut t = t0;
    let mut y = vec![0.0; x.len()];
    for _ in 0..MAX_BACKTRACKS {
        for ((yi, xi), di) in y.iter_mut().zip(x).zip(d) {
            *yi = xi - t * di;
        }
        let f = obj.value(&y);
        if f <= f0 - c * t * slope {
            return t;
        }
        t *= rho;
    }
    t
}

pub(crate) fn step(
    cfg: &NewtonConfig,
    blocks: &mut [ParamBlock],
    ctx: &StepContext,
) -> Result<(), OptimError> {
    let (x, g) = joint::gather(blocks);
    let obj = joint::objective(ctx, x.len(), LABEL, "it needs the Hessian")?;
    let eig = joint::hessian_eigen(obj, &x, LABEL)?;
    let d = direction(cfg, &eig, &g);
    let t = if cfg.line_search {
        armijo(obj, &x, &g, &d, ctx.lr, cfg.armijo_c, cfg.backtrack)
    } else {
        ctx.lr
    };
    let x_new: Vec<f64> = x.iter().zip(&d).map(|(xi, di)| xi - t * di).collect();
    if x_new.iter().any(|v| !v.is_finite()) {
        return Err(OptimError::new(
            "Newton: the step produced NaN or infinite parameters",
        ));
    }
    joint::scatter(blocks, &x_new);
    Ok(())
}
