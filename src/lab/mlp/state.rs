//! The MLP lab's whole configuration: one serde struct that round-trips through the URL.
//!
//! What all runs share (so that a comparison is fair): the data set, the architecture (hidden
//! widths and activation) and the seed of the initial weights and of the minibatch shuffling.
//! What each run chooses: optimizer, learning-rate schedule, initialisation, L2 weight decay and
//! batch size.

use serde::{Deserialize, Serialize};

use crate::mlp::config::{MAX_HIDDEN_LAYERS, MAX_HIDDEN_WIDTH};
use crate::mlp::{Activation, DataConfig, DiagnosticsConfig, InitConfig, MlpConfig};
use crate::optim::{AdamConfig, OptimizerConfig, Schedule};

/// Most runs compared side by side.
pub const MAX_RUNS: usize = 4;
/// Largest step budget per run.
pub const MAX_BUDGET: u64 = 100_000;
/// Steps per animation frame: (min, max).
pub const SPEED_RANGE: (u64, u64) = (1, 5_000);
/// Largest seed accepted from the page (fits a JS number exactly).
pub const MAX_SEED: u64 = 4_294_967_295;

/// A learning-rate schedule in a flat form that decodes field by field from a URL
/// (`runs.0.schedule.kind=step&runs.0.schedule.gamma=0.5`); missing numbers take the defaults of
/// [`Schedule::default_for`]. Converted to the shared [`Schedule`] with [`ScheduleSpec::build`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleSpec {
    /// One of [`Schedule::kinds`].
    pub kind: String,
    /// Steps between decays (step decay).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_size: Option<u64>,
    /// Decay factor γ (step and exponential decay).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gamma: Option<f64>,
    /// Half period T_max (cosine).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t_max: Option<u64>,
    /// Smallest rate η_min (cosine).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eta_min: Option<f64>,
    /// Decay rate of α₀/(1 + decay·t).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decay: Option<f64>,
}

impl Default for ScheduleSpec {
    fn default() -> Self {
        ScheduleSpec::from_schedule(&Schedule::Constant)
    }
}

impl ScheduleSpec {
    /// The flat form of `s` (only the fields `s` uses are set).
    pub fn from_schedule(s: &Schedule) -> Self {
        let mut out = ScheduleSpec {
            kind: s.kind().to_string(),
            step_size: None,
            gamma: None,
            t_max: None,
            eta_min: None,
            decay: None,
        };
        match *s {
            Schedule::Constant => {}
            Schedule::Step { step_size, gamma } => {
                out.step_size = Some(step_size);
                out.gamma = Some(gamma);
            }
            Schedule::Exponential { gamma } => out.gamma = Some(gamma),
            Schedule::Cosine { t_max, eta_min } => {
                out.t_max = Some(t_max);
                out.eta_min = Some(eta_min);
            }
            Schedule::InverseTime { decay } => out.decay = Some(decay),
        }
        out
    }

    /// The shared schedule, or a message naming the bad field.
    pub fn build(&self) -> Result<Schedule, String> {
        let mut s = Schedule::default_for(&self.kind)
            .ok_or_else(|| format!("unknown learning-rate schedule “{}”", self.kind.chars().take(30).collect::<String>()))?;
        let fields: [(&str, Option<f64>); 5] = [
            ("step_size", self.step_size.map(|v| v as f64)),
            ("gamma", self.gamma),
            ("t_max", self.t_max.map(|v| v as f64)),
            ("eta_min", self.eta_min),
            ("decay", self.decay),
        ];
        let used: Vec<&str> = s.hyperparameters().iter().map(|h| h.key).collect();
        for (key, v) in fields {
            if let Some(v) = v {
                if used.contains(&key) {
                    s.set(key, v).map_err(|e| e.to_string())?;
                }
            }
        }
        Ok(s)
    }
}

