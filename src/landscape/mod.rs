//! 2-D loss landscapes with analytic value, gradient and Hessian (lectures 002, 003).
//!
//! A [`LandscapeConfig`] (serde data, lives in the URL) is validated and built into a [`Surface`],
//! which the optimizer lab queries for values, gradients (exact or noisy, [`NoiseConfig`]),
//! Hessians (for Newton's method and the [`curvature`] read-out), a heatmap raster
//! ([`Surface::value_grid`]) and the smoothness constant L of lecture 003 ([`Surface::lipschitz`]).
//!
//! One file per concept: `registry` (the list below generates [`LandscapeConfig`]), `shape` (what a
//! formula implements), `surface` (the built landscape), `view`, `noise`, `curvature`, `grid`
//! (raster loops), `error`, and one file per formula; `typed` is the landscape typed as a formula
//! (issue 13), whose minima `search` finds numerically.

mod curvature;
mod error;
mod grid;
mod noise;
mod registry;
pub mod search;
mod shape;
mod surface;
pub mod typed;
mod view;

#[cfg(test)]
mod tests;

pub use curvature::{curvature, CriticalKind, Curvature, DEGENERATE_REL_TOL};
pub use error::LandscapeError;
pub use logistic::{
    LogisticData, CLASS_DIRECTION, DEFAULT_N, DEFAULT_SEED, DEFAULT_SEPARATION, LOGISTIC_L2, N_RANGE, SEED_MAX,
    SEPARATION_RANGE,
};
pub use noise::NoiseConfig;
pub use quadratic::{ANGLE_RANGE, DEFAULT_ANGLE_DEG, DEFAULT_KAPPA, KAPPA_RANGE};
pub use surface::{Surface, LIPSCHITZ_GRID};
pub use typed::TypedConfig;
pub use view::ViewBox;

/// One landscape's parameter with its current value (the crate's one descriptor type).
pub type LandscapeParam = crate::param::Param;

use shape::{Frame, Landscape, Shape};

// The landscapes, in menu order: kind id (serde tag) => enum variant with its parameters
// = module::formula type. Each line declares the module and lists the landscape in
// `LandscapeConfig`, its serde form, its parameters' get/set and the formula dispatch
// (see `registry.rs`).
registry::landscapes! {
    /// f = ½ xᵀ R(θ) diag(1/κ, 1) R(θ)ᵀ x: a valley with condition number κ, rotated by θ.
    "quadratic" => Quadratic {
        /// Condition number κ ∈ [1, 10⁴] (ratio of the largest to the smallest curvature).
        kappa: f64,
        /// Angle θ in degrees between the flat direction and the x axis, in [−180, 180].
        angle_deg: f64,
    } = quadratic::Quadratic,
    /// (1 − x)² + 100 (y − x²)².
    "rosenbrock" => Rosenbrock = rosenbrock::Rosenbrock,
    /// (x² + y − 11)² + (x + y² − 7)².
    "himmelblau" => Himmelblau = himmelblau::Himmelblau,
    /// (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)².
    "beale" => Beale = beale::Beale,
    /// (x + 2y − 7)² + (2x + y − 5)².
    "booth" => Booth = booth::Booth,
    /// (4 − 2.1x² + x⁴/3) x² + xy + (4y² − 4) y².
    "six_hump_camel" => SixHumpCamel = camel::SixHumpCamel,
    /// 20 + x² − 10 cos 2πx + y² − 10 cos 2πy.
    "rastrigin" => Rastrigin = rastrigin::Rastrigin,
    /// x² − y².
    "saddle" => Saddle = saddle::Saddle,
    /// x³ − 3xy².
    "monkey_saddle" => MonkeySaddle = monkey_saddle::MonkeySaddle,
    /// 1 − exp(−(x² + y²)).
    "plateau" => Plateau = plateau::Plateau,
    /// Mean logistic NLL over a seeded two-class data set, plus ½λ‖w‖² (λ = [`LOGISTIC_L2`]).
    "logistic" => Logistic {
        /// Number of data points n ∈ [2, 1000].
        n: usize,
        /// Seed of the data set.
        seed: u64,
        /// Distance between the class means, in [0, 10] (noise has unit variance).
        separation: f64,
    } = logistic::Logistic,
}
