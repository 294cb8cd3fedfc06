//! Headless runs of a preset and the measurements its claim is stated in.
//!
//! [`outcome`] trains every run of a state to its budget exactly as the page does (same data, seed,
//! recording stride), runs the width sweep and the "init" view's measurement; a preset's
//! [`claim`](super::presets::Preset::claim) then checks its lesson on the result. The native test
//! checks every preset's claim on several data and initialisation seeds.

use crate::mlp::{init_diagnostics, InitConfig, InitKind, LayerStats, MlpConfig, SweepConfig, SweepPoint, Trainer, WidthSweep};

use super::state::MlpLabState;
use crate::lab::error::LabResult;

/// Points recorded per run (as on the page).
pub const HISTORY_POINTS: usize = 400;

/// One finished run.
pub struct RunOutcome {
    /// Recorded steps.
    pub step: Vec<u64>,
    /// Training loss on the whole training set at those steps.
    pub train_loss: Vec<f64>,
    /// Training loss at the end of the budget (NaN if the run halted).
    pub final_loss: f64,
    /// Step at which the run halted with a divergence, if it did.
    pub diverged_at: Option<u64>,
    /// Per-layer ‖W − W₀‖/‖W₀‖ at the end.
    pub weight_change: Vec<f64>,
}

impl RunOutcome {
    /// Mean recorded training loss over steps in [from, to).
    pub fn mean_loss(&self, from: u64, to: u64) -> f64 {
        let v: Vec<f64> = self.step.iter().zip(&self.train_loss).filter(|(&s, _)| s >= from && s < to).map(|(_, &l)| l).collect();
        if v.is_empty() {
            f64::NAN
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    }
    /// Recorded training loss at the last recorded step ≤ `at`.
    pub fn loss_at(&self, at: u64) -> f64 {
        self.step.iter().zip(&self.train_loss).filter(|(&s, _)| s <= at).map(|(_, &l)| l).last().unwrap_or(f64::NAN)
    }
}

/// Everything a claim may look at.
pub struct Outcome {
    /// The runs, in order.
    pub runs: Vec<RunOutcome>,
    /// The width sweep's points (only when the state's sweep is asked for).
    pub sweep: Vec<SweepPoint>,
    /// The "init" view's per-layer statistics for Xavier and Kaiming (only when asked for).
    pub deep: Vec<(InitKind, Vec<LayerStats>)>,
}

/// Trains one run of `state` to the budget.
pub fn run_outcome(state: &MlpLabState, i: usize) -> LabResult<RunOutcome> {
    let cfg: MlpConfig = state.run_config(i)?;
    let mut t = Trainer::new(cfg)?;
    let every = (state.budget / HISTORY_POINTS as u64).max(1);
    t.set_recording(every, HISTORY_POINTS);
    t.run_steps(state.budget);
    let diverged_at = t.halted().filter(|h| h.diverged).map(|h| h.step);
    let final_loss = if t.halted().is_some() { f64::NAN } else { t.snapshot().train_loss };
    let h = t.history();
    Ok(RunOutcome {
        step: h.step.clone(),
        train_loss: h.train_loss.clone(),
        final_loss,
        diverged_at,
        weight_change: t.weight_change(),
    })
}

/// Runs what a claim needs: the runs, and optionally the width sweep and the init statistics.
pub fn outcome(state: &MlpLabState, sweep: bool, deep: bool) -> LabResult<Outcome> {
    let runs = if sweep { Vec::new() } else { (0..state.runs.len()).map(|i| run_outcome(state, i)).collect::<Result<_, _>>()? };
    let mut points = Vec::new();
    if sweep {
        let cfg = SweepConfig { widths: state.sweep.widths.clone(), steps: state.sweep.steps, base: state.run_config(0)? };
        let mut sw = WidthSweep::new(cfg)?;
        while !sw.advance(10_000)? {}
        points = sw.results().to_vec();
    }
    let mut stats = Vec::new();
    if deep {
        for kind in [InitKind::Xavier, InitKind::Kaiming] {
            let mut d = state.deep;
            d.init = InitConfig { kind, ..d.init };
            stats.push((kind, init_diagnostics(&d)?));
        }
    }
    Ok(Outcome { runs, sweep: points, deep: stats })
}

#[cfg(test)]
mod experiments {
    use super::*;
    use crate::lab::mlp::presets::PRESETS;

    /// Prints each preset's runs over seeds (`MLP_EXP=id1,id2 cargo test --lib mlp_experiment -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn mlp_experiment() {
        let want = std::env::var("MLP_EXP").unwrap_or_default();
        for p in PRESETS.iter().filter(|p| want.is_empty() || want.split(',').any(|w| w == p.id)) {
            for k in 0..5u64 {
                let mut s = (p.build)();
                s.data.seed = 1 + k;
                s.seed = 1 + 11 * k;
                s.deep.seed = 1 + 7 * k;
                let t0 = std::time::Instant::now();
                let o = outcome(&s, p.id == "width_sweep", p.id == "xavier_vs_kaiming").expect("runs");
                let b = s.budget;
                let mut line = format!("{} d{} i{} {:.1}s |", p.id, s.data.seed, s.seed, t0.elapsed().as_secs_f64());
                for r in &o.runs {
                    line.push_str(&format!(
                        " final {:.4} last20 {:.4} @{}:{:.4} @{}:{:.4} div {:?} |",
                        r.final_loss,
                        r.mean_loss(b * 4 / 5, b),
                        b / 10,
                        r.loss_at(b / 10),
                        b / 3,
                        r.loss_at(b / 3),
                        r.diverged_at
                    ));
                }
                for sp in &o.sweep {
                    line.push_str(&format!(" w{} ch {:.4} loss {:.4} |", sp.width, sp.total_change, sp.train_loss));
                }
                for (kind, st) in &o.deep {
                    line.push_str(&format!(" {:?} act first {:.3} last {:.4} |", kind, st[0].act_std, st[st.len() - 1].act_std));
                }
                println!("{line}");
            }
        }
    }
}
