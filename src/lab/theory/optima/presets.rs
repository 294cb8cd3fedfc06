//! One-click presets for lecture 002's histogram of local optima; each is also a short link
//! (`preset=ID`), and each lesson is a claim checked on several seeds (`tests.rs`).

use crate::lab::claim::{ensure, Verdict};
use crate::lab::error::{LabError, LabResult};
use crate::theory::optima::OptimaSweep;

use super::settings::{browser_seconds, work_of};
use super::state::OptimaState;
use super::views::{stats, NEAR};

/// A named preset.
pub struct Preset {
    /// Id used in URLs.
    pub id: &'static str,
    /// Menu label.
    pub label: &'static str,
    /// What to notice; every number in it is checked by `claim`.
    pub lesson: &'static str,
    /// Builds the state.
    pub build: fn() -> OptimaState,
    /// The lesson as a measurable property of the state's finished sweep.
    pub claim: fn(&OptimaState, &OptimaSweep) -> Verdict,
}

/// The presets, in menu order.
pub const PRESETS: &[Preset] = &[Preset {
    id: "bigger_nets_fewer_bad_optima",
    label: "Local optima vs network size (XOR, widths 2–32)",
    lesson: "30 initialisations each of one hidden layer of 2, 4, 8 and 32 tanh units, 1000 full-batch Adam steps (α = 0.01) on XOR with N = 200 (about 9 s of work in the browser): at least 80 % of the width-32 runs end within 2× of the best loss found, no run of width 2 or 4 does, and that share never falls as the width grows; width 32's spread q90 − q10 is under a third of width 2's and its worst run beats width 2's best. On the log axis every size's cluster is about as wide (q90/q10 < 3 for each): what changes with size is where the runs end, not their spread in ratio. Conditions: a fixed budget of steps, training loss, noise 0.05.",
    build: bigger_nets,
    claim: claim_bigger_nets,
}, Preset {
    id: "no_loss_floor",
    label: "When the loss has no floor (two hidden layers)",
    lesson: "The same XOR (N = 200, 1000 Adam steps) with two hidden layers, 2×2 to 2×32, 10 initialisations each (about 17 s of work in the browser): the 2×32 networks fit the separable points almost exactly — the best loss is below 0.001 — and then at most 60 % of their runs end within 2× of it, with q90/q10 above 3. The training loss has no floor here, so “near the best” measures how far along its decay to 0 a run has come, not which optimum it found: the one-hidden-layer preset's 2× test needs a loss that levels off. Every 2×32 run still ends below every 2×4 run.",
    build: no_loss_floor,
    claim: claim_no_loss_floor,
}];

fn no_loss_floor() -> OptimaState {
    OptimaState { seeds: 10, sizes: "d2_32".into(), preset: "no_loss_floor".into(), ..bigger_nets() }
}

fn claim_no_loss_floor(s: &OptimaState, sw: &OptimaSweep) -> Verdict {
    ensure(sw.is_done(), || "the sweep is not finished".into())?;
    let secs = browser_seconds(work_of(s));
    ensure((16.5..17.5).contains(&secs), || format!("the work is {secs:.1} s, not about 17 s"))?;
    let (st, best) = stats(sw);
    ensure(st.len() == 4 && st.iter().all(|x| x.runs == 10 && x.diverged == 0) && st[3].label == "2×32" && st[1].label == "2×4", || "4 sizes of 10 finished runs each".into())?;
    ensure(best < 1e-3, || format!("the best loss is {best:.2e}"))?;
    let big = &st[3];
    ensure(big.near <= 0.6, || format!("{:.0} % of the 2×32 runs end within 2× of the best", 100.0 * big.near))?;
    let ratio = big.q90 / big.q10;
    ensure(ratio > 3.0, || format!("2×32's q90/q10 is only {ratio:.2}"))?;
    let worst = sw.results()[3].quantile(1.0);
    ensure(worst < st[1].best, || format!("2×32's worst run {worst:.4} does not beat 2×4's best {:.4}", st[1].best))?;
    Ok(format!("best {best:.2e}; 2×32: {:.0} % near the best, q90/q10 {ratio:.2}, worst {worst:.4} < 2×4's best {:.4}; {secs:.1} s", 100.0 * big.near, st[1].best))
}

fn bigger_nets() -> OptimaState {
    let mut s = OptimaState { seeds: 30, budget: 1000, preset: "bigger_nets_fewer_bad_optima".into(), ..OptimaState::default() };
    s.data.kind = crate::mlp::DataKind::Xor;
    s.data.n = 200;
    s.data.noise = 0.05;
    s.sizes = "w2_32".into();
    s
}

fn claim_bigger_nets(s: &OptimaState, sw: &OptimaSweep) -> Verdict {
    ensure(sw.is_done(), || "the sweep is not finished".into())?;
    let secs = browser_seconds(work_of(s));
    ensure((8.5..9.5).contains(&secs), || format!("the work is {secs:.1} s, not about 9 s"))?;
    let (st, _) = stats(sw);
    ensure(st.len() == 4 && st.iter().all(|x| x.runs == 30 && x.diverged == 0), || "4 sizes of 30 finished runs each".into())?;
    let near: Vec<f64> = st.iter().map(|x| x.near).collect();
    ensure(near.windows(2).all(|w| w[0] <= w[1]), || format!("the shares within {NEAR}× of the best fall somewhere: {near:?}"))?;
    ensure(near[3] >= 0.8, || format!("only {:.0} % of the width-32 runs end within 2× of the best", 100.0 * near[3]))?;
    ensure(near[0] == 0.0 && near[1] == 0.0, || format!("widths 2 and 4 have {:.0} % and {:.0} % of their runs near the best", 100.0 * near[0], 100.0 * near[1]))?;
    let spread = |i: usize| st[i].q90 - st[i].q10;
    ensure(spread(3) < spread(0) / 3.0, || format!("spreads q90 − q10: width 32 {:.4}, width 2 {:.4}", spread(3), spread(0)))?;
    let worst32 = sw.results()[3].quantile(1.0);
    ensure(worst32 < st[0].best, || format!("width 32's worst run {worst32:.4} does not beat width 2's best {:.4}", st[0].best))?;
    let ratios: Vec<f64> = st.iter().map(|x| x.q90 / x.q10).collect();
    ensure(ratios.iter().all(|&r| r < 3.0), || format!("q90/q10 per size: {ratios:?}"))?;
    Ok(format!(
        "near the best: {:?}; spread {:.4} vs {:.4} (×{:.1}); worst of 32 {worst32:.4} < best of 2 {:.4}; q90/q10 {:?}; {secs:.1} s",
        near.iter().map(|v| (v * 100.0).round()).collect::<Vec<_>>(),
        spread(3),
        spread(0),
        spread(0) / spread(3),
        st[0].best,
        ratios.iter().map(|v| (v * 100.0).round() / 100.0).collect::<Vec<_>>()
    ))
}

/// The preset called `id`.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// Trains the sweep of `s` to the end in one go.
pub fn trained(s: &OptimaState) -> LabResult<OptimaSweep> {
    let mut sw = OptimaSweep::new(s.sweep_config()).map_err(|e| LabError::invalid(e.to_string()))?;
    while !sw.advance(u64::MAX).map_err(|e| LabError::invalid(e.to_string()))? {}
    Ok(sw)
}
