//! The interface every landscape formula implements (internal to the landscape area).

use super::ViewBox;

/// A twice-differentiable function of the plane with its analytic derivatives.
pub(crate) trait Shape {
    /// f(x, y).
    fn value(&self, x: f64, y: f64) -> f64;
    /// ∇f = (∂f/∂x, ∂f/∂y).
    fn gradient(&self, x: f64, y: f64) -> [f64; 2];
    /// ∇²f, symmetric.
    fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2];
    /// Raster of f over `view` (see [`super::grid`]); the default evaluates `value` per pixel.
    fn fill_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        super::grid::fill_rows(view, w, h, out, |y| move |x| self.value(x, y));
    }
}

/// Fixed facts about a closed-form landscape, shown or marked by the lab.
pub(crate) struct Facts {
    /// Short name for menus.
    pub label: &'static str,
    /// Formula shown on the page (Unicode).
    pub formula: &'static str,
    /// View that frames the interesting part.
    pub view: ViewBox,
    /// Suggested starting point.
    pub start: [f64; 2],
    /// Known minima to mark.
    pub minima: &'static [[f64; 2]],
    /// Known minimum value f* (for "loss − f*" plots).
    pub min_value: f64,
}