/// What one run of the comparison chooses for itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunConfig {
    /// The optimizer and its hyperparameters (α is the base rate α₀ of the schedule).
    pub optimizer: OptimizerConfig,
    /// The learning-rate schedule α_t.
    pub schedule: ScheduleSpec,
    /// Weight initialisation.
    pub init: InitConfig,
    /// λ₂ of the L2 term (λ₂/2)‖θ‖² in the loss, 0–1 (URL key `l2`; links made before it was
    /// renamed say `weight_decay`, see [`migrate_key`]).
    #[serde(rename = "l2")]
    pub weight_decay: f64,
    /// Minibatch size B; 0 = full batch.
    pub batch_size: usize,
    /// Nero only: constrain the first and output layers too (see [`MlpConfig::nero_constrain_all`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nero_constrain_all: bool,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig::new(OptimizerConfig::Adam(AdamConfig { lr: 0.01, ..AdamConfig::default() }))
    }
}

impl RunConfig {
    /// A full-batch run with `optimizer`, Kaiming initialisation and a constant rate.
    pub fn new(optimizer: OptimizerConfig) -> Self {
        RunConfig {
            optimizer,
            schedule: ScheduleSpec::default(),
            init: InitConfig::default(),
            weight_decay: 0.0,
            batch_size: 0,
            nero_constrain_all: false,
        }
    }
}

/// Settings of the "init" view: a deep network at initialisation (lecture 004).
pub type DeepConfig = DiagnosticsConfig;

/// Settings of the width sweep (lecture 001).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SweepSettings {
    /// Hidden widths of the one-hidden-layer networks, 1–512 each, 1–12 of them.
    pub widths: Vec<usize>,
    /// Steps per width.
    pub steps: u64,
}

impl Default for SweepSettings {
    fn default() -> Self {
        SweepSettings { widths: vec![8, 32, 128, 512], steps: 400 }
    }
}

/// The MLP lab's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MlpLabState {
    /// The generated data set (shared by all runs).
    pub data: DataConfig,
    /// Hidden layer widths (1–8 layers of width 1–512), shared by all runs.
    pub hidden: Vec<usize>,
    /// Hidden activation, shared by all runs.
    pub activation: Activation,
    /// Seed of the initial weights and of the per-epoch reshuffling, shared by all runs.
    pub seed: u64,
    /// The runs compared (1–4).
    pub runs: Vec<RunConfig>,
    /// Steps per run per animation frame (the page also stops each frame after ~10 ms).
    pub speed: u64,
    /// Steps per run before training stops.
    pub budget: u64,
    /// The run whose decision surface and per-layer curves are shown (0-based).
    pub focus: usize,
    /// The deep network of the "init" view.
    pub deep: DeepConfig,
    /// The width sweep.
    pub sweep: SweepSettings,
    /// The preset this state came from (informative; cleared on any change).
    pub preset: String,
    /// The training step a link was made at (0: not started). Opening the link replays training
    /// deterministically to that step, time-sliced; the live widget keeps this 0 and writes the
    /// step it reached into its link.
    #[serde(skip_serializing_if = "is_zero")]
    pub step: u64,
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}

impl Default for MlpLabState {
    /// Adam against SGD with momentum on the circles data, 2-16-16-2 tanh network.
    fn default() -> Self {
        let momentum = OptimizerConfig::Sgd(crate::optim::SgdConfig { lr: 0.05, momentum: 0.9, ..Default::default() });
        MlpLabState {
            data: DataConfig::default(),
            hidden: vec![16, 16],
            activation: Activation::Tanh,
            seed: 1,
            runs: vec![RunConfig::default(), RunConfig::new(momentum)],
            speed: 10,
            budget: 2_000,
            focus: 0,
            // 64 inputs × 64 units = 4,096 values per layer: the standard deviations to about 1 %, and one
            // initialisation of the 20-layer net costs a few milliseconds per frame.
            deep: DeepConfig { batch: 64, ..DeepConfig::default() },
            sweep: SweepSettings::default(),
            preset: String::new(),
            step: 0,
        }
    }
}

impl MlpLabState {
    /// The full training configuration of run `i` (shared parts + the run's own).
    pub fn run_config(&self, i: usize) -> Result<MlpConfig, String> {
        let r = self.runs.get(i).ok_or_else(|| format!("there is no run {}", i + 1))?;
        Ok(MlpConfig {
            hidden: self.hidden.clone(),
            activation: self.activation,
            loss: crate::mlp::LossKind::Auto,
            init: r.init,
            optimizer: r.optimizer.clone(),
            schedule: r.schedule.build()?,
            weight_decay: r.weight_decay,
            batch_size: r.batch_size,
            seed: self.seed,
            data: self.data,
            nero_constrain_all: r.nero_constrain_all,
        })
    }

