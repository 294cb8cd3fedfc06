//! Lecture 003's gradient-stream experiment: each racer's optimizer on a one-parameter model
//! fed a fixed stream of gradients (the "stream" view).

use crate::optim::{BlockRole, ParamBlock, StepContext};

use super::race::effective_optimizer;
use super::state::RacerConfig;

/// Lecture 003's gradient-scale experiment: a stream of ten gradients +0.1 then one −1,
/// repeated. Their sum over a cycle is zero, so plain SGD returns to where it started; Rprop
/// (signs only) moves steadily; RMSprop divides by the recent RMS and barely moves.
pub fn stream_gradient(k: u64) -> f64 {
    if k % 11 < 10 {
        0.1
    } else {
        -1.0
    }
}

/// Number of steps of the gradient-stream experiment (ten cycles).
pub const STREAM_STEPS: u64 = 110;

/// Position θ_k of a one-parameter model driven by [`stream_gradient`], for one racer's optimizer
/// (θ₀ = 0). `None` for methods that need a Hessian (Newton, cubic): the stream has none.
pub fn run_stream(r: &RacerConfig) -> Option<Vec<f64>> {
    run_stream_from(r, 0)
}

/// [`run_stream`] entering the gradient cycle at `phase` (step k sees the gradient of step
/// k + phase): the claims check that the lesson does not depend on where in the cycle the stream
/// starts.
pub fn run_stream_from(r: &RacerConfig, phase: u64) -> Option<Vec<f64>> {
    let config = effective_optimizer(r, 1.0);
    if config.needs_objective() || config.validate().is_err() {
        return None;
    }
    let mut opt = config.build();
    let mut theta = [0.0];
    let mut out = Vec::with_capacity(STREAM_STEPS as usize + 1);
    out.push(0.0);
    for k in 0..STREAM_STEPS {
        let g = [stream_gradient(k + phase)];
        let lr = r.schedule.lr_at(config.lr(), k);
        let mut blocks = [ParamBlock { params: &mut theta, grad: &g, rows: 1, cols: 1, role: BlockRole::Point }];
        if opt.step(&mut blocks, &StepContext::with_lr(lr)).is_err() || !theta[0].is_finite() {
            break;
        }
        out.push(theta[0]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::{OptimizerConfig, RmspropConfig, RpropConfig, SgdConfig};

    #[test]
    fn gradient_stream_rprop_moves_rmsprop_barely_does() {
        let rprop = run_stream(&RacerConfig::new(OptimizerConfig::Rprop(RpropConfig::default()))).unwrap();
        let rms = run_stream(&RacerConfig::new(OptimizerConfig::Rmsprop(RmspropConfig::default()))).unwrap();
        let mut sgd_c = SgdConfig::default();
        sgd_c.lr = 0.1;
        let sgd = run_stream(&RacerConfig::new(OptimizerConfig::Sgd(sgd_c))).unwrap();
        let last = |v: &Vec<f64>| *v.last().unwrap();
        // SGD: the gradients of a cycle sum to zero, so after whole cycles it is back at 0.
        assert!(last(&sgd).abs() < 1e-12, "sgd {}", last(&sgd));
        // Rprop steps by sign with growing step sizes: it travels far against the +0.1 stream.
        assert!(last(&rprop) < -0.05, "rprop {}", last(&rprop));
        // RMSprop normalises by the RMS, which the −1 gradients dominate.
        assert!(last(&rms).abs() < last(&rprop).abs() / 3.0, "rmsprop {} vs rprop {}", last(&rms), last(&rprop));
    }
}
