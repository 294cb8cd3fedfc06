//! The optimizer lab widget: its state and what it computed (no drawing here).
//!
//! The widget's work is split by what it answers: `controls.rs` (the controls shown),
//! `settings.rs` (the settings' declarations and applying one typed value), `actions.rs`
//! (buttons), `pointer.rs` (the pointer on the landscape), `tick.rs` (work per frame and the
//! status line), `views.rs` (views and their tables), `legacy.rs` (earlier control keys).

use crate::lab::error::{LabError, LabResult};
use crate::lab::transport::no_such_preset;
use crate::lab::url;
use crate::lab::widget::{Control, Pointer, ViewSpec, Widget};
use crate::landscape::{curvature, CriticalKind, LandscapeConfig, Surface, ViewBox};
use crate::optim::{OptimizerConfig, Schedule};
use crate::render::chart::short;

use super::presets;
use super::race::{race_lipschitz, RacerRun, Trajectory};
use super::stream::run_stream;
use super::settings::{start_message, start_ok};
use super::state::{view_ok, OptimizerLabState};

/// Steps of the race (over all racers) computed when it is recomputed: every race of the default
/// budget (1,000) with up to 8 racers is complete at once. About 8 ms in the browser.
pub const RACE_SLICE_STEPS: u64 = 32_000;

/// Keys the lab reads itself besides the shell's (`url::SHELL_KEYS`): the preset a state starts from.
const PRESET_KEY: &[&str] = &["preset"];

/// The optimizer lab.
pub struct OptimizerLab {
    /// The configuration (what the URL holds).
    pub state: OptimizerLabState,
    pub(super) surface: Surface,
    /// Every racer's trajectory (`budget` steps), recomputed when a setting changes; a long race
    /// is computed a slice per tick (see `runs`), so it may still be growing.
    pub trajectories: Vec<Trajectory>,
    /// The racers whose trajectories are still being computed (`None` once a racer is done).
    pub(super) runs: Vec<Option<RacerRun>>,
    /// Each racer's response to lecture 003's gradient stream.
    pub streams: Vec<Option<Vec<f64>>>,
    pub(super) playing: bool,
    pub(super) last_tick: Option<f64>,
    pub(super) carry: f64,
    /// Data-space position of the mouse over the landscape.
    pub cursor: Option<[f64; 2]>,
    /// The charts repeat the racers' legend (the landscape, which carries it, is not shown).
    pub(super) legend_on_charts: bool,
    pub(super) press: Option<(f64, f64, [f64; 4], bool)>,
    /// What the last (at most two) clicks that moved the start replaced: (start, playhead,
    /// playing, click position in CSS px). A double-click is also two clicks; it undoes them.
    pub(super) click_undo: Vec<([f64; 2], u64, bool, (f64, f64))>,
    pub(super) notices: Vec<String>,
    pub(super) lesson: String,
    /// Incremented on every change of what is drawn, so views can cache.
    pub version: u64,
    /// Incremented whenever the trajectories are recomputed (not when more of them is revealed),
    /// so a layer that keeps the trails drawn so far knows when to start over.
    pub race: u64,
}


impl OptimizerLab {
    /// Opens the lab from a URL query (a `preset=ID` key starts from that preset).
    pub fn open(query: &str) -> Self {
        let (mut state, mut notices) = url::decode_with_preset(query, PRESET_KEY, |id| presets::find(id).map(|p| (p.build)()));
        notices.append(&mut state.repair());
        let mut lab = Self::with_state(state);
        lab.notices = notices;
        if let Some(p) = presets::find(&lab.state.preset) {
            lab.lesson = p.lesson.to_string();
            if lab.state.shown == 0 {
                lab.playing = true;
            }
        }
        lab
    }

