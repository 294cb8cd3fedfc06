//! The MLP lab widget: 1–4 training runs on the same data and seed, trained in time-sliced chunks,
//! plus the initialisation diagnostics of a deep net (lecture 004) and the width sweep (lecture 001).
//!
//! This file holds state, controls, input handling and training; the views (what each draws, and
//! its numbers) are in `views.rs` (see [`MlpLab::draw`]).

use crate::lab::input::{parse_f64, parse_whole, slider};
use crate::lab::url;
use crate::lab::widget::{Control, ControlKind, Pointer, ViewSpec, Widget};
use crate::mlp::{
    parse_csv, InitDiagnostics, Activation, DataKind, Dataset, InitConfig, InitKind, LayerStats, MlpConfig, SurfaceEvaluator,
    Progress, SweepConfig, Task, Trainer, TrainerBuild, WidthSweep,
};
use crate::optim::{OptimizerConfig, Schedule};
use crate::render::chart::short;
use crate::render::mlp::SurfaceCache;
use crate::render::theme::{css, series_color};

use super::presets::{self, PRESETS};
use super::state::{
    check_sweep, hidden_text, parse_widths, MlpLabState, RunConfig, ScheduleSpec, MAX_BUDGET, MAX_RUNS, MAX_SEED, SPEED_RANGE,
};

/// Keys the lab reads itself besides the shell's (`url::SHELL_KEYS`): the preset a state starts from.
const PRESET_KEY: &[&str] = &["preset"];

/// Points kept per recorded curve (the history halves its resolution beyond this).
const HISTORY_POINTS: usize = 400;

/// Hidden-to-hidden weights (over all runs) up to which the runs are built at once; above, in
/// slices by `tick` (about 100 k weights take ~5–10 ms to initialise in the browser).
const EAGER_BUILD_WEIGHTS: usize = 100_000;

/// Initial weights drawn per slice of building a large run (a whole 2-512-512-2 network, 264 k
/// weights, had been one task of 42–78 ms in the page).
const BUILD_SLICE_WEIGHTS: usize = 50_000;

/// One run: its trainer, or why it could not be built.
pub struct RunSlot {
    /// The trainer (None if the configuration was refused).
    pub trainer: Option<Trainer>,
    /// Why there is no trainer.
    pub error: Option<String>,
    /// The trainer is still to be built (large networks are built in slices by `tick`).
    pub building: bool,
    /// The trainer being built, once its first slice has started.
    build: Option<Box<TrainerBuild>>,
}

impl RunSlot {
    fn failed(e: String) -> RunSlot {
        RunSlot { trainer: None, error: Some(e), building: false, build: None }
    }
    fn built(t: Trainer) -> RunSlot {
        RunSlot { trainer: Some(t), error: None, building: false, build: None }
    }
    fn to_build() -> RunSlot {
        RunSlot { trainer: None, error: None, building: true, build: None }
    }
}

/// The MLP lab.
pub struct MlpLab {
    /// The configuration (what the URL holds).
    pub state: MlpLabState,
    /// A data set uploaded as CSV (replaces the generated one until "reset data"; not in the URL).
    pub csv: Option<Dataset>,
    /// One slot per run.
    pub runs: Vec<RunSlot>,
    playing: bool,
    /// Training step a link asked for: the runs train to it (time-sliced) and stop there.
    replay_to: Option<u64>,
    /// Step that "Step ▸" asked for, while a large step is still being computed in slices.
    step_to: Option<u64>,
    pub(super) sweep: Option<WidthSweep>,
    sweep_error: Option<String>,
    pub(super) deep: Option<Result<Vec<(String, Vec<LayerStats>)>, String>>,
    /// The initialisation of the "init" view being computed (block by block).
    deep_run: Option<InitDiagnostics>,
    /// The data of the runs still to be built.
    pending_data: Option<Result<(Dataset, Dataset), String>>,
    notices: Vec<String>,
    lesson: String,
    /// Incremented whenever what is drawn changes (views cache on it).
    pub version: u64,
    /// Buffers of the decision-surface view.
    pub surface_cache: SurfaceCache,
    /// Whether `tick` has run at least once.
    ticked: bool,
    pub(super) curve_eval: SurfaceEvaluator,
}


fn data_label(k: DataKind) -> &'static str {
    match k {
        DataKind::Circles => "circles (2 classes)",
        DataKind::Xor => "XOR (2 classes)",
        DataKind::Gaussians => "two Gaussians",
        DataKind::Spiral => "spiral (K arms = K classes)",
        DataKind::Sine => "noisy sine (1-D regression)",
    }
}

const DATA_KINDS: [(DataKind, &str); 5] = [
    (DataKind::Circles, "circles"),
    (DataKind::Xor, "xor"),
    (DataKind::Gaussians, "gaussians"),
    (DataKind::Spiral, "spiral"),
    (DataKind::Sine, "sine"),
];

const INIT_KINDS: [(InitKind, &str, &str); 5] = [
    (InitKind::Zero, "zero", "zero (W = 0)"),
    (InitKind::Uniform, "uniform", "uniform U(−s, s)"),
    (InitKind::Xavier, "xavier", "Xavier N(0, 1/n)"),
    (InitKind::Kaiming, "kaiming", "Kaiming N(0, 2/n)"),
    (InitKind::Custom, "custom", "custom N(0, s²)"),
];

fn init_id(k: InitKind) -> &'static str {
    INIT_KINDS.iter().find(|x| x.0 == k).map_or("kaiming", |x| x.1)
}
fn init_label(k: InitKind) -> &'static str {
    INIT_KINDS.iter().find(|x| x.0 == k).map_or("", |x| x.2)
}
fn parse_init(v: &str) -> Result<InitKind, String> {
    INIT_KINDS.iter().find(|x| x.1 == v).map(|x| x.0).ok_or_else(|| format!("unknown initialisation “{}”", v.chars().take(20).collect::<String>()))
}
fn parse_activation(v: &str) -> Result<Activation, String> {
    Activation::ALL.iter().copied().find(|a| a.name() == v).ok_or_else(|| format!("unknown activation “{}”", v.chars().take(20).collect::<String>()))
}

/// Optimizers offered for a network: all but those that need the objective itself.
fn offered_optimizers() -> Vec<(String, String)> {
    OptimizerConfig::kinds()
        .iter()
        .filter_map(|k| OptimizerConfig::default_for(k))
        .filter(|o| !o.needs_objective())
        .map(|o| (o.kind().to_string(), o.label().to_string()))
        .collect()
}

/// A new optimizer of `kind` with the lab's defaults (GD 1/L gets L = 10 since no Hessian is known).
fn optimizer_for(kind: &str) -> Result<OptimizerConfig, String> {
    let mut o = OptimizerConfig::default_for(kind).ok_or_else(|| format!("unknown optimizer “{}”", kind.chars().take(30).collect::<String>()))?;
    if o.needs_objective() {
        return Err(format!(
            "{} needs the Hessian of the loss (or values away from the current weights), which the MLP lab does not compute; use it in the optimizer lab",
            o.label()
        ));
    }
    if let OptimizerConfig::GdInvL(g) = &mut o {
        g.l = 10.0;
    }
    Ok(o)
}

