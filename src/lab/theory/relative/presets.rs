//! One-click presets for lecture 003's perturbation bounds and relative updates; each is also a
//! short link (`preset=ID`), and each lesson is a claim checked on several seeds (`tests.rs`).

use crate::lab::claim::{ensure, unmet, Verdict};
use crate::lab::error::LabResult;
use crate::optim::{NeroConfig, OptimizerConfig};

use super::race::{Race, Racer};
use super::state::{four_optimizers, NetSettings, RelativeState, RunSettings};
use super::stats::{inner_layers, layer_spread, log_correlation, median, ratio};

/// A named preset.
pub struct Preset {
    /// Id used in URLs.
    pub id: &'static str,
    /// Menu label.
    pub label: &'static str,
    /// What to notice; every number in it is checked by `claim`.
    pub lesson: &'static str,
    /// Builds the state.
    pub build: fn() -> RelativeState,
    /// The lesson as a measurable property of the state's finished training.
    pub claim: fn(&RelativeState) -> Verdict,
}

/// The presets, in menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "nero_half_degree",
        label: "Nero turns each neuron by about half a degree",
        lesson: "Nero at its default α = 0.01 turns the median neuron of the hidden-to-hidden layer by α radians = 0.573° at its first step (within 5 %): the lecture's “½ a degree of rotation per neuron per iteration”. Later the turn is about α·‖g‖/√v̂, the gradient over its running RMS: with minibatches of 20 the median turn over 300 steps stays between 0.2° and 0.573°, and no step turns it by more than 2α = 1.15°.",
        build: nero_half_degree,
        claim: claim_nero,
    },
    Preset {
        id: "relative_vs_absolute",
        label: "SGD's absolute steps vs Madam's and Nero's relative steps",
        lesson: "SGD (α = 0.1) steps by α·g, so a layer's relative update ‖ΔW_l‖/‖W_l‖ = α‖g_l‖/‖W_l‖ is set by its gradient: at the median step its layers differ by more than 3×, and over 300 steps it spans more than two decades. Madam and Nero (α = 0.01) make relative updates: no layer's ever exceeds 2.5α, and at the median step the largest layer's is within 1.6× of the smallest's.",
        build: relative_vs_absolute,
        claim: claim_relative,
    },
    Preset {
        id: "perturbation_bound",
        label: "Relative updates set the gradient's change (a model, not a bound)",
        lesson: "Nero at α = 0.001, 0.01, 0.05 and 0.2: the model Π_l(1 + ‖ΔW_l‖/‖W_l‖) − 1 gives the scale of the gradient's relative change — the median measured/model ratio over 300 steps lies between 1 and 3.5 for α ≤ 0.01 and between 1 and 8 for the larger α (the model misses more as the steps grow), and across all the steps log(measured) and log(model) correlate with r > 0.8 — but it is not a strict bound: the measured change exceeds the model at more than 3/4 of the steps.",
        build: perturbation_bound,
        claim: claim_perturbation,
    },
];

fn nero_half_degree() -> RelativeState {
    RelativeState {
        net: NetSettings { batch: 20, ..NetSettings::default() },
        runs: vec![RunSettings::of(OptimizerConfig::Nero(NeroConfig::default()))],
        speed: 2,
        budget: 300,
        preset: "nero_half_degree".into(),
    }
}

fn relative_vs_absolute() -> RelativeState {
    RelativeState { runs: four_optimizers(), speed: 2, budget: 300, preset: "relative_vs_absolute".into(), ..RelativeState::default() }
}

fn perturbation_bound() -> RelativeState {
    let runs = [0.001, 0.01, 0.05, 0.2].iter().map(|&lr| RunSettings::of(OptimizerConfig::Nero(NeroConfig { lr, ..NeroConfig::default() }))).collect();
    RelativeState { runs, speed: 2, budget: 300, preset: "perturbation_bound".into(), ..RelativeState::default() }
}

/// The preset called `id`.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// Trains `s` to its budget in one go.
pub fn finished(s: &RelativeState) -> LabResult<Race> {
    s.check()?;
    let mut r = Race::new(s).map_err(crate::lab::error::LabError::invalid)?;
    r.run_all();
    for x in &r.racers {
        ensure(x.halted.is_none() && x.done() == s.budget, || format!("{} stopped: {:?}", x.label, x.halted))?;
    }
    Ok(r)
}

