//! The 2-D Rastrigin function (Rastrigin 1974): a bowl covered in a lattice of local minima.

use std::f64::consts::{PI, TAU};

use super::grid::fill_separable;
use super::shape::{ClosedForm, Facts, Shape};
use super::ViewBox;

/// f(x, y) = 20 + x² − 10 cos 2πx + y² − 10 cos 2πy; global minimum f* = 0 at the origin, a local
/// minimum near every integer point (only the global one is marked).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Rastrigin;

/// One coordinate's share, x² − 10 cos 2πx + 10 (≥ 0, zero only at 0).
#[inline]
fn term(t: f64) -> f64 {
    t * t - 10.0 * (TAU * t).cos() + 10.0
}

/// The usual ±5.12 domain, stretched to 4:3.
impl ClosedForm for Rastrigin {
    const FACTS: Facts = Facts {
        label: "Rastrigin (many local minima)",
        formula: "f(x, y) = 20 + x² − 10 cos 2πx + y² − 10 cos 2πy",
        view: ViewBox::new(-5.12, 5.12, -3.84, 3.84),
        start: [-3.3, 2.6],
        minima: &[[0.0, 0.0]],
        min_value: 0.0,
    };
}

impl Shape for Rastrigin {
    fn value(&self, x: f64, y: f64) -> f64 {
        term(x) + term(y)
    }
    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        // d/dt (t² − 10 cos 2πt) = 2t + 20π sin 2πt
        [2.0 * x + 20.0 * PI * (TAU * x).sin(), 2.0 * y + 20.0 * PI * (TAU * y).sin()]
    }
    fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
        // d²/dt² = 2 + 40π² cos 2πt; separable, so no cross term
        let k = 40.0 * PI * PI;
        [[2.0 + k * (TAU * x).cos(), 0.0], [0.0, 2.0 + k * (TAU * y).cos()]]
    }
    fn fill_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        // Separable sum: w + h cosines instead of 2·w·h.
        fill_separable(view, w, h, out, term, term, |a, b| a + b);
    }
}
