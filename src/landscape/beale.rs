//! Beale's function (Beale 1958): a flat basin with very steep ridges near the corners.

use super::grid::fill_rows;
use super::shape::{ClosedForm, Facts, Shape};
use super::ViewBox;

/// f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²; minimum f* = 0 at (3, ½).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Beale;

/// View, start and the minimum (3, 0.5) (each bracket vanishes: 1.5 − 3 + 1.5 = 0, 2.25 − 3 + 0.75 = 0,
/// 2.625 − 3 + 0.375 = 0).
impl ClosedForm for Beale {
    const FACTS: Facts = Facts {
        label: "Beale",
        formula: "f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
        view: ViewBox::new(-4.5, 4.5, -3.375, 3.375),
        start: [1.0, 1.5],
        minima: &[[3.0, 0.5]],
        min_value: 0.0,
    };
}

impl Shape for Beale {
    fn value(&self, x: f64, y: f64) -> f64 {
        let y2 = y * y;
        let t1 = 1.5 - x + x * y;
        let t2 = 2.25 - x + x * y2;
        let t3 = 2.625 - x + x * y2 * y;
        t1 * t1 + t2 * t2 + t3 * t3
    }
    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        // f = Σ t_k², ∇f = 2 Σ t_k ∇t_k with ∇t₁ = (y − 1, x), ∇t₂ = (y² − 1, 2xy), ∇t₃ = (y³ − 1, 3xy²)
        let (y2, y3) = (y * y, y * y * y);
        let t1 = 1.5 - x + x * y;
        let t2 = 2.25 - x + x * y2;
        let t3 = 2.625 - x + x * y3;
        [
            2.0 * (t1 * (y - 1.0) + t2 * (y2 - 1.0) + t3 * (y3 - 1.0)),
            2.0 * (t1 * x + t2 * 2.0 * x * y + t3 * 3.0 * x * y2),
        ]
    }
    fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
        // ∇²f = 2 Σ (∇t_k ∇t_kᵀ + t_k ∇²t_k) with ∇²t₁ = [[0,1],[1,0]], ∇²t₂ = [[0,2y],[2y,2x]],
        // ∇²t₃ = [[0,3y²],[3y²,6xy]]
        let (y2, y3) = (y * y, y * y * y);
        let t1 = 1.5 - x + x * y;
        let t2 = 2.25 - x + x * y2;
        let t3 = 2.625 - x + x * y3;
        let g = [[y - 1.0, x], [y2 - 1.0, 2.0 * x * y], [y3 - 1.0, 3.0 * x * y2]];
        let mut hxx = 0.0;
        let mut hxy = 0.0;
        let mut hyy = 0.0;
        for gk in &g {
            hxx += gk[0] * gk[0];
            hxy += gk[0] * gk[1];
            hyy += gk[1] * gk[1];
        }
        hxy += t1 + t2 * 2.0 * y + t3 * 3.0 * y2;
        hyy += t2 * 2.0 * x + t3 * 6.0 * x * y;
        [[2.0 * hxx, 2.0 * hxy], [2.0 * hxy, 2.0 * hyy]]
    }
    fn fill_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        fill_rows(view, w, h, out, |y| {
            let (k1, k2, k3) = (y - 1.0, y * y - 1.0, y * y * y - 1.0);
            move |x| {
                let t1 = 1.5 + x * k1;
                let t2 = 2.25 + x * k2;
                let t3 = 2.625 + x * k3;
                t1 * t1 + t2 * t2 + t3 * t3
            }
        });
    }
}
