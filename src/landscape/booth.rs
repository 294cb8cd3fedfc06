//! Booth's function: a plain convex quadratic bowl, tilted (condition number 9).

use super::grid::fill_rows;
use super::shape::{ClosedForm, Facts, Shape};
use super::ViewBox;

/// f(x, y) = (x + 2y − 7)² + (2x + y − 5)²; minimum f* = 0 at (1, 3).
/// Its Hessian is constant, [[10, 8], [8, 10]], eigenvalues 2 and 18.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Booth;

/// View, start and minimum.
impl ClosedForm for Booth {
    const FACTS: Facts = Facts {
        label: "Booth",
        formula: "f(x, y) = (x + 2y − 7)² + (2x + y − 5)²",
        view: ViewBox::new(-10.0, 10.0, -7.5, 7.5),
        start: [-6.0, -5.0],
        minima: &[[1.0, 3.0]],
        min_value: 0.0,
    };
}

impl Shape for Booth {
    fn value(&self, x: f64, y: f64) -> f64 {
        let (a, b) = (x + 2.0 * y - 7.0, 2.0 * x + y - 5.0);
        a * a + b * b
    }
    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        let (a, b) = (x + 2.0 * y - 7.0, 2.0 * x + y - 5.0);
        [2.0 * a + 4.0 * b, 4.0 * a + 2.0 * b]
    }
    fn hessian(&self, _x: f64, _y: f64) -> [[f64; 2]; 2] {
        [[10.0, 8.0], [8.0, 10.0]]
    }
    fn fill_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        fill_rows(view, w, h, out, |y| {
            let (ya, yb) = (2.0 * y - 7.0, y - 5.0);
            move |x| {
                let (a, b) = (x + ya, 2.0 * x + yb);
                a * a + b * b
            }
        });
    }
}
