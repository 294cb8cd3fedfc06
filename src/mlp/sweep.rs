//! Width sweep (lecture 001, "over-parameterisation"): train one-hidden-layer networks of growing
//! width with the same data, seed and optimizer for the same number of steps, and compare how far
//! their weights moved from initialisation, ‖W − W(0)‖_F / ‖W(0)‖_F. Wider networks move less
//! (in the infinite-width limit the network stays at its linearisation around W(0), the NTK regime).
//!
//! The sweep is resumable: [`WidthSweep::advance`] does at most a given number of steps, so the web
//! layer can time-slice it across animation frames.

use serde::{Deserialize, Serialize};

use super::config::{MlpConfig, MAX_HIDDEN_WIDTH};
use super::error::{config_err, MlpError};
use super::trainer::Trainer;
use crate::optim::{OptimizerConfig, SgdConfig};

/// Settings of a sweep. `base.hidden` is replaced by `[width]` for each width.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SweepConfig {
    /// Hidden widths to train, each 1–512 (1–12 entries).
    pub widths: Vec<usize>,
    /// Steps per width (1–100 000).
    pub steps: u64,
    /// Everything else: data, activation, init, optimizer, schedule, batch size, seed, arithmetic.
    pub base: MlpConfig,
}

impl Default for SweepConfig {
    fn default() -> Self {
        SweepConfig {
            widths: vec![8, 32, 128, 512],
            steps: 500,
            base: MlpConfig {
                hidden: vec![8],
                optimizer: OptimizerConfig::Sgd(SgdConfig { lr: 0.05, ..SgdConfig::default() }),
                ..MlpConfig::default()
            },
        }
    }
}

impl SweepConfig {
    /// Checks widths, steps and the base configuration.
    pub fn validate(&self) -> Result<(), MlpError> {
        if self.widths.is_empty() || self.widths.len() > 12 {
            return config_err(format!("a sweep needs between 1 and 12 widths (got {})", self.widths.len()));
        }
        if let Some(&w) = self.widths.iter().find(|&&w| w == 0 || w > MAX_HIDDEN_WIDTH) {
            return config_err(format!("sweep width {w} is out of range 1–{MAX_HIDDEN_WIDTH}"));
        }
        if !(1..=100_000).contains(&self.steps) {
            return config_err(format!("steps per width must be between 1 and 100000 (got {})", self.steps));
        }
        MlpConfig { hidden: vec![self.widths[0]], ..self.base.clone() }.validate()
    }
}

/// Result for one width.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    /// Hidden width.
    pub width: usize,
    /// Steps actually trained (fewer than asked if training diverged).
    pub steps: u64,
    /// ‖W_l − W_l(0)‖_F / ‖W_l(0)‖_F for the two layers.
    pub weight_change: Vec<f64>,
    /// The same over both weight matrices together.
    pub total_change: f64,
    /// Final training loss.
    pub train_loss: f64,
    /// Set if training halted (e.g. "diverged at step 40 …").
    pub halted: Option<String>,
}

/// A sweep in progress.
pub struct WidthSweep {
    cfg: SweepConfig,
    index: usize,
    trainer: Option<Trainer>,
    results: Vec<SweepPoint>,
}

impl WidthSweep {
    /// Validates and prepares the sweep (no training yet).
    pub fn new(cfg: SweepConfig) -> Result<Self, MlpError> {
        cfg.validate()?;
        Ok(WidthSweep { cfg, index: 0, trainer: None, results: Vec::new() })
    }

    /// Finished widths so far, in the order of `widths`.
    pub fn results(&self) -> &[SweepPoint] {
        &self.results
    }

    /// True once every width is trained.
    pub fn is_done(&self) -> bool {
        self.index >= self.cfg.widths.len()
    }

    /// (steps done, steps in total) for a progress bar.
    pub fn progress(&self) -> (u64, u64) {
        let cur = self.trainer.as_ref().map_or(0, |t| t.step_count());
        (self.index as u64 * self.cfg.steps + cur, self.cfg.widths.len() as u64 * self.cfg.steps)
    }

    /// Trains for at most `budget` slices (`Trainer::advance` calls: a whole step of a small network,
    /// about `SLICE_MACS` multiply–adds of a large one), across widths, then returns; `Ok(true)` when all done.
    pub fn advance(&mut self, mut budget: u64) -> Result<bool, MlpError> {
        while budget > 0 && !self.is_done() {
            if self.trainer.is_none() {
                let cfg = MlpConfig { hidden: vec![self.cfg.widths[self.index]], ..self.cfg.base.clone() };
                let mut t = Trainer::new(cfg)?;
                t.set_recording(u64::MAX, 2);
                self.trainer = Some(t);
            }
            let Some(t) = self.trainer.as_mut() else { break };
            if t.advance_to(self.cfg.steps, &mut budget) {
                let snap = t.snapshot();
                self.results.push(SweepPoint {
                    width: self.cfg.widths[self.index],
                    steps: t.step_count(),
                    weight_change: t.weight_change(),
                    total_change: t.total_weight_change(),
                    train_loss: snap.train_loss,
                    halted: t.halted().map(|h| h.message.clone()),
                });
                self.trainer = None;
                self.index += 1;
            }
        }
        Ok(self.is_done())
    }
}
