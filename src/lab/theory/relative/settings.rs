//! The relative-updates experiment's settings, each declared once, and its work budget.
//!
//! A [`Setting`]'s key is the path of its value in [`RelativeState`]: URL key, control key and
//! `hide=` name. The ranges are written here only.

use crate::lab::card::Cards;
use crate::lab::error::{LabError, LabResult};
use crate::lab::setting::Setting;
use crate::lab::transport::Transport;
use crate::mlp::DataKind;

use super::state::RelativeState;

/// Largest seed accepted from the page (fits a JS number exactly).
pub const MAX_SEED: u64 = 4_294_967_295;
/// Optimizer cards side by side.
pub const MAX_CARDS: usize = 4;
/// Multiply–adds of one measured step (done in one piece, between two polls of the clock): two
/// full-batch gradients (before and after, 3NP each), the optimizer's minibatch gradient (3BP) and
/// the trainer's training loss (NP) — at most 10NP. About 3 ms natively.
pub const MAX_STEP_MACS: usize = 4_000_000;

/// Measured steps per animation frame.
pub const SPEED: Setting = Setting::whole("speed", "speed", 1, 100)
    .log()
    .label("speed (steps per frame)")
    .help("Measured steps of each optimizer per animation frame; a frame also stops after a few milliseconds.");
/// Steps of each card.
pub const BUDGET: Setting = Setting::whole("budget", "steps", 1, 5_000).log().help("Steps of each optimizer; every step is measured (two full-batch gradients).");

/// Play, step, reset, speed, budget, the preset menu and “+ Add optimizer”.
pub const TRANSPORT: Transport = Transport {
    group: "Training",
    speed: SPEED,
    budget: BUDGET,
    play_help: "Train every optimizer's copy of the network, measuring each step (space bar)",
    step_help: "One measured step of every optimizer (→ key)",
    reset_help: "Back to the same initial weights W₀",
    preset_help: "Reproduce a claim of the lectures in one click",
    add_label: "+ Add optimizer",
    add_help: "Another optimizer trains its own copy of the network from the same W₀ (at most 4)",
};

/// The optimizer cards.
pub const RUNS: Cards = Cards {
    list: "runs",
    noun: "Optimizer",
    max: MAX_CARDS,
    needs_one: "the experiment needs at least one optimizer",
    kind_help: "Each optimizer trains its own copy of the network from the same W₀. SGD steps by α·g (an absolute step: its relative size ‖ΔW_l‖/‖W_l‖ is whatever α·‖g_l‖/‖W_l‖ happens to be); Madam changes each weight by a factor e^{±α·ĝ} (per synapse relative); Nero turns each neuron's weight vector by about α radians (per neuron relative).",
    schedule_slider_max: 1e4,
};

/// The data.
pub const DATA: Setting = Setting::choice("net.data", "data", &[("circles", "circles"), ("xor", "xor"), ("gaussians", "two Gaussians"), ("spiral", "spiral"), ("sine", "sine (regression)")]).help("The MLP lab's generated data sets (no validation split).");
/// Training points.
pub const DATA_N: Setting = Setting::whole("net.n", "N", 20, 1_000).log().label("points N").help("Training points: the measured gradients are over all of them.");
/// Hidden width.
pub const WIDTH: Setting = Setting::whole("net.width", "width", 2, 128).log().label("hidden width").help("Units per hidden layer.");
/// Hidden layers.
pub const DEPTH: Setting = Setting::whole("net.depth", "depth", 1, 4).slider().label("hidden layers").help("Hidden layers: the model Π_l(1 + ‖ΔW_l‖/‖W_l‖) − 1 has one factor per layer (hidden layers + the output layer).");
/// Hidden activation.
pub const ACTIVATION: Setting = Setting::choice("net.activation", "activation", &[("tanh", "tanh"), ("relu", "relu"), ("gelu", "gelu"), ("sigmoid", "sigmoid")]).label("activation σ");
/// Minibatch size.
pub const BATCH: Setting = Setting::whole("net.batch", "batch", 0, 1_000).label("minibatch (0: all)").help("Examples per step of the optimizer (0: the whole training set). The measurement always uses full-batch gradients before and after the step.");
/// Seed of W₀.
pub const SEED: Setting = Setting::whole("net.seed", "weight seed", 0, MAX_SEED).label("weight seed").help("Seed of the initial weights W₀ (Kaiming) and the minibatch order: every optimizer starts from the same W₀.");
/// Seed of the data.
pub const DATA_SEED: Setting = Setting::whole("net.data_seed", "data seed", 0, MAX_SEED).label("data seed");

