//! The optimizer lab widget: state, controls, input handling and animation (no drawing here).

use crate::landscape::{curvature, CriticalKind, LandscapeConfig, Surface, ViewBox};
use crate::lab::input::{parse_bool, parse_f64, short_full, slider};
use crate::lab::url;
use crate::lab::widget::{Control, ControlKind, Pointer, PointerKind, ViewSpec, Widget};
use crate::optim::{OptimizerConfig, Schedule, SgdConfig};
use crate::render::chart::short;
use crate::render::landscape::PlotFrame;
use crate::render::theme::{css, series_color};

use super::presets::{self, PRESETS};
use super::race::{race_lipschitz, run_stream, RacerRun, Trajectory};
use super::state::{view_ok, OptimizerLabState, RacerConfig, MAX_BUDGET, MAX_RACERS, SPEED_RANGE, START_LIMIT};

/// Steps of the race (over all racers) computed when it is recomputed: every race of the default
/// budget (1,000) with up to 8 racers is complete at once. About 8 ms in the browser.
pub const RACE_SLICE_STEPS: u64 = 32_000;
/// Steps computed per slice in a tick, until the tick's time is spent.
const RACE_TICK_STEPS: u64 = 4_000;

/// Keys the lab reads itself besides the shell's (`url::SHELL_KEYS`): the preset a state starts from.
const PRESET_KEY: &[&str] = &["preset"];

