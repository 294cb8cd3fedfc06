//! A built landscape: value, gradient, Hessian, heatmap raster, curvature bound and noisy gradients.

use super::{curvature, Formula, LandscapeConfig, LandscapeError, LogisticData, NoiseConfig, ViewBox};
use crate::rng::LabRng;

/// Number of grid points per side used by [`Surface::lipschitz`] (edges included).
pub const LIPSCHITZ_GRID: usize = 65;

/// A built 2-D landscape f(x, y) with analytic gradient and Hessian (made by
/// [`LandscapeConfig::build`]). For the logistic landscape it holds the data set.
#[derive(Clone, Debug, PartialEq)]
pub struct Surface {
    config: LandscapeConfig,
    formula: Formula,
    view: ViewBox,
    start: [f64; 2],
    minima: Vec<[f64; 2]>,
    min_value: f64,
}

impl Surface {
    /// Builds the surface of an already validated config.
    pub(crate) fn from_config(config: &LandscapeConfig) -> Result<Self, LandscapeError> {
        let formula = config.shape();
        let super::shape::Frame { view, start, minima, min_value } = formula.frame()?;
        Ok(Surface { config: config.clone(), formula, view, start, minima, min_value })
    }

    /// The configuration this surface was built from.
    pub fn config(&self) -> &LandscapeConfig {
        &self.config
    }

    /// The data set of the logistic landscape (`None` for the closed-form ones).
    pub fn logistic_data(&self) -> Option<&LogisticData> {
        self.formula.data()
    }

    /// f(x, y). NaN in, NaN out; never panics.
    pub fn value(&self, x: f64, y: f64) -> f64 {
        self.formula.value(x, y)
    }

    /// ∇f(x, y) = [∂f/∂x, ∂f/∂y], analytic.
    pub fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        self.formula.gradient(x, y)
    }

    /// ∇²f(x, y) = [[f_xx, f_xy], [f_yx, f_yy]], analytic and symmetric.
    pub fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
        self.formula.hessian(x, y)
    }

    /// The view that frames the interesting part of the landscape (4:3 for the closed forms).
    pub fn default_view(&self) -> ViewBox {
        self.view
    }

    /// Known minima to mark: all of them where few (Himmelblau, six-hump camel), only the global
    /// one for Rastrigin, none for the saddles; for the logistic loss the Newton minimiser.
    pub fn minima(&self) -> &[[f64; 2]] {
        &self.minima
    }

    /// A suggested starting point that shows the landscape's lesson.
    pub fn default_start(&self) -> [f64; 2] {
        self.start
    }

    /// The known minimum value f* for "loss − f*" plots: 0 for most, −1.0316… for the six-hump
    /// camel, L(w*) for the logistic loss. The saddles are unbounded below; there it is the
    /// value 0 at the critical point, so loss − f* can become negative.
    pub fn min_value(&self) -> f64 {
        self.min_value
    }

    /// Relative cost of one [`Surface::value`]: 1 for the closed forms, n for the logistic loss
    /// (a sum over the data), so a renderer can choose a coarser raster.
    pub fn eval_cost(&self) -> usize {
        self.formula.eval_cost()
    }

    /// Rasterises f over `view` into `out` (row-major, w×h, row 0 = top = y_max, pixel centres as in
    /// [`ViewBox::pixel_center`]), as f32. No allocation. If `out` holds fewer than w·h values only
    /// the whole rows that fit are written; never panics.
    pub fn value_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        self.formula.fill_grid(view, w, h, out)
    }

    /// L = the largest spectral norm ‖∇²f‖₂ = max |λ| of the Hessian over a 65×65 grid spanning
    /// `view` (edges included): the smoothness constant of lecture 003 restricted to the view, so
    /// gradient descent with step 1/L decreases f by at least ‖g‖²/(2L) per step while it stays in
    /// the view. Exact for the quadratics (constant Hessian); a grid estimate otherwise.
    /// Returns NaN for a view that fails [`ViewBox::validate`].
    pub fn lipschitz(&self, view: &ViewBox) -> f64 {
        if view.validate().is_err() {
            return f64::NAN;
        }
        let n = LIPSCHITZ_GRID;
        let mut l: f64 = 0.0;
        for j in 0..n {
            let y = view.y_min + view.height() * j as f64 / (n - 1) as f64;
            for i in 0..n {
                let x = view.x_min + view.width() * i as f64 / (n - 1) as f64;
                let c = curvature(self.hessian(x, y));
                let norm = c.eigenvalues[0].abs().max(c.eigenvalues[1].abs());
                if norm.is_nan() {
                    return f64::NAN;
                }
                l = l.max(norm);
            }
        }
        l
    }

    /// A stochastic gradient g̃ at (x, y) under the noise model of [`NoiseConfig`]
    /// (lecture 003: E[g̃] = ∇f, E‖g̃ − ∇f‖² = σ²): `g̃ = ∇_B f + (σ/√2) ξ`, ξ ~ N(0, I₂), where ∇_B f is
    /// the gradient of a random minibatch of `batch_size` points for the logistic landscape and
    /// the exact gradient otherwise. With σ = 0 and full batch it equals [`Surface::gradient`] and
    /// draws no random numbers. A σ that fails [`NoiseConfig::validate`] is treated as 0.
    pub fn stochastic_gradient(&self, x: f64, y: f64, noise: &NoiseConfig, rng: &mut LabRng) -> [f64; 2] {
        let batch = if noise.batch_size > 0 { self.formula.batch_gradient([x, y], noise.batch_size, rng) } else { None };
        let mut g = batch.unwrap_or_else(|| self.gradient(x, y));
        if noise.validate().is_ok() && noise.sigma > 0.0 {
            let s = noise.sigma * std::f64::consts::FRAC_1_SQRT_2;
            g[0] += s * crate::rng::normal(rng);
            g[1] += s * crate::rng::normal(rng);
        }
        g
    }
}