/// Every setting declared with a [`Setting`].
pub const ALL: &[Setting] = &[SPEED, BUDGET, DATA, DATA_N, WIDTH, DEPTH, ACTIVATION, BATCH, SEED, DATA_SEED];

/// Inputs and outputs of the network for `kind`.
pub fn io_of(kind: DataKind) -> (usize, usize) {
    match kind {
        DataKind::Sine => (1, 1),
        // Spiral's arms are the MLP lab's default (3 classes).
        DataKind::Spiral => (2, crate::mlp::DataConfig::default().arms),
        _ => (2, 2),
    }
}

/// Parameters P of the network of `s`.
pub fn params_of(s: &RelativeState) -> usize {
    let (i, o) = io_of(s.net.data);
    let w = s.net.width;
    (i + 1) * w + (s.net.depth - 1) * (w + 1) * w + (w + 1) * o
}

/// Multiply–adds of one measured step (see [`MAX_STEP_MACS`]).
pub fn step_macs(s: &RelativeState) -> usize {
    let n = s.net.n;
    let b = if s.net.batch == 0 { n } else { s.net.batch.min(n) };
    (7 * n + 3 * b) * params_of(s)
}

/// Refuses a network and data set whose measured step would take too long in one piece, saying
/// what would fit.
pub fn check_work(s: &RelativeState) -> LabResult<()> {
    let macs = step_macs(s);
    if macs <= MAX_STEP_MACS {
        return Ok(());
    }
    let p = params_of(s);
    let most_n = MAX_STEP_MACS / (10 * p);
    let mut widest = s.net.width;
    while widest > 2 && step_macs(&RelativeState { net: super::state::NetSettings { width: widest, ..s.net.clone() }, ..s.clone() }) > MAX_STEP_MACS {
        widest -= 1;
    }
    Err(LabError::refused(format!(
        "a measured step of this network (P = {p} weights) on N = {} points costs {:.1e} multiply–adds, over this experiment's {:.0e} (to stay interactive): use N ≤ {most_n}, or width ≤ {widest}",
        s.net.n, macs as f64, MAX_STEP_MACS as f64
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_refuses_with_the_reason_and_what_fits() {
        let mut s = RelativeState::default();
        assert!(check_work(&s).is_ok());
        let net = crate::mlp::Trainer::new(s.config(0)).unwrap();
        assert_eq!(net.network().params().len(), params_of(&s), "P");
        s.net.width = 128;
        let e = check_work(&s).unwrap_err();
        assert_eq!(e.kind(), crate::lab::error::ErrorKind::Refused);
        let msg = e.message().to_string();
        let most_n: usize = msg.split("use N ≤ ").nth(1).unwrap().split(',').next().unwrap().parse().unwrap();
        let widest: usize = msg.split("width ≤ ").nth(1).unwrap().parse().unwrap();
        assert!(check_work(&RelativeState { net: super::super::state::NetSettings { n: most_n, ..s.net.clone() }, ..s.clone() }).is_ok(), "{msg}");
        assert!(check_work(&RelativeState { net: super::super::state::NetSettings { width: widest, ..s.net.clone() }, ..s.clone() }).is_ok(), "{msg}");
        assert!(check_work(&RelativeState { net: super::super::state::NetSettings { width: widest + 1, ..s.net.clone() }, ..s.clone() }).is_err(), "{msg}");
    }
}