/// The optimizer lab.
pub struct OptimizerLab {
    /// The configuration (what the URL holds).
    pub state: OptimizerLabState,
    surface: Surface,
    /// Every racer's trajectory (`budget` steps), recomputed when a setting changes; a long race
    /// is computed a slice per tick (see `runs`), so it may still be growing.
    pub trajectories: Vec<Trajectory>,
    /// The racers whose trajectories are still being computed (`None` once a racer is done).
    runs: Vec<Option<RacerRun>>,
    /// Each racer's response to lecture 003's gradient stream.
    pub streams: Vec<Option<Vec<f64>>>,
    playing: bool,
    last_tick: Option<f64>,
    carry: f64,
    /// Data-space position of the mouse over the landscape.
    pub cursor: Option<[f64; 2]>,
    /// Where the landscape plot was last drawn (set by the web layer after drawing).
    pub frame: Option<PlotFrame>,
    /// Device pixel ratio of the landscape canvas (set by the web layer).
    pub dpr: f64,
    press: Option<(f64, f64, [f64; 4], bool)>,
    /// What the last (at most two) clicks that moved the start replaced: (start, playhead,
    /// playing, click position in CSS px). A double-click is also two clicks; it undoes them.
    click_undo: Vec<([f64; 2], u64, bool, (f64, f64))>,
    notices: Vec<String>,
    lesson: String,
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
            frame: None,
            dpr: 1.0,
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
    fn advance_race(&mut self, steps: u64) {
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

    fn changed(&mut self) {
        self.state.preset.clear();
        self.lesson.clear();
        self.recompute();
    }

    fn racer_index(&self, key: &str) -> Result<(usize, String), String> {
        let rest = key.strip_prefix('r').ok_or_else(|| format!("unknown setting “{key}”"))?;
        let (idx, field) = rest.split_once('.').ok_or_else(|| format!("unknown setting “{key}”"))?;
        let i: usize = idx.parse().map_err(|_| format!("unknown setting “{key}”"))?;
        if i >= self.state.racers.len() {
            return Err(format!("there is no racer {}", i + 1));
        }
        Ok((i, field.to_string()))
    }

    fn set_start(&mut self, p: [f64; 2]) -> Result<(), String> {
        if !(p.iter().all(|v| v.is_finite() && v.abs() <= START_LIMIT)) {
            return Err(format!("the start point must be finite and within ±{START_LIMIT}"));
        }
        self.state.start = p;
        self.state.shown = 0;
        self.playing = true;
        self.changed();
        Ok(())
    }

    fn load_preset(&mut self, id: &str) -> Result<(), String> {
        let p = presets::find(id).ok_or_else(|| format!("there is no preset called “{id}”"))?;
        self.state = (p.build)();
        self.surface = self.state.landscape.build().map_err(|e| e.to_string())?;
        self.recompute();
        self.lesson = p.lesson.to_string();
        self.playing = true;
        self.last_tick = None;
        Ok(())
    }

    fn quadratic_eigs(&self) -> Option<(f64, f64)> {
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
        let mut c = Vec::new();
        let run = "Race";
        c.push(Control::button("play", if self.playing { "❚❚ Pause" } else { "▶ Play" }, run).help("Animate the race (space bar)"));
        c.push(Control::button("step", "Step ▸", run).help("Reveal one more iteration (→ key)"));
        c.push(Control::button("reset", "⟲ Reset", run).help("Back to iteration 0"));
        c.push(slider("speed".into(), "speed (it/s)", run, self.state.speed, SPEED_RANGE.0, SPEED_RANGE.1, true).help("Iterations revealed per second while playing"));
        c.push(Control::new("budget", "iterations", run, self.state.budget.to_string(), ControlKind::Number { min: 1.0, max: MAX_BUDGET as f64, integer: true }).help("How many steps each racer takes"));
        c.push(Control::new("arrows", "show −∇f, −momentum and step at each racer", run, self.state.arrows.to_string(), ControlKind::Checkbox));
        let mut opts = vec![(String::new(), "— choose a preset —".to_string())];
        opts.extend(PRESETS.iter().map(|p| (p.id.to_string(), p.label.to_string())));
        c.push(Control::new("preset", "lecture preset", run, self.state.preset.clone(), ControlKind::Select { options: opts }).help("Reproduce a figure of the lectures in one click"));
        if self.state.racers.len() < MAX_RACERS {
            c.push(Control::button("add", "+ Add racer", run));
        }

        let land = "Landscape";
        let kinds = LandscapeConfig::kinds()
            .iter()
            .filter_map(|k| LandscapeConfig::default_for(k).map(|l| (k.to_string(), l.label().to_string())))
            .collect();
        c.push(Control::new("landscape", "landscape", land, self.state.landscape.kind(), ControlKind::Select { options: kinds }));
        c.push(Control::new("formula", "f(x, y) =", land, self.state.landscape.formula(), ControlKind::Text));
        for p in self.state.landscape.parameters() {
            let key = format!("landscape.{}", p.key);
            if p.integer {
                c.push(Control::new(key, p.label, land, p.value.to_string(), ControlKind::Number { min: p.min, max: p.max, integer: true }).help(p.help));
            } else {
                c.push(slider(key, p.label, land, p.value, p.min, p.max, p.log_scale).help(p.help));
            }
        }
        c.push(slider("noise.sigma".into(), "gradient noise σ", land, self.state.noise.sigma, 0.0, 5.0, false).help("Stochastic mode: each gradient gets Gaussian noise with E‖g̃ − ∇f‖² = σ² (lecture 003)"));
        if matches!(self.state.landscape, LandscapeConfig::Logistic { .. }) {
            c.push(Control::new("noise.batch_size", "minibatch size (0 = full)", land, self.state.noise.batch_size.to_string(), ControlKind::Number { min: 0.0, max: 1000.0, integer: true }).help("True minibatch gradients of the logistic loss"));
        }
        c.push(Control::new("seed", "noise seed", land, self.state.seed.to_string(), ControlKind::Number { min: 0.0, max: 4294967295.0, integer: true }));
        c.push(Control::button("new_seed", "New seed", land));
        c.push(Control::new("start.x", "start x", land, short_full(self.state.start[0]), ControlKind::Number { min: -START_LIMIT, max: START_LIMIT, integer: false }).help("Or click the landscape"));
        c.push(Control::new("start.y", "start y", land, short_full(self.state.start[1]), ControlKind::Number { min: -START_LIMIT, max: START_LIMIT, integer: false }));
        c.push(Control::button("view_reset", "Reset view", land));

        if let Some((l1, l2)) = self.quadratic_eigs() {
            let g = "Quadratic: optimal steps";
            let a = 2.0 / (l1 + l2);
            let sk = (l2 / l1).sqrt();
            let beta = ((sk - 1.0) / (sk + 1.0)).powi(2);
            let ahb = 4.0 / (l1.sqrt() + l2.sqrt()).powi(2);
            c.push(Control::new("quad_info", "Hessian", g, format!("λ₁ = {}, λ₂ = {}, κ = {}", short(l1), short(l2), short(l2 / l1)), ControlKind::Text));
            c.push(Control::button("opt_gd", &format!("Racer 1 ← GD, α = 2/(λ₁+λ₂) = {}", short(a)), g).help("The step that minimises GD's worst-case contraction |1 − αλ|"));
            c.push(Control::button("opt_hb", &format!("Racer 2 ← heavy ball α = {}, β = {}", short(ahb), short(beta)), g).help("Polyak's optimal heavy-ball parameters: α = 4/(√λ₁+√λ₂)², β = ((√κ−1)/(√κ+1))²"));
        }

        for (i, r) in self.state.racers.iter().enumerate() {
            let g = format!("Racer {} · {}", i + 1, r.optimizer.label());
            let sw = css(series_color(i));
            let kinds = OptimizerConfig::kinds()
                .iter()
                .filter_map(|k| OptimizerConfig::default_for(k).map(|o| (k.to_string(), o.label().to_string())))
                .collect();
            c.push(Control::new(format!("r{i}.kind"), "optimizer", g.clone(), r.optimizer.kind(), ControlKind::Select { options: kinds }).swatch(sw.clone()));
            c.push(Control::new(format!("r{i}.rule"), "update", g.clone(), r.optimizer.update_rule(), ControlKind::Text));
            for h in r.optimizer.hyperparameters() {
                let key = format!("r{i}.{}", h.key);
                if h.is_bool {
                    c.push(Control::new(key, h.label, g.clone(), (h.value != 0.0).to_string(), ControlKind::Checkbox).help(h.help));
                } else if matches!(&r.optimizer, OptimizerConfig::GdInvL(_)) && h.key == "l" {
                    let l_used = if h.value == 0.0 { self.surface.lipschitz(&self.view()) } else { h.value };
                    c.push(Control::new(key, "L (0 = from the Hessian over the view)", g.clone(), short_full(h.value), ControlKind::Number { min: h.min, max: h.max, integer: false }).help(h.help));
                    c.push(Control::new(format!("r{i}.l_used"), "L used", g.clone(), short(l_used), ControlKind::Text));
                } else {
                    c.push(slider(key, h.label, &g, h.value, h.slider.0, h.slider.1, h.log_scale).help(h.help));
                }
            }
            let sk = Schedule::kinds().iter().filter_map(|k| Schedule::default_for(k).map(|s| (k.to_string(), s.label().to_string()))).collect();
            c.push(Control::new(format!("r{i}.schedule"), "lr schedule", g.clone(), r.schedule.kind(), ControlKind::Select { options: sk }));
            for h in r.schedule.hyperparameters() {
                let key = format!("r{i}.sched.{}", h.key);
                c.push(slider(key, h.label, &g, h.value, h.slider.0, h.slider.1, h.log_scale).help(h.help));
            }
            if let Some(t) = self.trajectories.get(i) {
                let note = match (&t.error, t.exit_note()) {
                    (Some(e), _) => format!("cannot run: {e}"),
                    (None, Some(n)) => n,
                    _ => format!("final loss {}", t.loss.last().map(|v| short(*v)).unwrap_or_default()),
                };
                c.push(Control::new(format!("r{i}.result"), "result", g.clone(), note, ControlKind::Text));
            }
            c.push(Control::button(format!("r{i}.dup"), "Duplicate", g.clone()));
            if self.state.racers.len() > 1 {
                c.push(Control::button(format!("r{i}.remove"), "Remove", g.clone()));
            }
        }
        let cursor_text = match self.cursor {
            Some(p) => self.curvature_lines(p).join("\n"),
            None => "Hover over the landscape to read the Hessian there.".into(),
        };
        c.push(Control::new("cursor", "at the cursor", "Curvature", cursor_text, ControlKind::Text));
        c
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "preset" => {
                if value.is_empty() {
                    return Ok(());
                }
                return self.load_preset(value);
            }
            "landscape" => {
                let l = LandscapeConfig::default_for(value).ok_or_else(|| format!("unknown landscape “{value}”"))?;
                let surface = l.build().map_err(|e| e.to_string())?;
                self.state.landscape = l;
                self.state.start = surface.default_start();
                self.state.view = [0.0; 4];
                self.surface = surface;
                self.state.shown = 0;
                self.playing = true;
            }
            "speed" => {
                let v = parse_f64("speed", value)?;
                if !(SPEED_RANGE.0..=SPEED_RANGE.1).contains(&v) {
                    return Err(format!("speed must be between {} and {} iterations per second", SPEED_RANGE.0, SPEED_RANGE.1));
                }
                self.state.speed = v;
                return Ok(());
            }
            "budget" => {
                let v = parse_f64("iterations", value)?;
                if v.fract() != 0.0 || v < 1.0 || v > MAX_BUDGET as f64 {
                    return Err(format!("iterations must be a whole number from 1 to {MAX_BUDGET}"));
                }
                self.state.budget = v as u64;
                self.state.shown = self.state.shown.min(self.state.budget);
            }
            "arrows" => {
                self.state.arrows = parse_bool(value)?;
                self.version += 1;
                return Ok(());
            }
            "noise.sigma" => {
                let v = parse_f64("σ", value)?;
                let mut n = self.state.noise.clone();
                n.sigma = v;
                n.validate().map_err(|e| e.to_string())?;
                self.state.noise = n;
            }
            "noise.batch_size" => {
                let v = parse_f64("minibatch size", value)?;
                if v.fract() != 0.0 || !(0.0..=1000.0).contains(&v) {
                    return Err("minibatch size must be a whole number from 0 (full batch) to 1000".into());
                }
                self.state.noise.batch_size = v as usize;
            }
            "seed" => {
                let v = parse_f64("seed", value)?;
                if v.fract() != 0.0 || !(0.0..=4294967295.0).contains(&v) {
                    return Err("the seed must be a whole number from 0 to 4294967295".into());
                }
                self.state.seed = v as u64;
            }
            "start.x" => {
                let v = parse_f64("start x", value)?;
                return self.set_start([v, self.state.start[1]]);
            }
            "start.y" => {
                let v = parse_f64("start y", value)?;
                return self.set_start([self.state.start[0], v]);
            }
            _ if key.starts_with("landscape.") => {
                let v = parse_f64(key, value)?;
                let mut l = self.state.landscape.clone();
                l.set(&key["landscape.".len()..], v).map_err(|e| e.to_string())?;
                self.surface = l.build().map_err(|e| e.to_string())?;
                self.state.landscape = l;
            }
            _ if key.starts_with('r') => {
                let (i, field) = self.racer_index(key)?;
                let r = &mut self.state.racers[i];
                match field.as_str() {
                    "kind" => {
                        r.optimizer = OptimizerConfig::default_for(value).ok_or_else(|| format!("unknown optimizer “{value}”"))?;
                    }
                    "schedule" => {
                        r.schedule = Schedule::default_for(value).ok_or_else(|| format!("unknown schedule “{value}”"))?;
                    }
                    f if f.starts_with("sched.") => {
                        let v = parse_f64(f, value)?;
                        r.schedule.set(&f["sched.".len()..], v).map_err(|e| e.to_string())?;
                    }
                    f => {
                        let v = match value {
                            "true" => 1.0,
                            "false" => 0.0,
                            _ => parse_f64(f, value)?,
                        };
                        r.optimizer.set(f, v).map_err(|e| e.to_string())?;
                    }
                }
            }
            _ => return Err(format!("unknown setting “{key}”")),
        }
        self.changed();
        Ok(())
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        match key {
            "play" => {
                if !self.playing && self.state.shown >= self.state.budget {
                    self.state.shown = 0;
                }
                self.playing = !self.playing;
                self.last_tick = None;
            }
            "step" => {
                self.playing = false;
                self.state.shown = (self.state.shown + 1).min(self.state.budget);
            }
            "reset" => {
                self.playing = false;
                self.state.shown = 0;
            }
            "add" => {
                if self.state.racers.len() >= MAX_RACERS {
                    return Err(format!("at most {MAX_RACERS} racers"));
                }
                let mut c = OptimizerConfig::default_for("adam").unwrap_or_default();
                let _ = c.set("lr", 0.05);
                self.state.racers.push(RacerConfig::new(c));
                self.changed();
            }
            "new_seed" => {
                let mut b = [0u8; 4];
                getrandom::getrandom(&mut b).map_err(|e| format!("no randomness available: {e}"))?;
                self.state.seed = u32::from_le_bytes(b) as u64;
                self.changed();
            }
            "view_reset" => {
                self.state.view = [0.0; 4];
                self.changed();
            }
            "opt_gd" | "opt_hb" => {
                let (l1, l2) = self.quadratic_eigs().ok_or("only for the quadratic landscape")?;
                let cfg = if key == "opt_gd" {
                    SgdConfig { lr: 2.0 / (l1 + l2), ..SgdConfig::default() }
                } else {
                    let sk = (l2 / l1).sqrt();
                    SgdConfig { lr: 4.0 / (l1.sqrt() + l2.sqrt()).powi(2), momentum: ((sk - 1.0) / (sk + 1.0)).powi(2), ..SgdConfig::default() }
                };
                let i = if key == "opt_gd" { 0 } else { 1 };
                let oc = OptimizerConfig::Sgd(cfg);
                oc.validate().map_err(|e| e.to_string())?;
                while self.state.racers.len() <= i {
                    self.state.racers.push(RacerConfig::default());
                }
                self.state.racers[i] = RacerConfig::new(oc);
                self.state.shown = 0;
                self.playing = true;
                self.changed();
            }
            _ => {
                let (i, field) = self.racer_index(key)?;
                match field.as_str() {
                    "dup" => {
                        if self.state.racers.len() >= MAX_RACERS {
                            return Err(format!("at most {MAX_RACERS} racers"));
                        }
                        let r = self.state.racers[i].clone();
                        self.state.racers.insert(i + 1, r);
                    }
                    "remove" => {
                        if self.state.racers.len() <= 1 {
                            return Err("the race needs at least one racer".into());
                        }
                        self.state.racers.remove(i);
                    }
                    _ => return Err(format!("unknown action “{key}”")),
                }
                self.changed();
            }
        }
        Ok(())
    }

