//! Logistic-regression loss on a small seeded two-class data set: the convex landscape of lecture
//! 002 ("Is the loss nice for logistic regression?") and the one landscape with real minibatches.

use super::shape::{Frame, Landscape, Shape};
use super::{LandscapeError, ViewBox};
use crate::param::Spec;
use crate::rng::{normal, LabRng};

/// Default number of data points of the logistic landscape.
pub const DEFAULT_N: usize = 40;
/// Default seed of the logistic data set.
pub const DEFAULT_SEED: u64 = 1;
/// Default distance between the two class means of the logistic data set.
pub const DEFAULT_SEPARATION: f64 = 2.0;
/// Accepted range of n.
pub const N_RANGE: (usize, usize) = (2, 1000);
/// Accepted range of the class separation.
pub const SEPARATION_RANGE: (f64, f64) = (0.0, 10.0);
/// Largest seed accepted by [`super::LandscapeConfig::set`] (seeds travel as f64 there; any u64 is
/// valid in serde data).
pub const SEED_MAX: f64 = 4_294_967_295.0;

/// Strength λ of the small L2 term ½λ‖w‖² added to the mean NLL. With separable data the plain
/// NLL keeps decreasing as ‖w‖ → ∞ (no finite minimum); λ > 0 makes the loss strongly convex, so
/// exactly one finite minimum always exists.
pub const LOGISTIC_L2: f64 = 0.01;

/// Unit direction u along which the two class means are placed, ±(separation/2)·u.
pub const CLASS_DIRECTION: [f64; 2] = [0.8, 0.6];

/// The data set behind the logistic landscape.
#[derive(Clone, Debug, PartialEq)]
pub struct LogisticData {
    /// Feature vectors x_i ∈ ℝ².
    pub features: Vec<[f64; 2]>,
    /// Labels y_i ∈ {−1, +1} (even i: +1, odd i: −1, so the classes are balanced).
    pub labels: Vec<f64>,
    /// L2 strength λ (see [`LOGISTIC_L2`]).
    pub l2: f64,
    /// a_i = y_i x_i: the loss depends on the data only through these.
    signed: Vec<[f64; 2]>,
}

impl LogisticData {
    /// n points: x_i = y_i (separation/2) u + ε_i with ε_i ~ N(0, I₂), drawn from `crate::rng::seeded(seed)`.
    pub fn generate(n: usize, seed: u64, separation: f64) -> Self {
        let mut rng = crate::rng::seeded(seed);
        let half = 0.5 * separation;
        let mut features = Vec::with_capacity(n);
        let mut labels = Vec::with_capacity(n);
        let mut signed = Vec::with_capacity(n);
        for i in 0..n {
            let y = if i % 2 == 0 { 1.0 } else { -1.0 };
            let x = [
                y * half * CLASS_DIRECTION[0] + normal(&mut rng),
                y * half * CLASS_DIRECTION[1] + normal(&mut rng),
            ];
            features.push(x);
            labels.push(y);
            signed.push([y * x[0], y * x[1]]);
        }
        LogisticData { features, labels, l2: LOGISTIC_L2, signed }
    }

    /// Number of data points n.
    pub fn len(&self) -> usize {
        self.signed.len()
    }

    /// Whether there are no data points.
    pub fn is_empty(&self) -> bool {
        self.signed.is_empty()
    }
}

/// softplus(t) = ln(1 + eᵗ), computed without overflow as max(t, 0) + ln(1 + e^−|t|)
/// (the one-term reference the chunked [`nll_sum`] is tested against).
#[cfg(test)]
fn softplus(t: f64) -> f64 {
    t.max(0.0) + (-t.abs()).exp().ln_1p()
}

/// Σᵢ softplus(−aᵢᵀw) for w = (x, y), the hot loop of every value and raster pixel.
///
/// softplus(−z) = max(−z, 0) + ln(1 + e^−|z|); the logarithms are merged per chunk of 64 points as
/// ln Πᵢ(1 + e^−|zᵢ|) (each factor lies in (1, 2], so a chunk's product stays below 2⁶⁴), which
/// replaces n logarithms by ⌈n/64⌉ and roughly halves the cost of a pixel.
#[inline]
fn nll_sum(signed: &[[f64; 2]], x: f64, y: f64) -> f64 {
    let mut total = 0.0;
    for chunk in signed.chunks(64) {
        let mut prod = 1.0;
        for a in chunk {
            let z = a[0] * x + a[1] * y;
            total += (-z).max(0.0);
            prod *= 1.0 + (-z.abs()).exp();
        }
        total += prod.ln();
    }
    total
}

