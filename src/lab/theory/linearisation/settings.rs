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

/// The budget: entries of the Jacobian J (N × P), 2,000,000 f64 = 16 MB (the lab holds J(w₀) and,
/// while a checkpoint's kernel is built, J(w_k): at most 32 MB). Building the kernel JJᵀ costs
/// N²·P/2 multiply–adds (sliced; N = 200, P = 10,000 in about 90 ms natively), one training step
/// of both models about 5·N·P.
pub const MAX_JACOBIAN_ENTRIES: usize = 2_000_000;

/// The second budget: hidden activations per pass over the data, N·L·m (each a tanh or
/// sigmoid, about 20 ns natively: 200,000 of them take about 4 ms, the longest piece of work a
/// training step, a forward pass or a slice of J may be). J's budget allows N = 200 with
/// P ≈ 10,000 through depth: 2 hidden layers of 98 (N·L·m = 39,200).
pub const MAX_ACTIVATIONS: usize = 200_000;

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

/// Hidden width m of every hidden layer.
pub const WIDTH: Setting = Setting::whole("width", "width m", 8, 4_096)
    .log()
    .label("hidden width m")
    .help("Units of each hidden layer. Wider networks stay closer to their linearisation.");
/// Hidden layers.
pub const DEPTH: Setting = Setting::whole("depth", "depth", 1, 3).slider().label("hidden layers").help("1–3 hidden layers of width m: P = (d + 1)m + (L − 1)(m² + m) + m + 1 weights for d inputs and L layers");
/// The initialisation of w₀ (serde names of [`crate::mlp::InitKind`]).
pub const INIT: Setting = Setting::choice(
    "init.kind",
    "initialisation",
    &[("kaiming", "Kaiming N(0, 2/n)"), ("xavier", "Xavier N(0, 1/n)"), ("uniform", "uniform U(−s, s)"), ("custom", "custom N(0, s²)"), ("zero", "zero (W = 0)")],
)
.help("How w₀'s weight matrices are drawn (n = fan-in); biases U(±1/√n) like PyTorch");
/// The scale s of the uniform and custom initialisations.
pub const INIT_SCALE: Setting = Setting::real("init.scale", "initialisation scale s", 1e-6, 100.0).log().span(1e-3, 100.0).label("init scale s").help("s of U(−s, s) and N(0, s²); the other kinds ignore it");
/// Multiplier of w₀'s weight matrices.
pub const GAIN: Setting = Setting::real("gain", "init gain g", 0.01, 100.0)
    .log()
    .label("init gain g (W₀ ← g·W₀)")
    .help("Every weight matrix of w₀ multiplied by g after it is drawn (biases as drawn): g > 1 saturates tanh and sigmoid units and ill-conditions J; g < 1 shrinks the signal through deep nets");
/// Which data set.
pub const DATA_KIND: Setting = Setting::choice(
    "data.kind",
    "data set",
    &[("sine", "noisy sine (1-D regression)"), ("circles", "circles (2 classes, y = ±1)"), ("xor", "XOR (2 classes, y = ±1)"), ("gaussians", "two Gaussians (2 classes, y = ±1)")],
)
.help("The MLP lab's generators. 2-class sets are fitted by least squares on targets ±1 (one output), so f_lin stays the lecture's least-squares picture");
/// Multiplier of every input coordinate.
pub const INPUT_SCALE: Setting = Setting::real("data.scale", "input scale", 0.01, 100.0).log().label("input scale (x ← scale·x + offset)").help("Every input coordinate is multiplied by this, then shifted by the offset: un-normalised inputs");
/// Shift of every input coordinate.
pub const INPUT_OFFSET: Setting = Setting::real("data.offset", "input offset", -100.0, 100.0).span(-20.0, 20.0).label("input offset").help("Added to every input coordinate after the scale: inputs far from 0 make the columns of J nearly parallel (an ill-conditioned J)");
/// Hidden activation.
pub const ACTIVATION: Setting = Setting::choice("activation", "activation", &[("tanh", "tanh"), ("relu", "relu"), ("gelu", "gelu"), ("sigmoid", "sigmoid")]).label("activation σ");
/// Seed of w₀.
pub const SEED: Setting = Setting::whole("seed", "weight seed", 0, MAX_SEED).help("Seed of the initial weights w₀ (Kaiming, PyTorch-style biases)");
/// Whether the card's α is in units of 1/L₀.
pub const PER_L: Setting = Setting::flag("per_l", "α in units of 1/L₀")
    .label("α in units of 1/L₀")
    .help("L₀ = 2·s_max²/N is the smoothness constant of the linearised loss (1/N)‖f_lin − y‖² at w₀ (lecture 003): with this on, the step used is α·N/(2 s_max²), so α = 1 is GD's step 1/L whatever the width.");
/// Training points N.
pub const DATA_N: Setting = Setting::whole("data.n", "N", 10, 200).slider().label("points N").help("Training points; J is N × P");
/// Noise on the targets (sine) or the inputs (2-class sets).
pub const NOISE: Setting = Setting::real("data.noise", "noise", 0.0, 1.0).label("noise").help("Sine: y = sin(πx) + noise·N(0, 1). 2-class sets: noise·N(0, 1) added to each input coordinate");
/// Seed of the data.
pub const DATA_SEED: Setting = Setting::whole("data.seed", "data seed", 0, MAX_SEED);