    fn pointer(&mut self, view: &str, p: Pointer) -> Result<(), String> {
        if view != "landscape" {
            return Ok(());
        }
        let Some(frame) = self.frame else { return Ok(()) };
        let (dx, dy) = (p.x * self.dpr, p.y * self.dpr);
        let data = frame.to_data(dx, dy);
        match p.kind {
            PointerKind::Move => {
                if let Some((x0, y0, v0, moved)) = self.press {
                    let dist = (p.x - x0).hypot(p.y - y0);
                    if moved || dist > 4.0 {
                        let scale = frame.view.width() / ((frame.px[2] - frame.px[0]).max(1) as f64) * self.dpr;
                        let (ox, oy) = ((p.x - x0) * scale, (p.y - y0) * scale);
                        let base = if v0 == [0.0; 4] { let v = frame.view; [v.x_min, v.x_max, v.y_min, v.y_max] } else { v0 };
                        self.state.view = [base[0] - ox, base[1] - ox, base[2] + oy, base[3] + oy];
                        self.press = Some((x0, y0, base, true));
                        self.version += 1;
                        return Ok(());
                    }
                }
                self.cursor = data;
                self.version += 1;
            }
            PointerKind::Down => {
                let v = frame.view;
                self.press = Some((p.x, p.y, [v.x_min, v.x_max, v.y_min, v.y_max], false));
            }
            PointerKind::Up => {
                let press = self.press.take();
                match press {
                    Some((_, _, _, true)) => self.changed(),
                    Some(_) => {
                        if let Some(d) = data {
                            let before = (self.state.start, self.state.shown, self.playing, (p.x, p.y));
                            self.set_start(d)?;
                            self.click_undo.push(before);
                            if self.click_undo.len() > 2 {
                                self.click_undo.remove(0);
                            }
                        }
                    }
                    None => {}
                }
            }
            PointerKind::Leave => {
                self.cursor = None;
                if let Some((_, _, _, true)) = self.press.take() {
                    self.changed();
                }
                self.version += 1;
            }
            PointerKind::Wheel => {
                let Some(c) = data else { return Ok(()) };
                let f = if p.delta > 0.0 { 1.25 } else { 0.8 };
                let v = frame.view;
                let nv = [c[0] + (v.x_min - c[0]) * f, c[0] + (v.x_max - c[0]) * f, c[1] + (v.y_min - c[1]) * f, c[1] + (v.y_max - c[1]) * f];
                if !view_ok(&nv) || nv[1] - nv[0] < 1e-6 || nv[1] - nv[0] > 1e5 {
                    return Err("cannot zoom further".into());
                }
                self.state.view = nv;
                self.changed();
            }
            PointerKind::Double => {
                // The browser reports the double-click's two clicks first; each moved the start.
                // Undo the clicks made where the double-click is, so it only resets the view.
                let near = |c: &(f64, f64)| (c.0 - p.x).hypot(c.1 - p.y) <= 8.0;
                if let Some(k) = self.click_undo.iter().position(|u| near(&u.3)) {
                    let (start, shown, playing, _) = self.click_undo[k];
                    self.state.start = start;
                    self.state.shown = shown;
                    self.playing = playing;
                }
                self.click_undo.clear();
                self.state.view = [0.0; 4];
                self.changed();
            }
        }
        Ok(())
    }

