//! The monkey saddle x³ − 3xy²: a degenerate critical point (zero Hessian) with three valleys.

use super::grid::fill_rows;
use super::shape::{ClosedForm, Facts, Shape};
use super::ViewBox;

/// f(x, y) = x³ − 3xy² = Re (x + iy)³; at the origin both ∇f and ∇²f vanish, so the second-order
/// test cannot classify it. Unbounded below, no minima.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct MonkeySaddle;

/// Start on the right ridge, slightly off the axis: descent slides towards the flat origin, where
/// the gradient vanishes to second order, before leaving through one of the three valleys.
impl ClosedForm for MonkeySaddle {
    const FACTS: Facts = Facts {
        label: "Monkey saddle",
        formula: "f(x, y) = x³ − 3xy²",
        view: ViewBox::new(-2.0, 2.0, -1.5, 1.5),
        start: [1.5, 0.02],
        minima: &[],
        min_value: 0.0,
    };
}

impl Shape for MonkeySaddle {
    fn value(&self, x: f64, y: f64) -> f64 {
        x * (x * x - 3.0 * y * y)
    }
    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        [3.0 * (x * x - y * y), -6.0 * x * y]
    }
    fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
        [[6.0 * x, -6.0 * y], [-6.0 * y, -6.0 * x]]
    }
    fn fill_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        fill_rows(view, w, h, out, |y| {
            let yy3 = 3.0 * y * y;
            move |x| x * (x * x - yy3)
        });
    }
}
