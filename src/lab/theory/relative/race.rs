//! The optimizers side by side: each card trains its own copy of the network from the same W₀,
//! and every step is measured (`crate::theory::relative::measure_step`): the relative change of
//! the full-batch gradient against the model Π_l(1 + ‖ΔW_l‖/‖W_l‖) − 1, each layer's relative
//! update, each layer's median neuron rotation.

use crate::mlp::Trainer;
use crate::theory::relative::{measure_step, RelativeStep};

use super::state::RelativeState;

/// A run stops when its training loss exceeds this many times its value at W₀: it has diverged,
/// even if the numbers are still finite (the trainer stops only at inf or NaN), and its measured
/// steps would be rounding noise.
pub const DIVERGED: f64 = 1e6;

/// One optimizer's run.
pub struct Racer {
    /// “Nero α = 0.01”.
    pub label: String,
    /// α of the card.
    pub lr: f64,
    /// Its network and optimizer.
    pub trainer: Trainer,
    /// Every measured step, in order.
    pub steps: Vec<RelativeStep>,
    /// Why it stopped early (diverged, a measurement that is not a number).
    pub halted: Option<String>,
}

impl Racer {
    /// Steps measured.
    pub fn done(&self) -> u64 {
        self.steps.len() as u64
    }
}

/// Every card's run.
pub struct Race {
    /// The runs, in card order.
    pub racers: Vec<Racer>,
    /// Steps of each run.
    pub budget: u64,
}

impl Race {
    /// Every card's network at W₀ (the same weights: the same seed and sizes).
    pub fn new(s: &RelativeState) -> Result<Race, String> {
        let racers = (0..s.runs.len())
            .map(|i| {
                let mut trainer = Trainer::new(s.config(i)).map_err(|e| e.to_string())?;
                trainer.set_recording(1, 1_000);
                let o = &s.runs[i].optimizer;
                Ok(Racer { label: format!("{} α = {}", o.label(), crate::render::chart::short(o.lr())), lr: o.lr(), trainer, steps: Vec::new(), halted: None })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Race { racers, budget: s.budget })
    }

    /// Whether a run can still step.
    fn open(r: &Racer, budget: u64) -> bool {
        r.halted.is_none() && r.done() < budget
    }

    /// Whether every run has its steps or has stopped.
    pub fn finished(&self) -> bool {
        !self.racers.iter().any(|r| Self::open(r, self.budget))
    }

    /// Steps of the run that has done the fewest (of those still running).
    pub fn steps(&self) -> u64 {
        self.racers.iter().map(Racer::done).min().unwrap_or(0)
    }

    /// Measures one step of the run that is furthest behind (below `target`); false when every
    /// run has reached `target` or stopped.
    pub fn step_one(&mut self, target: u64) -> bool {
        let budget = self.budget.min(target);
        let Some(r) = self.racers.iter_mut().filter(|r| Self::open(r, budget)).min_by_key(|r| r.done()) else { return false };
        match measure_step(&mut r.trainer) {
            Ok(Some(m)) if m.measured.is_finite() && m.model.is_finite() => {
                let h = r.trainer.history();
                let (first, last) = (h.train_loss.first().copied().unwrap_or(f64::NAN), h.train_loss.last().copied().unwrap_or(f64::NAN));
                if !(last <= DIVERGED * first) {
                    let t = h.step.last().copied().unwrap_or(m.step);
                    r.halted = Some(format!("diverged: the training loss at step {t} was {} ({} at W₀); try a smaller α", crate::render::chart::short(last), crate::render::chart::short(first)));
                }
                r.steps.push(m);
            }
            Ok(Some(m)) => r.halted = Some(format!("stopped at step {}: the gradient or the weights are not finite numbers (measured {}, model {})", m.step, m.measured, m.model)),
            Ok(None) => r.halted = Some(r.trainer.halted().map_or("stopped".to_string(), |h| format!("stopped at step {}: {}", h.step, h.message))),
            Err(e) => r.halted = Some(e.to_string()),
        }
        true
    }

    /// Runs every run to its budget (for claims and tests).
    pub fn run_all(&mut self) {
        while self.step_one(u64::MAX) {}
    }
}