    /// A lab showing `state` (which must have been repaired).
    pub fn with_state(state: OptimizerLabState) -> Self {
        let surface = state.landscape.build().unwrap_or_else(|_| {
            // repair() guarantees a valid landscape; Rosenbrock always builds.
            LandscapeConfig::Rosenbrock.build().unwrap_or_else(|_| unreachable_surface())
        });
        let mut lab = OptimizerLab {
            state,
            surface,
            trajectories: Vec::new(),
            runs: Vec::new(),
            streams: Vec::new(),
            playing: false,
            last_tick: None,
            carry: 0.0,
            cursor: None,
            legend_on_charts: false,
            press: None,
            click_undo: Vec::new(),
            notices: Vec::new(),
            lesson: String::new(),
            version: 0,
            race: 0,
        };
        lab.recompute();
        lab
    }

    /// The landscape being shown.
    pub fn surface(&self) -> &Surface {
        &self.surface
    }

    /// The requested view (the landscape's default unless zoomed or panned).
    pub fn view(&self) -> ViewBox {
        let v = self.state.view;
        if v != [0.0; 4] && view_ok(&v) {
            ViewBox { x_min: v[0], x_max: v[1], y_min: v[2], y_max: v[3] }
        } else {
            self.surface.default_view()
        }
    }

    /// Recomputes every trajectory and stream from the state.
    ///
    /// The first `RACE_SLICE_STEPS` steps (over all racers) are taken now, the rest a slice per
    /// tick while [`Self::computing`]: 8 racers × 20,000 steps took about 40 ms in the browser,
    /// and every drag of a slider recomputes the race.
    pub fn recompute(&mut self) {
        let l = race_lipschitz(&self.surface, &self.state, &self.view());
        self.trajectories.clear();
        self.runs.clear();
        for i in 0..self.state.racers.len() {
            let (t, run) = RacerRun::start(&self.surface, &self.state, i, l);
            self.trajectories.push(t);
            self.runs.push(run);
        }
        self.advance_race(RACE_SLICE_STEPS);
        self.streams = self.state.racers.iter().map(run_stream).collect();
        self.version += 1;
        self.race += 1;
    }

    /// Takes up to `steps` more steps of the race, shared among the racers still running.
    pub(super) fn advance_race(&mut self, steps: u64) {
        let running = self.runs.iter().filter(|r| r.is_some()).count() as u64;
        if running == 0 {
            return;
        }
        // A landscape that sums over data costs `eval_cost` times more per step.
        let each = (steps / running / self.surface.eval_cost().max(1) as u64).max(1);
        for (run, t) in self.runs.iter_mut().zip(self.trajectories.iter_mut()) {
            if let Some(r) = run {
                if r.advance(&self.surface, t, each) {
                    *run = None;
                }
            }
        }
    }

    /// Whether some racer's trajectory is still being computed.
    pub fn computing(&self) -> bool {
        self.runs.iter().any(Option::is_some)
    }

    /// Label of racer `i` for legends: "1 · Adam α=0.05".
    pub fn racer_label(&self, i: usize) -> String {
        let r = &self.state.racers[i];
        let name = match &r.optimizer {
            OptimizerConfig::Newton(c) if c.saddle_free => "saddle-free Newton (|λ|)",
            o => o.label(),
        };
        let mut s = format!("{} · {} α={}", i + 1, name, short(r.optimizer.lr()));
        if let OptimizerConfig::Sgd(c) = &r.optimizer {
            if c.momentum > 0.0 {
                s.push_str(&format!(" β={}", short(c.momentum)));
            }
        }
        if !matches!(r.schedule, Schedule::Constant) {
            s.push_str(&format!(", {}", r.schedule.label()));
        }
        s
    }

    /// How many iterates of racer `i` are revealed (points drawn = shown + 1, capped by divergence).
    pub fn revealed(&self, i: usize) -> usize {
        let t = &self.trajectories[i];
        (self.state.shown as usize + 1).min(t.points.len())
    }

