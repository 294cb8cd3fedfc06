//! Mirror descent with a selectable mirror map (lecture 003, "Model #3").
//!
//! Mirror descent models the loss as f(w + Δw) ≈ f(w) + gᵀΔw + D_h(w + Δw, w), with the Bregman
//! divergence D_h(w', w) = h(w') − h(w) − ∇h(w)ᵀ(w' − w) of a convex h. Minimising over Δw gives
//! ∇h(w_new) = ∇h(w) − αg. For the maps offered here:
//! - `euclidean`: h(w) = ½‖w‖² → w ← w − αg (plain gradient descent; the lecture's h = ‖w‖²_F
//!   differs by a factor 2 absorbed into α);
//! - `diagonal_quadratic`: h(w) = ½Σ aᵢwᵢ² → ∇h = Aw, so w ← w − αA⁻¹g.
//!
//! Choice for blocks of more than two numbers: a₁ applies to even flat indices (0, 2, 4, …) and
//! a₂ to odd ones, so on a 2-D landscape a₁ weighs x and a₂ weighs y.

use serde::{Deserialize, Serialize};

use super::hyper::{lr_spec, tunable, Spec};
use super::method::Method;
use super::ParamBlock;
use crate::param::ParamValue;

/// Which convex function h defines the geometry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MirrorMap {
    /// h(w) = ½‖w‖²: gradient descent.
    #[default]
    Euclidean,
    /// h(w) = ½Σ aᵢwᵢ²: gradient descent preconditioned by A⁻¹.
    DiagonalQuadratic,
}

/// Configuration of mirror descent (defaults: α = 0.1, Euclidean map, a₁ = 1, a₂ = 10).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MirrorDescentConfig {
    /// α, the learning rate.
    pub lr: f64,
    /// The mirror map h.
    pub map: MirrorMap,
    /// a₁, curvature of h on even indices (x on a landscape).
    pub a1: f64,
    /// a₂, curvature of h on odd indices (y on a landscape).
    pub a2: f64,
}

impl Default for MirrorDescentConfig {
    fn default() -> Self {
        MirrorDescentConfig {
            lr: 0.1,
            map: MirrorMap::Euclidean,
            a1: 1.0,
            a2: 10.0,
        }
    }
}

pub(crate) const LABEL: &str = "Mirror descent";
pub(crate) const RULE: &str = "∇h(θ) ← ∇h(θ) − α∇f(θ); h(w) = ½Σaᵢwᵢ² ⇒ θ ← θ − α A⁻¹∇f(θ)";

/// The map as a switch: off = Euclidean, on = diagonal quadratic.
impl ParamValue for MirrorMap {
    fn to_param(&self) -> f64 {
        (*self == MirrorMap::DiagonalQuadratic).to_param()
    }
    fn from_param(v: f64) -> Self {
        if bool::from_param(v) {
            MirrorMap::DiagonalQuadratic
        } else {
            MirrorMap::Euclidean
        }
    }
}

tunable!(MirrorDescentConfig {
    lr: lr_spec("Step size."),
    map: Spec::boolean(
        "diagonal",
        "h = ½Σaᵢwᵢ²",
        "Off: Euclidean h (plain GD). On: diagonal quadratic mirror map with a₁, a₂.",
    ),
    a1: Spec::real(
        "a1",
        "a₁",
        1e-6,
        1e6,
        true,
        "Curvature of h along x (even indices).",
    ),
    a2: Spec::real(
        "a2",
        "a₂",
        1e-6,
        1e6,
        true,
        "Curvature of h along y (odd indices).",
    ),
});

impl Method for MirrorDescentConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = ();
    fn init(&self, _block: &mut ParamBlock, _lr: f64) {}
    fn update(&self, _st: &mut (), block: &mut ParamBlock, lr: f64, _t: u64) {
        let (s_even, s_odd) = match self.map {
            MirrorMap::Euclidean => (lr, lr),
            MirrorMap::DiagonalQuadratic => (lr / self.a1, lr / self.a2),
        };
        for (i, (pi, &gi)) in block.params.iter_mut().zip(block.grad).enumerate() {
            *pi -= if i % 2 == 0 { s_even } else { s_odd } * gi;
        }
    }
}