/// The logistic sigmoid σ(t) = 1/(1 + e^−t), computed without overflow.
#[inline]
fn sigmoid(t: f64) -> f64 {
    if t >= 0.0 {
        1.0 / (1.0 + (-t).exp())
    } else {
        let e = t.exp();
        e / (1.0 + e)
    }
}

/// The loss L(w) = (1/n) Σᵢ ln(1 + exp(−yᵢ wᵀxᵢ)) + ½λ‖w‖² (mean negative log-likelihood of
/// p(y | x) = σ(y wᵀx), two weights w = (w₁, w₂), no bias).
///
/// ∇L = −(1/n) Σ σ(−aᵢᵀw) aᵢ + λw and ∇²L = (1/n) Σ σ(aᵢᵀw) σ(−aᵢᵀw) aᵢaᵢᵀ + λI with aᵢ = yᵢxᵢ.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Logistic {
    pub(crate) data: LogisticData,
}

impl Logistic {
    /// Mean of the per-point NLL gradients over the points where `use_point(i)` is true, plus λw.
    fn gradient_over(&self, w: [f64; 2], mut use_point: impl FnMut(usize) -> bool) -> [f64; 2] {
        let mut g = [0.0, 0.0];
        let mut count = 0usize;
        for (i, a) in self.data.signed.iter().enumerate() {
            if use_point(i) {
                let s = sigmoid(-(a[0] * w[0] + a[1] * w[1]));
                g[0] -= s * a[0];
                g[1] -= s * a[1];
                count += 1;
            }
        }
        let inv = if count > 0 { 1.0 / count as f64 } else { 0.0 };
        [g[0] * inv + self.data.l2 * w[0], g[1] * inv + self.data.l2 * w[1]]
    }

    /// Gradient of a uniformly random minibatch of `b` distinct points (1 ≤ b < n), chosen by
    /// selection sampling (Knuth, TAOCP vol. 2, Algorithm 3.4.2 S): point i is taken with
    /// probability (still needed)/(still available). No allocation; every b-subset equally likely,
    /// so the expectation over draws is exactly the full gradient.
    pub(crate) fn minibatch_gradient(&self, w: [f64; 2], b: usize, rng: &mut LabRng) -> [f64; 2] {
        use rand::Rng;
        let n = self.data.len();
        if b == 0 || b >= n {
            return self.gradient(w[0], w[1]);
        }
        let mut needed = b;
        self.gradient_over(w, |i| {
            if needed == 0 {
                return false;
            }
            let available = n - i;
            let take = rng.gen_range(0..available) < needed;
            if take {
                needed -= 1;
            }
            take
        })
    }

    /// The minimiser w*, by Newton's method with backtracking from w = 0 (L is strongly convex
    /// because λ > 0, so the Hessian is positive definite and Newton converges quadratically).
    pub(crate) fn newton_minimum(&self) -> Result<[f64; 2], LandscapeError> {
        let mut w = [0.0, 0.0];
        for _ in 0..100 {
            let g = self.gradient(w[0], w[1]);
            let gnorm = g[0].hypot(g[1]);
            if !gnorm.is_finite() {
                break;
            }
            if gnorm <= 1e-13 {
                return Ok(w);
            }
            let h = self.hessian(w[0], w[1]);
            let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
            if det.is_nan() || det <= 0.0 {
                break;
            }
            // d = −H⁻¹ g
            let d = [-(h[1][1] * g[0] - h[0][1] * g[1]) / det, -(h[0][0] * g[1] - h[1][0] * g[0]) / det];
            // Newton decrement² = gᵀH⁻¹g. Far from w* damp the step (Armijo backtracking); close to
            // it take the pure Newton step, since f can no longer resolve the tiny decrease there.
            let slope = g[0] * d[0] + g[1] * d[1];
            let mut t = 1.0;
            if -slope > 1e-8 {
                let f0 = self.value(w[0], w[1]);
                while t > 1e-12 && self.value(w[0] + t * d[0], w[1] + t * d[1]) > f0 + 1e-4 * t * slope {
                    t *= 0.5;
                }
            }
            let next = [w[0] + t * d[0], w[1] + t * d[1]];
            if -slope <= 1e-8 && t * d[0].hypot(d[1]) <= 1e-15 * (1.0 + w[0].hypot(w[1])) {
                // The pure Newton step no longer moves w: converged to machine precision.
                return Ok(next);
            }
            w = next;
        }
        Err(LandscapeError::new(
            "could not locate the minimum of the logistic loss (Newton's method did not converge); \
             try another seed or a smaller separation",
        ))
    }

