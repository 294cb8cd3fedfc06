//! The six-hump camel function: two global minima and four local ones.

use super::grid::fill_rows;
use super::shape::{ClosedForm, Facts, Shape};
use super::ViewBox;

/// f(x, y) = (4 − 2.1x² + x⁴/3) x² + xy + (−4 + 4y²) y².
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct SixHumpCamel;

/// Minima from mpmath `findroot` on ∇f at 30 digits (starting near the literature values), rounded
/// to f64: two global minima ±(0.0898420, −0.7126564) with f* = −1.0316284534898774, two local
/// ±(1.7036067, −0.7960836) with f = −0.2154638, two local ±(1.6071048, 0.5686515) with f = 2.1042503.
impl ClosedForm for SixHumpCamel {
    const FACTS: Facts = Facts {
        label: "Six-hump camel",
        formula: "f(x, y) = (4 − 2.1x² + x⁴/3) x² + xy + (4y² − 4) y²",
        view: ViewBox::new(-2.2, 2.2, -1.65, 1.65),
        start: [-1.5, -1.0],
        minima: &[
            [0.089_842_013_100_318_06, -0.712_656_403_020_739_6],
            [-0.089_842_013_100_318_06, 0.712_656_403_020_739_6],
            [1.703_606_714_969_981, -0.796_083_568_672_625_1],
            [-1.703_606_714_969_981, 0.796_083_568_672_625_1],
            [1.607_104_752_920_197_2, 0.568_651_454_884_131_4],
            [-1.607_104_752_920_197_2, -0.568_651_454_884_131_4],
        ],
        min_value: -1.031_628_453_489_877_4,
    };
}

impl Shape for SixHumpCamel {
    fn value(&self, x: f64, y: f64) -> f64 {
        let (x2, y2) = (x * x, y * y);
        (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (4.0 * y2 - 4.0) * y2
    }
    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        // ∂f/∂x = 8x − 8.4x³ + 2x⁵ + y, ∂f/∂y = x − 8y + 16y³
        let (x2, y2) = (x * x, y * y);
        [x * (8.0 - 8.4 * x2 + 2.0 * x2 * x2) + y, x - 8.0 * y + 16.0 * y * y2]
    }
    fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
        // ∂²f/∂x² = 8 − 25.2x² + 10x⁴, ∂²f/∂x∂y = 1, ∂²f/∂y² = −8 + 48y²
        let x2 = x * x;
        [[8.0 - 25.2 * x2 + 10.0 * x2 * x2, 1.0], [1.0, -8.0 + 48.0 * y * y]]
    }
    fn fill_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        fill_rows(view, w, h, out, |y| {
            let y2 = y * y;
            let yterm = (4.0 * y2 - 4.0) * y2;
            move |x| {
                let x2 = x * x;
                (4.0 - 2.1 * x2 + x2 * x2 * (1.0 / 3.0)) * x2 + x * y + yterm
            }
        });
    }
}
