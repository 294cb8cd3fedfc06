//! Rosenbrock's banana valley (Rosenbrock 1960): a curved, narrow valley with a flat floor.

use super::grid::{fill_rows_x2, F2};
use super::shape::{ClosedForm, Facts, Shape};
use super::ViewBox;

/// f(x, y) = (a − x)² + b (y − x²)² with a = 1, b = 100; minimum f* = 0 at (1, 1).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Rosenbrock;

/// View, start (the classic (−1.2, 1)) and minimum.
impl ClosedForm for Rosenbrock {
    const FACTS: Facts = Facts {
        label: "Rosenbrock valley",
        formula: "f(x, y) = (1 − x)² + 100 (y − x²)²",
        view: ViewBox::new(-2.0, 2.0, -1.0, 2.0),
        start: [-1.2, 1.0],
        minima: &[[1.0, 1.0]],
        min_value: 0.0,
    };
}

impl Shape for Rosenbrock {
    fn value(&self, x: f64, y: f64) -> f64 {
        let (p, q) = (1.0 - x, y - x * x);
        p * p + 100.0 * q * q
    }
    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        // ∂f/∂x = −2(1 − x) − 400 x (y − x²), ∂f/∂y = 200 (y − x²). Grouped as 400·(x·q), the
        // order automatic differentiation of the typed formula rounds in, so a typed Rosenbrock
        // races bit for bit like this one (issue 13).
        let q = y - x * x;
        [-2.0 * (1.0 - x) - 400.0 * (x * q), 200.0 * q]
    }
    fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
        // ∂²f/∂x² = 2 − 400 y + 1200 x², ∂²f/∂x∂y = −400 x, ∂²f/∂y² = 200
        let hxy = -400.0 * x;
        [[2.0 - 400.0 * y + 1200.0 * x * x, hxy], [hxy, 200.0]]
    }
    fn fill_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        // Two pixels at a time (f64x2 in the browser), the same operations as `value`.
        fill_rows_x2(
            view,
            w,
            h,
            out,
            |y| {
                move |x| {
                    let (p, q) = (1.0 - x, y - x * x);
                    p * p + 100.0 * q * q
                }
            },
            |y| {
                let (one, yv, hundred) = (F2::splat(1.0), F2::splat(y), F2::splat(100.0));
                move |x| {
                    let (p, q) = (one - x, yv - x * x);
                    p * p + hundred * q * q
                }
            },
        );
    }
}
