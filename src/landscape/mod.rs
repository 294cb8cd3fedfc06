//! 2-D loss landscapes with analytic value, gradient and Hessian (lectures 002, 003).
//!
//! A [`LandscapeConfig`] (serde data, lives in the URL) is validated and built into a [`Surface`],
//! which the optimizer lab queries for values, gradients (exact or noisy, [`NoiseConfig`]),
//! Hessians (for Newton's method and the [`curvature`] read-out), a heatmap raster
//! ([`Surface::value_grid`]) and the smoothness constant L of lecture 003 ([`Surface::lipschitz`]).
//!
//! One file per concept: `config` (which landscape), `surface` (the built landscape), `view`,
//! `noise`, `curvature`, `grid` (raster loops), `param`, `error`, and one file per formula.

mod config;
mod curvature;
mod error;
mod grid;
mod logistic;
mod noise;
mod param;
mod shape;
mod surface;
mod view;

mod beale;
mod booth;
mod camel;
mod himmelblau;
mod monkey_saddle;
mod plateau;
mod quadratic;
mod rastrigin;
mod rosenbrock;
mod saddle;

#[cfg(test)]
mod tests;

pub use config::{
    LandscapeConfig, ANGLE_RANGE, DEFAULT_ANGLE_DEG, DEFAULT_KAPPA, DEFAULT_N, DEFAULT_SEED, DEFAULT_SEPARATION,
    KAPPA_RANGE, N_RANGE, SEED_MAX, SEPARATION_RANGE,
};
pub use curvature::{curvature, CriticalKind, Curvature, DEGENERATE_REL_TOL};
pub use error::LandscapeError;
pub use logistic::{LogisticData, CLASS_DIRECTION, LOGISTIC_L2};
pub use noise::NoiseConfig;
pub use param::LandscapeParam;
pub use surface::{Surface, LIPSCHITZ_GRID};
pub use view::ViewBox;
