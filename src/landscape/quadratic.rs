//! Ill-conditioned quadratic bowl: the landscape where gradient descent zig-zags (lecture 002,
//! "Oscillation"; lecture 001, condition number κ).

use super::grid::fill_rows;
use super::shape::{Facts, Frame, Landscape, Shape};
use super::{LandscapeError, ViewBox};
use crate::param::Spec;

/// Default condition number κ of the quadratic.
pub const DEFAULT_KAPPA: f64 = 10.0;
/// Default angle θ (degrees) of the quadratic's flat direction.
pub const DEFAULT_ANGLE_DEG: f64 = 30.0;
/// Accepted range of κ.
pub const KAPPA_RANGE: (f64, f64) = (1.0, 1e4);
/// Accepted range of θ in degrees.
pub const ANGLE_RANGE: (f64, f64) = (-180.0, 180.0);

/// f(x) = ½ xᵀ A x with A = R(θ) diag(1/κ, 1) R(θ)ᵀ.
///
/// The eigenvalues are 1/κ (along u₁ = (cos θ, sin θ), the long, flat valley) and 1 (along
/// u₂ = (−sin θ, cos θ), the steep walls), so the condition number is κ and the largest curvature
/// is always 1: plain gradient descent is stable for α < 2 whatever κ, and needs about κ steps to
/// crawl along the valley. The single minimum is the origin, f* = 0.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Quadratic {
    /// A₁₁ = cos²θ/κ + sin²θ.
    a: f64,
    /// A₁₂ = sinθ cosθ (1/κ − 1).
    b: f64,
    /// A₂₂ = sin²θ/κ + cos²θ.
    c: f64,
    /// Rotation (cos θ, sin θ).
    rot: [f64; 2],
}

impl Quadratic {
    /// The quadratic with condition number κ ≥ 1 whose flat direction makes `angle_deg` degrees
    /// with the x axis.
    pub(crate) fn new(kappa: f64, angle_deg: f64) -> Self {
        let (s, c) = angle_deg.to_radians().sin_cos();
        let ik = 1.0 / kappa;
        Quadratic { a: c * c * ik + s * s, b: s * c * (ik - 1.0), c: s * s * ik + c * c, rot: [c, s] }
    }

    /// Start point: 2.5 along the flat direction and 0.8 up the steep wall, so both the slow crawl
    /// and the oscillation are visible (R(θ)·(−2.5, 0.8), always inside the view since its norm is 2.62 < 3).
    pub(crate) fn start(&self) -> [f64; 2] {
        let [c, s] = self.rot;
        let (u, v) = (-2.5, 0.8);
        [c * u - s * v, s * u + c * v]
    }
}

/// Fixed facts (the start point depends on θ, see [`Quadratic::start`]).
const FACTS: Facts = Facts {
    label: "Ill-conditioned quadratic",
    formula: "f(x) = ½ xᵀ R(θ) diag(1/κ, 1) R(θ)ᵀ x",
    view: ViewBox::new(-4.0, 4.0, -3.0, 3.0),
    start: [-2.5, 0.8],
    minima: &[[0.0, 0.0]],
    min_value: 0.0,
};

impl Landscape for Quadratic {
    /// (κ, θ in degrees).
    type Params = (f64, f64);
    const DEFAULTS: (f64, f64) = (DEFAULT_KAPPA, DEFAULT_ANGLE_DEG);
    const PARAMS: &'static [Spec] = &[
        Spec::real("kappa", "condition number κ", KAPPA_RANGE.0, KAPPA_RANGE.1, true, "Ratio of the steepest to the flattest curvature. κ = 1 is a round bowl; large κ is a long narrow valley where gradient descent zig-zags."),
        Spec::real("angle_deg", "rotation θ (°)", ANGLE_RANGE.0, ANGLE_RANGE.1, false, "Angle of the valley's flat direction. Per-coordinate methods (RMSProp, Adam) behave differently when the valley is not aligned with an axis.")
            .named("rotation angle θ (degrees)"),
    ];
    const LABEL: &'static str = FACTS.label;
    const FORMULA: &'static str = FACTS.formula;
    fn new((kappa, angle_deg): (f64, f64)) -> Self {
        Quadratic::new(kappa, angle_deg)
    }
    fn frame(&self) -> Result<Frame, LandscapeError> {
        Ok(Frame { start: self.start(), ..FACTS.frame() })
    }
}

impl Shape for Quadratic {
    fn value(&self, x: f64, y: f64) -> f64 {
        0.5 * (self.a * x * x + 2.0 * self.b * x * y + self.c * y * y)
    }
    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        [self.a * x + self.b * y, self.b * x + self.c * y]
    }
    fn hessian(&self, _x: f64, _y: f64) -> [[f64; 2]; 2] {
        [[self.a, self.b], [self.b, self.c]]
    }
    fn fill_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        let (a, b, c) = (0.5 * self.a, self.b, 0.5 * self.c);
        fill_rows(view, w, h, out, |y| {
            let (by, cyy) = (b * y, c * y * y);
            move |x| (a * x + by) * x + cyy
        });
    }
}