impl MlpLab {
    /// Opens the lab from a URL query; `preset=ID` starts from that preset, other keys override it.
    pub fn open(query: &str) -> Self {
        let query = url::rename_keys(query, super::state::migrate_key);
        let (mut state, mut notices) = url::decode_with_preset(&query, PRESET_KEY, |id| presets::find(id).map(|p| (p.build)()));
        notices.append(&mut state.repair());
        // The step the link was made at is replayed, not kept in the live state.
        let target = std::mem::take(&mut state.step);
        if let Err(e) = state.check() {
            notices.push(format!("Some settings could not be used ({e}); showing the default comparison."));
            state = MlpLabState::default();
        }
        let mut lab = Self::with_state(state);
        lab.notices = notices;
        if let Some(p) = presets::find(&lab.state.preset) {
            lab.lesson = p.lesson.to_string();
            // A preset link tells its story straight away (the width sweep runs by itself).
            if p.id == "width_sweep" {
                if let Err(e) = lab.start_sweep() {
                    lab.notices.push(e);
                }
            } else {
                lab.playing = true;
            }
        }
        if target > 0 {
            lab.replay_to = Some(target.min(lab.state.budget));
            lab.playing = true;
        }
        lab
    }

    /// A lab showing `state` (which must pass `check`), paused at step 0.
    pub fn with_state(state: MlpLabState) -> Self {
        let mut lab = MlpLab {
            state,
            csv: None,
            runs: Vec::new(),
            playing: false,
            replay_to: None,
            step_to: None,
            sweep: None,
            sweep_error: None,
            deep: None,
            deep_run: None,
            pending_data: None,
            notices: Vec::new(),
            lesson: String::new(),
            version: 0,
            surface_cache: SurfaceCache::new(),
            ticked: false,
            curve_eval: SurfaceEvaluator::new(),
        };
        lab.rebuild();
        lab
    }

    /// The training and validation sets every run uses (CSV upload or generated).
    pub fn datasets(&self) -> Result<(Dataset, Dataset), String> {
        match &self.csv {
            Some(d) => Ok(d.split(self.state.data.val_fraction, self.state.data.seed ^ 0x5eed_5917)),
            None => self.state.data.generate_split().map_err(|e| e.to_string()),
        }
    }

    /// Rebuilds every trainer at step 0 from the state (same data and seed for all). Small
    /// networks are built at once; large ones (initialising a few hundred thousand weights takes
    /// ~10–20 ms each) one per frame by [`Widget::tick`].
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
                Err(e) => RunSlot::failed(e),
            };
            self.runs.push(slot);
        }
        if !eager {
            self.pending_data = Some(data);
        }
        self.surface_cache.invalidate();
        self.version += 1;
    }

    /// Starts building run `i`'s trainer on `data` (or says why it cannot run).
    fn start_build(&self, i: usize, data: &Result<(Dataset, Dataset), String>) -> Result<Box<TrainerBuild>, String> {
        let (train, val) = data.as_ref().map_err(Clone::clone)?;
        self.state.check_run(i)?;
        let cfg = self.state.run_config(i)?;
        TrainerBuild::new(cfg, train.clone(), val.clone()).map(Box::new).map_err(|e| format!("run {}: {e}", i + 1))
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
                Err(e) => self.runs[i] = RunSlot::failed(e),
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
            self.surface_cache.invalidate();
        }
        Some(done)
    }

    /// Whether some run is still to be built.
    pub(super) fn building(&self) -> bool {
        self.runs.iter().any(|r| r.building)
    }

    /// The task of the current data (classification with K classes, or regression).
    pub fn task(&self) -> Task {
        match &self.csv {
            Some(d) => d.task(),
            None => self.state.data.task(),
        }
    }

    /// Steps taken by the runs (the largest, since halted runs stop early).
    pub fn step(&self) -> u64 {
        self.runs.iter().filter_map(|r| r.trainer.as_ref()).map(|t| t.step_count()).max().unwrap_or(0)
    }

    /// Whether the lab is training.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// Legend label of run `i`: "1 · Adam α=0.01".
    pub fn run_label(&self, i: usize) -> String {
        let Some(r) = self.state.runs.get(i) else { return String::new() };
        let mut s = format!("{} · {} α={}", i + 1, r.optimizer.label(), short(r.optimizer.lr()));
        if let OptimizerConfig::Sgd(c) = &r.optimizer {
            if c.momentum > 0.0 {
                s.push_str(&format!(" β={}", short(c.momentum)));
            }
        }
        if r.schedule.kind != "constant" {
            s.push_str(&format!(", {}", r.schedule.build().map(|s| s.label()).unwrap_or("schedule")));
        }
        let differs = |f: &dyn Fn(&RunConfig) -> String| self.state.runs.iter().any(|o| f(o) != f(r));
        if differs(&|o| init_id(o.init.kind).to_string()) {
            s.push_str(&format!(", {} init", init_id(r.init.kind)));
        }
        if differs(&|o| o.batch_size.to_string()) {
            s.push_str(&if r.batch_size == 0 { ", full batch".to_string() } else { format!(", B={}", r.batch_size) });
        }
        if differs(&|o| o.weight_decay.to_string()) {
            s.push_str(&format!(", λ={}", short(r.weight_decay)));
        }
        s
    }

    /// Applies `f` to a copy of the state; keeps it only if it passes every check (and the data
    /// set validates), then rebuilds the runs. On error the state is unchanged.
    fn update(&mut self, f: impl FnOnce(&mut MlpLabState) -> Result<(), String>) -> Result<(), String> {
        let mut s = self.state.clone();
        f(&mut s)?;
        s.check()?;
        if self.csv.is_none() {
            s.data.validate().map_err(|e| e.to_string())?;
        }
        for i in 0..s.runs.len() {
            // The loss must fit the data's task (cross-entropy needs classes).
            s.run_config(i)?.resolve_loss(self.task_of(&s)).map_err(|e| e.to_string())?;
        }
        self.state = s;
        self.state.preset.clear();
        self.lesson.clear();
        self.playing = false;
        self.rebuild();
        Ok(())
    }

    fn task_of(&self, s: &MlpLabState) -> Task {
        match &self.csv {
            Some(d) => d.task(),
            None => s.data.task(),
        }
    }

    fn run_index(&self, key: &str) -> Result<(usize, String), String> {
        let unknown = || format!("unknown setting “{}”", key.chars().take(40).collect::<String>());
        let rest = key.strip_prefix('r').ok_or_else(unknown)?;
        let (idx, field) = rest.split_once('.').ok_or_else(unknown)?;
        let i: usize = idx.parse().map_err(|_| unknown())?;
        if i >= self.state.runs.len() {
            return Err(format!("there is no run {}", i + 1));
        }
        Ok((i, field.to_string()))
    }

    /// Loads preset `id` and starts training (or the sweep, for the width-sweep preset).
    pub fn load_preset(&mut self, id: &str) -> Result<(), String> {
        let p = presets::find(id).ok_or_else(|| format!("there is no preset called “{}”", id.chars().take(40).collect::<String>()))?;
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

    fn start_sweep(&mut self) -> Result<(), String> {
        if self.csv.is_some() {
            return Err("the width sweep trains on the generated data set; reset the data to use it".into());
        }
        let base: MlpConfig = self.state.run_config(0)?;
        let cfg = SweepConfig { widths: self.state.sweep.widths.clone(), steps: self.state.sweep.steps, base };
        self.sweep = Some(WidthSweep::new(cfg).map_err(|e| e.to_string())?);
        self.sweep_error = None;
        self.version += 1;
        Ok(())
    }

    fn sweep_running(&self) -> bool {
        self.sweep.as_ref().is_some_and(|s| !s.is_done()) && self.sweep_error.is_none()
    }

    /// The initialisations the "init" view compares: the chosen one, then Xavier and Kaiming.
    fn deep_kinds(&self) -> Vec<InitConfig> {
        let d = self.state.deep;
        let mut kinds = vec![d.init];
        for k in [InitKind::Xavier, InitKind::Kaiming] {
            if d.init.kind != k {
                kinds.push(InitConfig { kind: k, ..d.init });
            }
        }
        kinds
    }

    /// Whether the "init" view still has initialisations to compute.
    fn deep_pending(&self) -> bool {
        match &self.deep {
            None => true,
            Some(Ok(done)) => done.len() < self.deep_kinds().len(),
            Some(Err(_)) => false,
        }
    }

    /// Drops the "init" view's statistics and the one in progress (its settings changed).
    fn forget_deep(&mut self) {
        self.deep = None;
        self.deep_run = None;
    }

    /// Where the "init" view's statistics are: none started, or the initialisations done (0 after
    /// an error), so a tick can tell whether they changed.
    fn deep_progress(&self) -> Option<usize> {
        self.deep.as_ref().map(|d| d.as_ref().map_or(0, |v| v.len()))
    }

    /// Computes the next slice of the statistics of the "init" view: the initialisations one after
    /// the other, each a block of examples at a time ([`InitDiagnostics::advance`], ≈ 10 ms), so
    /// that [`Widget::tick`] can stop between blocks when the frame's time is spent.
    fn deep_advance(&mut self) {
        let kinds = self.deep_kinds();
        let done = match &mut self.deep {
            Some(Ok(done)) => done,
            Some(Err(_)) => return,
            None => self.deep.insert(Ok(Vec::new())).as_mut().expect("just set"),
        };
        let Some(&init) = kinds.get(done.len()) else { return };
        let run = match &mut self.deep_run {
            Some(r) => r,
            None => match InitDiagnostics::new(&crate::mlp::DiagnosticsConfig { init, ..self.state.deep }) {
                Ok(r) => self.deep_run.insert(r),
                Err(e) => {
                    self.deep = Some(Err(e.to_string()));
                    return;
                }
            },
        };
        if run.advance() {
            let stats = run.stats();
            self.deep_run = None;
            let scale = if matches!(init.kind, InitKind::Uniform | InitKind::Custom) { format!(" s={}", short(init.scale)) } else { String::new() };
            done.push((format!("{}{scale}", init_label(init.kind)), stats));
        }
    }

    /// Per-layer statistics at initialisation for the "init" view: the chosen initialisation and,
    /// for comparison, Xavier and Kaiming (computed once per setting; whatever is still missing is
    /// computed now).
    pub fn deep_stats(&mut self) -> Result<&[(String, Vec<LayerStats>)], String> {
        while self.deep_pending() {
            self.deep_advance();
        }
        match &self.deep {
            Some(Ok(v)) => Ok(v),
            Some(Err(e)) => Err(e.clone()),
            None => Err("not computed".into()),
        }
    }

}