    /// Checks run `i` (everything but the data, which may come from a CSV file).
    pub fn check_run(&self, i: usize) -> Result<(), String> {
        let c = self.run_config(i)?;
        c.validate_model().map_err(|e| format!("run {}: {e}", i + 1))?;
        if let OptimizerConfig::GdInvL(g) = &c.optimizer {
            if g.l <= 0.0 {
                return Err(format!(
                    "run {}: GD with step 1/L needs L > 0 here; the lab cannot compute the smoothness of a network's loss",
                    i + 1
                ));
            }
        }
        if c.batch_size > crate::mlp::csv::MAX_ROWS {
            return Err(format!("run {}: batch size must be between 0 (full batch) and {}", i + 1, crate::mlp::csv::MAX_ROWS));
        }
        Ok(())
    }

    /// Checks every setting except the data set; the message says what to change.
    pub fn check(&self) -> Result<(), String> {
        if self.runs.is_empty() || self.runs.len() > MAX_RUNS {
            return Err(format!("compare between 1 and {MAX_RUNS} runs (got {})", self.runs.len()));
        }
        for i in 0..self.runs.len() {
            self.check_run(i)?;
        }
        if !(1..=MAX_BUDGET).contains(&self.budget) {
            return Err(format!("the step budget must be between 1 and {MAX_BUDGET} (got {})", self.budget));
        }
        if !(SPEED_RANGE.0..=SPEED_RANGE.1).contains(&self.speed) {
            return Err(format!("speed must be between {} and {} steps per frame (got {})", SPEED_RANGE.0, SPEED_RANGE.1, self.speed));
        }
        if self.seed > MAX_SEED || self.data.seed > MAX_SEED {
            return Err(format!("seeds must be whole numbers from 0 to {MAX_SEED}"));
        }
        self.deep.validate().map_err(|e| format!("deep network: {e}"))?;
        check_sweep(&self.sweep)?;
        Ok(())
    }

