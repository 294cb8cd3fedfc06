//! The optima experiment's widget: the sweep of K initialisations per size, trained run after run
//! in slices, its progress and its transport.
//!
//! This file holds the struct, its constructor, the tick and the [`Widget`] implementation;
//! `controls.rs` has the controls, settings and buttons, `views.rs` and `tables.rs` what each view
//! draws and its numbers, `presets.rs` the lecture's figure.

use crate::lab::error::LabResult;
use crate::lab::url;
use crate::lab::widget::{Control, Pointer, ViewSpec, Widget};
use crate::theory::optima::OptimaSweep;

use super::presets;
use super::settings::{browser_seconds, duration, ladder, work_of};
use super::state::OptimaState;

/// Keys the experiment reads itself besides the shell's: the preset a state starts from.
const PRESET_KEY: &[&str] = &["preset"];

/// The optima experiment.
pub struct OptimaLab {
    /// The configuration (what the URL holds).
    pub state: OptimaState,
    /// The sweep (or why it could not be built).
    pub sweep: Result<OptimaSweep, String>,
    pub(super) playing: bool,
    /// Runs still to finish for “Step ▸” (0: none).
    pub(super) pending_runs: usize,
    /// Why the sweep stopped with an error (it keeps its finished runs).
    pub(super) failed: Option<String>,
    pub(super) notices: Vec<String>,
    pub(super) lesson: String,
}

/// Runs finished so far (diverged ones included).
pub fn runs_done(sw: &OptimaSweep) -> usize {
    sw.results().iter().map(|r| r.losses.len()).sum()
}

impl OptimaLab {
    /// Opens the experiment from a URL query; `preset=ID` starts from that preset (and runs it),
    /// other keys override it.
    pub fn open(query: &str) -> Self {
        let (mut state, mut notices): (OptimaState, Vec<String>) = url::decode_with_preset(query, PRESET_KEY, |id| presets::find(id).map(|p| (p.build)()));
        if let Err(e) = state.check() {
            notices.push(format!("Some settings could not be used ({e}); showing the default experiment."));
            state = OptimaState::default();
        }
        let mut lab = Self::with_state(state);
        lab.notices = notices;
        if let Some(p) = presets::find(&lab.state.preset) {
            lab.lesson = p.lesson.to_string();
            lab.playing = true;
        }
        lab
    }

    /// An experiment showing `state` (which must pass `check`), with no run trained.
    pub fn with_state(state: OptimaState) -> Self {
        let sweep = OptimaSweep::new(state.sweep_config()).map_err(|e| e.to_string());
        OptimaLab { state, sweep, playing: false, pending_runs: 0, failed: None, notices: Vec::new(), lesson: String::new() }
    }

    /// Forgets every run (a new sweep from the state).
    pub(super) fn rebuild(&mut self) {
        self.sweep = OptimaSweep::new(self.state.sweep_config()).map_err(|e| e.to_string());
        self.pending_runs = 0;
        self.failed = None;
    }

    /// Applies `f` to a copy of the state; keeps it only if it passes every check and the sweep
    /// can be built, then starts over (the finished runs were for other settings).
    pub(super) fn update(&mut self, f: impl FnOnce(&mut OptimaState) -> LabResult<()>) -> LabResult<()> {
        let mut s = self.state.clone();
        f(&mut s)?;
        s.check()?;
        let sweep = OptimaSweep::new(s.sweep_config()).map_err(|e| crate::lab::error::LabError::invalid(e.to_string()))?;
        self.state = s;
        self.state.preset.clear();
        self.lesson.clear();
        self.playing = false;
        self.sweep = Ok(sweep);
        self.pending_runs = 0;
        self.failed = None;
        Ok(())
    }

    /// Whether the sweep is running.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// Whether every run is trained.
    pub fn done(&self) -> bool {
        self.sweep.as_ref().is_ok_and(OptimaSweep::is_done)
    }

    /// Trains until `out_of_time` (at most `speed` slices per call): one slice is one call of the
    /// core's [`OptimaSweep::advance`] with a budget of 1, a step of the run in progress or part of
    /// one (at most `mlp::trainer::SLICE_MACS` multiply–adds). True when something changed.
    pub fn advance(&mut self, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        let Ok(sw) = &mut self.sweep else { return false };
        let mut changed = false;
        let mut slices = 0u64;
        while (self.playing || self.pending_runs > 0) && !sw.is_done() {
            let before = runs_done(sw);
            if let Err(e) = sw.advance(1) {
                self.failed = Some(e.to_string());
                self.playing = false;
                self.pending_runs = 0;
                break;
            }
            slices += 1;
            changed = true;
            if runs_done(sw) > before {
                self.pending_runs = self.pending_runs.saturating_sub(1);
            }
            if slices >= self.state.speed || out_of_time() {
                break;
            }
        }
        if sw.is_done() {
            self.playing = false;
            self.pending_runs = 0;
        }
        changed
    }

    /// The status line: progress (which run of which size, per cent, time left), the finding,
    /// the preset's lesson.
    pub(super) fn status_line(&self) -> String {
        let sw = match &self.sweep {
            Ok(sw) => sw,
            Err(e) => return e.clone(),
        };
        let (done, total) = sw.progress();
        let frac = done as f64 / total.max(1) as f64;
        let runs = self.state.seeds * sw.results().len();
        let finished = runs_done(sw);
        let total_s = browser_seconds(work_of(&self.state));
        let mut s = if sw.is_done() {
            format!("All {runs} runs trained ({} steps each)", self.state.budget)
        } else if finished == 0 && done == 0 {
            format!("No run trained yet: ▶ trains {runs} runs of {} steps, about {} of work in the browser", self.state.budget, duration(total_s))
        } else {
            let size = finished / self.state.seeds;
            let label = ladder(&self.state.sizes).ok().and_then(|l| l.sizes.get(size)).map(|h| size_label(h)).unwrap_or_default();
            let verb = if self.playing || self.pending_runs > 0 { "training" } else { "stopped at" };
            format!(
                "{verb} seed {} of {} of size {} of {} ({label}) · {:.0} % · about {} left",
                finished % self.state.seeds + 1,
                self.state.seeds,
                size + 1,
                sw.results().len(),
                100.0 * frac,
                duration(total_s * (1.0 - frac))
            )
        };
        if let Some(f) = super::views::finding(sw) {
            s.push_str(" · ");
            s.push_str(&f);
        }
        if let Some(e) = &self.failed {
            s.push_str(&format!(" · stopped: {e}"));
        }
        if !self.lesson.is_empty() {
            s.push_str(" · ");
            s.push_str(&self.lesson);
        }
        s
    }
}

/// "1×8", "2×32" (layers × width) or "4-8" for unequal widths.
pub fn size_label(hidden: &[usize]) -> String {
    match hidden {
        [] => "0".into(),
        [w, rest @ ..] if rest.iter().all(|v| v == w) => format!("{}×{w}", hidden.len()),
        _ => hidden.iter().map(ToString::to_string).collect::<Vec<_>>().join("-"),
    }
}

impl Widget for OptimaLab {
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

    fn busy(&self) -> bool {
        (self.playing || self.pending_runs > 0) && !self.done() && self.sweep.is_ok()
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
