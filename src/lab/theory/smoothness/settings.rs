//! The smoothness experiment's settings, each declared once, and its work budget.
//!
//! A [`Setting`]'s key is the path of its value in [`SmoothnessState`]: URL key, control key and
//! `hide=` name. The ranges are written here only.

use crate::lab::error::{LabError, LabResult};
use crate::lab::setting::Setting;
use crate::lab::transport::Transport;

use super::state::SmoothnessState;

/// Largest seed accepted from the page (fits a JS number exactly).
pub const MAX_SEED: u64 = 4_294_967_295;

/// Multiply–adds of all the runs together: each step of each run costs 2NP (Xw and Xᵀr) plus P
/// (its noise). About a second natively.
pub const MAX_WORK: u64 = 1_000_000_000;
/// Recorded steps over all runs (each run keeps every step: 32 bytes each).
pub const MAX_POINTS: u64 = 500_000;

/// Steps per animation frame.
pub const SPEED: Setting = Setting::whole("speed", "speed", 1, 20_000)
    .log()
    .label("speed (steps per frame)")
    .help("Steps of every run per animation frame; a frame also stops after a few milliseconds.");
/// Steps K.
pub const BUDGET: Setting = Setting::whole("budget", "steps K", 10, 20_000).log().label("steps K").help("Steps of every run; the running mean of ‖g_k‖² is over k < K.");

/// Play, step, reset, speed, budget and the preset menu (no “+ Add”).
pub const TRANSPORT: Transport = Transport {
    group: "Descent",
    speed: SPEED,
    budget: BUDGET,
    play_help: "Run gradient descent (every run of every ensemble) (space bar)",
    step_help: "One step of every run (→ key)",
    reset_help: "Back to w₀ = 0 with the same problem and the same noise",
    preset_help: "Reproduce a claim of the lectures in one click",
    add_label: "",
    add_help: "",
};

/// Which step rules run.
pub const RULES: Setting = Setting::choice("rules", "step rule", &[("constant", "constant η/L"), ("decaying", "decaying 1/(L(1 + k/k₀))"), ("both", "both, side by side")])
    .label("step rule")
    .help("Constant: w_{k+1} = w_k − (η/L)·g̃_k. Decaying: the step 1/(L(1 + k/k₀)), which halves after k₀ steps and then falls like 1/k. Both: the two rules on the same noise.");
/// The constant step η/L.
pub const ETA: Setting = Setting::real("eta", "η", 0.05, 1.95)
    .span(0.05, 1.95)
    .label("constant step η (× 1/L)")
    .help("The step is η/L. The smoothness model guarantees a decrease for 0 < η < 2; η = 1 is the step 1/L the model prescribes, with the lecture's bound 2L·L(W₀)/K (for other η: 2L·L(W₀)/(η(2 − η)K) + ησ²/(2 − η)).");
/// The decaying step's k₀.
pub const K0: Setting = Setting::real("k0", "k₀", 1.0, 10_000.0).log().label("decay k₀ (steps)").help("The decaying step 1/(L(1 + k/k₀)) halves after k₀ steps.");
/// Gradient noise.
pub const NOISE: Setting = Setting::real("noise", "σ²/‖g₀‖²", 0.0, 10.0)
    .span(0.0, 1.0)
    .label("gradient noise σ² (× ‖g₀‖²)")
    .help("Each step uses g̃ = g + ξ with ξ ~ N(0, σ²/P·I), so E g̃ = g and E‖g̃ − g‖² = σ² (the lecture's noise model); σ² is given as a fraction of ‖g₀‖², the squared gradient at w₀. 0: deterministic gradient descent.");
/// Runs per ensemble.
pub const RUNS: Setting = Setting::whole("runs", "R", 1, 256)
    .log()
    .label("runs R (noise seeds)")
    .help("With noise the bound is on an expectation: the figures show the mean over R runs that differ only in their noise (without noise one run is enough: they would be identical).");
/// Rows N.
pub const DATA_N: Setting = Setting::whole("data.n", "N", 2, 500).log().label("rows N").help("Rows of X: the loss is L(w) = (1/2N)‖Xw − y‖².");
/// Weights P.
pub const DATA_P: Setting = Setting::whole("data.p", "P", 1, 50).slider().label("weights P").help("Columns of X, weights w.");
/// Conditioning.
pub const DECADES: Setting = Setting::real("data.decades", "decades", 0.0, 6.0)
    .label("column scales (decades)")
    .help("Column j of X is scaled by 10^(−d·j/(P − 1)): d decades between the steepest and the flattest direction, so the Hessian XᵀX/N is ill-conditioned for large d and L = s_max²/N is set by the steepest.");
/// Noise on y.
pub const DATA_NOISE: Setting = Setting::real("data.noise", "noise on y", 0.0, 1.0).label("noise on y").help("y = Xw* + noise·N(0, 1), w* ~ N(0, I)");
/// Seed of the problem.
pub const DATA_SEED: Setting = Setting::whole("data.seed", "data seed", 0, MAX_SEED).label("data seed").help("Seed of X, w*, the noise on y — and of the gradient noise (run r uses seed + r)");

/// Every setting declared with a [`Setting`].
pub const ALL: &[Setting] = &[SPEED, BUDGET, RULES, ETA, K0, NOISE, RUNS, DATA_N, DATA_P, DECADES, DATA_NOISE, DATA_SEED];

/// Multiply–adds of one step of one run.
pub fn step_macs(n: usize, p: usize) -> u64 {
    (2 * n * p + p) as u64
}

/// Refuses a state whose runs would take too long or hold too many points, saying what would
/// fit. (Building the problem — an SVD of X and an eigendecomposition of XᵀX/N, one piece of
/// work — is not limited here: at the largest N and P it takes well under a millisecond.)
pub fn check_work(s: &SmoothnessState) -> LabResult<()> {
    let (n, p) = (s.data.n, s.data.p);
    let runs = (s.rules.count() * s.effective_runs()) as u64;
    let work = runs * s.budget * step_macs(n, p);
    if work > MAX_WORK {
        let most_k = MAX_WORK / (runs * step_macs(n, p));
        return Err(LabError::refused(format!(
            "{runs} runs × K = {} steps × {} multiply–adds is {:.1e}, over this lab's {:.0e} (to stay interactive): use K ≤ {most_k}, or fewer runs, or a smaller problem",
            s.budget,
            step_macs(n, p),
            work as f64,
            MAX_WORK as f64
        )));
    }
    let points = runs * s.budget;
    if points > MAX_POINTS {
        return Err(LabError::refused(format!("{runs} runs × K = {} steps is {points} recorded steps, over this lab's {MAX_POINTS}: use K ≤ {}, or fewer runs", s.budget, MAX_POINTS / runs)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::error::ErrorKind;

    #[test]
    fn the_budget_refuses_with_the_reason_and_what_fits() {
        let mut s = SmoothnessState { noise: 0.1, runs: 256, budget: 20_000, ..SmoothnessState::default() };
        let e = check_work(&s).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Refused);
        assert!(e.message().contains("use K ≤ 1943"), "{}", e.message());
        s.budget = 1943;
        assert!(check_work(&s).is_ok());
        s.budget = 1944;
        assert!(check_work(&s).is_err());
        s.data.n = 2;
        s.data.p = 1;
        s.budget = 1953;
        assert!(check_work(&s).is_ok());
        s.budget = 1954;
        assert!(check_work(&s).unwrap_err().message().contains("recorded steps, over this lab's 500000: use K ≤ 1953"));
    }
}
