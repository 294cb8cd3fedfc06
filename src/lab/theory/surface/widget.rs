//! The surface experiment's widget: the struct, its constructor, the tick and the [`Widget`]
//! implementation; `controls.rs` has the controls, settings and buttons, `views.rs` and
//! `tables.rs` what each view draws and its numbers, `presets.rs` the lectures' claims.

use crate::lab::error::LabResult;
use crate::lab::url;
use crate::lab::widget::{Control, Pointer, ViewSpec, Widget};

use super::presets;
use super::state::SurfaceState;
use super::study::{Stage, Study};

/// Keys the lab reads itself besides the shell's: the preset a state starts from.
const PRESET_KEY: &[&str] = &["preset"];

/// The loss-surface experiment.
pub struct SurfaceLab {
    /// The configuration (what the URL holds).
    pub state: SurfaceState,
    /// The network(s) and their surfaces (or why they could not be built).
    pub study: Result<Study, String>,
    pub(super) playing: bool,
    /// Steps still to take for “Step ▸” (0: none).
    pub(super) pending_steps: u64,
    pub(super) notices: Vec<String>,
    pub(super) lesson: String,
}

impl SurfaceLab {
    /// Opens the experiment from a URL query; `preset=ID` starts from that preset, other keys override it.
    pub fn open(query: &str) -> Self {
        let (mut state, mut notices): (SurfaceState, Vec<String>) = url::decode_with_preset(query, PRESET_KEY, |id| presets::find(id).map(|p| (p.build)()));
        if let Err(e) = state.check() {
            notices.push(format!("Some settings could not be used ({e}); showing the default experiment."));
            state = SurfaceState::default();
        }
        let mut lab = Self::with_state(state);
        lab.notices = notices;
        if let Some(p) = presets::find(&lab.state.preset) {
            lab.lesson = p.lesson.to_string();
            lab.playing = true;
        }
        lab
    }

    /// A lab showing `state` (which must pass `check`), paused at step 0.
    pub fn with_state(state: SurfaceState) -> Self {
        let study = Study::new(&state).map_err(|e| e.to_string());
        SurfaceLab { state, study, playing: false, pending_steps: 0, notices: Vec::new(), lesson: String::new() }
    }

    /// Back to step 0 with the same w₀.
    pub(super) fn rebuild(&mut self) {
        self.study = Study::new(&self.state).map_err(|e| e.to_string());
        self.pending_steps = 0;
    }

    /// Applies `f` to a copy of the state; keeps it only if it passes every check, then rebuilds.
    pub(super) fn update(&mut self, f: impl FnOnce(&mut SurfaceState) -> LabResult<()>) -> LabResult<()> {
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

    /// Steps taken.
    pub fn step(&self) -> u64 {
        self.study.as_ref().map_or(0, |s| s.step())
    }

    /// Whether the lab is training or computing the surface.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// Training steps (at most `speed` per call while playing), then the surfaces, in slices
    /// until `out_of_time`; true when something visible changed.
    pub fn advance(&mut self, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        let Ok(study) = &mut self.study else { return false };
        let mut changed = false;
        let mut steps = 0;
        loop {
            if study.finished() {
                self.playing = false;
                self.pending_steps = 0;
                break;
            } else if study.training() {
                if self.pending_steps > 0 || (self.playing && steps < self.state.speed) {
                    if study.train_slice() {
                        self.pending_steps = self.pending_steps.saturating_sub(1);
                        steps += 1;
                    }
                    changed = true;
                } else {
                    break;
                }
            } else {
                // The surfaces are computed once training is over, whether playing or stepped there.
                changed |= study.surface_slice();
            }
            if out_of_time() {
                break;
            }
        }
        changed
    }

    /// The status line: step, losses, what is being computed, the preset's lesson.
    pub(super) fn status_line(&self) -> String {
        let st = match &self.study {
            Ok(s) => s,
            Err(e) => return e.clone(),
        };
        let mut s = format!("Step {} of {}", st.step(), self.state.budget);
        for n in &st.nets {
            if let Some(&(_, l)) = n.losses.last() {
                s.push_str(&format!(" · L {} {:.3e}", n.label(), l));
            }
        }
        if let Some((done, all)) = st.surface_progress() {
            s.push_str(&format!(" · computing the surface… {done} of {all} points"));
        } else if self.playing && st.training() {
            s.push_str(" · training");
        }
        for n in st.nets.iter().filter(|n| n.stage == Stage::Failed) {
            s.push_str(&format!(" · {} stopped: {}", n.label(), n.failure.as_deref().unwrap_or("")));
        }
        if !self.lesson.is_empty() {
            s.push_str(" · ");
            s.push_str(&self.lesson);
        }
        s
    }
}

impl Widget for SurfaceLab {
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
        let computing = self.study.as_ref().is_ok_and(|s| !s.training() && !s.finished());
        self.playing || self.pending_steps > 0 || computing
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
