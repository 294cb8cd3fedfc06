//! The MLP lab's running work: building the runs' networks (large ones in slices) and training
//! them a slice at a time, so that every frame stays short ([`MlpLab::advance`] is the widget's
//! `tick`).

use crate::lab::error::{LabError, LabResult};
use crate::mlp::{Dataset, Progress, Trainer, TrainerBuild};

use super::settings::MAX_RUNS;
use super::widget::{MlpLab, RunSlot, BUILD_SLICE_WEIGHTS};

/// Points kept per recorded curve (the history halves its resolution beyond this).
const HISTORY_POINTS: usize = 400;

/// Hidden-to-hidden weights (over all runs) up to which the runs are built at once; above, in
/// slices by `tick` (about 100 k weights take ~5–10 ms to initialise in the browser).
const EAGER_BUILD_WEIGHTS: usize = 100_000;

impl MlpLab {
    /// Rebuilds every trainer at step 0 from the state (same data and seed for all). Small
    /// networks are built at once; large ones (initialising a few hundred thousand weights takes
    /// ~10–20 ms each) one per frame by [`MlpLab::advance`].
    pub fn rebuild(&mut self) {
        self.replay_to = None;
        self.step_to = None;
        self.runs.clear();
        let data = self.datasets();
        let weights = crate::mlp::config::hidden_weights(&self.state.hidden) * self.state.runs.len();
        let eager = weights <= EAGER_BUILD_WEIGHTS;
        self.pending_data = None;
        for i in 0..self.state.runs.len() {
            let slot = match self.start_build(i, &data) {
                Ok(b) if eager => RunSlot::built(self.built_trainer(*b)),
                Ok(_) => RunSlot::to_build(),
                Err(e) => RunSlot::failed(e.to_string()),
            };
            self.runs.push(slot);
        }
        if !eager {
            self.pending_data = Some(data);
        }
        self.surface_epoch += 1;
        self.version += 1;
    }

    /// Starts building run `i`'s trainer on `data` (or says why it cannot run).
    fn start_build(&self, i: usize, data: &LabResult<(Dataset, Dataset)>) -> LabResult<Box<TrainerBuild>> {
        let (train, val) = data.as_ref().map_err(Clone::clone)?;
        self.state.check_run(i)?;
        let cfg = self.state.run_config(i)?;
        TrainerBuild::new(cfg, train.clone(), val.clone()).map(Box::new).map_err(|e| LabError::invalid(format!("run {}: {e}", i + 1)))
    }

    /// The finished trainer, recording its history for the charts.
    fn built_trainer(&self, b: TrainerBuild) -> Trainer {
        let mut t = b.finish();
        t.set_recording((self.state.budget / HISTORY_POINTS as u64).max(1), HISTORY_POINTS);
        t
    }

    /// One slice of building the next run still to be built ([`BUILD_SLICE_WEIGHTS`] initial
    /// weights at most). `None` if nothing is left to build, else whether a run was completed.
    fn build_next(&mut self) -> Option<bool> {
        let i = self.runs.iter().position(|r| r.building)?;
        if self.runs[i].build.is_none() {
            let data = self.pending_data.take().unwrap_or_else(|| self.datasets());
            let started = self.start_build(i, &data);
            self.pending_data = Some(data);
            match started {
                Ok(b) => self.runs[i].build = Some(b),
                Err(e) => self.runs[i] = RunSlot::failed(e.to_string()),
            }
        }
        let done = match self.runs[i].build.as_mut() {
            Some(b) => b.advance(BUILD_SLICE_WEIGHTS),
            None => true, // refused: nothing to draw
        };
        if done {
            if let Some(b) = self.runs[i].build.take() {
                self.runs[i] = RunSlot::built(self.built_trainer(*b));
            }
            if !self.building() {
                self.pending_data = None;
            }
            self.surface_epoch += 1;
        }
        Some(done)
    }

    /// Whether some run is still to be built.
    pub(super) fn building(&self) -> bool {
        self.runs.iter().any(|r| r.building)
    }

    /// True when every run has reached the budget or halted.
    pub fn runs_finished(&self) -> bool {
        !self.building() && self.runs.iter().all(|r| r.trainer.as_ref().is_none_or(|t| t.halted().is_some() || t.step_count() >= self.state.budget))
    }

    /// Trains every run `steps` more steps (or to the budget) without the animation loop (tests, benchmarks).
    pub fn train(&mut self, steps: u64) {
        let budget = self.state.budget;
        for slot in &mut self.runs {
            if let Some(t) = &mut slot.trainer {
                let n = steps.min(budget.saturating_sub(t.step_count()));
                t.run_steps(n);
            }
        }
        self.version += 1;
    }

    /// The widget's `tick`: advances whatever is running until `out_of_time()` says stop —
    /// building networks, the "init" view's statistics, the width sweep, then training. Returns
    /// whether something visible changed.
    pub(super) fn advance(&mut self, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        // (A decision surface still filling in is redrawn by the page's handle, which keeps it.)
        let mut changed = false;
        // Not in the first tick: the page's first frame also draws every view for the first time.
        let first = !self.ticked;
        self.ticked = true;
        // Large networks are built in slices (after the page's first frame).
        if self.building() && !first {
            while let Some(completed) = self.build_next() {
                if completed {
                    self.version += 1;
                    changed = true;
                }
                if out_of_time() {
                    return true;
                }
            }
        }
        if self.building() {
            return true;
        }
        if self.deep_pending() && !first {
            changed = true;
            if self.advance_deep(out_of_time) {
                return changed;
            }
        }
        if self.sweep_running() {
            self.advance_sweep(out_of_time);
            changed = true;
            if !self.playing {
                return changed;
            }
        }
        if !self.playing && self.step_to.is_none() {
            return changed;
        }
        self.advance_training(out_of_time) || changed
    }

    /// Trains the runs for one frame; whether any run was advanced.
    fn advance_training(&mut self, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        // Replaying a link (or finishing a "Step ▸") trains as fast as the frame allows, up to its
        // step; playing does `speed` steps per frame at most. A large step is computed in slices
        // (`Trainer::advance`), so the frame's time is checked between slices, not between steps.
        let (limit, steps_max) = match (self.replay_to, self.step_to) {
            (Some(r), _) | (None, Some(r)) => (r.min(self.state.budget), u64::MAX),
            (None, None) => (self.state.budget, self.state.speed),
        };
        let mut done = [0u64; MAX_RUNS];
        let (mut changed, mut stepped) = (false, false);
        'frame: loop {
            let (mut remaining, mut progressed) = (false, false);
            for (i, slot) in self.runs.iter_mut().enumerate() {
                let Some(t) = &mut slot.trainer else { continue };
                if t.halted().is_some() || t.step_count() >= limit {
                    continue;
                }
                remaining = true;
                if done[i.min(MAX_RUNS - 1)] >= steps_max {
                    continue;
                }
                progressed = true;
                changed = true;
                if let Progress::Done(_) = t.advance() {
                    done[i.min(MAX_RUNS - 1)] += 1;
                    stepped = true;
                }
                if out_of_time() {
                    break 'frame;
                }
            }
            if !remaining {
                self.playing = false;
                self.replay_to = None;
                self.step_to = None;
                break;
            }
            if !progressed {
                break;
            }
        }
        if self.runs_finished() {
            self.playing = false;
        }
        if stepped {
            self.version += 1;
        }
        changed
    }
}
