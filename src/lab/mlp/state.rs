//! The MLP lab's whole configuration: one serde struct that round-trips through the URL.
//!
//! What all runs share (so that a comparison is fair): the data set, the architecture (hidden
//! widths and activation) and the seed of the initial weights and of the minibatch shuffling.
//! What each run chooses: optimizer, learning-rate schedule, initialisation, L2 weight decay and
//! batch size. The ranges of these values are declared in `settings.rs` and checked (and repaired)
//! in `validate.rs`.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::lab::error::{LabError, LabResult};
use crate::lab::input::echo;
use crate::mlp::{Activation, DataConfig, DiagnosticsConfig, InitConfig, MlpConfig, Precision};
use crate::optim::{AdamConfig, OptimizerConfig, Schedule};

/// How a run's schedule reads from a link or a state file: the fields it leaves out take the
/// defaults of [`Schedule::default_for`] its kind, so `runs.0.schedule.kind=step&runs.0.schedule.gamma=0.5`
/// is step decay with γ = 0.5 and the default step size (links made when the lab kept its own
/// flat schedule form). Written as the [`Schedule`] itself: its kind and every number it uses.
fn schedule_with_defaults<'de, D: Deserializer<'de>>(d: D) -> Result<Schedule, D::Error> {
    use serde::de::Error;
    let mut given = Map::<String, Value>::deserialize(d)?;
    let kind = given.get("kind").and_then(Value::as_str).unwrap_or("constant").to_string();
    let base = Schedule::default_for(&kind).ok_or_else(|| D::Error::custom(format!("unknown learning-rate schedule “{}”", echo(&kind))))?;
    let Ok(Value::Object(mut fields)) = serde_json::to_value(base) else {
        return Err(D::Error::custom("a schedule is an object"));
    };
    fields.append(&mut given);
    serde_json::from_value(Value::Object(fields)).map_err(D::Error::custom)
}

/// What one run of the comparison chooses for itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunConfig {
    /// The optimizer and its hyperparameters (α is the base rate α₀ of the schedule).
    pub optimizer: OptimizerConfig,
    /// The learning-rate schedule α_t.
    #[serde(deserialize_with = "schedule_with_defaults")]
    pub schedule: Schedule,
    /// Weight initialisation.
    pub init: InitConfig,
    /// λ₂ of the L2 term (λ₂/2)‖θ‖² in the loss, 0–1 (URL key `l2`; links made before it was
    /// renamed say `weight_decay`, see [`super::legacy::migrate_url_key`]).
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
            schedule: Schedule::Constant,
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
    /// The arithmetic of training, shared by all runs: f64 ("exact", as PyTorch's float64; the
    /// default) or f32 (fast: single-precision passes with SIMD, parameters and optimizer in f64).
    pub precision: Precision,
    /// Skip connections in the hidden layers of equal width after the first, shared by all runs.
    pub residual: bool,
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
            precision: Precision::F64,
            residual: false,
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
    pub fn run_config(&self, i: usize) -> LabResult<MlpConfig> {
        let r = self.runs.get(i).ok_or_else(|| LabError::unknown(format!("there is no run {}", i + 1)))?;
        Ok(MlpConfig {
            hidden: self.hidden.clone(),
            activation: self.activation,
            loss: crate::mlp::LossKind::Auto,
            init: r.init,
            optimizer: r.optimizer.clone(),
            schedule: r.schedule.clone(),
            weight_decay: r.weight_decay,
            batch_size: r.batch_size,
            seed: self.seed,
            data: self.data.clone(),
            nero_constrain_all: r.nero_constrain_all,
            residual: self.residual,
            precision: self.precision,
        })
    }
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
        s.data = DataConfig { kind: DataKind::Spiral, arms: 4, n: 321, noise: 0.125, val_fraction: 0.3, seed: 77, ..DataConfig::default() };
        s.hidden = vec![7];
        s.activation = Activation::Relu;
        s.seed = 9;
        s.runs.clear();
        let mut a = RunConfig::new(OptimizerConfig::default_for("nero").expect("nero"));
        a.schedule = Schedule::Step { step_size: 30, gamma: 0.25 };
        a.init = InitConfig { kind: InitKind::Custom, scale: 0.3, bias: crate::mlp::BiasInit::Zero };
        a.weight_decay = 1e-4;
        a.batch_size = 16;
        s.runs.push(a);
        let mut b = RunConfig::new(OptimizerConfig::default_for("rmsprop").expect("rmsprop"));
        b.schedule = Schedule::Cosine { t_max: 77, eta_min: 1e-4 };
        s.runs.push(b);
        let mut c = RunConfig::new(OptimizerConfig::default_for("sgd").expect("sgd"));
        c.init.kind = InitKind::Zero;
        c.schedule = Schedule::InverseTime { decay: 0.5 };
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
        assert_eq!(back.runs[0].schedule, Schedule::Step { step_size: 30, gamma: 0.25 });
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
    fn old_schedule_links_decode_to_the_same_schedule_with_defaults_for_what_they_leave_out() {
        // Links written when the lab kept its own flat schedule form name only some fields.
        let cases = [
            ("runs.0.schedule.kind=step&runs.0.schedule.gamma=0.5", Schedule::Step { step_size: 100, gamma: 0.5 }),
            ("runs.0.schedule.kind=step&runs.0.schedule.step_size=30", Schedule::Step { step_size: 30, gamma: 0.5 }),
            ("runs.0.schedule.kind=step&runs.0.schedule.gamma=0.1&runs.0.schedule.step_size=600", Schedule::Step { step_size: 600, gamma: 0.1 }),
            ("runs.0.schedule.kind=cosine&runs.0.schedule.t_max=77", Schedule::Cosine { t_max: 77, eta_min: 0.0 }),
            ("runs.0.schedule.kind=exponential", Schedule::Exponential { gamma: 0.99 }),
            ("runs.0.schedule.kind=inverse_time&runs.0.schedule.decay=0.5", Schedule::InverseTime { decay: 0.5 }),
            ("runs.1.schedule.kind=constant", Schedule::Constant),
        ];
        for (q, want) in cases {
            let (s, notes) = url::decode::<MlpLabState>(q, &[]);
            assert!(notes.is_empty(), "{q}: {notes:?}");
            let i = if q.starts_with("runs.1") { 1 } else { 0 };
            assert_eq!(s.runs[i].schedule, want, "{q}");
            // And the state's own link writes every field of the schedule it uses.
            let (back, notes) = url::decode::<MlpLabState>(&url::encode(&s), &[]);
            assert!(notes.is_empty() && back == s, "{q}: {notes:?}");
        }
        // A state file (JSON) that leaves fields out reads the same way.
        let json = r#"{"runs":[{"schedule":{"kind":"step","gamma":0.25}}]}"#;
        let s: MlpLabState = serde_json::from_str(json).expect("decodes");
        assert_eq!(s.runs[0].schedule, Schedule::Step { step_size: 100, gamma: 0.25 });
        // An unknown kind is refused with its name.
        let e = serde_json::from_str::<MlpLabState>(r#"{"runs":[{"schedule":{"kind":"sometimes"}}]}"#).unwrap_err();
        assert!(e.to_string().contains("unknown learning-rate schedule “sometimes”"), "{e}");
    }
}