impl Widget for MlpLab {
    fn views(&self) -> Vec<ViewSpec> {
        self.view_specs()
    }

    fn controls(&self) -> Vec<Control> {
        let mut c = Vec::new();
        let g = "Training";
        c.push(Control::button("play", if self.playing { "❚❚ Pause" } else { "▶ Play" }, g).help("Train all runs (space bar)"));
        c.push(Control::button("step", "Step ▸", g).help("One optimizer step for every run (→ key)"));
        c.push(Control::button("reset", "⟲ Reset", g).help("Back to step 0 with the same initial weights"));
        c.push(slider("speed".into(), "speed (steps per frame)", g, self.state.speed as f64, SPEED_RANGE.0 as f64, SPEED_RANGE.1 as f64, true).help("Steps per run per animation frame; a frame also stops after about 10 ms, so very high speeds mean ‘as fast as this computer can’."));
        c.push(Control::new("budget", "steps per run", g, self.state.budget.to_string(), ControlKind::Number { min: 1.0, max: MAX_BUDGET as f64, integer: true }).help("Training stops after this many steps"));
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

        let d = "Data";
        let kinds = DATA_KINDS.iter().map(|(k, id)| (id.to_string(), data_label(*k).to_string())).collect();
        let kind_id = DATA_KINDS.iter().find(|x| x.0 == self.state.data.kind).map_or("circles", |x| x.1);
        if let Some(csv) = &self.csv {
            c.push(Control::new("data.source", "data", d, format!("uploaded CSV: {} rows (not stored in the link)", csv.len()), ControlKind::Text));
        } else {
            c.push(Control::new("data.kind", "data set", d, kind_id, ControlKind::Select { options: kinds }));
            c.push(Control::new("data.n", "points N", d, self.state.data.n.to_string(), ControlKind::Number { min: 10.0, max: 10_000.0, integer: true }).help("Training + validation points, 10–10000"));
            c.push(slider("data.noise".into(), "noise", d, self.state.data.noise, 0.0, 1.0, false).help("Standard deviation of the Gaussian noise added to the inputs (sine: to the targets)"));
            if self.state.data.kind == DataKind::Spiral {
                c.push(Control::new("data.arms", "arms (classes)", d, self.state.data.arms.to_string(), ControlKind::Number { min: 2.0, max: 10.0, integer: true }));
            }
        }
        c.push(slider("data.val_fraction".into(), "validation fraction", d, self.state.data.val_fraction, 0.0, 0.9, false).help("Share of the points held out for validation (0–0.9)"));
        c.push(Control::new("data.seed", "data seed", d, self.state.data.seed.to_string(), ControlKind::Number { min: 0.0, max: MAX_SEED as f64, integer: true }));
        c.push(Control::button("new_data_seed", "New random data", d));
        c.push(Control::new("csv", "upload CSV", d, String::new(), ControlKind::File { accept: ".csv,text/csv,text/plain".into() }).help("Rows x1,x2,label (classes 0–9) or x,y (regression); a header line is allowed. The first bad row is named and the current data kept."));
        c.push(Control::button("reset_data", "Reset data", d).help("Back to the generated data set"));

        let n = "Network";
        c.push(Control::new("hidden", "hidden widths", n, hidden_text(&self.state.hidden), ControlKind::Number { min: 1.0, max: 512.0, integer: false }).help("Comma-separated widths of 1–8 hidden layers, each 1–512, e.g. 16,16"));
        let acts = Activation::ALL.iter().map(|a| (a.name().to_string(), a.name().to_string())).collect::<Vec<_>>();
        c.push(Control::new("activation", "activation σ", n, self.state.activation.name(), ControlKind::Select { options: acts.clone() }));
        c.push(Control::new("seed", "weight seed", n, self.state.seed.to_string(), ControlKind::Number { min: 0.0, max: MAX_SEED as f64, integer: true }).help("Seed of the initial weights and of the minibatch shuffling; shared by all runs"));
        c.push(Control::button("new_seed", "New random weights", n));
        let sizes = {
            let mut s = vec![if self.task() == Task::Regression { 1 } else { 2 }];
            s.extend(&self.state.hidden);
            s.push(self.task().outputs());
            hidden_text(&s).replace(',', "-")
        };
        c.push(Control::new("arch", "layer sizes", n, format!("{sizes} ({})", if self.task() == Task::Regression { "MSE loss" } else { "softmax cross-entropy" }), ControlKind::Text));

        let inits: Vec<(String, String)> = INIT_KINDS.iter().map(|x| (x.1.to_string(), x.2.to_string())).collect();
        let scheds: Vec<(String, String)> = Schedule::kinds().iter().filter_map(|k| Schedule::default_for(k).map(|s| (k.to_string(), s.label().to_string()))).collect();
        for (i, r) in self.state.runs.iter().enumerate() {
            let g = format!("Run {} · {}", i + 1, r.optimizer.label());
            let sw = css(series_color(i));
            c.push(
                Control::new(format!("r{i}.kind"), "optimizer", g.clone(), r.optimizer.kind(), ControlKind::Select { options: offered_optimizers() })
                    .swatch(sw.clone())
                    .help("Every optimizer of the optimizer lab, plus Madam and Nero. Newton and cubic-regularised Newton are not offered: they need the Hessian of the loss, which this lab does not compute for a network."),
            );
            c.push(Control::new(format!("r{i}.rule"), "update", g.clone(), r.optimizer.update_rule(), ControlKind::Text));
            for h in r.optimizer.hyperparameters() {
                let key = format!("r{i}.{}", h.key);
                if h.is_bool {
                    c.push(Control::new(key, h.label, g.clone(), (h.value != 0.0).to_string(), ControlKind::Checkbox).help(h.help));
                } else {
                    c.push(slider(key, h.label, &g, h.value, h.slider.0, h.slider.1, h.log_scale).help(h.help));
                }
            }
            c.push(Control::new(format!("r{i}.schedule"), "lr schedule", g.clone(), r.schedule.kind.clone(), ControlKind::Select { options: scheds.clone() }));
            if let Ok(s) = r.schedule.build() {
                for h in s.hyperparameters() {
                    c.push(slider(format!("r{i}.sched.{}", h.key), h.label, &g, h.value, h.slider.0, h.slider.1.min(1e6), h.log_scale).help(h.help));
                }
            }
            c.push(Control::new(format!("r{i}.init"), "initialisation", g.clone(), init_id(r.init.kind), ControlKind::Select { options: inits.clone() }));
            if matches!(r.init.kind, InitKind::Uniform | InitKind::Custom) {
                c.push(slider(format!("r{i}.init_scale"), "init scale s", &g, r.init.scale, 1e-3, 100.0, true));
            }
            if r.init.kind != InitKind::Zero {
                let bias = if r.init.bias == crate::mlp::BiasInit::Zero { "zero" } else { "uniform" };
                let options = vec![("uniform".to_string(), "U(±1/√fan-in), like PyTorch".to_string()), ("zero".to_string(), "0".to_string())];
                c.push(Control::new(format!("r{i}.init_bias"), "bias init", g.clone(), bias, ControlKind::Select { options }).help("Zero biases: Madam never moves them (its bound 3·rms(0) is 0), Nero moves them by only α·0.01 per step"));
            }
            c.push(slider(format!("r{i}.l2"), "L2 term λ₂ (in the loss)", &g, r.weight_decay, 0.0, 0.1, false).help("Adds (λ₂/2)‖θ‖² to the loss, so every gradient gets + λ₂θ before the optimizer sees it (the optimizer's own weight decay, if it has one, is the separate λ above); typed values up to 1 are accepted"));
            c.push(Control::new(format!("r{i}.batch_size"), "batch size B (0 = full)", g.clone(), r.batch_size.to_string(), ControlKind::Number { min: 0.0, max: 10_000.0, integer: true }).help("Minibatch size; the data are reshuffled every epoch"));
            let result = match self.runs.get(i) {
                Some(RunSlot { error: Some(e), .. }) => format!("cannot run: {e}"),
                Some(RunSlot { trainer: Some(t), .. }) => match t.halted() {
                    Some(h) => h.message.clone(),
                    None => match (t.history().train_loss.last(), t.step_count()) {
                        (Some(l), s) if s > 0 => format!("step {s}, epoch {}, train loss {}", t.epoch(), short(*l)),
                        _ => "not started".into(),
                    },
                },
                _ => String::new(),
            };
            c.push(Control::new(format!("r{i}.result"), "result", g.clone(), result, ControlKind::Text));
            if self.state.runs.len() < MAX_RUNS {
                c.push(Control::button(format!("r{i}.dup"), "Duplicate", g.clone()));
            }
            if self.state.runs.len() > 1 {
                c.push(Control::button(format!("r{i}.remove"), "Remove", g.clone()));
            }
        }

        let v = "Deep net at initialisation";
        c.push(slider("deep.depth".into(), "depth (layers)", v, self.state.deep.depth as f64, 1.0, 24.0, false).help("Hidden layers of the network in the ‘init’ view"));
        c.push(Control::new("deep.width", "width", v, self.state.deep.width.to_string(), ControlKind::Number { min: 1.0, max: 512.0, integer: true }));
        c.push(Control::new("deep.init", "initialisation", v, init_id(self.state.deep.init.kind), ControlKind::Select { options: inits }));
        if matches!(self.state.deep.init.kind, InitKind::Uniform | InitKind::Custom) {
            c.push(slider("deep.scale".into(), "init scale s", v, self.state.deep.init.scale, 1e-3, 100.0, true));
        }
        c.push(Control::new("deep.activation", "activation", v, self.state.deep.activation.name(), ControlKind::Select { options: acts }));

        let s = "Width sweep";
        c.push(Control::new("sweep.widths", "widths", s, hidden_text(&self.state.sweep.widths), ControlKind::Number { min: 1.0, max: 512.0, integer: false }).help("Comma-separated hidden widths, 1–12 of them"));
        c.push(Control::new("sweep.steps", "steps per width", s, self.state.sweep.steps.to_string(), ControlKind::Number { min: 1.0, max: 20_000.0, integer: true }));
        c.push(Control::button("sweep_run", if self.sweep_running() { "Restart sweep" } else { "▶ Run sweep" }, s).help("Trains run 1's optimizer, init and schedule with one hidden layer of each width"));
        let progress = match (&self.sweep, &self.sweep_error) {
            (_, Some(e)) => format!("stopped: {e}"),
            (Some(sw), None) => {
                let (d, n) = sw.progress();
                if sw.is_done() {
                    "done".into()
                } else {
                    format!("{d} of {n} steps")
                }
            }
            (None, None) => "not run yet".into(),
        };
        c.push(Control::new("sweep.progress", "progress", s, progress, ControlKind::Text));
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
            "speed" => {
                let v = parse_f64("speed", value)?.round();
                if !(SPEED_RANGE.0 as f64..=SPEED_RANGE.1 as f64).contains(&v) {
                    return Err(format!("speed must be between {} and {} steps per frame", SPEED_RANGE.0, SPEED_RANGE.1));
                }
                self.state.speed = v as u64;
                return Ok(());
            }
            "focus" => {
                let v = parse_whole("run shown", value, 0, self.state.runs.len() as u64 - 1)?;
                self.state.focus = v as usize;
                self.surface_cache.invalidate();
                self.version += 1;
                return Ok(());
            }
            "budget" => {
                let v = parse_whole("steps per run", value, 1, MAX_BUDGET)?;
                // Keep the training so far; only the stopping point moves.
                self.state.budget = v;
                self.state.preset.clear();
                return Ok(());
            }
            "csv" => {
                let d = parse_csv(value).map_err(|e| format!("{e}; the current data are kept"))?;
                let (train, _) = d.split(self.state.data.val_fraction, 0);
                if train.is_empty() {
                    return Err("the file has too few rows to train on; the current data are kept".into());
                }
                let old = self.csv.replace(d);
                if let Err(e) = self.update(|_| Ok(())) {
                    self.csv = old;
                    return Err(e);
                }
                self.notices.push("Using the uploaded data. Uploaded data are not stored in the link: share the file with the link.".into());
                return Ok(());
            }
            "deep.depth" | "deep.width" | "deep.init" | "deep.scale" | "deep.activation" => {
                let mut d = self.state.deep;
                match key {
                    "deep.depth" => d.depth = parse_whole("depth", &parse_f64("depth", value)?.round().to_string(), 1, 24)? as usize,
                    "deep.width" => d.width = parse_whole("width", value, 1, 512)? as usize,
                    "deep.init" => d.init.kind = parse_init(value)?,
                    "deep.scale" => {
                        let v = parse_f64("init scale", value)?;
                        if !(v > 0.0 && v <= 100.0) {
                            return Err(format!("initialisation scale s must be in (0, 100] (got {})", short(v)));
                        }
                        d.init.scale = v;
                    }
                    _ => d.activation = parse_activation(value)?,
                }
                d.validate().map_err(|e| e.to_string())?;
                self.state.deep = d;
                self.state.preset.clear();
                self.forget_deep();
                self.version += 1;
                return Ok(());
            }
            "sweep.widths" | "sweep.steps" => {
                let mut s = self.state.sweep.clone();
                if key == "sweep.widths" {
                    s.widths = parse_widths(value, "sweep widths", 12)?;
                } else {
                    s.steps = parse_whole("steps per width", value, 1, 20_000)?;
                }
                check_sweep(&s)?;
                self.state.sweep = s;
                self.version += 1;
                return Ok(());
            }
            _ => {}
        }
        if let Some(field) = key.strip_prefix("data.") {
            let field = field.to_string();
            let value = value.to_string();
            return self.update(move |s| {
                let d = &mut s.data;
                match field.as_str() {
                    "kind" => {
                        d.kind = DATA_KINDS.iter().find(|x| x.1 == value).map(|x| x.0).ok_or_else(|| format!("unknown data set “{}”", value.chars().take(20).collect::<String>()))?
                    }
                    "n" => d.n = parse_whole("number of points", &value, 10, 10_000)? as usize,
                    "noise" => d.noise = parse_f64("noise", &value)?,
                    "arms" => d.arms = parse_whole("arms", &value, 2, 10)? as usize,
                    "val_fraction" => d.val_fraction = parse_f64("validation fraction", &value)?,
                    "seed" => d.seed = parse_whole("data seed", &value, 0, MAX_SEED)?,
                    _ => return Err(format!("unknown setting “data.{}”", field.chars().take(20).collect::<String>())),
                }
                d.validate().map_err(|e| e.to_string())
            });
        }
        match key {
            "hidden" => {
                let h = parse_widths(value, "hidden layers", crate::mlp::config::MAX_HIDDEN_LAYERS)?;
                return self.update(move |s| {
                    s.hidden = h;
                    Ok(())
                });
            }
            "activation" => {
                let a = parse_activation(value)?;
                return self.update(move |s| {
                    s.activation = a;
                    Ok(())
                });
            }
            "seed" => {
                let v = parse_whole("weight seed", value, 0, MAX_SEED)?;
                return self.update(move |s| {
                    s.seed = v;
                    Ok(())
                });
            }
            _ => {}
        }
        let (i, field) = self.run_index(key)?;
        let value = value.to_string();
        self.update(move |s| {
            let r = &mut s.runs[i];
            match field.as_str() {
                "kind" => r.optimizer = optimizer_for(&value)?,
                "schedule" => {
                    let sch = Schedule::default_for(&value).ok_or_else(|| format!("unknown schedule “{}”", value.chars().take(20).collect::<String>()))?;
                    r.schedule = ScheduleSpec::from_schedule(&sch);
                }
                "init" => r.init.kind = parse_init(&value)?,
                "init_bias" => {
                    r.init.bias = match value.as_str() {
                        "uniform" => crate::mlp::BiasInit::Uniform,
                        "zero" => crate::mlp::BiasInit::Zero,
                        _ => return Err(format!("bias init must be uniform or zero (got “{}”)", value.chars().take(20).collect::<String>())),
                    }
                }
                "init_scale" => {
                    let v = parse_f64("init scale", &value)?;
                    if !(v > 0.0 && v <= 100.0) {
                        return Err(format!("initialisation scale s must be in (0, 100] (got {})", short(v)));
                    }
                    r.init.scale = v;
                }
                "l2" => {
                    let v = parse_f64("L2 term λ₂", &value)?;
                    if !(0.0..=1.0).contains(&v) {
                        return Err(format!("the L2 term λ₂ must be between 0 and 1 (got {})", short(v)));
                    }
                    r.weight_decay = v;
                }
                "batch_size" => r.batch_size = parse_whole("batch size", &value, 0, 10_000)? as usize,
                f if f.starts_with("sched.") => {
                    let v = parse_f64(f, &value)?;
                    let mut sch = r.schedule.build()?;
                    sch.set(&f["sched.".len()..], v).map_err(|e| e.to_string())?;
                    r.schedule = ScheduleSpec::from_schedule(&sch);
                }
                f => {
                    let v = match value.as_str() {
                        "true" => 1.0,
                        "false" => 0.0,
                        _ => parse_f64(f, &value)?,
                    };
                    r.optimizer.set(f, v).map_err(|e| e.to_string())?;
                    if r.optimizer.needs_objective() {
                        return Err(format!(
                            "{} with this option needs a look-ahead gradient, which the MLP lab does not compute; use it in the optimizer lab",
                            r.optimizer.label()
                        ));
                    }
                }
            }
            Ok(())
        })
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        // Any button takes over from a link's replay (Play pauses it where it is) and from a
        // "Step ▸" still being computed.
        self.replay_to = None;
        if key != "step" {
            self.step_to = None;
        }
        match key {
            "play" => {
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
            "step" => {
                // One step for every run: done here when it is small, else finished by `tick` in
                // slices (a step of a large network on many points takes many frames).
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
            "reset" => {
                self.playing = false;
                self.rebuild();
            }
            "add" => {
                if self.state.runs.len() >= MAX_RUNS {
                    return Err(format!("at most {MAX_RUNS} runs"));
                }
                let mut r = self.state.runs.last().cloned().unwrap_or_default();
                r.optimizer = optimizer_for("sgd")?;
                let _ = r.optimizer.set("lr", 0.1);
                self.update(move |s| {
                    s.runs.push(r);
                    Ok(())
                })?;
            }
            "new_seed" | "new_data_seed" => {
                let mut b = [0u8; 4];
                getrandom::getrandom(&mut b).map_err(|e| format!("no randomness available: {e}"))?;
                let v = u32::from_le_bytes(b) as u64;
                let data = key == "new_data_seed";
                self.update(move |s| {
                    if data {
                        s.data.seed = v;
                    } else {
                        s.seed = v;
                    }
                    Ok(())
                })?;
            }
            "reset_data" => {
                self.csv = None;
                let d = self.state.data;
                self.update(|s| {
                    s.data = d;
                    Ok(())
                })?;
            }
            "sweep_run" => {
                self.start_sweep()?;
            }
            _ => {
                let (i, field) = self.run_index(key)?;
                match field.as_str() {
                    "dup" => {
                        if self.state.runs.len() >= MAX_RUNS {
                            return Err(format!("at most {MAX_RUNS} runs"));
                        }
                        self.update(|s| {
                            let r = s.runs[i].clone();
                            s.runs.insert(i + 1, r);
                            Ok(())
                        })?;
                    }
                    "remove" => {
                        if self.state.runs.len() <= 1 {
                            return Err("the lab needs at least one run".into());
                        }
                        self.update(|s| {
                            s.runs.remove(i);
                            s.focus = s.focus.min(s.runs.len() - 1);
                            Ok(())
                        })?;
                    }
                    _ => return Err(format!("unknown action “{}”", key.chars().take(30).collect::<String>())),
                }
            }
        }
        Ok(())
    }

    fn pointer(&mut self, _view: &str, _p: Pointer) -> Result<(), String> {
        Ok(())
    }

    fn tick(&mut self, _now_ms: f64, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        // A decision surface still filling in needs another drawing.
        let mut changed = self.surface_cache.pending();
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
            let before = self.deep_progress();
            while self.deep_pending() {
                self.deep_advance();
                if out_of_time() {
                    break;
                }
            }
            changed = true;
            // Views are redrawn when an initialisation is complete (the status shows progress).
            if self.deep_progress() != before {
                self.version += 1;
            }
            if out_of_time() {
                return changed;
            }
        }
        if self.sweep_running() {
            if let Some(sw) = &mut self.sweep {
                loop {
                    match sw.advance(1) {
                        Ok(true) => break,
                        Ok(false) => {}
                        Err(e) => {
                            self.sweep_error = Some(e.to_string());
                            break;
                        }
                    }
                    if out_of_time() {
                        break;
                    }
                }
            }
            self.version += 1;
            changed = true;
            if !self.playing {
                return changed;
            }
        }
        if !self.playing && self.step_to.is_none() {
            return changed;
        }
        // Replaying a link (or finishing a "Step ▸") trains as fast as the frame allows, up to its
        // step; playing does `speed` steps per frame at most. A large step is computed in slices
        // (`Trainer::advance`), so the frame's time is checked between slices, not between steps.
        let (limit, steps_max) = match (self.replay_to, self.step_to) {
            (Some(r), _) | (None, Some(r)) => (r.min(self.state.budget), u64::MAX),
            (None, None) => (self.state.budget, self.state.speed),
        };
        let mut done = [0u64; MAX_RUNS];
        let mut stepped = false;
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

    fn busy(&self) -> bool {
        self.playing || self.step_to.is_some() || self.building() || self.sweep_running() || self.deep_pending() || self.surface_cache.pending()
    }

    fn query(&self) -> String {
        // The link carries the step reached (or, while a link is being replayed, its step).
        let mut s = self.state.clone();
        s.step = self.replay_to.unwrap_or_else(|| self.step());
        url::encode(&s)
    }

    fn status(&self) -> String {
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
        for (i, slot) in self.runs.iter().enumerate() {
            match (&slot.trainer, &slot.error) {
                (_, Some(e)) => s.push_str(&format!(" · run {}: {e}", i + 1)),
                (Some(t), None) => match t.halted() {
                    Some(h) if h.diverged => s.push_str(&format!(" · run {} diverged at step {}", i + 1, h.step)),
                    Some(h) => s.push_str(&format!(" · run {} stopped: {}", i + 1, h.message)),
                    None => {
                        if let Some(l) = t.history().train_loss.last() {
                            s.push_str(&format!(" · run {} loss {}", i + 1, short(*l)));
                            if let Some(v) = t.history().val_loss.last().filter(|v| v.is_finite()) {
                                s.push_str(&format!(" (val {})", short(*v)));
                            }
                        }
                    }
                },
                (None, None) => {}
            }
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

    fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }
    fn table(&self, view: &str) -> Option<crate::lab::export::Table> {
        MlpLab::table(self, view)
    }
}

impl MlpLab {
    /// True when every run has reached the budget or halted.
    pub fn runs_finished(&self) -> bool {
        !self.building()
            && self.runs
            .iter()
            .all(|r| r.trainer.as_ref().is_none_or(|t| t.halted().is_some() || t.step_count() >= self.state.budget))
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::{IntoDrawingArea, SVGBackend};

    /// Draws every view on SVG; the surface raster (blitted, so not in the SVG) is appended as a checksum.
    fn draw_all(lab: &mut MlpLab) -> Vec<(String, String)> {
        let ids: Vec<&str> = lab.views().iter().map(|v| v.id).collect();
        let mut out = Vec::new();
        for id in ids {
            let mut svg = String::new();
            let mut raster = 0u64;
            {
                let area = SVGBackend::with_string(&mut svg, (480, 360)).into_drawing_area();
                lab.draw(id, &area, &crate::render::theme::Theme::new(1.0), &mut |p, w, h, _, _| {
                    assert_eq!(p.len(), (w * h * 4) as usize);
                    raster = p.iter().fold(1469598103934665603u64, |h, &b| (h ^ b as u64).wrapping_mul(1099511628211));
                    Ok(())
                })
                .unwrap_or_else(|e| panic!("view {id}: {e}"));
                area.present().expect("present");
            }
            svg.push_str(&format!("<!-- raster {raster} -->"));
            out.push((id.to_string(), svg));
        }
        out
    }

    #[test]
    fn a_link_reproduces_the_state_and_the_training() {
        let mut a = MlpLab::open("preset=adam_vs_momentum");
        assert!(a.take_notices().is_empty());
        a.set("r1.lr", "0.03").expect("lr");
        a.set("data.noise", "0.1").expect("noise");
        a.set("r0.batch_size", "32").expect("batch");
        a.set("r1.schedule", "step").expect("schedule");
        a.set("r1.sched.gamma", "0.3").expect("gamma");
        let q = a.query();
        let mut b = MlpLab::open(&q);
        assert!(b.take_notices().is_empty(), "{q}");
        assert_eq!(a.state, b.state, "{q}");
        a.train(25);
        b.train(25);
        for (x, y) in a.runs.iter().zip(&b.runs) {
            let (x, y) = (x.trainer.as_ref().expect("run"), y.trainer.as_ref().expect("run"));
            assert_eq!(x.network().params(), y.network().params(), "same seed, same weights after training");
        }
        // A preset link with an override: the preset's other settings stay.
        let c = MlpLab::open("preset=zero_init&budget=123");
        assert_eq!(c.state.budget, 123);
        assert_eq!(c.state.runs[1].init.kind, InitKind::Zero);
    }

    #[test]
    fn every_preset_is_valid_and_trains() {
        for p in PRESETS {
            let mut lab = MlpLab::open(&format!("preset={}", p.id));
            assert!(lab.take_notices().is_empty(), "{}", p.id);
            assert_eq!(lab.state.preset, p.id);
            lab.state.check().unwrap_or_else(|e| panic!("{}: {e}", p.id));
            assert!(lab.runs.iter().all(|r| r.trainer.is_some() && r.error.is_none()), "{}", p.id);
            lab.train(5);
            for (i, r) in lab.runs.iter().enumerate() {
                let t = r.trainer.as_ref().expect("trainer");
                if let Some(h) = t.halted() {
                    // Only the deliberately too-large learning rate may stop, and it must say so.
                    assert!(p.id == "learning_rates" && i == 2 && h.message.starts_with("diverged at step"), "{}: {}", p.id, h.message);
                } else {
                    assert_eq!(t.step_count(), 5, "{}", p.id);
                }
            }
            assert!(!p.lesson.is_empty() && lab.status().contains(p.lesson));
        }
    }

    #[test]
    fn the_optimizers_weight_decay_and_the_l2_term_are_two_settings() {
        let mut lab = MlpLab::open("");
        lab.set("r0.kind", "adamw").unwrap();
        lab.set("r0.weight_decay", "0.05").unwrap();
        lab.set("r0.l2", "0.002").unwrap();
        let r = &lab.state.runs[0];
        assert_eq!(r.weight_decay, 0.002, "r0.l2 sets the loss term");
        let wd = r.optimizer.hyperparameters().into_iter().find(|h| h.key == "weight_decay").unwrap().value;
        assert_eq!(wd, 0.05, "r0.weight_decay sets the optimizer's own decay");
        let keys: Vec<String> = lab.controls().into_iter().map(|c| c.key).collect();
        for k in ["r0.l2", "r0.weight_decay"] {
            assert_eq!(keys.iter().filter(|x| *x == k).count(), 1, "{k} must be exactly one control");
        }
        // The round trip keeps both, and a link made before the rename still sets the L2 term.
        let back = MlpLab::open(&lab.query());
        assert_eq!(back.state, lab.state);
        let old = MlpLab::open("runs.0.weight_decay=0.003");
        assert_eq!(old.state.runs[0].weight_decay, 0.003);
    }

    #[test]
    fn absurd_values_are_refused_and_change_nothing() {
        let mut lab = MlpLab::open("");
        let before = lab.state.clone();
        for (k, v) in [
            ("r0.lr", "-1"),
            ("r0.lr", "NaN"),
            ("r0.lr", "abc"),
            ("r0.lr", "1e300"),
            ("r9.lr", "0.1"),
            ("r0.kind", "newton"),
            ("r0.kind", "cubic_newton"),
            ("r0.kind", "magic"),
            ("r0.schedule", "sometimes"),
            ("r0.sched.gamma", "0.5"),
            ("r0.l2", "-0.1"),
            ("r0.l2", "inf"),
            ("r0.weight_decay", "-1"),
            ("r0.batch_size", "2.5"),
            ("r0.batch_size", "-3"),
            ("r0.init", "ones"),
            ("r0.init_scale", "0"),
            ("hidden", "16,0"),
            ("hidden", "1,1,1,1,1,1,1,1,1"),
            ("hidden", "600"),
            ("hidden", "a,b"),
            ("activation", "swish"),
            ("data.n", "5"),
            ("data.n", "1e9"),
            ("data.noise", "-1"),
            ("data.val_fraction", "0.95"),
            ("data.kind", "moons"),
            ("data.arms", "11"),
            ("data.seed", "-1"),
            ("seed", "1e20"),
            ("budget", "0"),
            ("budget", "2.5"),
            ("speed", "inf"),
            ("speed", "0"),
            ("deep.depth", "30"),
            ("deep.width", "0"),
            ("sweep.widths", "8,1000"),
            ("sweep.steps", "0"),
            ("focus", "5"),
            ("nothing", "1"),
        ] {
            let e = lab.set(k, v).expect_err(&format!("{k}={v} accepted"));
            assert!(e.len() > 10, "{k}={v}: unhelpful message “{e}”");
        }
        assert_eq!(lab.state, before);
        // Nesterov look-ahead of lecture 004's EMA momentum needs the objective: refused with a reason.
        lab.set("r0.kind", "ema_momentum").expect("ema momentum");
        let e = lab.set("r0.nesterov", "true").expect_err("look-ahead refused");
        assert!(e.contains("look-ahead"), "{e}");
        assert!(lab.action("r0.explode").is_err());
        assert!(lab.action("r0.remove").is_ok() && lab.action("r0.remove").is_err(), "the last run stays");
    }

    #[test]
    fn csv_upload_bad_row_is_named_and_data_kept() {
        let mut lab = MlpLab::open("");
        let n_before = lab.runs[0].trainer.as_ref().expect("run").train_set().len();
        let e = lab.set("csv", "x1,x2,label\n0.1,0.2,0\n0.3,oops,1\n").expect_err("bad row");
        assert!(e.contains("row 3"), "{e}");
        assert!(lab.csv.is_none());
        assert_eq!(lab.runs[0].trainer.as_ref().expect("run").train_set().len(), n_before);
        // A good file replaces the data (classification with 3 classes → 3 outputs).
        let rows: String = (0..30).map(|i| format!("{},{},{}\n", (i as f64 / 10.0).sin(), (i as f64 / 7.0).cos(), i % 3)).collect();
        lab.set("csv", &rows).expect("good csv");
        assert_eq!(lab.task(), Task::Classification { classes: 3 });
        assert_eq!(lab.runs[0].trainer.as_ref().expect("run").network().outputs(), 3);
        assert!(!lab.take_notices().is_empty(), "tells that uploads are not in the link");
        lab.action("reset_data").expect("reset");
        assert!(lab.csv.is_none());
        assert_eq!(lab.task(), Task::Classification { classes: 2 });
    }

    #[test]
    fn init_statistics_are_computed_one_initialisation_per_tick() {
        // Paused, Xavier chosen: the view compares Xavier and Kaiming, two ticks of work.
        let mut lab = MlpLab::open("deep.init=xavier");
        assert!(lab.busy(), "pending statistics keep the page ticking");
        assert!(!lab.tick(0.0, &mut || true), "nothing in the first tick (the first frame draws every view)");
        assert!(lab.deep.is_none());
        // Then slices: the weights of the first initialisation, then blocks of examples; each
        // initialisation takes a few ticks, and the chosen one comes first.
        let mut ticks = 0;
        while !matches!(&lab.deep, Some(Ok(d)) if d.len() == 1) {
            assert!(lab.busy());
            assert!(lab.tick(0.0, &mut || true));
            ticks += 1;
            assert!(ticks < 50, "the first initialisation never finished");
        }
        assert!(ticks >= 2, "{ticks} ticks: not sliced");
        while lab.busy() {
            lab.tick(0.0, &mut || true);
        }
        assert!(matches!(&lab.deep, Some(Ok(d)) if d.len() == 2));
        assert!(!lab.busy(), "done, and nothing else to do while paused");
        assert_eq!(lab.step(), 0, "no training while paused");
        // A new setting starts over.
        lab.set("deep.init", "zero").expect("zero");
        assert!(lab.busy());
        assert_eq!(lab.deep_stats().expect("stats").len(), 3, "zero, Xavier and Kaiming");
        assert!(!lab.busy());
    }

    #[test]
    fn a_link_records_the_step_and_replays_training_to_it() {
        let mut a = MlpLab::open("budget=500&data.n=200");
        a.action("play").unwrap();
        while a.step() < 137 {
            let mut polls = 0;
            a.tick(0.0, &mut || {
                polls += 1;
                polls >= 7
            });
        }
        a.action("play").unwrap(); // pause: a run one step behind catches up
        while a.busy() {
            a.tick(0.0, &mut || false);
        }
        let (step, q) = (a.step(), a.query());
        assert!(a.runs.iter().all(|r| r.trainer.as_ref().unwrap().step_count() == step), "every run stops at the same step");
        assert!(q.contains(&format!("step={step}")), "the link records the step: {q}");
        let mut b = MlpLab::open(&q);
        assert!(b.busy(), "opening the link replays training");
        assert_eq!(b.query(), q, "while replaying, the link stays the same");
        let mut ticks = 0;
        while b.busy() {
            b.tick(0.0, &mut || true); // one round per tick: time-sliced
            ticks += 1;
        }
        // Time-sliced: one slice (here a whole step of one run) per tick when every tick is out of
        // time at once (a few ticks go to the init view's statistics).
        let runs = b.runs.len() as u64;
        assert!(ticks as u64 >= runs * step && ticks as u64 <= runs * step + 20, "{ticks} ticks for {step} steps of {runs} runs");
        assert_eq!(b.step(), step);
        assert!(b.status().starts_with(&format!("Step {step} of 500")), "{}", b.status());
        for (ra, rb) in a.runs.iter_mut().zip(b.runs.iter_mut()) {
            let (ta, tb) = (ra.trainer.as_mut().unwrap(), rb.trainer.as_mut().unwrap());
            assert_eq!(ta.snapshot().train_loss.to_bits(), tb.snapshot().train_loss.to_bits(), "replayed training is bit-identical");
            assert_eq!(ta.history().train_loss, tb.history().train_loss);
        }
        assert_eq!(b.query(), q);
        // Any change starts afresh at step 0, and a link to a step beyond the budget is clamped.
        b.set("seed", "2").unwrap();
        assert!(!b.query().contains("&step="), "{}", b.query());
        let c = MlpLab::open("budget=50&step=400");
        assert!(c.query().contains("step=50"), "{}", c.query());
    }

    #[test]
    fn a_large_step_is_computed_over_several_ticks_and_stays_responsive() {
        // 2-256-256-2 on 2,000 points, full batch: one step is ≈ 330 M multiply–adds, about 190
        // slices of SLICE_MACS (2 M; 192 ticks when written). "Step ▸" returns after one slice; ticks finish the step a slice at a time, the
        // status says how far it is, and Reset in the middle stops it at once.
        let mut lab = MlpLab::open("hidden=256,256&data.n=2000&views=loss");
        // (Networks this size are built by the first ticks, and the init statistics computed.)
        while lab.busy() {
            lab.tick(0.0, &mut || false);
        }
        lab.runs.truncate(1);
        lab.action("step").expect("step");
        assert_eq!(lab.step(), 0, "the step is not done in one go");
        assert!(lab.busy());
        assert!(lab.status().contains("% computed"), "{}", lab.status());
        let mut ticks = 0;
        while lab.busy() {
            lab.tick(0.0, &mut || true);
            ticks += 1;
            assert!(ticks < 400, "the step never finished");
        }
        assert_eq!(lab.step(), 1);
        assert!(ticks >= 10, "only {ticks} ticks: the slices are too large");
        // Mid-step, Reset stops everything and leaves step 0.
        lab.action("step").expect("step");
        lab.tick(0.0, &mut || true);
        lab.action("reset").expect("reset");
        assert!(lab.step_to.is_none() && !lab.playing, "reset stops the step");
        assert_eq!(lab.step(), 0);
        assert!(!lab.status().contains("% computed"), "{}", lab.status());
    }

    #[test]
    fn networks_too_large_to_stay_interactive_are_refused_with_the_reason() {
        // Beside the control: the hidden layers' weights are capped, and so is the init view's net.
        let mut lab = MlpLab::open("");
        let before = lab.query();
        let e = lab.set("hidden", "512,512,512").expect_err("524,288 weights");
        assert!(e.contains("524,288 weights") && e.contains("at most 300,000"), "{e}");
        assert_eq!(lab.query(), before, "a refused value changes nothing");
        lab.set("hidden", "512,512").expect("262,144 weights are allowed");
        let e = lab.set("deep.width", "512").and_then(|_| lab.set("deep.depth", "24")).expect_err("6.5 M weights");
        assert!(e.contains("at most 2000000"), "{e}");
        // From a link: a notice, and the default network.
        let mut l = MlpLab::open("hidden=512,512,512,512,512,512,512,512&data.n=10000");
        let notices = l.take_notices();
        assert!(notices.iter().any(|n| n.contains("weights between them")), "{notices:?}");
        assert_eq!(l.state.hidden, MlpLabState::default().hidden);
    }

    #[test]
    fn large_networks_are_built_in_slices() {
        // Two runs of 2-512-512-2 (265,218 parameters each): opening builds nothing; the first tick
        // only lets the page draw; then one slice of at most BUILD_SLICE_WEIGHTS draws per tick
        // when every tick is out of time: 6 slices per run.
        let mut lab = MlpLab::open("hidden=512,512");
        assert_eq!(lab.runs.len(), 2);
        assert!(lab.runs.iter().all(|r| r.building && r.trainer.is_none()));
        assert!(lab.busy());
        lab.tick(0.0, &mut || true);
        assert!(lab.runs.iter().all(|r| r.building && r.build.is_none()), "not in the page's first frame");
        let built = |lab: &MlpLab| lab.runs.iter().filter(|r| r.trainer.is_some()).count();
        let mut ticks = 0;
        while built(&lab) < 2 {
            assert!(lab.tick(0.0, &mut || true), "a tick while building asks for another");
            ticks += 1;
            assert!(ticks <= 12, "more slices than 2 × ⌈265,218 / {BUILD_SLICE_WEIGHTS}⌉");
            if ticks < 6 {
                assert_eq!(built(&lab), 0, "run 1 complete after {ticks} slices");
            }
        }
        assert_eq!(ticks, 12);
        assert!(lab.runs.iter().all(|r| r.trainer.is_some() && !r.building && r.build.is_none()));
        // The weights drawn in slices are the ones drawn at once.
        let eager = MlpLab::open("hidden=512,512");
        for (i, r) in lab.runs.iter().enumerate() {
            let cfg = eager.state.run_config(i).expect("config");
            let (train, val) = eager.datasets().expect("data");
            let whole = Trainer::with_data(cfg, train, val).expect("trainer");
            let sliced = r.trainer.as_ref().expect("built").network().params();
            assert!(sliced.iter().zip(whole.network().params()).all(|(a, b)| a.to_bits() == b.to_bits()), "run {i}");
        }
        // Play while building would not restart anything: the runs are not "finished".
        assert!(!MlpLab::open("hidden=512,512").runs_finished());
    }

    #[test]
    fn tick_trains_in_slices_and_stops_at_the_budget() {
        let mut lab = MlpLab::open("speed=5000&budget=300");
        lab.deep_stats().expect("init statistics"); // (computed by the first ticks otherwise; see the next test)
        lab.action("play").expect("play");
        assert!(lab.busy());
        // Out of time at once: one slice (a whole small step of the first run) only; the frame's
        // time is asked after every slice.
        let total = |lab: &MlpLab| lab.runs.iter().filter_map(|r| r.trainer.as_ref()).map(|t| t.step_count()).sum::<u64>();
        assert!(lab.tick(0.0, &mut || true));
        assert_eq!((lab.step(), total(&lab)), (1, 1));
        let mut calls = 0;
        lab.tick(0.0, &mut || {
            calls += 1;
            calls >= 10
        });
        assert_eq!(total(&lab), 11, "runs take turns, one slice each");
        while lab.busy() {
            lab.tick(0.0, &mut || false);
        }
        assert_eq!(lab.step(), 300);
        assert!(lab.status().starts_with("Step 300 of 300"), "{}", lab.status());
    }

    #[test]
    fn a_diverging_run_stops_and_the_others_continue() {
        let mut lab = MlpLab::open("preset=learning_rates&budget=400");
        assert!(lab.busy(), "a preset link starts training by itself");
        while lab.busy() {
            lab.tick(0.0, &mut || false);
        }
        let t2 = lab.runs[2].trainer.as_ref().expect("run 3");
        let h = t2.halted().expect("α = 1.5 diverges");
        assert!(h.diverged && h.message.starts_with("diverged at step"), "{}", h.message);
        assert!(lab.status().contains(&format!("run 3 diverged at step {}", h.step)), "{}", lab.status());
        assert_eq!(lab.runs[1].trainer.as_ref().expect("run 2").step_count(), 400);
        assert!(lab.runs[1].trainer.as_ref().expect("run 2").halted().is_none());
        draw_all(&mut lab);
    }

    #[test]
    fn a_width_sweep_link_starts_the_sweep() {
        let lab = MlpLab::open("lab=mlp&preset=width_sweep");
        assert!(lab.sweep.is_some() && lab.sweep_running(), "the sweep starts without a click");
        assert!(lab.busy());
    }

    #[test]
    fn zero_init_stays_stuck_while_kaiming_learns() {
        let mut lab = MlpLab::open("preset=zero_init");
        lab.train(300);
        let loss = |i: usize, lab: &mut MlpLab| lab.runs[i].trainer.as_mut().expect("run").snapshot().train_loss;
        let (kaiming, zero) = (loss(0, &mut lab), loss(1, &mut lab));
        // Balanced two-class data: the best the zero net can do is predict ½ everywhere, loss ln 2.
        assert!((zero - std::f64::consts::LN_2).abs() < 0.01, "zero init loss {zero}");
        assert!(kaiming < 0.2, "Kaiming loss {kaiming}");
    }

    #[test]
    fn every_view_draws_for_classification_and_regression() {
        let mut lab = MlpLab::open("");
        let before = draw_all(&mut lab);
        lab.train(20);
        lab.set("sweep.widths", "4,8").expect("widths");
        lab.set("sweep.steps", "5").expect("steps");
        lab.action("sweep_run").expect("sweep");
        while lab.busy() {
            lab.tick(0.0, &mut || false);
        }
        let after = draw_all(&mut lab);
        for ((id, a), (_, b)) in before.iter().zip(&after) {
            if id != "init" {
                assert_ne!(a, b, "view {id} did not change after training");
            }
        }
        let sweep = &after.iter().find(|(id, _)| id == "sweep").expect("sweep").1;
        assert!(sweep.contains("hidden width"), "sweep plotted");
        let mut reg = MlpLab::open("data.kind=sine&hidden=8,");
        assert!(reg.take_notices().is_empty());
        reg.train(10);
        let views = draw_all(&mut reg);
        assert!(views[0].1.contains("1 · Adam"), "fitted curve legend");
        assert!(views[2].1.contains("Accuracy applies to classification"));
    }
}