    /// Repairs anything out of range (from a hand-edited URL), returning one notice per repair.
    /// Whatever cannot be used falls back to its default; the result always passes [`check`](Self::check)
    /// and its data set validates.
    pub fn repair(&mut self) -> Vec<String> {
        let d = MlpLabState::default();
        let mut notes = Vec::new();
        if let Err(e) = self.data.validate() {
            notes.push(format!("Data set reset to the default: {e}."));
            self.data = d.data;
        }
        if self.data.seed > MAX_SEED {
            notes.push(format!("The data seed must be at most {MAX_SEED}; using 1."));
            self.data.seed = 1;
        }
        if self.hidden.is_empty()
            || self.hidden.len() > MAX_HIDDEN_LAYERS
            || self.hidden.iter().any(|&w| w == 0 || w > MAX_HIDDEN_WIDTH)
        {
            notes.push(format!(
                "Hidden layers must be 1–{MAX_HIDDEN_LAYERS} widths of 1–{MAX_HIDDEN_WIDTH}; using {}.",
                hidden_text(&d.hidden)
            ));
            self.hidden = d.hidden.clone();
        } else if let Err(e) = crate::mlp::config::check_hidden_weights(&self.hidden) {
            notes.push(format!("Hidden layers {}: {e}; using {}.", hidden_text(&self.hidden), hidden_text(&d.hidden)));
            self.hidden = d.hidden.clone();
        }
        if self.seed > MAX_SEED {
            notes.push(format!("The weight seed must be at most {MAX_SEED}; using 1."));
            self.seed = 1;
        }
        if self.runs.is_empty() {
            notes.push("The lab needs at least one run; added the default ones.".into());
            self.runs = d.runs.clone();
        }
        if self.runs.len() > MAX_RUNS {
            notes.push(format!("At most {MAX_RUNS} runs are compared; dropped the rest."));
            self.runs.truncate(MAX_RUNS);
        }
        for i in 0..self.runs.len() {
            let r = &mut self.runs[i];
            if r.optimizer.needs_objective() {
                notes.push(format!(
                    "Run {}: {} needs the loss's Hessian or a look-ahead gradient, which the MLP lab does not provide; using Adam.",
                    i + 1,
                    r.optimizer.label()
                ));
                r.optimizer = RunConfig::default().optimizer;
            }
            if let Err(e) = r.optimizer.validate() {
                notes.push(format!("Run {}: {e}; using {}'s defaults.", i + 1, r.optimizer.label()));
                if let Some(c) = OptimizerConfig::default_for(r.optimizer.kind()) {
                    r.optimizer = c;
                }
            }
            if let OptimizerConfig::GdInvL(g) = &mut r.optimizer {
                if g.l <= 0.0 {
                    notes.push(format!("Run {}: GD with step 1/L needs L > 0; using L = 10.", i + 1));
                    g.l = 10.0;
                }
            }
            if let Err(e) = r.schedule.build() {
                notes.push(format!("Run {}: {e}; using a constant learning rate.", i + 1));
                r.schedule = ScheduleSpec::default();
            }
            if let Err(e) = r.init.validate() {
                notes.push(format!("Run {}: {e}; using Kaiming initialisation.", i + 1));
                r.init = InitConfig::default();
            }
            if !(r.weight_decay.is_finite() && (0.0..=1.0).contains(&r.weight_decay)) {
                notes.push(format!("Run {}: weight decay λ must be between 0 and 1; using 0.", i + 1));
                r.weight_decay = 0.0;
            }
            if r.batch_size > crate::mlp::csv::MAX_ROWS {
                notes.push(format!("Run {}: batch size too large; using full batch.", i + 1));
                r.batch_size = 0;
            }
        }
        if !(1..=MAX_BUDGET).contains(&self.budget) {
            notes.push(format!("The step budget must be between 1 and {MAX_BUDGET}; using {}.", d.budget));
            self.budget = d.budget;
        }
        if !(SPEED_RANGE.0..=SPEED_RANGE.1).contains(&self.speed) {
            notes.push(format!("Speed must be between {} and {} steps per frame; using {}.", SPEED_RANGE.0, SPEED_RANGE.1, d.speed));
            self.speed = d.speed;
        }
        if self.focus >= self.runs.len() {
            self.focus = 0;
        }
        if let Err(e) = self.deep.validate() {
            notes.push(format!("Deep network view reset: {e}."));
            self.deep = d.deep;
        }
        if let Err(e) = check_sweep(&self.sweep) {
            notes.push(format!("Width sweep reset: {e}."));
            self.sweep = d.sweep.clone();
        }
        notes
    }
}

/// Checks sweep widths and steps.
pub fn check_sweep(s: &SweepSettings) -> Result<(), String> {
    if s.widths.is_empty() || s.widths.len() > 12 {
        return Err(format!("the sweep needs between 1 and 12 widths (got {})", s.widths.len()));
    }
    if let Some(w) = s.widths.iter().find(|&&w| w == 0 || w > MAX_HIDDEN_WIDTH) {
        return Err(format!("sweep width {w} is out of range 1–{MAX_HIDDEN_WIDTH}"));
    }
    if !(1..=20_000).contains(&s.steps) {
        return Err(format!("steps per width must be between 1 and 20000 (got {})", s.steps));
    }
    Ok(())
}

/// "16,16" for [16, 16].
pub fn hidden_text(h: &[usize]) -> String {
    h.iter().map(|w| w.to_string()).collect::<Vec<_>>().join(",")
}

/// Parses a comma-separated list of widths ("16, 16") with a message naming the bad entry.
pub fn parse_widths(text: &str, what: &str, max_len: usize) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for (i, part) in text.split([',', ' ', ';']).filter(|s| !s.trim().is_empty()).enumerate() {
        let p = part.trim();
        let w: usize = p
            .parse()
            .map_err(|_| format!("{what}: entry {} (“{}”) is not a whole number", i + 1, p.chars().take(12).collect::<String>()))?;
        if w == 0 || w > MAX_HIDDEN_WIDTH {
            return Err(format!("{what}: width {w} is out of range; widths must be between 1 and {MAX_HIDDEN_WIDTH}"));
        }
        out.push(w);
    }
    if out.is_empty() || out.len() > max_len {
        return Err(format!("{what}: give between 1 and {max_len} widths separated by commas, e.g. 16,16 (got {})", out.len()));
    }
    Ok(out)
}

