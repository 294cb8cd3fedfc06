//! The theory lab widget: a network and its linearisation trained side by side, time-sliced.
//!
//! This file holds the lab's struct, its constructor, the tick and the [`Widget`]
//! implementation; `controls.rs` has the controls, settings and buttons, `views.rs` and
//! `tables.rs` what each view draws and its numbers, `presets.rs` the lectures' figures.

use crate::lab::error::LabResult;
use crate::lab::url;
use crate::lab::widget::{Control, Pointer, ViewSpec, Widget};

use super::conditioning::Conditioning;
use super::pair::Pair;
use super::sweep::WidthSweep;
use super::presets;
use super::state::LinearisationState;

/// Keys the lab reads itself besides the shell's: the preset a state starts from.
const PRESET_KEY: &[&str] = &["preset"];

/// The theory lab.
pub struct LinearisationLab {
    /// The configuration (what the URL holds).
    pub state: LinearisationState,
    /// The two models (or why they could not be built).
    pub pair: Result<Pair, String>,
    pub(super) playing: bool,
    /// Steps still to take for “Step ▸” (0: none).
    pub(super) pending_steps: u64,
    pub(super) notices: Vec<String>,
    pub(super) lesson: String,
    /// The width sweep, once run (cleared when a setting changes).
    pub sweep: Option<WidthSweep>,
    /// κ(J(w₀)) against the chosen cause (the "conditioning" view), computed after the kernel at w₀.
    pub conditioning: Conditioning,
    /// The views the last tick changed (`None`: every view), for [`Widget::ticked_views`].
    ticked: Option<Vec<&'static str>>,
}

/// The views a training step changes: the fitted curves, the recorded quantities over the steps
/// (their x axis runs to the current step), the GD mask and the residual at the current step. The
/// condition number over time changes with a checkpoint, the conditioning and sweep views with
/// their own computations.
const STEP_VIEWS: &[&str] = &["fit", "loss", "gap", "weights", "spectrum", "residual", "rates"];

impl LinearisationLab {
    /// Opens the lab from a URL query; `preset=ID` starts from that preset, other keys override it.
    pub fn open(query: &str) -> Self {
        let (mut state, mut notices): (LinearisationState, Vec<String>) = url::decode_with_preset(query, PRESET_KEY, |id| presets::find(id).map(|p| (p.build)()));
        if let Err(e) = state.check() {
            notices.push(format!("Some settings could not be used ({e}); showing the default lab."));
            state = LinearisationState::default();
        }
        let mut lab = Self::with_state(state);
        lab.notices = notices;
        if let Some(p) = presets::find(&lab.state.preset) {
            lab.lesson = p.lesson.to_string();
            lab.playing = true;
            if p.sweep {
                lab.sweep = Some(WidthSweep::new(&lab.state));
            }
        }
        lab
    }

    /// A lab showing `state` (which must pass `check`), paused at step 0.
    pub fn with_state(state: LinearisationState) -> Self {
        let pair = Pair::new(&state).map_err(|e| e.to_string());
        let conditioning = Conditioning::new(&state, state.cause);
        LinearisationLab { state, pair, playing: false, pending_steps: 0, notices: Vec::new(), lesson: String::new(), sweep: None, conditioning, ticked: None }
    }

    /// Back to step 0 with the same w₀ (a new pair from the state).
    pub(super) fn rebuild(&mut self) {
        self.pair = Pair::new(&self.state).map_err(|e| e.to_string());
        self.pending_steps = 0;
    }

    /// κ(J(w₀)) against the state's cause, from scratch.
    pub(super) fn restart_conditioning(&mut self) {
        self.conditioning = Conditioning::new(&self.state, self.state.cause);
    }

    /// Applies `f` to a copy of the state; keeps it only if it passes every check, then rebuilds.
    pub(super) fn update(&mut self, f: impl FnOnce(&mut LinearisationState) -> LabResult<()>) -> LabResult<()> {
        let mut s = self.state.clone();
        f(&mut s)?;
        s.check()?;
        self.state = s;
        self.state.preset.clear();
        self.lesson.clear();
        self.playing = false;
        self.rebuild();
        self.restart_conditioning();
        self.sweep = None;
        Ok(())
    }

    /// Steps taken.
    pub fn step(&self) -> u64 {
        self.pair.as_ref().map_or(0, |p| p.step)
    }

