//! The MLP lab's transport: play/pause, one step, reset, speed, step budget, lecture preset,
//! "+ Add run" and the run shown, and the status line. (To be replaced by the shared transport
//! of `lab::transport` when the lab adopts it.)

use crate::lab::error::{LabError, LabResult};
use crate::lab::input::parse_whole;
use crate::lab::widget::{Control, ControlKind};
use crate::mlp::Progress;
use crate::render::chart::short;

use super::presets::{self, PRESETS};
use super::settings::{rounded_value, BUDGET, MAX_RUNS, SPEED};
use super::widget::MlpLab;

/// The group the transport's controls are shown under.
const GROUP: &str = "Training";

impl MlpLab {
    /// Play, step, reset, speed, budget, preset, + Add run and the run shown.
    pub(super) fn transport_controls(&self) -> Vec<Control> {
        let g = GROUP;
        let mut c = vec![
            Control::button("play", if self.playing { "❚❚ Pause" } else { "▶ Play" }, g).help("Train all runs (space bar)"),
            Control::button("step", "Step ▸", g).help("One optimizer step for every run (→ key)"),
            Control::button("reset", "⟲ Reset", g).help("Back to step 0 with the same initial weights"),
            SPEED.control(g, self.state.speed.to_string()),
            BUDGET.control(g, self.state.budget.to_string()),
        ];
        let mut opts = vec![(String::new(), "— choose a preset —".to_string())];
        opts.extend(PRESETS.iter().map(|p| (p.id.to_string(), p.label.to_string())));
        c.push(Control::new("preset", "lecture preset", g, self.state.preset.clone(), ControlKind::Select { options: opts }).help("Reproduce a story of the lectures in one click"));
        if self.state.runs.len() < MAX_RUNS {
            c.push(Control::button("add", "+ Add run", g).help("Compare up to four runs on the same data and seed"));
        }
        if self.state.runs.len() > 1 {
            let opts = (0..self.state.runs.len()).map(|i| (i.to_string(), format!("run {}", i + 1))).collect();
            c.push(Control::new("focus", "surface & layers show", g, self.state.focus.to_string(), ControlKind::Select { options: opts }));
        }
        c
    }

    /// Sets a transport setting; `None` when `key` is not one.
    pub(super) fn set_transport(&mut self, key: &str, value: &str) -> Option<LabResult<()>> {
        Some(match key {
            "preset" if value.is_empty() => Ok(()),
            "preset" => self.load_preset(value),
            "speed" => rounded_value(&SPEED, value).map(|v| self.state.speed = v),
            "focus" => parse_whole("run shown", value, 0, self.state.runs.len() as u64 - 1).map_err(LabError::from).map(|v| {
                self.state.focus = v as usize;
                self.surface_cache.invalidate();
                self.version += 1;
            }),
            // Keeps the training so far; only the stopping point moves.
            "budget" => BUDGET.whole_value(value).map(|v| {
                self.state.budget = v;
                self.state.preset.clear();
            }),
            _ => return None,
        })
    }

    /// Loads preset `id` and starts training (or the sweep, for the width-sweep preset).
    pub fn load_preset(&mut self, id: &str) -> LabResult<()> {
        let p = presets::find(id).ok_or_else(|| LabError::unknown(format!("there is no preset called “{}”", id.chars().take(40).collect::<String>())))?;
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

    /// Play/pause, step and reset; `None` when `key` is not one of them.
    pub(super) fn transport_action(&mut self, key: &str) -> Option<LabResult<()>> {
        match key {
            "play" => self.play_or_pause(),
            "step" => self.one_step(),
            "reset" => {
                self.playing = false;
                self.rebuild();
            }
            _ => return None,
        }
        Some(Ok(()))
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
