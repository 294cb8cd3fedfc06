//! One-click presets for lecture 003's convergence rates; each is also a short link
//! (`preset=ID`), and each lesson is a claim checked on several seeds (`tests.rs`).

use crate::lab::claim::{ensure, unmet, Verdict};
use crate::lab::error::LabResult;

use super::descent::Descent;
use super::state::{Rules, SmoothnessState};

/// A named preset.
pub struct Preset {
    /// Id used in URLs.
    pub id: &'static str,
    /// Menu label.
    pub label: &'static str,
    /// What to notice; every number in it is checked by `claim`.
    pub lesson: &'static str,
    /// Builds the state.
    pub build: fn() -> SmoothnessState,
    /// The lesson as a measurable property of the state's finished runs.
    pub claim: fn(&SmoothnessState) -> Verdict,
}

/// The presets, in menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "rate_1_over_L",
        label: "Step 1/L: mean ‖g‖² ≤ 2L·L(W₀)/K",
        lesson: "Gradient descent with step 1/L on least squares (L = s_max²/N): at every K of 5000 steps the running mean of ‖g_k‖² is under the lecture's 2L·L(W₀)/K, and over the last decade of K it falls with the bound's slope −1 (between −1.05 and −0.95): the sum of ‖g_k‖² is finite. The bound is not loose: at K = 5000 the running mean is more than half of it.",
        build: rate_1_over_l,
        claim: claim_rate,
    },
    Preset {
        id: "noise_ball",
        label: "Gradient noise σ²: the noise ball",
        lesson: "With gradient noise of variance σ² = 0.05‖g₀‖² and step 1/L, the mean over 32 runs of the running mean of ‖g_k‖² stays under 2L·L(W₀)/K + σ² at every K, but stops falling like 1/K: ‖g_k‖² settles on a plateau within 5 % of the predicted (σ²/P)Σ_i(λ_i/L)/(2 − λ_i/L), below σ²/3: the lecture's radius σ² is an upper bound, reached only if every λ_i = L.",
        build: noise_ball,
        claim: claim_noise_ball,
    },
    Preset {
        id: "decaying_step_beats_the_ball",
        label: "A decaying step leaves the noise ball",
        lesson: "Same noise, two step rules: the constant step 1/L keeps ‖g_k‖² on its plateau, while the decaying step 1/(L(1 + k/20)) brings it more than 50× lower by K = 8000 (mean over the last quarter of the steps), and its running mean of ‖g_k‖² ends below the constant step's and below σ²/50.",
        build: decaying_step,
        claim: claim_decaying,
    },
];

fn rate_1_over_l() -> SmoothnessState {
    SmoothnessState { rules: Rules::Constant, eta: 1.0, noise: 0.0, budget: 5000, speed: 100, preset: "rate_1_over_L".into(), ..SmoothnessState::default() }
}

fn noise_ball() -> SmoothnessState {
    SmoothnessState { rules: Rules::Constant, eta: 1.0, noise: 0.05, runs: 32, budget: 4000, speed: 50, preset: "noise_ball".into(), ..SmoothnessState::default() }
}

fn decaying_step() -> SmoothnessState {
    SmoothnessState { rules: Rules::Both, eta: 1.0, k0: 20.0, noise: 0.05, runs: 16, budget: 8000, speed: 100, preset: "decaying_step_beats_the_ball".into(), ..SmoothnessState::default() }
}

/// The preset called `id`.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// Runs `s` to its budget in one go.
pub fn finished(s: &SmoothnessState) -> LabResult<Descent> {
    s.check()?;
    let mut d = Descent::new(s).map_err(crate::lab::error::LabError::invalid)?;
    d.advance_to(s.budget, &mut || false);
    Ok(d)
}

/// The largest ratio, over every K, of the constant rule's (mean) running mean to the bound, and
/// the smallest (bound − mean)/(standard error over the runs) where the runs differ.
pub fn worst_against_bound(d: &Descent) -> Option<(f64, f64)> {
    let c = d.constant()?;
    let (mut ratio, mut z) = (0.0f64, f64::INFINITY);
    for i in 0..d.steps() as usize {
        let (m, se) = c.mean_at(i, |p| p.mean_grad_sq);
        let b = d.bound(i as u64 + 1);
        ratio = ratio.max(m / b);
        if se > 0.0 {
            z = z.min((b - m) / se);
        }
    }
    Some((ratio, z))
}

