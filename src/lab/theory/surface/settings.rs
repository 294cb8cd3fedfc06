//! The surface experiment's settings, each declared once, and its budget.
//!
//! A [`Setting`]'s key is the path of its value in [`SurfaceState`]: URL key, control key and
//! `hide=` name. The ranges are written here only.

use crate::lab::card::Cards;
use crate::lab::error::{LabError, LabResult};
use crate::lab::setting::Setting;
use crate::lab::transport::Transport;

use super::state::SurfaceState;

/// Largest seed accepted from the page (fits a JS number exactly).
pub const MAX_SEED: u64 = 4_294_967_295;

/// The budget of one loss evaluation, N·P multiply–adds: the unit of the surface's slices (one
/// grid point at least per slice; 2 M is about a millisecond natively in f32).
pub const MAX_PASS_MACS: usize = 2_000_000;
/// The budget of weights P: the principal directions need the T × T Gram matrix of the trajectory's
/// points (P·T²/2 multiply–adds in one slice, T ≤ 21).
pub const MAX_PARAMS: usize = 20_000;

/// Steps per animation frame.
pub const SPEED: Setting = Setting::whole("speed", "speed", 1, 2_000).log().label("speed (steps per frame)").help("Training steps per animation frame; a frame also stops after about 10 ms.");
/// Training steps.
pub const BUDGET: Setting = Setting::whole("budget", "steps", 10, 5_000).help("Training steps (full batch) before the surface is computed around the trained weights w*.");

/// Play, step, reset, speed, budget and the preset menu.
pub const TRANSPORT: Transport = Transport {
    group: "Training",
    speed: SPEED,
    budget: BUDGET,
    play_help: "Train the network, then compute its loss surface (space bar)",
    step_help: "One training step (→ key)",
    reset_help: "Back to step 0 with the same initial weights w₀",
    preset_help: "Reproduce a figure of the lectures in one click",
    add_label: "",
    add_help: "",
};

/// The one optimizer card.
pub const RUNS: Cards = Cards {
    list: "runs",
    noun: "Optimizer",
    max: 1,
    needs_one: "the experiment needs its optimizer",
    kind_help: "Trains the network (and, with “compare”, its twin) full batch from the same w₀.",
    schedule_slider_max: 1e5,
};

/// Units per hidden layer.
pub const WIDTH: Setting = Setting::whole("width", "width", 2, 128).log().label("hidden width").help("Units in each hidden layer.");
/// Hidden layers.
pub const DEPTH: Setting = Setting::whole("depth", "depth", 1, 8).slider().label("hidden layers").help("Hidden layers of the same width; deep plain networks are where skip connections matter (Li et al. 2018).");
/// Hidden activation.
pub const ACTIVATION: Setting = Setting::choice("activation", "activation", &[("tanh", "tanh"), ("relu", "relu"), ("gelu", "gelu"), ("sigmoid", "sigmoid")]).label("activation σ");
/// Skip connections.
pub const SKIPS: Setting = Setting::flag("skips", "skip connections").label("skip connections").help("a_l = a_{l−1} + σ(W_l a_{l−1} + b_l) for every hidden layer after the first (He et al. 2016): the residual network of lecture 002's “some networks are better”.");
/// Train both.
pub const COMPARE: Setting = Setting::flag("compare", "compare plain and skips").label("compare plain and skips").help("Train the same network with and without skip connections from the same w₀ and draw both slices side by side on one colour scale.");
/// Seed of w₀.
pub const SEED: Setting = Setting::whole("seed", "weight seed", 0, MAX_SEED).help("Seed of the initial weights w₀ (Kaiming, PyTorch-style biases)");
/// Direction kind.
pub const DIRECTIONS: Setting = Setting::choice("directions", "directions", &[("filter", "random, filter-normalised"), ("principal", "principal directions of the trajectory")])
    .label("plane directions")
    .help("Filter-normalised: two Gaussian directions, each neuron's part scaled to that neuron's norm in w* (Li et al. 2018). Principal: the top two principal directions of the weights w₀ … w* along training, so the trajectory lies mostly in the plane.");
