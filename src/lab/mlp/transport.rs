//! The MLP lab's side of the shared transport (`lab::transport`, declared as `TRANSPORT` in
//! `settings.rs`): what playing, stepping, resetting and adding a run mean here, the run shown
//! (`focus`, after the transport's controls), loading a preset, and the status line.

use crate::lab::error::{LabError, LabResult};
use crate::lab::input::parse_whole;
use crate::lab::transport::{no_such_preset, Action, Now, Set};
use crate::lab::widget::{Control, ControlKind};
use crate::mlp::Progress;
use crate::render::chart::short;

use super::presets::{self, PRESETS};
use super::settings::{RUNS, TRANSPORT};
use super::widget::MlpLab;

impl MlpLab {
    /// The transport's controls, then the run shown (with more than one run).
    pub(super) fn transport_controls(&self) -> Vec<Control> {
        let now = Now {
            playing: self.playing,
            speed: self.state.speed as f64,
            budget: self.state.budget,
            preset: &self.state.preset,
            presets: PRESETS.iter().map(|p| (p.id, p.label)).collect(),
            can_add: self.state.runs.len() < RUNS.max,
        };
        let mut c = TRANSPORT.controls(&now, []);
        if self.state.runs.len() > 1 {
            let opts = (0..self.state.runs.len()).map(|i| (i.to_string(), format!("run {}", i + 1))).collect();
            c.push(Control::new("focus", "surface & layers show", TRANSPORT.group, self.state.focus.to_string(), ControlKind::Select { options: opts }));
        }
        c
    }

    /// Stores a transport setting the transport has parsed and checked.
    pub(super) fn apply_transport(&mut self, set: Set) -> LabResult<()> {
        match set {
            Set::Speed(v) => self.state.speed = v as u64,
            // Keeps the training so far; only the stopping point moves.
            Set::Budget(v) => {
                self.state.budget = v;
                self.state.preset.clear();
            }
            Set::Preset(id) => return self.load_preset(&id),
            Set::Nothing => {}
        }
        Ok(())
    }

    /// Shows run `value` (0-based) in the surface and layers views.
    pub(super) fn set_focus(&mut self, value: &str) -> LabResult<()> {
        let v = parse_whole("run shown", value, 0, self.state.runs.len() as u64 - 1).map_err(LabError::from)?;
        self.state.focus = v as usize;
        self.surface_epoch += 1;
        self.version += 1;
        Ok(())
    }

    /// Loads preset `id` and starts training (or the sweep, for the width-sweep preset).
    pub fn load_preset(&mut self, id: &str) -> LabResult<()> {
        let p = presets::find(id).ok_or_else(|| LabError::unknown(no_such_preset(id)))?;
        let s = (p.build)();
        s.check()?;
        self.state = s;
        self.csv = None;
        self.forget_deep();
        self.sweep = None;
        self.sweep_error = None;
        self.rebuild();
        self.lesson = p.lesson.to_string();
        if id == "width_sweep" {
            self.start_sweep()?;
        } else {
            self.playing = true;
        }
        Ok(())
    }

    /// What a transport button does here.
    pub(super) fn transport_action(&mut self, a: Action) -> LabResult<()> {
        match a {
            Action::Play => self.play_or_pause(),
            Action::Step => self.one_step(),
            Action::Reset => {
                self.playing = false;
                self.rebuild();
            }
            Action::Add => return self.add_run(),
        }
        Ok(())
    }

    fn play_or_pause(&mut self) {
        if !self.playing && self.runs_finished() {
            self.rebuild();
        }
        self.playing = !self.playing;
        if !self.playing {
            // Runs take turns slice by slice, so on a pause one may be a step behind: it
            // catches up (in slices) and every run stops at the same step.
            let top = self.step();
            let behind = self.runs.iter().filter_map(|r| r.trainer.as_ref()).any(|t| t.halted().is_none() && t.step_count() < top);
            self.step_to = behind.then_some(top);
        }
    }

    /// One step for every run: done here when it is small, else finished by `tick` in slices (a
    /// step of a large network on many points takes many frames).
    fn one_step(&mut self) {
        self.playing = false;
        let target = self.step_to.unwrap_or_else(|| self.step()) + 1;
        let mut pending = false;
        for slot in &mut self.runs {
            if let Some(t) = &mut slot.trainer {
                if t.halted().is_none() && t.step_count() < target.min(self.state.budget) {
                    pending |= t.advance() == Progress::Partial || t.step_count() < target;
                }
            }
        }
        self.step_to = pending.then_some(target);
        self.version += 1;
    }

    /// The status line: step, epoch, what is running, each run's loss or why it stopped, the
    /// sweep's progress and the preset's lesson.
    pub(super) fn status_line(&self) -> String {
        let step = self.step();
        let epoch = self.runs.iter().filter_map(|r| r.trainer.as_ref()).map(|t| t.epoch()).max().unwrap_or(0);
        let mut s = format!("Step {step} of {} · epoch {epoch}", self.state.budget);
        if let Some(r) = self.replay_to {
            s.push_str(&format!(" · replaying the link's training to step {r} ({:.0}%)", 100.0 * step as f64 / r.max(1) as f64));
        } else if self.playing {
            s.push_str(" · training");
        }
        // A large step is computed over several frames: say how far it is.
        let part = self.runs.iter().filter_map(|r| r.trainer.as_ref()).map(|t| t.step_fraction()).fold(0.0, f64::max);
        if part > 0.0 {
            s.push_str(&format!(" · step {} is {:.0}% computed (large network: one step takes several frames)", step + 1, 100.0 * part));
        }
        for i in 0..self.runs.len() {
            s.push_str(&self.run_status(i));
        }
        if let Some(sw) = &self.sweep {
            if !sw.is_done() {
                let (d, n) = sw.progress();
                s.push_str(&format!(" · width sweep {}%", 100 * d / n.max(1)));
            }
        }
        if let Some(e) = &self.sweep_error {
            s.push_str(&format!(" · sweep stopped: {e}"));
        }
        if !self.lesson.is_empty() {
            s.push_str(" — ");
            s.push_str(&self.lesson);
        }
        s
    }

    /// Run `i`'s part of the status line.
    fn run_status(&self, i: usize) -> String {
        let slot = &self.runs[i];
        match (&slot.trainer, &slot.error) {
            (_, Some(e)) => format!(" · run {}: {e}", i + 1),
            (Some(t), None) => match t.halted() {
                Some(h) if h.diverged => format!(" · run {} diverged at step {}", i + 1, h.step),
                Some(h) => format!(" · run {} stopped: {}", i + 1, h.message),
                None => match t.history().train_loss.last() {
                    Some(l) => {
                        let mut s = format!(" · run {} loss {}", i + 1, short(*l));
                        if let Some(v) = t.history().val_loss.last().filter(|v| v.is_finite()) {
                            s.push_str(&format!(" (val {})", short(*v)));
                        }
                        s
                    }
                    None => String::new(),
                },
            },
            (None, None) => String::new(),
        }
    }
}