/// The log–log slope of the running mean of the constant rule between K/10 and K.
pub fn last_decade_slope(d: &Descent) -> f64 {
    let Some(c) = d.constant() else { return f64::NAN };
    let k = d.steps() as usize;
    let (a, b) = (c.mean_at(k / 10 - 1, |p| p.mean_grad_sq).0, c.mean_at(k - 1, |p| p.mean_grad_sq).0);
    (b / a).log10() / ((k as f64) / (k / 10) as f64).log10()
}

fn claim_rate(s: &SmoothnessState) -> Verdict {
    let d = finished(s)?;
    let (ratio, _) = worst_against_bound(&d).ok_or_else(|| unmet("the constant step does not run"))?;
    ensure(ratio <= 1.0 + 1e-12, || format!("the running mean reached {ratio:.4} × the bound"))?;
    let slope = last_decade_slope(&d);
    ensure((-1.05..=-0.95).contains(&slope), || format!("the running mean's slope over the last decade is {slope:.3}"))?;
    let c = d.constant().expect("constant");
    let end = c.mean_at(d.steps() as usize - 1, |p| p.mean_grad_sq).0 / d.bound(d.steps());
    ensure(end > 0.5, || format!("at K = {} the running mean is only {end:.3} × the bound", d.steps()))?;
    Ok(format!("mean ≤ {ratio:.3} × bound at every K (at K = {}: {end:.3}); slope {slope:.3}", d.steps()))
}

fn claim_noise_ball(s: &SmoothnessState) -> Verdict {
    let d = finished(s)?;
    let (ratio, z) = worst_against_bound(&d).ok_or_else(|| unmet("the constant step does not run"))?;
    ensure(ratio <= 1.0, || format!("the mean over {} runs reached {ratio:.4} × (2L·L(W₀)/K + σ²)", s.runs))?;
    let c = d.constant().expect("constant");
    let plateau = c.plateau(d.steps() as usize);
    let pred = d.problem.predicted_plateau(d.eta, d.sigma_sq);
    ensure((plateau / pred - 1.0).abs() < 0.05, || format!("plateau {plateau:.3e} vs predicted {pred:.3e}"))?;
    ensure(plateau < d.sigma_sq / 3.0, || format!("plateau {plateau:.3e} is not below σ²/3 = {:.3e}", d.sigma_sq / 3.0))?;
    // It stopped falling like 1/K: the running mean at K is far above what 1/K from K/10 gives.
    let k = d.steps() as usize;
    let (a, b) = (c.mean_at(k / 10 - 1, |p| p.mean_grad_sq).0, c.mean_at(k - 1, |p| p.mean_grad_sq).0);
    ensure(b > 5.0 * a / 10.0, || format!("the running mean fell from {a:.3e} to {b:.3e} over the last decade, like 1/K"))?;
    Ok(format!("mean ≤ {ratio:.3} × bound (≥ {z:.1} standard errors under it); plateau {plateau:.3e} = {:.3} × predicted, {:.3} σ²", plateau / pred, plateau / d.sigma_sq))
}

/// The mean of ‖g_k‖² over the runs and the last quarter of the steps.
fn late(r: &super::descent::Rule, steps: usize) -> f64 {
    let lo = steps * 3 / 4;
    (lo..steps).map(|i| r.mean_at(i, |p| p.grad_sq).0).sum::<f64>() / (steps - lo) as f64
}

fn claim_decaying(s: &SmoothnessState) -> Verdict {
    let d = finished(s)?;
    let (c, r) = (d.constant().ok_or_else(|| unmet("no constant step"))?, d.decaying().ok_or_else(|| unmet("no decaying step"))?);
    let k = d.steps() as usize;
    let (plateau, decayed) = (late(c, k), late(r, k));
    ensure(decayed < plateau / 50.0, || format!("the decaying step's ‖g_k‖² {decayed:.3e} vs the plateau {plateau:.3e}"))?;
    let (mc, md) = (c.mean_at(k - 1, |p| p.mean_grad_sq).0, r.mean_at(k - 1, |p| p.mean_grad_sq).0);
    ensure(md < mc, || format!("running means: decaying {md:.3e}, constant {mc:.3e}"))?;
    ensure(md < d.sigma_sq / 50.0, || format!("the decaying step's running mean {md:.3e} vs σ²/50 = {:.3e}", d.sigma_sq / 50.0))?;
    Ok(format!("late ‖g_k‖²: constant {plateau:.3e}, decaying {decayed:.3e} ({:.1}× lower); running means {mc:.3e} vs {md:.3e} = {:.3} σ²", plateau / decayed, md / d.sigma_sq))
}