/// Seed of the random directions.
pub const DIRECTION_SEED: Setting = Setting::whole("direction_seed", "direction seed", 0, MAX_SEED).help("Seed of the two Gaussian directions (filter-normalised kind)");
/// Slice radius.
pub const RADIUS: Setting = Setting::real("radius", "radius", 0.05, 10.0).log().label("radius r").help("The slice covers (a, b) ∈ [−r, r]²; for filter-normalised directions a = 1 changes each neuron by its own norm.");
/// Grid side.
pub const GRID: Setting = Setting::whole("grid", "grid", 11, 101).slider().label("grid points per side").help("The slice is computed at grid × grid points, a few per frame.");
/// Training points N.
pub const DATA_N: Setting = Setting::whole("data.n", "N", 10, 1_000).log().label("points N").help("Training points (all used, full batch)");
/// Data kind.
pub const DATA_KIND: Setting = Setting::choice("data.kind", "data", &[("spiral", "two spirals"), ("circles", "circles"), ("xor", "xor"), ("gaussians", "two Gaussians"), ("sine", "1-D regression: sin(πx)")]).label("data set");
/// Noise of the generator.
pub const NOISE: Setting = Setting::real("data.noise", "noise", 0.0, 1.0).label("noise").help("Noise of the MLP lab's generator (on the inputs of the 2-D sets, on y for sin(πx)).");
/// Seed of the data.
pub const DATA_SEED: Setting = Setting::whole("data.seed", "data seed", 0, MAX_SEED);

/// Every setting declared with a [`Setting`].
pub const ALL: &[Setting] = &[SPEED, BUDGET, WIDTH, DEPTH, ACTIVATION, SKIPS, COMPARE, SEED, DIRECTIONS, DIRECTION_SEED, RADIUS, GRID, DATA_N, DATA_KIND, NOISE, DATA_SEED];

/// Weights P of a network with `inputs` inputs, `depth` hidden layers of `width`, `outputs` outputs.
pub fn params_of(inputs: usize, width: usize, depth: usize, outputs: usize) -> usize {
    inputs * width + width + depth.saturating_sub(1) * (width * width + width) + width * outputs + outputs
}

/// Outputs of the network for the state's data (1 for regression, the classes' count otherwise).
fn outputs(s: &SurfaceState) -> usize {
    s.data.config().task().outputs()
}

/// Weights P of the state's network.
pub fn params(s: &SurfaceState) -> usize {
    params_of(s.data.inputs(), s.width, s.depth, outputs(s))
}

/// Refuses a network and N over the budget, saying what would fit.
pub fn check_budget(s: &SurfaceState) -> LabResult<()> {
    let (i, k) = (s.data.inputs(), outputs(s));
    let p = params(s);
    let fits = |w: usize| {
        let p = params_of(i, w, s.depth, k);
        p <= MAX_PARAMS && s.data.n * p <= MAX_PASS_MACS
    };
    let widest = (2..=s.width).rev().find(|&w| fits(w));
    let at_width = match widest {
        Some(w) => format!("use width ≤ {w} at depth {}", s.depth),
        None => format!("no width fits depth {} with N = {}", s.depth, s.data.n),
    };
    if p > MAX_PARAMS {
        return Err(LabError::refused(format!("width {} × depth {} makes P = {} weights, over this experiment's budget of {} (the principal directions need the trajectory's Gram matrix in one slice): {at_width}", s.width, s.depth, group(p), group(MAX_PARAMS))));
    }
    if s.data.n * p > MAX_PASS_MACS {
        let most_n = MAX_PASS_MACS / p;
        return Err(LabError::refused(format!(
            "with N = {} points and P = {} weights one loss evaluation is N·P = {} multiply–adds, over this experiment's budget of {} (one grid point per slice, to stay interactive): {at_width}, or N ≤ {most_n} at this size",
            s.data.n,
            group(p),
            group(s.data.n * p),
            group(MAX_PASS_MACS)
        )));
    }
    Ok(())
}

/// 1234567 as "1,234,567".
pub fn group(v: usize) -> String {
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
        // Issue 14's figure fits: 2-64-64-1 on 200 points of sin(πx)… (1-D input: 1-64-64-1).
        let mut s = SurfaceState { width: 64, depth: 2, ..SurfaceState::default() };
        s.data.n = 200;
        check_budget(&s).expect("2-64-64-2 on 200 points");
        assert_eq!(params(&s), 2 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2);
        s.depth = 8;
        let e = check_budget(&s).unwrap_err();
        assert_eq!(e.kind(), crate::lab::error::ErrorKind::Refused);
        assert_eq!(
            e.message(),
            "width 64 × depth 8 makes P = 29,442 weights, over this experiment's budget of 20,000 (the principal directions need the trajectory's Gram matrix in one slice): use width ≤ 36 at depth 8"
        );
        s.width = 36;
        check_budget(&s).expect("what the message offers fits");
        s.width = 37;
        assert!(check_budget(&s).is_err());
        s.width = 32;
        s.data.n = 1000;
        let e = check_budget(&s).unwrap_err();
        assert!(e.message().contains("N·P = 7,554,000") && e.message().contains("use width ≤ 16 at depth 8, or N ≤ 264 at this size"), "{}", e.message());
        s.data.n = 264;
        check_budget(&s).expect("N ≤ 264 fits");
        s.data.n = 265;
        assert!(check_budget(&s).is_err());
    }
}
