//! The smoothness experiment's widget: its struct, constructor, tick and [`Widget`]
//! implementation; `controls.rs` has the controls and buttons, `views.rs` and `tables.rs` what
//! each view draws and its numbers, `presets.rs` the lecture's claims.

use crate::lab::error::LabResult;
use crate::lab::url;
use crate::lab::widget::{Control, Pointer, ViewSpec, Widget};
use crate::render::chart::short;

use super::descent::Descent;
use super::presets;
use super::state::SmoothnessState;

/// Keys the experiment reads itself besides the shell's: the preset a state starts from.
const PRESET_KEY: &[&str] = &["preset"];

/// The smoothness experiment.
pub struct SmoothnessLab {
    /// The configuration (what the URL holds).
    pub state: SmoothnessState,
    /// The runs (or why the problem could not be built).
    pub descent: Result<Descent, String>,
    pub(super) playing: bool,
    /// Steps still to take for “Step ▸”.
    pub(super) pending_steps: u64,
    pub(super) notices: Vec<String>,
    pub(super) lesson: String,
}

impl SmoothnessLab {
    /// Opens the experiment from a URL query; `preset=ID` starts from that preset, other keys
    /// override it.
    pub fn open(query: &str) -> Self {
        let (mut state, mut notices): (SmoothnessState, Vec<String>) = url::decode_with_preset(query, PRESET_KEY, |id| presets::find(id).map(|p| (p.build)()));
        if let Err(e) = state.check() {
            notices.push(format!("Some settings could not be used ({e}); showing the default experiment."));
            state = SmoothnessState::default();
        }
        let mut lab = Self::with_state(state);
        lab.notices = notices;
        if let Some(p) = presets::find(&lab.state.preset) {
            lab.lesson = p.lesson.to_string();
            lab.playing = true;
        }
        lab
    }

    /// The experiment showing `state` (which must pass `check`), paused at step 0.
    pub fn with_state(state: SmoothnessState) -> Self {
        let descent = Descent::new(&state);
        SmoothnessLab { state, descent, playing: false, pending_steps: 0, notices: Vec::new(), lesson: String::new() }
    }

    /// Back to w₀ with the same problem and noise.
    pub(super) fn rebuild(&mut self) {
        self.descent = Descent::new(&self.state);
        self.pending_steps = 0;
    }

    /// Applies `f` to a copy of the state; keeps it only if it passes every check, then rebuilds.
    pub(super) fn update(&mut self, f: impl FnOnce(&mut SmoothnessState) -> LabResult<()>) -> LabResult<()> {
        let mut s = self.state.clone();
        f(&mut s)?;
        s.check()?;
        self.state = s;
        self.state.preset.clear();
        self.lesson.clear();
        self.playing = false;
        self.rebuild();
        Ok(())
    }

    /// Steps every run has taken.
    pub fn step(&self) -> u64 {
        self.descent.as_ref().map_or(0, |d| d.steps())
    }

    /// Whether the experiment is running.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// Steps of every run until `out_of_time` (at most `speed` steps per call while playing);
    /// true when something visible changed.
    pub fn advance(&mut self, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        let Ok(d) = &mut self.descent else { return false };
        if d.finished() {
            self.playing = false;
            self.pending_steps = 0;
            return false;
        }
        let before = d.steps();
        let more = if self.pending_steps > 0 { self.pending_steps } else if self.playing { self.state.speed } else { return false };
        let target = before + more;
        if d.advance_to(target, out_of_time) {
            self.pending_steps = 0;
        }
        if d.finished() {
            self.playing = false;
            self.pending_steps = 0;
        }
        d.steps() != before
    }

    /// The status line: step, L, σ², what is being computed, the preset's lesson.
    pub(super) fn status_line(&self) -> String {
        let d = match &self.descent {
            Ok(d) => d,
            Err(e) => return e.clone(),
        };
        let runs = d.rules.iter().map(|r| r.ensemble.runs.len()).sum::<usize>();
        let mut s = format!("Step {} of {} ({runs} run{})", d.steps(), d.budget, if runs == 1 { "" } else { "s" });
        if self.playing {
            s.push_str(" · descending");
        }
        s.push_str(&format!(" · L = {} · L(W₀) = {} · σ² = {}", short(d.problem.smoothness()), short(d.problem.initial_loss), short(d.sigma_sq)));
        if !self.lesson.is_empty() {
            s.push_str(" · ");
            s.push_str(&self.lesson);
        }
        s
    }
}

impl Widget for SmoothnessLab {
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
        (self.playing || self.pending_steps > 0) && self.descent.as_ref().is_ok_and(|d| !d.finished())
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