    /// Whether the lab is training.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// The kernel at w₀ first, then the conditioning view's kernels, the width sweep (while it
    /// runs), then kernels and training steps, until `out_of_time` (at most `speed` steps per call
    /// while playing); true when something visible changed. Which views changed is kept for
    /// [`Widget::ticked_views`]: the kernel at w₀ changes every view (they show placeholders until
    /// then), the other pieces of work only their own views, so the page does not redraw (and
    /// the browser does not re-composite) a view that shows the same thing.
    pub fn advance(&mut self, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        let Ok(pair) = &mut self.pair else { return false };
        let mut changed = false;
        let mut every = false;
        let mut views: Vec<&'static str> = Vec::new();
        let mark = |views: &mut Vec<&'static str>, ids: &[&'static str]| {
            for id in ids {
                if !views.contains(id) {
                    views.push(id);
                }
            }
        };
        let mut steps = 0;
        loop {
            if pair.building() && pair.spectrum0.is_none() {
                let done = pair.build_slice();
                changed |= done;
                every |= done;
            } else if !self.conditioning.done() {
                let before = self.conditioning.points.len();
                self.conditioning.advance();
                // The chart when every value is done; before, the placeholder counts the values done.
                if self.conditioning.points.len() > before {
                    changed = true;
                    mark(&mut views, &["conditioning"]);
                }
            } else if let Some(w) = self.sweep.as_mut().filter(|w| !w.done()) {
                let before = w.points.len();
                w.advance();
                if w.points.len() > before {
                    changed = true;
                    mark(&mut views, &["sweep"]);
                }
            } else if pair.building() {
                if pair.build_slice() {
                    changed = true;
                    // A checkpoint's spectrum: the spectrum's left panel and κ over time.
                    mark(&mut views, &["spectrum", "condition"]);
                }
            } else if pair.finished() {
                self.playing = false;
                self.pending_steps = 0;
                break;
            } else if self.pending_steps > 0 || (self.playing && steps < self.state.speed) {
                pair.train_step();
                self.pending_steps = self.pending_steps.saturating_sub(1);
                steps += 1;
                changed = true;
                mark(&mut views, STEP_VIEWS);
            } else {
                break;
            }
            if out_of_time() {
                break;
            }
        }
        self.ticked = (!every).then_some(views);
        changed
    }

    /// The status line: step, losses, what is being computed, the preset's lesson.
    pub(super) fn status_line(&self) -> String {
        let p = match &self.pair {
            Ok(p) => p,
            Err(e) => return e.clone(),
        };
        let mut s = format!("Step {} of {}", p.step, self.state.budget);
        if let Some((what, done, n)) = p.build_progress() {
            s.push_str(&format!(" · computing J and the kernel JJᵀ ({what}: {done} of {n})"));
        } else if !self.conditioning.done() {
            let (d, n) = self.conditioning.progress();
            s.push_str(&format!(" · computing κ(J(w₀)) against the {} ({d} of {n} values)", crate::lab::mlp::settings::id_of(&self.state.cause).replace('_', " ")));
        } else if self.sweep.as_ref().is_some_and(|w| !w.done()) {
            s.push_str(&format!(" · width sweep: {}", self.sweep_progress()));
        } else if self.playing {
            s.push_str(" · training");
        }
        if let Some(r) = p.records.last() {
            s.push_str(&format!(" · loss: network {:.3e}, f_lin {:.3e} · ‖f − f_lin‖/√N = {:.2e}", r.loss_net, r.loss_lin, r.gap));
        }
        if let Some(h) = &p.halted {
            s.push_str(&format!(" · stopped: {h}"));
        }
        if !self.lesson.is_empty() {
            s.push_str(" · ");
            s.push_str(&self.lesson);
        }
        s
    }
}

impl Widget for LinearisationLab {
    fn views(&self) -> Vec<ViewSpec> {
        super::views::view_specs()
    }

    fn controls(&self) -> Vec<Control> {
        self.all_controls()
    }

    fn set(&mut self, key: &str, value: &str) -> LabResult<()> {
        self.apply(key, value)
    }

    fn action(&mut self, key: &str) -> LabResult<()> {
        self.act(key)
    }

    fn pointer(&mut self, _view: &str, _p: Pointer) -> LabResult<()> {
        Ok(())
    }

    fn tick(&mut self, _now_ms: f64, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        self.advance(out_of_time)
    }

    fn ticked_views(&self) -> Option<Vec<&'static str>> {
        self.ticked.clone()
    }

    fn busy(&self) -> bool {
        self.playing || self.pending_steps > 0 || self.pair.as_ref().is_ok_and(|p| p.building()) || (self.pair.is_ok() && !self.conditioning.done()) || self.sweep.as_ref().is_some_and(|w| !w.done())
    }

    fn query(&self) -> String {
        url::encode(&self.state)
    }

    fn status(&self) -> String {
        self.status_line()
    }

    fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    fn table(&self, view: &str) -> Option<crate::lab::export::Table> {
        super::tables::table_of(self, view)
    }

    fn figure(&self, view: &str) -> Option<crate::render::figure::Figure<'_>> {
        self.view_figure(view)
    }
}