fn card<'a>(r: &'a Race, name: &str) -> LabResult<&'a Racer> {
    r.racers.iter().find(|x| x.label.starts_with(name)).ok_or_else(|| unmet(format!("no {name} card")))
}

fn claim_nero(s: &RelativeState) -> Verdict {
    let r = finished(s)?;
    let x = card(&r, "Nero")?;
    let alpha_deg = x.lr.to_degrees();
    let inner = inner_layers(x.steps[0].per_layer.len());
    ensure(!inner.is_empty(), || "the network has no hidden-to-hidden layer".into())?;
    let mut out = Vec::new();
    for l in inner {
        let first = x.steps[0].neuron_angle_deg[l];
        ensure((first / alpha_deg - 1.0).abs() < 0.05, || format!("layer {}: the first step turned the median neuron by {first:.3}°, not {alpha_deg:.3}°", l + 1))?;
        let angles: Vec<f64> = x.steps.iter().map(|m| m.neuron_angle_deg[l]).collect();
        let (lo, hi) = angles.iter().fold((f64::INFINITY, 0.0f64), |(a, b), &v| (a.min(v), b.max(v)));
        let med = median(angles);
        ensure((0.2..=alpha_deg).contains(&med), || format!("layer {}: the median turn over the run is {med:.3}°", l + 1))?;
        ensure(hi <= 2.0 * alpha_deg, || format!("layer {}: a step turned the median neuron by {hi:.3}°", l + 1))?;
        out.push(format!("layer {}: first {first:.3}°, median {med:.3}°, range [{lo:.3}°, {hi:.3}°]", l + 1));
    }
    Ok(out.join("; "))
}

/// (median layer spread, largest relative update / α, largest / smallest relative update).
fn relative_stats(x: &Racer) -> (f64, f64, f64) {
    let spread = median(x.steps.iter().map(layer_spread).collect());
    let all: Vec<f64> = x.steps.iter().flat_map(|m| m.per_layer.iter().copied()).collect();
    let (lo, hi) = all.iter().fold((f64::INFINITY, 0.0f64), |(a, b), &v| (a.min(v), b.max(v)));
    (spread, hi / x.lr, hi / lo)
}

fn claim_relative(s: &RelativeState) -> Verdict {
    let r = finished(s)?;
    let sgd = card(&r, "SGD")?;
    let (spread, _, span) = relative_stats(sgd);
    ensure(spread > 3.0, || format!("SGD's layers differ by only {spread:.2}× at the median step"))?;
    ensure(span > 100.0, || format!("SGD's relative updates span only {span:.1}×"))?;
    let mut out = vec![format!("SGD: spread {spread:.2}×, span {span:.0}×")];
    for name in ["Madam", "Nero"] {
        let x = card(&r, name)?;
        let (spread, top, span) = relative_stats(x);
        ensure(top <= 2.5, || format!("{name}: a layer's relative update reached {top:.2}α"))?;
        ensure(spread < 1.6, || format!("{name}: its layers differ by {spread:.2}× at the median step"))?;
        out.push(format!("{name}: spread {spread:.2}×, max {top:.2}α, span {span:.0}×"));
    }
    Ok(out.join("; "))
}

fn claim_perturbation(s: &RelativeState) -> Verdict {
    let r = finished(s)?;
    let mut all = Vec::new();
    let mut out = Vec::new();
    for x in &r.racers {
        let ratios: Vec<f64> = x.steps.iter().map(ratio).collect();
        let above = ratios.iter().filter(|&&q| q > 1.0).count() as f64 / ratios.len() as f64;
        let max = ratios.iter().copied().fold(0.0, f64::max);
        let med = median(ratios);
        let top = if x.lr <= 0.01 { 3.5 } else { 8.0 };
        ensure((1.0..=top).contains(&med), || format!("{}: median measured/model {med:.2}, outside [1, {top}]", x.label))?;
        ensure(above > 0.75, || format!("{}: the measured change exceeds the model at only {:.0} % of the steps", x.label, 100.0 * above))?;
        all.extend(x.steps.iter().map(|m| (m.model, m.measured)));
        out.push(format!("{}: median {med:.2}, max {max:.1}, above {:.0} %", x.label, 100.0 * above));
    }
    let corr = log_correlation(&all);
    ensure(corr > 0.8, || format!("log–log correlation over every step {corr:.3}"))?;
    out.push(format!("r = {corr:.3}"));
    Ok(out.join("; "))
}
