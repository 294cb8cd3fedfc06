//! One-click presets for the lectures' figures; each is also a short link (`preset=ID`), and each
//! lesson is a claim checked on several seeds (`tests.rs`).

use crate::lab::claim::{ensure, Verdict};
use crate::lab::error::LabResult;

use crate::optim::{OptimizerConfig, SgdConfig};

use super::conditioning::{Cause, Conditioning};
use super::pair::Pair;
use super::sweep::{SweepPoint, WidthSweep};
use super::views::residuals;
use super::state::LinearisationState;

/// A named preset.
pub struct Preset {
    /// Id used in URLs.
    pub id: &'static str,
    /// Menu label.
    pub label: &'static str,
    /// What to notice; every number in it is checked by `claim`.
    pub lesson: &'static str,
    /// Builds the state.
    pub build: fn() -> LinearisationState,
    /// The lesson as a measurable property of the state's finished training.
    pub claim: fn(&LinearisationState) -> Verdict,
    /// Whether loading it starts the width sweep.
    pub sweep: bool,
}

/// The presets, in menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "wide_is_linear",
        label: "Wide networks are linear (width 4096 vs 16)",
        lesson: "At width 4096 the network and f_lin stay within ‖f − f_lin‖/√N < 1e-5 over 400 steps of GD with step 1/L₀, the weights move less than 0.3 % and κ(J) stays within 5 % of κ(J(w₀)); set the width to 16 and the gap passes 1e-2 while κ(J) moves by more than 20 %.",
        build: wide_is_linear,
        claim: claim_wide_is_linear,
        sweep: false,
    },
    Preset {
        id: "gd_filter_on_ntk",
        label: "GD on f_lin is the spectral filter on the NTK",
        lesson: "For f_lin trained by plain GD, the residual along each eigenvector u_i of K = JJᵀ is exactly (1 − α′s_i²)^q·u_iᵀr₀ (measured equals predicted to 1e-9·‖r₀‖): directions with large s_i are fitted first, as in the shrinkage lab.",
        build: gd_filter_on_ntk,
        claim: claim_gd_filter_on_ntk,
        sweep: false,
    },
    Preset {
        id: "smoothness_rate",
        label: "Step 1/L and the rate 2L·L(W₀)/K",
        lesson: "f_lin's loss is least squares with smoothness L₀ = 2s_max²/N: with GD's step 1/L₀ the running mean of ‖g_k‖² stays under 2L₀·L(W₀)/K at every K of 2000 steps (lecture 003), and falls by more than 100× over them.",
        build: smoothness_rate,
        claim: claim_smoothness_rate,
        sweep: false,
    },
    Preset {
        id: "ntk_width_sweep",
        label: "Width sweep: the linearisation becomes exact",
        lesson: "Widths 8 … 4096 (noisy sine, one hidden layer, 400 steps of GD with step 1/L₀; view ‘Width sweep’): the largest gap ‖f − f_lin‖/√N falls more than 1000× with a log–log slope below −1.2, ‖w − w₀‖ with slope −1/2 ± 0.2, and ‖w − w₀‖/‖w₀‖ with slope −1 ± 0.2 — ‖w₀‖ grows like √m, so the relative change falls like 1/m here, faster than the NTK papers' 1/√m.",
        build: width_sweep,
        claim: claim_width_sweep,
        sweep: true,
    },
    Preset {
        id: "input_offset_ill_conditions",
        label: "Un-centred inputs ill-condition J",
        lesson: "View ‘What makes J ill-conditioned’: shifting every input by 5 (x ← x + 5) makes J(w₀)'s rows nearly parallel — s_1/s_2 grows more than 15× and s_1/s_5 more than 1000× against centred inputs, so GD with step 1/L₀ (on f_lin) needs over 10⁹× more steps to fit the fifth direction than the first.",
        build: input_offset_ill_conditions,
        claim: claim_input_offset_ill_conditions,
        sweep: false,
    },
    Preset {
        id: "init_gain_conditions",
        label: "A small initialisation ill-conditions J",
        lesson: "View ‘What makes J ill-conditioned’: w₀'s weights times g = 0.25 keep tanh in its linear part, so the network starts nearly linear in x and J(w₀) has few strong directions: s_1/s_5 is more than 10× larger than at g = 1; at g = 8 it is less than half that at g = 1.",
        build: init_gain_conditions,
        claim: claim_init_gain_conditions,
        sweep: false,
    },
    Preset {
        id: "activation_conditions",
        label: "Sigmoid ill-conditions J, tanh and relu less",
        lesson: "View ‘What makes J ill-conditioned’ against the activation: sigmoid's outputs are all positive (centred at 1/2), so the hidden features that the last layer's columns of J are made of share a large common part, like un-centred inputs: s_1/s_5 of J(w₀) is more than 5× that of tanh; relu's is no larger than tanh's.",
        build: activation_conditions,
        claim: claim_activation_conditions,
        sweep: false,
    },
    Preset {
        id: "depth_conditions",
        label: "Depth and κ(J(w₀)) with Kaiming weights",
        lesson: "View ‘What makes J ill-conditioned’ against depth: with Kaiming weights a tanh network with 3 hidden layers has s_1/s_5 of J(w₀) less than half that with 1 — depth alone, at a signal-preserving initialisation, does not ill-condition J here; a small init gain does (preset ‘A small initialisation ill-conditions J’).",
        build: depth_conditions,
        claim: claim_depth_conditions,
        sweep: false,
    },
];

