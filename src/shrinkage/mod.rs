//! Least squares, ridge, PCA and gradient descent as spectral filters (lecture 001).
//!
//! The Shrinkage lab fits a seeded 1-D regression problem y = f(x) + noise with a linear model on
//! features (polynomial, Gaussian bumps or random Fourier features). With the thin SVD
//! X = U diag(s) Vᵀ every estimator has the form
//!
//! w = V diag(φ(s)/s) Uᵀy,
//!
//! and differs only in its filter factor φ: 1 (least squares), s²/(s²+λ) (ridge), [s ≥ κ] (PCA),
//! 1 − (1 − αs²)^q (q steps of gradient descent from w₀ = 0).
//!
//! | file | concept |
//! | --- | --- |
//! | `error` | [`ShrinkError`], student-readable messages |
//! | `data` | [`DataConfig`], [`Dataset`], [`generate`] |
//! | `csv` | [`parse_csv`] for uploaded points |
//! | `features` | [`FeatureMap`], [`FeatureSpec`], [`design_matrix`] |
//! | `svd` | [`Svd`], [`svd`] and filtered solves |
//! | `filters` | φ for ridge / PCA / GD, α*, q*, the stability limit |
//! | `direct` | normal equations, minimum-norm LS, ridge closed form |
//! | `float` | [`LabFloat`]: f32 vs f64 |
//! | `gd` | [`GdRun`]: resumable gradient descent, achieved filter, components preserved |
//! | `curves` | [`Problem`]: train/test error, error curves vs λ, κ, q |
//! | `precision` | f32 vs f64 for the normal equations |

mod csv;
mod curves;
mod data;
mod direct;
mod error;
mod features;
mod filters;
mod float;
mod gd;
mod precision;
mod svd;
mod truth;

pub use csv::parse_csv;
pub use curves::{log_grid, mse, ErrorCurve, Problem, Sweep};
pub use data::{generate, DataConfig, Dataset, Target, DEFAULT_FORMULA, FOURIER_SCALE_MAX, NOISE_MAX, N_MAX, P_MAX, RBF_WIDTH_MAX};
pub use direct::{least_squares_min_norm, least_squares_normal, normal_equations_in, ridge_closed_form};
pub use error::ShrinkError;
pub use features::{design_matrix, fourier_parameters, FeatureMap, FeatureSpec};
pub use filters::{gd_filter, optimal_alpha, pca_filter, q_star, ridge_filter, stability_limit};
pub use float::LabFloat;
pub use truth::Truth;
pub use gd::{achieved_filter, components_preserved, exact_gd_filter, GdRun, GradientForm};
pub use precision::{least_squares_svd_in, precision_report, route_error, PrecisionReport, ROUTES};
pub use svd::{svd, svd_direct, svd_via_qr, Svd};
