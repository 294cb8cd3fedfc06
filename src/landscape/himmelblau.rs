//! Himmelblau's function (Himmelblau 1972): four minima of equal depth, one maximum, four saddles.

use super::grid::fill_rows;
use super::shape::{ClosedForm, Facts, Shape};
use super::ViewBox;

/// f(x, y) = (x² + y − 11)² + (x + y² − 7)²; four global minima with f* = 0.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Himmelblau;

/// The four minima: (3, 2) exactly, the other three are roots of ∇f = 0 found with
/// mpmath `findroot` at 30 digits (`findroot(grad, (-2.8, 3.13))` etc.), rounded to f64.
/// The local maximum is at (−0.270845, −0.923039), f = 181.617.
impl ClosedForm for Himmelblau {
    const FACTS: Facts = Facts {
        label: "Himmelblau (4 minima)",
        formula: "f(x, y) = (x² + y − 11)² + (x + y² − 7)²",
        view: ViewBox::new(-6.0, 6.0, -4.5, 4.5),
        start: [0.0, 0.0],
        minima: &[
            [3.0, 2.0],
            [-2.805_118_086_952_745, 3.131_312_518_250_573],
            [-3.779_310_253_377_747, -3.283_185_991_286_169_6],
            [3.584_428_340_330_491_7, -1.848_126_526_964_403_6],
        ],
        min_value: 0.0,
    };
}

impl Shape for Himmelblau {
    fn value(&self, x: f64, y: f64) -> f64 {
        let (a, b) = (x * x + y - 11.0, x + y * y - 7.0);
        a * a + b * b
    }
    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        // with a = x² + y − 11, b = x + y² − 7: ∇f = 2a(2x, 1) + 2b(1, 2y)
        let (a, b) = (x * x + y - 11.0, x + y * y - 7.0);
        [4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b]
    }
    fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
        // ∇²f = 2(∇a∇aᵀ + a∇²a + ∇b∇bᵀ + b∇²b), ∇²a = diag(2, 0), ∇²b = diag(0, 2)
        let (a, b) = (x * x + y - 11.0, x + y * y - 7.0);
        let hxy = 4.0 * (x + y);
        [[8.0 * x * x + 4.0 * a + 2.0, hxy], [hxy, 8.0 * y * y + 4.0 * b + 2.0]]
    }
    fn fill_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        fill_rows(view, w, h, out, |y| {
            let (ya, yb) = (y - 11.0, y * y - 7.0);
            move |x| {
                let (a, b) = (x * x + ya, x + yb);
                a * a + b * b
            }
        });
    }
}