fn activation_conditions() -> LinearisationState {
    LinearisationState { preset: "activation_conditions".into(), cause: Cause::Activation, ..LinearisationState::default() }
}

fn claim_activation_conditions(s: &LinearisationState) -> Verdict {
    let c = Conditioning::new(s, Cause::Activation).finish();
    let (tanh, relu, sigmoid) = (kappa_at(&c, "tanh", 5)?, kappa_at(&c, "relu", 5)?, kappa_at(&c, "sigmoid", 5)?);
    ensure(sigmoid > 5.0 * tanh, || format!("s_1/s_5: sigmoid {sigmoid:.3e} vs tanh {tanh:.3e}"))?;
    ensure(relu <= tanh, || format!("s_1/s_5: relu {relu:.3e} vs tanh {tanh:.3e}"))?;
    Ok(format!("s_1/s_5: tanh {tanh:.3e}, relu {relu:.3e} ({:.2}×), sigmoid {sigmoid:.3e} ({:.1}×)", relu / tanh, sigmoid / tanh))
}

fn depth_conditions() -> LinearisationState {
    LinearisationState { preset: "depth_conditions".into(), cause: Cause::Depth, ..LinearisationState::default() }
}

fn claim_depth_conditions(s: &LinearisationState) -> Verdict {
    let c = Conditioning::new(s, Cause::Depth).finish();
    let (one, three) = (kappa_at(&c, "1", 5)?, kappa_at(&c, "3", 5)?);
    ensure(three < 0.5 * one, || format!("s_1/s_5: 3 layers {three:.3e} vs 1 layer {one:.3e}"))?;
    Ok(format!("s_1/s_5: 1 layer {one:.3e}, 3 layers {three:.3e} ({:.2}×)", three / one))
}

fn width_sweep() -> LinearisationState {
    let mut s = LinearisationState { preset: "ntk_width_sweep".into(), speed: 20, ..LinearisationState::default() };
    s.runs[0].optimizer = OptimizerConfig::Sgd(SgdConfig { lr: 1.0, ..SgdConfig::default() });
    s
}

fn claim_width_sweep(s: &LinearisationState) -> Verdict {
    let w = WidthSweep::new(s).finish();
    ensure(w.widths.first() == Some(&8) && w.widths.last() == Some(&4096), || format!("widths {:?}", w.widths))?;
    ensure(w.points.iter().all(|p| p.halted.is_none()), || format!("a width stopped: {:?}", w.points.iter().find_map(|p| p.halted.clone())))?;
    let (first, last) = (w.points[0].max_gap, w.points[w.points.len() - 1].max_gap);
    ensure(last < first / 1000.0, || format!("the gap only fell from {first:.3e} to {last:.3e}"))?;
    let slope = |f: &dyn Fn(&SweepPoint) -> f64| w.slope(f).unwrap_or(f64::NAN);
    let (g, m, c) = (slope(&|p| p.max_gap), slope(&|p| p.moved), slope(&|p| p.change));
    ensure(g < -1.2, || format!("gap slope {g:.3}"))?;
    ensure((m + 0.5).abs() < 0.2, || format!("‖w − w₀‖ slope {m:.3}"))?;
    ensure((c + 1.0).abs() < 0.2, || format!("relative change slope {c:.3}"))?;
    Ok(format!("gap {first:.2e} → {last:.2e}, slopes: gap {g:.2}, ‖w − w₀‖ {m:.2}, relative {c:.2}"))
}

fn input_offset_ill_conditions() -> LinearisationState {
    LinearisationState { preset: "input_offset_ill_conditions".into(), cause: Cause::InputOffset, ..LinearisationState::default() }
}

