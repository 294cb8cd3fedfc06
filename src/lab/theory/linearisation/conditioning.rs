//! What makes J ill-conditioned (issue 14, item 2): the singular values of the network's Jacobian
//! at initialisation and the condition numbers κ_k = s_1/s_k of its top k directions (k = 2, 5,
//! 10), recomputed for a few values of one cause — depth, activation, the
//! initialisation gain, the input scale or the input offset — with every other setting as chosen.
//! Each value's kernel is one [`KernelJob`], computed in slices.
//!
//! Why κ_k and not s_1/s_N: on 20 points the spectrum of J(w₀) falls smoothly over many decades,
//! so s_1/s_r over the directions f64 resolves (r with s_r > 10⁻⁶·s_1) sits near its cap 10⁶ at
//! every setting and says little; s_1/s_5 moved from about 40 to 10⁶ with the input offset.

use serde::{Deserialize, Serialize};

use crate::mlp::Activation;

use super::kernel::KernelJob;
use super::pair::{initial_network, GRAM_SLICE_MACS, RESOLVED};
use super::settings::check_budget;
use super::state::LinearisationState;

/// The setting varied by the "conditioning" view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// Hidden layers 1, 2, 3.
    Depth,
    /// tanh, relu, gelu, sigmoid.
    Activation,
    /// The gain g on w₀'s weight matrices.
    Gain,
    /// The input scale.
    #[default]
    InputScale,
    /// The input offset.
    InputOffset,
}

impl Cause {
    /// The values tried, as (label, x on the chart).
    pub fn values(self) -> Vec<(String, f64)> {
        let nums = |v: &[f64]| v.iter().map(|&x| (crate::render::chart::short(x), x)).collect();
        match self {
            Cause::Depth => nums(&[1.0, 2.0, 3.0]),
            Cause::Activation => ACTIVATIONS.iter().enumerate().map(|(i, a)| (a.name().to_string(), (i + 1) as f64)).collect(),
            Cause::Gain => nums(&[0.25, 0.5, 1.0, 2.0, 4.0, 8.0]),
            Cause::InputScale => nums(&[0.1, 0.3, 1.0, 3.0, 10.0, 30.0]),
            Cause::InputOffset => nums(&[0.0, 1.0, 2.0, 5.0, 10.0, 20.0]),
        }
    }

    /// The x axis' label.
    pub fn axis(self) -> &'static str {
        match self {
            Cause::Depth => "hidden layers L",
            Cause::Activation => "activation σ (1 tanh, 2 relu, 3 gelu, 4 sigmoid)",
            Cause::Gain => "init gain g (W₀ ← g·W₀, log)",
            Cause::InputScale => "input scale (x ← scale·x + offset, log)",
            Cause::InputOffset => "input offset (x ← scale·x + offset)",
        }
    }

    /// Whether the values are spread on a log axis.
    pub fn log(self) -> bool {
        matches!(self, Cause::Gain | Cause::InputScale)
    }

    /// `s` with the cause set to value `k` of [`Cause::values`].
    pub fn apply(self, s: &LinearisationState, k: usize) -> LinearisationState {
        let mut t = s.clone();
        let v = self.values()[k].1;
        match self {
            Cause::Depth => t.depth = v as usize,
            Cause::Activation => t.activation = ACTIVATIONS[k],
            Cause::Gain => t.gain = v,
            Cause::InputScale => t.data.scale = v,
            Cause::InputOffset => t.data.offset = v,
        }
        t
    }
}

/// The activations the lab offers, in the chart's order.
pub const ACTIVATIONS: [Activation; 4] = [Activation::Tanh, Activation::Relu, Activation::Gelu, Activation::Sigmoid];

/// κ(J(w₀)) at one value of the cause.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionPoint {
    /// The value's label.
    pub label: String,
    /// Its x on the chart.
    pub x: f64,
    /// Singular values of J(w₀), largest first (empty when the value is over the budget).
    pub s: Vec<f64>,
    /// s_1/s_r over the r singular values above [`RESOLVED`]·s_1.
    pub kappa: f64,
    /// r.
    pub rank: usize,
    /// Why the value was skipped (over the budget).
    pub skipped: Option<String>,
}

impl ConditionPoint {
    /// κ_k = s_1/s_k, the condition number of J restricted to its top k directions: GD needs
    /// about κ_k² times as many steps to fit direction k as direction 1 (NaN when N < k).
    pub fn ratio(&self, k: usize) -> f64 {
        match (self.s.first(), self.s.get(k - 1)) {
            (Some(a), Some(b)) => a / b,
            _ => f64::NAN,
        }
    }

    /// Whether s_k is above [`RESOLVED`]·s_1, so κ_k is a number f64 resolves (not rounding).
    pub fn resolved(&self, k: usize) -> bool {
        self.ratio(k) < 1.0 / RESOLVED
    }
}

/// The condition numbers κ_k the view plots.
pub const KS: [usize; 3] = [2, 5, 10];

/// The computation of every value's κ, slice by slice.
pub struct Conditioning {
    /// The cause varied.
    pub cause: Cause,
    base: LinearisationState,
    /// The values done.
    pub points: Vec<ConditionPoint>,
    job: Option<KernelJob>,
}

impl Conditioning {
    /// Nothing computed yet for `cause` around the settings `s`.
    pub fn new(s: &LinearisationState, cause: Cause) -> Self {
        Conditioning { cause, base: s.clone(), points: Vec::new(), job: None }
    }

    /// Whether every value is done.
    pub fn done(&self) -> bool {
        self.points.len() >= self.cause.values().len()
    }

    /// (values done, values).
    pub fn progress(&self) -> (usize, usize) {
        (self.points.len(), self.cause.values().len())
    }

    /// One slice of work (at most a kernel slice).
    pub fn advance(&mut self) {
        if self.done() {
            return;
        }
        let k = self.points.len();
        let (label, x) = self.cause.values()[k].clone();
        let s = self.cause.apply(&self.base, k);
        if self.job.is_none() {
            let made = check_budget(s.width, s.depth, s.data.dim(), s.data.n)
                .map_err(|e| e.message().to_string())
                .and_then(|_| Ok((initial_network(&s).map_err(|e| e.message().to_string())?, s.data.generate()?)));
            match made {
                Ok((net, (xs, y))) => self.job = Some(KernelJob::new(&net, &xs, y.len())),
                Err(e) => {
                    self.points.push(ConditionPoint { label, x, s: Vec::new(), kappa: f64::NAN, rank: 0, skipped: Some(e) });
                    return;
                }
            }
        }
        let Some(job) = &mut self.job else { return };
        if !job.advance(GRAM_SLICE_MACS) {
            return;
        }
        let Some((_, spectrum)) = self.job.take().and_then(KernelJob::finish) else { return };
        let sv = spectrum.singular_values();
        let rank = sv.iter().filter(|&&v| v > RESOLVED * sv[0]).count().max(1);
        let kappa = sv[0] / sv[rank - 1];
        self.points.push(ConditionPoint { label, x, s: sv, kappa, rank, skipped: None });
    }

    /// Computes every value in one go (tests, claims).
    pub fn finish(mut self) -> Self {
        while !self.done() {
            self.advance();
        }
        self
    }
}
