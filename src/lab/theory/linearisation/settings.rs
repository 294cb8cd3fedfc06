//! The theory lab's settings, each declared once, and its parameter budget.
//!
//! A [`Setting`]'s key is the path of its value in [`LinearisationState`](super::state::LinearisationState):
//! URL key, control key and `hide=` name. The ranges are written here only.

use crate::lab::card::Cards;
use crate::lab::error::{LabError, LabResult};
use crate::lab::setting::Setting;
use crate::lab::transport::Transport;

/// Largest seed accepted from the page (fits a JS number exactly).
pub const MAX_SEED: u64 = 4_294_967_295;

/// The budget: entries of the Jacobian J (N × P). Building the kernel JJᵀ costs N²·P/2
/// multiply–adds (sliced), one training step of both models about 6·N·P.
pub const MAX_JACOBIAN_ENTRIES: usize = 500_000;

/// Steps per animation frame.
pub const SPEED: Setting = Setting::whole("speed", "speed", 1, 2_000)
    .log()
    .label("speed (steps per frame)")
    .help("Steps of both models per animation frame; a frame also stops after about 10 ms.");
/// Steps before training stops.
pub const BUDGET: Setting = Setting::whole("budget", "steps", 1, 20_000).help("Training stops after this many steps");

/// Play, step, reset, speed, budget and the preset menu (no “+ Add”: one optimizer drives both models).
pub const TRANSPORT: Transport = Transport {
    group: "Training",
    speed: SPEED,
    budget: BUDGET,
    play_help: "Train the network and its linearisation side by side (space bar)",
    step_help: "One optimizer step for both models (→ key)",
    reset_help: "Back to step 0 with the same initial weights w₀",
    preset_help: "Reproduce a figure of the lectures in one click",
    add_label: "",
    add_help: "",
};

/// The one optimizer card: the same optimizer, with the same α, steps the network and f_lin.
pub const RUNS: Cards = Cards {
    list: "runs",
    noun: "Optimizer",
    max: 1,
    needs_one: "the lab needs its optimizer",
    kind_help: "Steps both the network and its linearisation with the same rule and the same α. The GD mask and the predicted residual hold for plain GD (SGD without momentum or weight decay, constant α).",
    schedule_slider_max: 1e5,
};

/// Hidden width m of the one hidden layer.
pub const WIDTH: Setting = Setting::whole("width", "width m", 8, 4_096)
    .log()
    .label("hidden width m")
    .help("Units of the one hidden layer: P = 3m + 1 weights for a 1-D input. Wider networks stay closer to their linearisation.");
/// Hidden activation.
pub const ACTIVATION: Setting = Setting::choice("activation", "activation", &[("tanh", "tanh"), ("relu", "relu"), ("gelu", "gelu"), ("sigmoid", "sigmoid")]).label("activation σ");
/// Seed of w₀.
pub const SEED: Setting = Setting::whole("seed", "weight seed", 0, MAX_SEED).help("Seed of the initial weights w₀ (Kaiming, PyTorch-style biases)");
/// Whether the card's α is in units of 1/L₀.
pub const PER_L: Setting = Setting::flag("per_l", "α in units of 1/L₀")
    .label("α in units of 1/L₀")
    .help("L₀ = 2·s_max²/N is the smoothness constant of the linearised loss (1/N)‖f_lin − y‖² at w₀ (lecture 003): with this on, the step used is α·N/(2 s_max²), so α = 1 is GD's step 1/L whatever the width.");
/// Training points N.
pub const DATA_N: Setting = Setting::whole("data.n", "N", 10, 100).slider().label("points N").help("Training inputs x uniform in [−1, 1]; J is N × P");
/// Noise on the targets.
pub const NOISE: Setting = Setting::real("data.noise", "noise", 0.0, 1.0).label("noise on y").help("y = sin(πx) + noise·N(0, 1)");
/// Seed of the data.
pub const DATA_SEED: Setting = Setting::whole("data.seed", "data seed", 0, MAX_SEED);

/// Every setting declared with a [`Setting`].
pub const ALL: &[Setting] = &[SPEED, BUDGET, WIDTH, ACTIVATION, SEED, PER_L, DATA_N, NOISE, DATA_SEED];

/// Weights P of the 1-m-1 network.
pub fn params_of(width: usize) -> usize {
    3 * width + 1
}

/// Refuses a width and N whose Jacobian exceeds the budget, saying what would fit.
pub fn check_budget(width: usize, n: usize) -> LabResult<()> {
    let p = params_of(width);
    if n * p <= MAX_JACOBIAN_ENTRIES {
        return Ok(());
    }
    let widest = (MAX_JACOBIAN_ENTRIES / n).saturating_sub(1) / 3;
    let most_n = MAX_JACOBIAN_ENTRIES / p;
    Err(LabError::refused(format!(
        "width {width} with N = {n} points makes J {n} × {p} = {} entries, over this lab's budget of {} (to stay interactive): use width ≤ {widest}, or N ≤ {most_n} at this width",
        group(n * p),
        group(MAX_JACOBIAN_ENTRIES)
    )))
}

/// 1234567 as "1,234,567".
fn group(v: usize) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_refuses_with_the_reason_and_what_fits() {
        assert!(check_budget(4096, 20).is_ok());
        assert!(check_budget(64, 100).is_ok());
        let e = check_budget(4096, 100).unwrap_err();
        assert_eq!(e.kind(), crate::lab::error::ErrorKind::Refused);
        assert_eq!(
            e.message(),
            "width 4096 with N = 100 points makes J 100 × 12289 = 1,228,900 entries, over this lab's budget of 500,000 (to stay interactive): use width ≤ 1666, or N ≤ 40 at this width"
        );
        // What the message offers fits, one more does not.
        assert!(check_budget(1666, 100).is_ok() && check_budget(1667, 100).is_err());
        assert!(check_budget(4096, 40).is_ok() && check_budget(4096, 41).is_err());
    }
}