/// κ_k at the value labelled `label` of a finished conditioning (an unmet claim when s_k is
/// below the resolution of JJᵀ).
fn kappa_at(c: &Conditioning, label: &str, k: usize) -> LabResult<f64> {
    let p = c.points.iter().find(|p| p.label == label && p.skipped.is_none()).ok_or_else(|| crate::lab::claim::unmet(format!("no value {label}")))?;
    ensure(p.resolved(k), || format!("at {label}, s_{k} is below the resolution of JJᵀ"))?;
    Ok(p.ratio(k))
}

fn claim_input_offset_ill_conditions(s: &LinearisationState) -> Verdict {
    let c = Conditioning::new(s, Cause::InputOffset).finish();
    let shifted = c.points.iter().find(|p| p.label == "5").ok_or_else(|| crate::lab::claim::unmet("no offset 5"))?;
    ensure(shifted.resolved(5), || format!("s_5 at offset 5 is below the resolution of JJᵀ (s_1/s_5 = {:.2e})", shifted.ratio(5)))?;
    let (k2, k5) = (kappa_at(&c, "5", 2)? / kappa_at(&c, "0", 2)?, kappa_at(&c, "5", 5)? / kappa_at(&c, "0", 5)?);
    ensure(k2 > 15.0, || format!("s_1/s_2 grew only {k2:.1}×"))?;
    ensure(k5 > 1000.0, || format!("s_1/s_5 grew only {k5:.1}×"))?;
    // GD on f_lin with step 1/L₀ shrinks direction i by (1 − s_i²/s_1²) per step: about κ_i² steps.
    let steps = kappa_at(&c, "5", 5)?.powi(2);
    ensure(steps > 1e9, || format!("κ_5² = {steps:.2e}"))?;
    Ok(format!("offset 5 vs 0: s_1/s_2 ×{k2:.1}, s_1/s_5 ×{k5:.0} (κ_5² = {steps:.1e})"))
}

fn init_gain_conditions() -> LinearisationState {
    LinearisationState { preset: "init_gain_conditions".into(), cause: Cause::Gain, ..LinearisationState::default() }
}

fn claim_init_gain_conditions(s: &LinearisationState) -> Verdict {
    let c = Conditioning::new(s, Cause::Gain).finish();
    let (small, one, big) = (kappa_at(&c, "0.25", 5)?, kappa_at(&c, "1", 5)?, kappa_at(&c, "8", 5)?);
    ensure(small > 10.0 * one, || format!("s_1/s_5: {small:.3e} at g = 0.25 vs {one:.3e} at g = 1"))?;
    ensure(big < 0.5 * one, || format!("s_1/s_5: {big:.3e} at g = 8 vs {one:.3e} at g = 1"))?;
    Ok(format!("s_1/s_5: g = 0.25 {small:.3e} ({:.1}×), g = 1 {one:.3e}, g = 8 {big:.3e} ({:.2}×)", small / one, big / one))
}

fn smoothness_rate() -> LinearisationState {
    let mut s = LinearisationState { width: 256, speed: 20, budget: 2000, preset: "smoothness_rate".into(), ..LinearisationState::default() };
    s.runs[0].optimizer = OptimizerConfig::Sgd(SgdConfig { lr: 1.0, ..SgdConfig::default() });
    s
}

fn claim_smoothness_rate(s: &LinearisationState) -> Verdict {
    let p = trained(s)?;
    ensure(p.halted.is_none() && p.step == s.budget, || format!("stopped: {:?}", p.halted))?;
    let eta = p.eta(s.runs[0].plain_gd()).ok_or_else(|| crate::lab::claim::unmet("not plain GD with 0 < α₀L₀ < 2"))?;
    ensure((eta - 1.0).abs() < 1e-12, || format!("the step is {eta}/L₀, not 1/L₀"))?;
    let mut worst = 0.0f64;
    for r in p.records.iter().filter(|r| r.step > 0) {
        let ratio = r.mean_g2_lin / p.rate_bound(eta, r.step);
        ensure(ratio <= 1.0 + 1e-12, || format!("at K = {} the mean ‖g‖² is {ratio:.4} × the bound", r.step))?;
        worst = worst.max(ratio);
    }
    let (first, last) = (p.records[1].mean_g2_lin, p.records.last().map_or(f64::NAN, |r| r.mean_g2_lin));
    ensure(last < first / 100.0, || format!("the running mean only fell from {first:.3e} to {last:.3e}"))?;
    Ok(format!("mean ‖g‖² ≤ {worst:.3} × bound at every K; {first:.2e} → {last:.2e}"))
}

fn wide_is_linear() -> LinearisationState {
    let mut s = LinearisationState { width: 4096, speed: 4, budget: 400, preset: "wide_is_linear".into(), ..LinearisationState::default() };
    s.runs[0].optimizer = OptimizerConfig::Sgd(SgdConfig { lr: 1.0, ..SgdConfig::default() });
    s
}