    fn tick(&mut self, now_ms: f64, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        let computed = self.computing();
        if computed {
            // A slice at least, then more while the frame has time.
            loop {
                self.advance_race(RACE_TICK_STEPS);
                // Asked after every slice (the frame's clock decides how many slices fit).
                let spent = out_of_time();
                if spent || !self.computing() {
                    break;
                }
            }
            self.version += 1;
        }
        if !self.playing {
            self.last_tick = None;
            return computed;
        }
        let dt = match self.last_tick {
            Some(t) => ((now_ms - t) / 1000.0).clamp(0.0, 0.1),
            None => 1.0 / 60.0,
        };
        self.last_tick = Some(now_ms);
        self.carry += dt * self.state.speed;
        let steps = self.carry.floor();
        self.carry -= steps;
        if steps >= 1.0 {
            self.state.shown = (self.state.shown + steps as u64).min(self.state.budget);
            self.version += 1;
        }
        if self.state.shown >= self.state.budget {
            self.playing = false;
        }
        computed || steps >= 1.0
    }

    fn busy(&self) -> bool {
        self.playing || self.computing()
    }

    fn query(&self) -> String {
        url::encode(&self.state)
    }

    fn status(&self) -> String {
        let mut s = format!("Iteration {} of {}", self.state.shown, self.state.budget);
        if self.playing {
            s.push_str(" · playing");
        }
        if self.computing() {
            let done: u64 = self.runs.iter().map(|r| r.as_ref().map_or(self.state.budget, RacerRun::steps)).sum();
            let all = self.state.budget * self.state.racers.len() as u64;
            s.push_str(&format!(" · computing the race: {}%", (100 * done / all.max(1)).min(99)));
        }
        for (i, t) in self.trajectories.iter().enumerate() {
            if let (Some(k), Some(note)) = (t.diverged_at, t.exit_note()) {
                if k <= self.state.shown {
                    s.push_str(&format!(" · racer {} {note}", i + 1));
                }
            }
            if let Some(e) = &t.error {
                s.push_str(&format!(" · racer {} cannot run: {e}", i + 1));
            }
        }
        if !self.lesson.is_empty() {
            s.push_str(" — ");
            s.push_str(&self.lesson);
        }
        s
    }

    fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }
    fn table(&self, view: &str) -> Option<crate::lab::export::Table> {
        OptimizerLab::table(self, view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_race_is_computed_a_slice_per_tick_and_ends_as_the_whole_race() {
        // The largest race the controls allow: 8 racers × 20,000 steps (about 40 ms at once in
        // the browser). Opening takes one slice; each tick whose time is spent takes one more.
        let racers: String = (0..8).map(|i| format!("&racers.{i}.optimizer.kind=sgd&racers.{i}.optimizer.lr={}", 0.001 * (i + 1) as f64)).collect();
        let mut lab = OptimizerLab::open(&format!("budget=20000{racers}"));
        assert_eq!(lab.state.racers.len(), 8);
        assert!(lab.computing() && lab.busy(), "the race is still being computed after opening");
        let taken = |lab: &OptimizerLab| lab.trajectories.iter().map(|t| t.lr.len() as u64).sum::<u64>();
        assert!(taken(&lab) <= RACE_SLICE_STEPS, "opening took {} steps", taken(&lab));
        assert!(lab.status().contains("computing the race"), "{}", lab.status());
        let mut ticks = 0;
        let mut now = 0.0;
        while lab.computing() {
            let before = taken(&lab);
            now += 16.0;
            assert!(lab.tick(now, &mut || true), "a tick that computes reports a change");
            assert!(taken(&lab) - before <= RACE_TICK_STEPS, "a spent tick took {} steps", taken(&lab) - before);
            ticks += 1;
            assert!(ticks < 200, "the race never finishes");
        }
        assert!(ticks > 10, "the race was computed in {ticks} ticks");
        let whole = super::super::race::run_race(lab.surface(), &lab.state, &lab.view());
        for (i, (t, w)) in lab.trajectories.iter().zip(&whole).enumerate() {
            assert_eq!(t.points, w.points, "racer {i}");
            assert_eq!(t.loss, w.loss, "racer {i}");
        }
        assert!(!lab.status().contains("computing"), "{}", lab.status());
    }

    #[test]
    fn opening_from_a_link_reproduces_the_state() {
        let mut a = OptimizerLab::open("preset=momentum_zigzag");
        assert!(a.take_notices().is_empty());
        a.set("r1.lr", "0.3").unwrap();
        a.set("noise.sigma", "0.5").unwrap();
        let b = OptimizerLab::open(&a.query());
        assert_eq!(a.state, b.state);
        assert_eq!(a.trajectories[1].points, b.trajectories[1].points, "same seed, same picture");
    }

    #[test]
    fn the_learning_rate_slider_spans_six_decades_and_typing_reaches_further() {
        let mut lab = OptimizerLab::open("");
        let c = lab.controls().into_iter().find(|c| c.key == "r0.lr").expect("an α control");
        match c.kind {
            ControlKind::Slider { min, max, log, .. } => {
                assert!(log);
                assert_eq!((min, max), crate::optim::LR_SLIDER);
                assert!((max / min).log10() <= 6.0 + 1e-9, "the slider spans {} decades", (max / min).log10());
            }
            k => panic!("α is not a slider: {k:?}"),
        }
        lab.set("r0.lr", "1e-7").expect("typed values below the slider are valid");
        assert!(lab.set("r0.lr", "1e-9").is_err(), "below the valid range");
    }

    #[test]
    fn the_epsilon_slider_spans_the_useful_decades_and_typing_reaches_further() {
        // ε: 1e-10 … 1 on the slider (ten decades, not the sixteen it may take); 1e-14 typed.
        let mut lab = OptimizerLab::open("racers.0.optimizer.kind=adam");
        let c = lab.controls().into_iter().find(|c| c.key == "r0.eps").expect("an ε control");
        match c.kind {
            ControlKind::Slider { min, max, log, .. } => assert!(log && (min, max) == crate::optim::EPS_SLIDER, "{min} … {max}"),
            k => panic!("ε is not a slider: {k:?}"),
        }
        lab.set("r0.eps", "1e-14").expect("typed values below the slider are valid");
    }

    #[test]
    fn a_double_click_resets_the_view_and_keeps_the_start() {
        use crate::landscape::ViewBox;
        let mut lab = OptimizerLab::open("preset=momentum_zigzag");
        lab.frame = Some(PlotFrame { px: [0, 0, 400, 300], view: ViewBox::new(-4.0, 4.0, -3.0, 3.0) });
        lab.state.view = [-2.0, 2.0, -1.5, 1.5];
        let (start, shown) = (lab.state.start, lab.state.shown);
        let at = |kind| Pointer { kind, x: 300.0, y: 100.0, delta: 0.0, shift: false, frame: None, dpr: 1.0 };
        // What a browser sends for a double-click: two clicks, then the double-click.
        for kind in [PointerKind::Down, PointerKind::Up, PointerKind::Down, PointerKind::Up] {
            lab.pointer("landscape", at(kind)).unwrap();
        }
        assert_ne!(lab.state.start, start, "a click moves the start");
        lab.pointer("landscape", at(PointerKind::Double)).unwrap();
        assert_eq!(lab.state.start, start, "the double-click undid its clicks");
        assert_eq!(lab.state.shown, shown);
        assert_eq!(lab.state.view, [0.0; 4], "and reset the view");
        // A single click elsewhere still moves the start.
        lab.pointer("landscape", Pointer { kind: PointerKind::Down, x: 50.0, y: 50.0, delta: 0.0, shift: false, frame: None, dpr: 1.0 }).unwrap();
        lab.pointer("landscape", Pointer { kind: PointerKind::Up, x: 50.0, y: 50.0, delta: 0.0, shift: false, frame: None, dpr: 1.0 }).unwrap();
        assert_ne!(lab.state.start, start);
    }

    #[test]
    fn bad_input_is_refused_and_changes_nothing() {
        let mut lab = OptimizerLab::open("");
        let before = lab.state.clone();
        for (k, v) in [
            ("r0.lr", "-1"), ("r0.lr", "NaN"), ("r0.lr", "abc"), ("r0.lr", "1e300"), ("r9.lr", "0.1"), ("budget", "0"),
            ("budget", "2.5"), ("speed", "inf"), ("noise.sigma", "-2"), ("landscape", "moon"), ("landscape.kappa", "0.1"),
            ("start.x", "1e99"), ("r0.kind", "magic"), ("nothing", "1"), ("r0.schedule", "sometimes"),
        ] {
            let e = lab.set(k, v).expect_err(&format!("{k}={v} accepted"));
            assert!(!e.is_empty());
        }
        assert_eq!(lab.state, before);
        assert!(lab.action("r0.explode").is_err());
    }

    #[test]
    fn malformed_urls_fall_back_with_notices() {
        let mut lab = OptimizerLab::open("preset=nope&budget=-5&racers.0.optimizer.kind=warp&start=1,2,3&zzz=1");
        let n = lab.take_notices();
        assert!(n.len() >= 4, "{n:?}");
        assert!(lab.state.repair().is_empty());
    }

    #[test]
    fn racers_can_be_added_duplicated_removed() {
        let mut lab = OptimizerLab::open("");
        let n = lab.state.racers.len();
        lab.action("add").unwrap();
        lab.action("r0.dup").unwrap();
        assert_eq!(lab.state.racers.len(), n + 2);
        assert_eq!(lab.trajectories.len(), n + 2);
        lab.action("r1.remove").unwrap();
        assert_eq!(lab.state.racers.len(), n + 1);
        while lab.state.racers.len() < MAX_RACERS {
            lab.action("add").unwrap();
        }
        assert!(lab.action("add").is_err());
    }

    #[test]
    fn play_reveals_at_the_chosen_speed() {
        let mut lab = OptimizerLab::open("preset=learning_rates&speed=100");
        assert!(lab.busy());
        let mut t = 0.0;
        lab.tick(t, &mut || false);
        for _ in 0..30 {
            t += 1000.0 / 60.0;
            lab.tick(t, &mut || false);
        }
        // 30 frames of 1/60 s at 100 it/s ≈ 50 iterations (the first frame counts 1/60 s too).
        assert!((48..=52).contains(&lab.state.shown), "{}", lab.state.shown);
    }

    #[test]
    fn optimal_quadratic_buttons() {
        let mut lab = OptimizerLab::open("preset=gd_oscillation");
        lab.action("opt_hb").unwrap();
        let OptimizerConfig::Sgd(c) = &lab.state.racers[1].optimizer else { panic!() };
        // κ = 25: λ = 0.04, 1 → β = ((5−1)/(5+1))² = 4/9, α = 4/(0.2+1)² = 2.777…
        assert!((c.momentum - 4.0 / 9.0).abs() < 1e-12);
        assert!((c.lr - 4.0 / 1.44).abs() < 1e-12);
        assert!(OptimizerLab::open("").action("opt_gd").is_err(), "not a quadratic");
    }
}