    /// The text lines describing the curvature at `p`.
    pub fn curvature_lines(&self, p: [f64; 2]) -> Vec<String> {
        let f = self.surface.value(p[0], p[1]);
        let c = curvature(self.surface.hessian(p[0], p[1]));
        let verdict = match c.kind {
            CriticalKind::Minimum => "curves up both ways (minimum-like)",
            CriticalKind::Maximum => "curves down both ways (maximum-like)",
            CriticalKind::Saddle => "up one way, down the other (saddle)",
            CriticalKind::Degenerate => "flat in one direction (test undecided)",
        };
        let bound = if c.stability_bound.is_finite() { format!("α < 2/λmax = {}", short(c.stability_bound)) } else { "no positive curvature: any α overshoots nothing".into() };
        vec![
            format!("at ({}, {}): f = {}", short(p[0]), short(p[1]), short(f)),
            format!("Hessian λ = {}, {}", short(c.eigenvalues[0]), short(c.eigenvalues[1])),
            format!("→ {verdict}"),
            format!("condition number κ = {}", if c.condition_number.is_finite() { short(c.condition_number) } else { "∞".into() }),
            format!("GD stable here if {bound}"),
        ]
    }

    /// After a change of the race's settings: no longer the preset; the race is recomputed.
    pub(super) fn changed(&mut self) {
        self.state.preset.clear();
        self.lesson.clear();
        self.recompute();
    }

    /// Moves the common start point and replays the race from it.
    pub(super) fn set_start(&mut self, p: [f64; 2]) -> LabResult<()> {
        if !start_ok(&p) {
            return Err(LabError::invalid(start_message()));
        }
        self.state.start = p;
        self.state.shown = 0;
        self.playing = true;
        self.changed();
        Ok(())
    }

    /// Loads preset `id` and plays it.
    pub(super) fn load_preset(&mut self, id: &str) -> LabResult<()> {
        let p = presets::find(id).ok_or_else(|| LabError::unknown(no_such_preset(id)))?;
        self.state = (p.build)();
        self.surface = self.state.landscape.build()?;
        self.recompute();
        self.lesson = p.lesson.to_string();
        self.playing = true;
        self.last_tick = None;
        Ok(())
    }

    /// The Hessian's eigenvalues on the quadratic landscape (`None` on any other).
    pub(super) fn quadratic_eigs(&self) -> Option<(f64, f64)> {
        match self.state.landscape {
            LandscapeConfig::Quadratic { .. } => {
                let c = curvature(self.surface.hessian(0.0, 0.0));
                Some((c.eigenvalues[0], c.eigenvalues[1]))
            }
            _ => None,
        }
    }
}

fn unreachable_surface() -> Surface {
    // Only reached if even the default landscape failed to build, which the landscape tests rule out.
    match LandscapeConfig::Booth.build() {
        Ok(s) => s,
        Err(e) => panic!("no landscape can be built: {e}"),
    }
}

impl Widget for OptimizerLab {
    fn views(&self) -> Vec<ViewSpec> {
        self.view_specs()
    }
    fn controls(&self) -> Vec<Control> {
        self.all_controls()
    }
    fn set(&mut self, key: &str, value: &str) -> crate::lab::error::LabResult<()> {
        self.apply(key, value)
    }
    fn action(&mut self, key: &str) -> crate::lab::error::LabResult<()> {
        self.act(key)
    }
    fn pointer(&mut self, view: &str, p: Pointer) -> crate::lab::error::LabResult<()> {
        self.on_pointer(view, p)
    }
    fn tick(&mut self, now_ms: f64, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        self.frame_tick(now_ms, out_of_time)
    }
    fn busy(&self) -> bool {
        self.playing || self.computing()
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
        OptimizerLab::table(self, view)
    }
    fn attached(&mut self, views: &[String]) {
        self.legend_on_charts = !views.iter().any(|v| v == "landscape");
    }
    fn figure(&self, view: &str) -> Option<crate::render::figure::Figure<'_>> {
        if view == "landscape" {
            return Some(self.landscape_figure());
        }
        self.chart(view, self.legend_on_charts).map(|(spec, series)| crate::render::figure::Figure::chart(spec, series))
    }
    fn legacy_keys(&self) -> crate::lab::legacy_keys::LegacyKeys {
        super::legacy::legacy_keys()
    }
}