fn gd_filter_on_ntk() -> LinearisationState {
    let mut s = LinearisationState { width: 256, speed: 5, budget: 300, preset: "gd_filter_on_ntk".into(), ..LinearisationState::default() };
    s.runs[0].optimizer = OptimizerConfig::Sgd(SgdConfig { lr: 1.0, ..SgdConfig::default() });
    s
}

/// The largest gap over the records of a finished run.
fn max_gap(p: &Pair) -> f64 {
    p.records.iter().map(|r| r.gap).fold(0.0, f64::max)
}

fn claim_wide_is_linear(s: &LinearisationState) -> Verdict {
    let wide = trained(s)?;
    ensure(wide.halted.is_none() && wide.step == s.budget, || format!("width {} stopped: {:?}", s.width, wide.halted))?;
    let (gap, moved) = (max_gap(&wide), wide.records.last().map_or(f64::NAN, |r| r.change_net));
    ensure(gap < 1e-5, || format!("width {}: ‖f − f_lin‖/√N reached {gap:.3e}", s.width))?;
    ensure(moved < 3e-3, || format!("width {}: weights moved {moved:.3e}", s.width))?;
    let narrow = trained(&LinearisationState { width: 16, ..s.clone() })?;
    let g16 = max_gap(&narrow);
    ensure(g16 > 1e-2, || format!("width 16: ‖f − f_lin‖/√N only reached {g16:.3e}"))?;
    let (k_wide, k_narrow) = (kappa_drift(&wide), kappa_drift(&narrow));
    ensure(k_wide < 0.05, || format!("width {}: κ(J) moved by {:.1} %", s.width, 100.0 * k_wide))?;
    ensure(k_narrow > 0.2, || format!("width 16: κ(J) moved by only {:.1} %", 100.0 * k_narrow))?;
    Ok(format!("width {}: gap ≤ {gap:.2e}, moved {moved:.2e}, κ drift {k_wide:.3}; width 16: gap {g16:.2e}, κ drift {k_narrow:.3}", s.width))
}

/// The largest relative change of κ(J(w_k)) from κ(J(w₀)) over the checkpoints.
fn kappa_drift(p: &Pair) -> f64 {
    let k0 = p.checkpoints.first().map_or(f64::NAN, |c| c.condition);
    p.checkpoints.iter().map(|c| (c.condition / k0 - 1.0).abs()).fold(0.0, f64::max)
}

fn claim_gd_filter_on_ntk(s: &LinearisationState) -> Verdict {
    ensure(s.runs[0].plain_gd(), || "the claim is about plain GD".into())?;
    let p = trained(s)?;
    ensure(p.halted.is_none() && p.step == s.budget, || format!("stopped: {:?}", p.halted))?;
    let r = residuals(&p, true);
    let pred = r.predicted.unwrap_or_default();
    let worst = r.linear.iter().zip(&pred).map(|(m, q)| (m.1 - q.1).abs()).fold(0.0, f64::max);
    let tol = 1e3 * r.floor; // 1e-9·‖r₀‖
    ensure(worst < tol, || format!("measured and predicted residuals differ by {worst:.3e} (allowed {tol:.3e})"))?;
    // The filter did something: the top direction is fitted, the smallest is not.
    let (top, bottom) = (r.linear.first().map_or(f64::NAN, |v| v.1), r.linear.last().map_or(f64::NAN, |v| v.1));
    let (top0, bottom0) = (r0_along(&p, 0), r0_along(&p, p.n() - 1));
    ensure(top < 1e-6 * top0.max(r.floor), || format!("the top direction kept {top:.3e} of {top0:.3e}"))?;
    ensure(bottom > 0.99 * bottom0, || format!("the smallest direction went from {bottom0:.3e} to {bottom:.3e}"))?;
    Ok(format!("max |measured − predicted| = {worst:.2e} (≤ {tol:.2e}); top direction {top0:.2e} → {top:.2e}, smallest {bottom0:.2e} → {bottom:.2e}"))
}

/// |u_iᵀ r₀|: the initial residual along eigenvector i of the kernel at w₀.
fn r0_along(p: &Pair, i: usize) -> f64 {
    let Some(sp) = &p.spectrum0 else { return f64::NAN };
    sp.vectors.column(i).iter().zip(p.lin.f0.iter().zip(&p.y)).map(|(u, (f, y))| u * (f - y)).sum::<f64>().abs()
}

/// The preset called `id`.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// Trains `s` to its budget in one go (kernels included).
pub fn trained(s: &LinearisationState) -> LabResult<Pair> {
    let mut p = Pair::new(s)?;
    while !p.finished() || p.building() {
        p.finish_building();
        p.train_step();
    }
    Ok(p)
}

