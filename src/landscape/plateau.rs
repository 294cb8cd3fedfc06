//! A narrow well in a wide, almost flat plateau: where small gradients make plain gradient descent
//! look stuck (lecture 002, "Plateaus", "Gradient scale").

use super::grid::fill_separable;
use super::shape::{ClosedForm, Facts, Shape};
use super::ViewBox;

/// Width s of the Gaussian well.
pub(crate) const WIDTH: f64 = 1.0;

/// f(x, y) = 1 − exp(−(x² + y²)/s²), s = 1: minimum f* = 0 at the origin, f → 1 far away.
///
/// |∇f| = (2r/s²)·exp(−r²/s²) is about 5·10⁻⁴ at the start (r ≈ 3.08) and below 10⁻⁶ for r > 4, so
/// gradient descent with a moderate step barely moves, momentum needs many steps to build up
/// speed, while methods that normalise the gradient scale (RMSProp, Adam) walk off the plateau
/// at a steady pace. The Hessian at the minimum is (2/s²)·I.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Plateau;

/// View, start on the plateau, and the minimum.
impl ClosedForm for Plateau {
    const FACTS: Facts = Facts {
        label: "Plateau with a well",
        formula: "f(x, y) = 1 − exp(−(x² + y²))",
        view: ViewBox::new(-4.0, 4.0, -3.0, 3.0),
        start: [-2.5, 1.8],
        minima: &[[0.0, 0.0]],
        min_value: 0.0,
    };
}

/// exp(−t²/s²): the well is a product of one such factor per coordinate.
#[inline]
fn factor(t: f64) -> f64 {
    (-(t * t) / (WIDTH * WIDTH)).exp()
}

impl Shape for Plateau {
    fn value(&self, x: f64, y: f64) -> f64 {
        1.0 - (-(x * x + y * y) / (WIDTH * WIDTH)).exp()
    }
    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        // with e = exp(−r²/s²): ∇f = (2/s²) e (x, y)
        let k = 2.0 / (WIDTH * WIDTH) * (-(x * x + y * y) / (WIDTH * WIDTH)).exp();
        [k * x, k * y]
    }
    fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
        // ∇²f = (2/s²) e (I − (2/s²) (x, y)(x, y)ᵀ)
        let s2 = WIDTH * WIDTH;
        let e = (-(x * x + y * y) / s2).exp();
        let k = 2.0 / s2 * e;
        let q = 2.0 / s2;
        [[k * (1.0 - q * x * x), -k * q * x * y], [-k * q * x * y, k * (1.0 - q * y * y)]]
    }
    fn fill_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        // exp(−(x²+y²)/s²) = exp(−x²/s²)·exp(−y²/s²): w + h exponentials instead of w·h.
        fill_separable(view, w, h, out, factor, factor, |a, b| 1.0 - a * b);
    }
}