/// The cause the "conditioning" view varies (serde names of [`Cause`](super::conditioning::Cause)).
pub const CAUSE: Setting = Setting::choice(
    "cause",
    "cause of ill-conditioning",
    &[("depth", "depth (1–3 hidden layers)"), ("activation", "activation σ"), ("gain", "init gain g"), ("input_scale", "input scale"), ("input_offset", "input offset")],
)
.label("κ(J(w₀)) against")
.help("The ‘conditioning’ view recomputes κ(J(w₀)) for a few values of this setting, every other setting as chosen");

/// Every setting declared with a [`Setting`].
pub const ALL: &[Setting] = &[SPEED, BUDGET, WIDTH, DEPTH, INIT, INIT_SCALE, GAIN, ACTIVATION, SEED, PER_L, DATA_KIND, DATA_N, NOISE, DATA_SEED, INPUT_SCALE, INPUT_OFFSET, CAUSE];

/// Weights P of the d-m-…-m-1 network with `depth` hidden layers of width m.
pub fn params_of(width: usize, depth: usize, dim: usize) -> usize {
    (dim + 1) * width + depth.saturating_sub(1) * (width * width + width) + width + 1
}

/// Whether both budgets hold: J's entries N·P and the activations per pass N·L·m.
pub fn fits(width: usize, depth: usize, dim: usize, n: usize) -> bool {
    n * params_of(width, depth, dim) <= MAX_JACOBIAN_ENTRIES && n * depth * width <= MAX_ACTIVATIONS
}

/// The widest hidden layer (≤ 4096) within both budgets at this depth, inputs and N.
pub fn widest(depth: usize, dim: usize, n: usize) -> usize {
    let max = WIDTH.range().map_or(4096, |r| r.1 as usize);
    (1..=max).rev().find(|&m| fits(m, depth, dim, n)).unwrap_or(0)
}

/// Refuses a network and N over either budget, saying what would fit.
pub fn check_budget(width: usize, depth: usize, dim: usize, n: usize) -> LabResult<()> {
    let p = params_of(width, depth, dim);
    if fits(width, depth, dim, n) {
        return Ok(());
    }
    let most_n = (10..=n).rev().find(|&k| fits(width, depth, dim, k)).unwrap_or(0);
    if n * p <= MAX_JACOBIAN_ENTRIES {
        let n_hint = if most_n >= 10 { format!(", or N ≤ {most_n} at this width") } else { String::new() };
        return Err(LabError::refused(format!(
            "N = {n} points × {depth} × {width} hidden units make {} activations per pass, over this lab's budget of {} (each a σ(z), to keep a training step within a few milliseconds): use width ≤ {}{n_hint}",
            group(n * depth * width),
            group(MAX_ACTIVATIONS),
            widest(depth, dim, n)
        )));
    }
    let n_hint = if most_n >= 10 { format!(", or N ≤ {most_n} at this width") } else { String::new() };
    Err(LabError::refused(format!(
        "width {width} × {depth} hidden layer{} with N = {n} points makes J {n} × {} = {} entries, over this lab's budget of {} (16 MB, to stay interactive): use width ≤ {}{n_hint}",
        if depth == 1 { "" } else { "s" },
        group(p),
        group(n * p),
        group(MAX_JACOBIAN_ENTRIES),
        widest(depth, dim, n)
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
        assert_eq!(params_of(64, 1, 1), 3 * 64 + 1);
        assert_eq!(params_of(8, 3, 2), 3 * 8 + 2 * 72 + 9, "2-8-8-8-1");
        assert!(check_budget(4096, 1, 1, 20).is_ok());
        assert!(check_budget(98, 2, 1, 200).is_ok(), "item 9: N = 200, P = 9,997 fits");
        let e = check_budget(4096, 1, 1, 200).unwrap_err();
        assert_eq!(e.kind(), crate::lab::error::ErrorKind::Refused);
        assert_eq!(
            e.message(),
            "width 4096 × 1 hidden layer with N = 200 points makes J 200 × 12,289 = 2,457,800 entries, over this lab's budget of 2,000,000 (16 MB, to stay interactive): use width ≤ 1000, or N ≤ 48 at this width"
        );
        // What the message offers fits, one more does not.
        assert!(check_budget(1000, 1, 1, 200).is_ok() && check_budget(1001, 1, 1, 200).is_err());
        assert!(check_budget(4096, 1, 1, 48).is_ok() && check_budget(4096, 1, 1, 49).is_err());
        // Within J's budget but over the activations': 1-3333-1 on 200 points (J 2.0 M entries).
        let e = check_budget(3333, 1, 1, 200).unwrap_err();
        assert_eq!(
            e.message(),
            "N = 200 points × 1 × 3333 hidden units make 666,600 activations per pass, over this lab's budget of 200,000 (each a σ(z), to keep a training step within a few milliseconds): use width ≤ 1000, or N ≤ 60 at this width"
        );
        assert!(check_budget(3333, 1, 1, 60).is_ok() && check_budget(3333, 1, 1, 61).is_err());
        let e = check_budget(512, 3, 2, 20).unwrap_err();
        assert!(e.message().contains("3 hidden layers") && e.message().ends_with("use width ≤ 222"), "{}", e.message());
        assert!(check_budget(222, 3, 2, 20).is_ok() && check_budget(223, 3, 2, 20).is_err());
    }
}
