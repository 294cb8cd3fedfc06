//! The MLP lab widget: 1–4 training runs on the same data and seed, trained in time-sliced chunks,
//! plus the initialisation diagnostics of a deep net (lecture 004) and the width sweep (lecture 001).
//!
//! This file holds the lab's struct, its constructors and the [`Widget`] implementation, which
//! hands each call to the file that does it:
//! - `controls.rs`: the controls, group by group;
//! - `apply.rs`: one setting changed (`set`), every range from `settings.rs`;
//! - `actions.rs`: the buttons (`action`);
//! - `transport.rs`: the shared transport (`lab::transport`: play, step, reset, speed, budget,
//!   preset, + Add run) as this lab uses it, the run shown, and the status line;
//! - `runs.rs`: each run's card, the shared optimizer card (`lab::card`: optimizer, schedule,
//!   Duplicate, Remove) with the run's initialisation, L2 term and batch size as its extras;
//! - `work.rs`: building the runs and training them in slices (`tick`); `deep.rs`: the "init"
//!   view's statistics and the width sweep;
//! - `views.rs`: what each view draws and its numbers.

use crate::lab::error::LabResult;
use crate::lab::url;
use crate::lab::widget::{Control, Pointer, ViewSpec, Widget};
use crate::mlp::{Dataset, InitDiagnostics, LayerStats, Task, Trainer, TrainerBuild, WidthSweep};

use super::presets;
use super::state::MlpLabState;
use super::validate::check_data;

/// Keys the lab reads itself besides the shell's (`url::SHELL_KEYS`): the preset a state starts from.
const PRESET_KEY: &[&str] = &["preset"];

/// Initial weights drawn per slice of building a large run (a whole 2-512-512-2 network, 264 k
/// weights, had been one task of 42–78 ms in the page).
pub(super) const BUILD_SLICE_WEIGHTS: usize = 50_000;

/// One run: its trainer, or why it could not be built.
pub struct RunSlot {
    /// The trainer (None if the configuration was refused).
    pub trainer: Option<Trainer>,
    /// Why there is no trainer.
    pub error: Option<String>,
    /// The trainer is still to be built (large networks are built in slices by `tick`).
    pub building: bool,
    /// The trainer being built, once its first slice has started.
    pub(super) build: Option<Box<TrainerBuild>>,
}

impl RunSlot {
    pub(super) fn failed(e: String) -> RunSlot {
        RunSlot { trainer: None, error: Some(e), building: false, build: None }
    }
    pub(super) fn built(t: Trainer) -> RunSlot {
        RunSlot { trainer: Some(t), error: None, building: false, build: None }
    }
    pub(super) fn to_build() -> RunSlot {
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
    pub(super) playing: bool,
    /// Training step a link asked for: the runs train to it (time-sliced) and stop there.
    pub(super) replay_to: Option<u64>,
    /// Step that "Step ▸" asked for, while a large step is still being computed in slices.
    pub(super) step_to: Option<u64>,
    pub(super) sweep: Option<WidthSweep>,
    pub(super) sweep_error: Option<String>,
    pub(super) deep: Option<Result<Vec<(String, Vec<LayerStats>)>, String>>,
    /// The initialisation of the "init" view being computed (block by block).
    pub(super) deep_run: Option<InitDiagnostics>,
    /// The data of the runs still to be built.
    pub(super) pending_data: Option<LabResult<(Dataset, Dataset)>>,
    pub(super) notices: Vec<String>,
    pub(super) lesson: String,
    /// Incremented whenever what is drawn changes (views cache on it).
    pub version: u64,
    /// Incremented when the decision surface must start over blank (new data, another run shown)
    /// rather than refresh its rows from the last network drawn.
    pub surface_epoch: u64,
    /// Whether `tick` has run at least once.
    pub(super) ticked: bool,
}

impl MlpLab {
    /// Opens the lab from a URL query; `preset=ID` starts from that preset, other keys override it.
    pub fn open(query: &str) -> Self {
        let query = url::rename_keys(query, super::legacy::migrate_url_key);
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
                    lab.notices.push(e.to_string());
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
            surface_epoch: 0,
            ticked: false,
        };
        lab.rebuild();
        lab
    }

    /// The training and validation sets every run uses (CSV upload or generated).
    pub fn datasets(&self) -> LabResult<(Dataset, Dataset)> {
        match &self.csv {
            Some(d) => Ok(d.split(self.state.data.val_fraction, self.state.data.seed ^ 0x5eed_5917)),
            None => Ok(self.state.data.generate_split()?),
        }
    }

    /// The task of the current data (classification with K classes, or regression).
    pub fn task(&self) -> Task {
        self.task_of(&self.state)
    }

    /// The task of the data of state `s` (an uploaded file's, if any).
    fn task_of(&self, s: &MlpLabState) -> Task {
        match &self.csv {
            Some(d) => d.task(),
            None => s.data.task(),
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

    /// Applies `f` to a copy of the state; keeps it only if it passes every check (and the data
    /// set validates), then rebuilds the runs. On error the state is unchanged.
    pub(super) fn update(&mut self, f: impl FnOnce(&mut MlpLabState) -> LabResult<()>) -> LabResult<()> {
        let mut s = self.state.clone();
        f(&mut s)?;
        s.check()?;
        if self.csv.is_none() {
            check_data(&s.data)?;
        }
        for i in 0..s.runs.len() {
            // The loss must fit the data's task (cross-entropy needs classes).
            s.run_config(i)?.resolve_loss(self.task_of(&s))?;
        }
        self.state = s;
        self.state.preset.clear();
        self.lesson.clear();
        self.playing = false;
        self.rebuild();
        Ok(())
    }
}

impl Widget for MlpLab {
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

    fn pointer(&mut self, _view: &str, _p: Pointer) -> crate::lab::error::LabResult<()> {
        Ok(())
    }

    fn tick(&mut self, _now_ms: f64, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        self.advance(out_of_time)
    }

    fn busy(&self) -> bool {
        self.playing || self.step_to.is_some() || self.building() || self.sweep_running() || self.deep_pending()
    }

    fn query(&self) -> String {
        // The link carries the step reached (or, while a link is being replayed, its step).
        let mut s = self.state.clone();
        s.step = self.replay_to.unwrap_or_else(|| self.step());
        url::encode(&s)
    }

    fn status(&self) -> String {
        self.status_line()
    }

    fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    fn table(&self, view: &str) -> Option<crate::lab::export::Table> {
        MlpLab::table(self, view)
    }

    fn figure(&self, view: &str) -> Option<crate::render::figure::Figure<'_>> {
        MlpLab::figure(self, view)
    }

    fn legacy_keys(&self) -> crate::lab::legacy_keys::LegacyKeys {
        super::legacy::LEGACY_KEYS
    }
}
