//! A built landscape: value, gradient, Hessian, heatmap raster, curvature bound and noisy gradients.

use super::beale::Beale;
use super::booth::Booth;
use super::camel::SixHumpCamel;
use super::himmelblau::Himmelblau;
use super::logistic::{Logistic, LogisticData};
use super::monkey_saddle::MonkeySaddle;
use super::plateau::Plateau;
use super::quadratic::Quadratic;
use super::rastrigin::Rastrigin;
use super::rosenbrock::Rosenbrock;
use super::saddle::Saddle;
use super::shape::Shape;
use super::{curvature, LandscapeConfig, LandscapeError, NoiseConfig, ViewBox};
use crate::rng::LabRng;

/// The formula behind a surface (closed forms are unit structs; the quadratic and logistic carry data).
#[derive(Clone, Debug, PartialEq)]
enum Formula {
    Quadratic(Quadratic),
    Rosenbrock(Rosenbrock),
    Himmelblau(Himmelblau),
    Beale(Beale),
    Booth(Booth),
    SixHumpCamel(SixHumpCamel),
    Rastrigin(Rastrigin),
    Saddle(Saddle),
    MonkeySaddle(MonkeySaddle),
    Plateau(Plateau),
    Logistic(Logistic),
}

/// Calls the same method on whichever formula is inside (static dispatch, inlinable).
macro_rules! dispatch {
    ($f:expr, $s:ident => $call:expr) => {
        match $f {
            Formula::Quadratic($s) => $call,
            Formula::Rosenbrock($s) => $call,
            Formula::Himmelblau($s) => $call,
            Formula::Beale($s) => $call,
            Formula::Booth($s) => $call,
            Formula::SixHumpCamel($s) => $call,
            Formula::Rastrigin($s) => $call,
            Formula::Saddle($s) => $call,
            Formula::MonkeySaddle($s) => $call,
            Formula::Plateau($s) => $call,
            Formula::Logistic($s) => $call,
        }
    };
}

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
        let formula = match *config {
            LandscapeConfig::Quadratic { kappa, angle_deg } => Formula::Quadratic(Quadratic::new(kappa, angle_deg)),
            LandscapeConfig::Rosenbrock => Formula::Rosenbrock(Rosenbrock),
            LandscapeConfig::Himmelblau => Formula::Himmelblau(Himmelblau),
            LandscapeConfig::Beale => Formula::Beale(Beale),
            LandscapeConfig::Booth => Formula::Booth(Booth),
            LandscapeConfig::SixHumpCamel => Formula::SixHumpCamel(SixHumpCamel),
            LandscapeConfig::Rastrigin => Formula::Rastrigin(Rastrigin),
            LandscapeConfig::Saddle => Formula::Saddle(Saddle),
            LandscapeConfig::MonkeySaddle => Formula::MonkeySaddle(MonkeySaddle),
            LandscapeConfig::Plateau => Formula::Plateau(Plateau),
            LandscapeConfig::Logistic { n, seed, separation } => {
                Formula::Logistic(Logistic { data: LogisticData::generate(n, seed, separation) })
            }
        };
        let (view, start, minima, min_value) = match (&formula, config.facts()) {
            (Formula::Logistic(l), _) => {
                let w = l.newton_minimum()?;
                let view = Logistic::view_for(w);
                let start = [-0.75 * view.y_max, 0.7 * view.y_max];
                (view, start, vec![w], l.value(w[0], w[1]))
            }
            (Formula::Quadratic(q), Some(f)) => (f.view, q.start(), f.minima.to_vec(), f.min_value),
            (_, Some(f)) => (f.view, f.start, f.minima.to_vec(), f.min_value),
            (_, None) => {
                return Err(LandscapeError::new(format!("internal: no facts for the {} landscape", config.kind())))
            }
        };
        Ok(Surface { config: config.clone(), formula, view, start, minima, min_value })
    }

    /// The configuration this surface was built from.
    pub fn config(&self) -> &LandscapeConfig {
        &self.config
    }

    /// The data set of the logistic landscape (`None` for the closed-form ones).
    pub fn logistic_data(&self) -> Option<&LogisticData> {
        match &self.formula {
            Formula::Logistic(l) => Some(&l.data),
            _ => None,
        }
    }

    /// f(x, y). NaN in, NaN out; never panics.
    pub fn value(&self, x: f64, y: f64) -> f64 {
        dispatch!(&self.formula, s => s.value(x, y))
    }

    /// ∇f(x, y) = [∂f/∂x, ∂f/∂y], analytic.
    pub fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        dispatch!(&self.formula, s => s.gradient(x, y))
    }

    /// ∇²f(x, y) = [[f_xx, f_xy], [f_yx, f_yy]], analytic and symmetric.
    pub fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
        dispatch!(&self.formula, s => s.hessian(x, y))
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
        match &self.formula {
            Formula::Logistic(l) => l.data.len().max(1),
            _ => 1,
        }
    }

    /// Rasterises f over `view` into `out` (row-major, w×h, row 0 = top = y_max, pixel centres as in
    /// [`ViewBox::pixel_center`]), as f32. No allocation. If `out` holds fewer than w·h values only
    /// the whole rows that fit are written; never panics.
    pub fn value_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        dispatch!(&self.formula, s => s.fill_grid(view, w, h, out))
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
        let mut g = match &self.formula {
            Formula::Logistic(l) if noise.batch_size > 0 => l.minibatch_gradient([x, y], noise.batch_size, rng),
            _ => self.gradient(x, y),
        };
        if noise.validate().is_ok() && noise.sigma > 0.0 {
            let s = noise.sigma * std::f64::consts::FRAC_1_SQRT_2;
            g[0] += s * crate::rng::normal(rng);
            g[1] += s * crate::rng::normal(rng);
        }
        g
    }
}
