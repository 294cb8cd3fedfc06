//! The relative-updates experiment's widget: its struct, constructor, tick and [`Widget`]
//! implementation; `controls.rs` has the controls and buttons, `views.rs` and `tables.rs` what
//! each view draws and its numbers, `presets.rs` the lecture's claims.

use crate::lab::error::LabResult;
use crate::lab::url;
use crate::lab::widget::{Control, Pointer, ViewSpec, Widget};

use super::presets;
use super::race::Race;
use super::state::RelativeState;

/// Keys the experiment reads itself besides the shell's: the preset a state starts from.
const PRESET_KEY: &[&str] = &["preset"];

/// The relative-updates experiment.
pub struct RelativeLab {
    /// The configuration (what the URL holds).
    pub state: RelativeState,
    /// The optimizers' runs (or why they could not be built).
    pub race: Result<Race, String>,
    pub(super) playing: bool,
    /// The step every card is to reach for “Step ▸” (None: none asked).
    pub(super) step_target: Option<u64>,
    pub(super) notices: Vec<String>,
    pub(super) lesson: String,
}

impl RelativeLab {
    /// Opens the experiment from a URL query; `preset=ID` starts from that preset, other keys
    /// override it.
    pub fn open(query: &str) -> Self {
        let (mut state, mut notices): (RelativeState, Vec<String>) = url::decode_with_preset(query, PRESET_KEY, |id| presets::find(id).map(|p| (p.build)()));
        if let Err(e) = state.check() {
            notices.push(format!("Some settings could not be used ({e}); showing the default experiment."));
            state = RelativeState::default();
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
    pub fn with_state(state: RelativeState) -> Self {
        let race = Race::new(&state);
        RelativeLab { state, race, playing: false, step_target: None, notices: Vec::new(), lesson: String::new() }
    }

    /// Back to W₀.
    pub(super) fn rebuild(&mut self) {
        self.race = Race::new(&self.state);
        self.step_target = None;
    }

    /// Applies `f` to a copy of the state; keeps it only if it passes every check, then rebuilds.
    pub(super) fn update(&mut self, f: impl FnOnce(&mut RelativeState) -> LabResult<()>) -> LabResult<()> {
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

    /// Steps of the card furthest behind.
    pub fn step(&self) -> u64 {
        self.race.as_ref().map_or(0, |r| r.steps())
    }

    /// Whether the experiment is training.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// Measured steps until `out_of_time` (at most `speed` more steps of each card per call while
    /// playing); true when something visible changed.
    pub fn advance(&mut self, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        let Ok(race) = &mut self.race else { return false };
        let target = match self.step_target {
            Some(t) => t,
            None if self.playing => race.steps() + self.state.speed,
            None => return false,
        };
        let mut changed = false;
        loop {
            if !race.step_one(target) {
                self.step_target = None;
                break;
            }
            changed = true;
            if out_of_time() {
                break;
            }
        }
        if race.finished() {
            self.playing = false;
            self.step_target = None;
        }
        changed
    }

    /// The status line: steps, each card's loss, the preset's lesson.
    pub(super) fn status_line(&self) -> String {
        let r = match &self.race {
            Ok(r) => r,
            Err(e) => return e.clone(),
        };
        let mut s = format!("Step {} of {}", r.steps(), r.budget);
        if self.playing {
            s.push_str(" · training");
        }
        for x in &r.racers {
            if let Some(h) = &x.halted {
                s.push_str(&format!(" · {}: {h}", x.label));
            }
        }
        if !self.lesson.is_empty() {
            s.push_str(" · ");
            s.push_str(&self.lesson);
        }
        s
    }
}

impl Widget for RelativeLab {
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
        (self.playing || self.step_target.is_some()) && self.race.as_ref().is_ok_and(|r| !r.finished())
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