/// The migration table of the MLP lab's URL keys: `runs.N.weight_decay` (the L2 term, before the
/// optimizer's own weight decay got a control of its own) is now `runs.N.l2`.
pub fn migrate_key(key: &str) -> Option<String> {
    let rest = key.strip_prefix("runs.")?;
    let (n, field) = rest.split_once('.')?;
    (field == "weight_decay" && n.parse::<usize>().is_ok()).then(|| format!("runs.{n}.l2"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::url;
    use crate::mlp::{DataKind, InitKind};

    #[test]
    fn default_state_is_valid_and_round_trips() {
        let mut s = MlpLabState::default();
        assert!(s.repair().is_empty());
        s.check().expect("default valid");
        let (back, notes) = url::decode::<MlpLabState>(&url::encode(&s), &[]);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back, s);
    }

    #[test]
    fn a_full_state_round_trips_through_the_url() {
        let mut s = MlpLabState::default();
        s.data = DataConfig { kind: DataKind::Spiral, arms: 4, n: 321, noise: 0.125, val_fraction: 0.3, seed: 77 };
        s.hidden = vec![7];
        s.activation = Activation::Relu;
        s.seed = 9;
        s.runs.clear();
        let mut a = RunConfig::new(OptimizerConfig::default_for("nero").expect("nero"));
        a.schedule = ScheduleSpec::from_schedule(&Schedule::Step { step_size: 30, gamma: 0.25 });
        a.init = InitConfig { kind: InitKind::Custom, scale: 0.3, bias: crate::mlp::BiasInit::Zero };
        a.weight_decay = 1e-4;
        a.batch_size = 16;
        s.runs.push(a);
        let mut b = RunConfig::new(OptimizerConfig::default_for("rmsprop").expect("rmsprop"));
        b.schedule = ScheduleSpec::from_schedule(&Schedule::Cosine { t_max: 77, eta_min: 1e-4 });
        s.runs.push(b);
        let mut c = RunConfig::new(OptimizerConfig::default_for("sgd").expect("sgd"));
        c.init.kind = InitKind::Zero;
        c.schedule = ScheduleSpec::from_schedule(&Schedule::InverseTime { decay: 0.5 });
        s.runs.push(c);
        s.speed = 42;
        s.budget = 999;
        s.focus = 2;
        s.deep.depth = 24;
        s.deep.activation = Activation::Sigmoid;
        s.sweep = SweepSettings { widths: vec![4, 16], steps: 50 };
        s.preset = "something".into();
        assert!(s.repair().is_empty());
        let q = url::encode(&s);
        let (back, notes) = url::decode::<MlpLabState>(&q, &[]);
        assert!(notes.is_empty(), "{notes:?}\n{q}");
        assert_eq!(back, s, "{q}");
        assert_eq!(back.runs[0].schedule.build().expect("ok"), Schedule::Step { step_size: 30, gamma: 0.25 });
    }

    #[test]
    fn out_of_range_values_are_repaired_with_notices() {
        let (mut s, notes) = url::decode::<MlpLabState>(
            "budget=0&speed=99999&hidden=0,3&runs.0.optimizer.kind=adam&runs.0.optimizer.lr=-1&runs.0.schedule.kind=step&runs.0.schedule.gamma=7&data.n=3",
            &[],
        );
        assert!(notes.is_empty(), "well-typed values decode: {notes:?}");
        let fixes = s.repair();
        assert_eq!(fixes.len(), 6, "{fixes:?}");
        s.check().expect("repaired state is valid");
        assert!(s.repair().is_empty(), "repair is idempotent");
        let (mut s, _) = url::decode::<MlpLabState>("runs.0.optimizer.kind=newton", &[]);
        assert_eq!(s.repair().len(), 1);
        assert_eq!(s.runs[0].optimizer.kind(), "adam");
    }

    #[test]
    fn widths_parse_with_messages() {
        assert_eq!(parse_widths("16, 16", "hidden", 8), Ok(vec![16, 16]));
        assert!(parse_widths("16,0", "hidden", 8).unwrap_err().contains("width 0"));
        assert!(parse_widths("16,x", "hidden", 8).unwrap_err().contains("entry 2"));
        assert!(parse_widths("", "hidden", 8).is_err());
        assert!(parse_widths("1,1,1,1,1,1,1,1,1", "hidden", 8).is_err());
        assert!(parse_widths("513", "hidden", 8).is_err());
    }
}