    /// A view centred on the origin, a 4:3 box of half-height R = max(3, 1.5·max|w*ᵢ|) rounded up,
    /// so both the origin (a natural start) and the minimum are well inside.
    pub(crate) fn view_for(min: [f64; 2]) -> ViewBox {
        let r = (1.5 * min[0].abs().max(min[1].abs())).max(3.0).ceil();
        ViewBox::new(-r * 4.0 / 3.0, r * 4.0 / 3.0, -r, r)
    }
}

impl Landscape for Logistic {
    /// (n, seed, separation).
    type Params = (usize, u64, f64);
    const DEFAULTS: (usize, u64, f64) = (DEFAULT_N, DEFAULT_SEED, DEFAULT_SEPARATION);
    const PARAMS: &'static [Spec] = &[
        Spec::integer("n", "data points n", N_RANGE.0 as f64, N_RANGE.1 as f64, "Size of the training set. The loss is the mean over all n points; a minibatch uses only some of them.")
            .named("number of data points n"),
        Spec::integer("seed", "data seed", 0.0, SEED_MAX, "Which random data set to draw. The same seed always gives the same points.")
            .linear()
            .named("the data seed")
            .only_when_typed(),
        Spec::real("separation", "class separation", SEPARATION_RANGE.0, SEPARATION_RANGE.1, false, "Distance between the two class centres (the noise has unit spread). Well separated classes push the minimum far out, held back only by the small L2 term."),
    ];
    const LABEL: &'static str = "Logistic regression";
    const FORMULA: &'static str = "L(w) = (1/n) Σᵢ ln(1 + exp(−yᵢ wᵀxᵢ)) + (λ/2)‖w‖²,  λ = 0.01";
    fn new((n, seed, separation): (usize, u64, f64)) -> Self {
        Logistic { data: LogisticData::generate(n, seed, separation) }
    }
    /// A view around the origin and the Newton minimiser; the start up and to the left.
    fn frame(&self) -> Result<Frame, LandscapeError> {
        let w = self.newton_minimum()?;
        let view = Logistic::view_for(w);
        let start = [-0.75 * view.y_max, 0.7 * view.y_max];
        Ok(Frame { view, start, minima: vec![w], min_value: self.value(w[0], w[1]) })
    }
    fn eval_cost(&self) -> usize {
        self.data.len().max(1)
    }
    fn data(&self) -> Option<&LogisticData> {
        Some(&self.data)
    }
    fn batch_gradient(&self, w: [f64; 2], b: usize, rng: &mut LabRng) -> Option<[f64; 2]> {
        Some(self.minibatch_gradient(w, b, rng))
    }
}

impl Shape for Logistic {
    fn value(&self, x: f64, y: f64) -> f64 {
        let n = self.data.len().max(1) as f64;
        nll_sum(&self.data.signed, x, y) / n + 0.5 * self.data.l2 * (x * x + y * y)
    }
    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        self.gradient_over([x, y], |_| true)
    }
    fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
        let n = self.data.len().max(1) as f64;
        let (mut hxx, mut hxy, mut hyy) = (0.0, 0.0, 0.0);
        for a in &self.data.signed {
            let z = a[0] * x + a[1] * y;
            let s = sigmoid(z) * sigmoid(-z);
            hxx += s * a[0] * a[0];
            hxy += s * a[0] * a[1];
            hyy += s * a[1] * a[1];
        }
        let l = self.data.l2;
        [[hxx / n + l, hxy / n], [hxy / n, hyy / n + l]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_sum_equals_termwise_softplus() {
        // n = 150 spans three chunks; compare with Σ softplus(−z) term by term, relative 1e-14
        // (both are a few roundings per term away from the exact sum).
        let d = LogisticData::generate(150, 8, 3.0);
        for w in [[0.0, 0.0], [1.3, -0.4], [-25.0, 40.0], [300.0, 300.0]] {
            let reference: f64 = d.signed.iter().map(|a| softplus(-(a[0] * w[0] + a[1] * w[1]))).sum();
            let chunked = nll_sum(&d.signed, w[0], w[1]);
            assert!((chunked - reference).abs() <= 1e-14 * reference.abs().max(1.0), "{w:?}: {chunked} vs {reference}");
        }
        // Overflow-free for huge weights: softplus(−z) ≈ |z| on the wrong side, 0 on the right side.
        assert!(nll_sum(&d.signed, 1e300, 0.0).is_finite());
    }
}
