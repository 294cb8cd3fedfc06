//! The saddle x² − y²: gradient descent slows down as it drives by the critical point
//! (lecture 002, "Saddle points").

use super::grid::fill_rows;
use super::shape::{ClosedForm, Facts, Shape};
use super::ViewBox;

/// f(x, y) = x² − y²; critical point at the origin with Hessian diag(2, −2) (a saddle), unbounded
/// below, so there is no minimum to mark.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Saddle;

/// The start sits almost on the attracting x axis, so descent first heads for the saddle and only
/// slowly escapes along y. No minima; `min_value` is the saddle's value 0 (f is unbounded below).
impl ClosedForm for Saddle {
    const FACTS: Facts = Facts {
        label: "Saddle",
        formula: "f(x, y) = x² − y²",
        view: ViewBox::new(-2.0, 2.0, -1.5, 1.5),
        start: [-1.8, 0.001],
        minima: &[],
        min_value: 0.0,
    };
}

impl Shape for Saddle {
    fn value(&self, x: f64, y: f64) -> f64 {
        x * x - y * y
    }
    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        [2.0 * x, -2.0 * y]
    }
    fn hessian(&self, _x: f64, _y: f64) -> [[f64; 2]; 2] {
        [[2.0, 0.0], [0.0, -2.0]]
    }
    fn fill_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        fill_rows(view, w, h, out, |y| {
            let yy = y * y;
            move |x| x * x - yy
        });
    }
}
