//! signSGD (Bernstein et al., 2018): step along the sign of each gradient coordinate.
//!
//! ```text
//! θ ← θ − α·sign(g)        (sign(0) = 0)
//! ```
//! Lecture 003 motivates it via Rprop: the sign keeps the direction per coordinate and throws
//! away the gradient's scale.

use serde::{Deserialize, Serialize};

use super::hyper::{lr_spec, tunable};
use super::method::Method;
use super::ParamBlock;

/// Configuration of signSGD (default α = 0.01).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignSgdConfig {
    /// α, the step taken along each coordinate.
    pub lr: f64,
}

impl Default for SignSgdConfig {
    fn default() -> Self {
        SignSgdConfig { lr: 1e-2 }
    }
}

pub(crate) const LABEL: &str = "signSGD";
pub(crate) const RULE: &str = "θ ← θ − α·sign(∇f(θ))";

tunable!(SignSgdConfig {
    lr: lr_spec("Distance moved along every coordinate per step."),
});

impl Method for SignSgdConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = ();
    fn init(&self, _block: &mut ParamBlock, _lr: f64) {}
    fn update(&self, _st: &mut (), block: &mut ParamBlock, lr: f64, _t: u64) {
        for (pi, &gi) in block.params.iter_mut().zip(block.grad) {
            let s = if gi > 0.0 {
                1.0
            } else if gi < 0.0 {
                -1.0
            } else {
                0.0
            };
            *pi -= lr * s;
        }
    }
}
