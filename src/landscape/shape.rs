//! The interfaces every landscape formula implements (internal to the landscape area): [`Shape`]
//! (value and derivatives) and [`Landscape`] (what the registry needs).

use super::{LandscapeError, LogisticData, ViewBox};
use crate::param::Spec;
use crate::rng::LabRng;

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

impl Facts {
    /// The fixed view, start, minima and f*.
    pub(crate) fn frame(&self) -> Frame {
        Frame { view: self.view, start: self.start, minima: self.minima.to_vec(), min_value: self.min_value }
    }
}

/// Where a built landscape is shown and what it marks (fixed for the closed forms, computed from
/// the data for the logistic loss).
pub(crate) struct Frame {
    /// View that frames the interesting part.
    pub view: ViewBox,
    /// Suggested starting point.
    pub start: [f64; 2],
    /// Known minima to mark.
    pub minima: Vec<[f64; 2]>,
    /// Known minimum value f* (for "loss − f*" plots).
    pub min_value: f64,
}

/// One landscape, as listed in the registry (`landscapes!` in `mod.rs`): its parameters (the
/// registry line's fields, in order, as a tuple), their descriptors, its texts and its frame.
/// Closed forms without parameters implement [`ClosedForm`] instead.
pub(crate) trait Landscape: Shape + Sized {
    /// The parameters as a tuple in the order of the registry line's fields (`()` for none).
    type Params;
    /// Default parameters.
    const DEFAULTS: Self::Params;
    /// Descriptor of each parameter; its key is the field's name (= serde key = URL key).
    const PARAMS: &'static [Spec];
    /// Short name for menus.
    const LABEL: &'static str;
    /// Formula shown on the page (Unicode).
    const FORMULA: &'static str;
    /// The landscape of already validated parameters.
    fn new(params: Self::Params) -> Self;
    /// View, start, minima and f*.
    fn frame(&self) -> Result<Frame, LandscapeError>;
    /// Relative cost of one value (see [`super::Surface::eval_cost`]).
    fn eval_cost(&self) -> usize {
        1
    }
    /// The data set, for a data-driven landscape.
    fn data(&self) -> Option<&LogisticData> {
        None
    }
    /// The gradient of a random minibatch of `b` points, for a data-driven landscape.
    fn batch_gradient(&self, _w: [f64; 2], _b: usize, _rng: &mut LabRng) -> Option<[f64; 2]> {
        None
    }
}

/// A closed-form landscape without parameters: its [`Facts`] say everything else.
pub(crate) trait ClosedForm: Shape + Default {
    /// Label, formula, view, start, minima and f*.
    const FACTS: Facts;
}

impl<T: ClosedForm> Landscape for T {
    type Params = ();
    const DEFAULTS: () = ();
    const PARAMS: &'static [Spec] = &[];
    const LABEL: &'static str = T::FACTS.label;
    const FORMULA: &'static str = T::FACTS.formula;
    fn new((): ()) -> Self {
        T::default()
    }
    fn frame(&self) -> Result<Frame, LandscapeError> {
        Ok(T::FACTS.frame())
    }
}
