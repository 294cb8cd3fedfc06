//! The MLP lab's settings, each declared once.
//!
//! A [`Setting`]'s key is the path of its value in [`MlpLabState`](super::state::MlpLabState): the
//! URL key, the control's key and its `hide=` name (`#` stands for a run's index). Its range is
//! written here only: the control, the parsing of a typed value, [`check`](super::state::MlpLabState::check)
//! and [`repair`](super::state::MlpLabState::repair) all read it. Limits the numeric core sets
//! (widest layer, most layers, most CSV rows) come from the core's constants.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::lab::card::Cards;
use crate::lab::error::{LabError, LabResult};
use crate::lab::setting::{Setting, SettingKind};
use crate::lab::transport::Transport;
use crate::lab::widget::{Control, ControlKind};
use crate::mlp::config::{MAX_HIDDEN_LAYERS, MAX_HIDDEN_WIDTH};
use crate::mlp::csv::MAX_ROWS;

/// Most runs compared side by side.
pub const MAX_RUNS: usize = 4;
/// Largest seed accepted from the page (fits a JS number exactly).
pub const MAX_SEED: u64 = 4_294_967_295;
/// Most widths in the width sweep.
pub const MAX_SWEEP_WIDTHS: usize = 12;

/// Steps per run per animation frame.
pub const SPEED: Setting = Setting::whole("speed", "speed", 1, 5_000)
    .log()
    .label("speed (steps per frame)")
    .help("Steps per run per animation frame; a frame also stops after about 10 ms, so very high speeds mean ‘as fast as this computer can’.");
/// Steps per run before training stops.
pub const BUDGET: Setting = Setting::whole("budget", "steps per run", 1, 100_000).help("Training stops after this many steps");

/// Play, step, reset, speed, budget, the preset menu and “+ Add run” (the run shown follows them).
pub const TRANSPORT: Transport = Transport {
    group: "Training",
    speed: SPEED,
    budget: BUDGET,
    play_help: "Train all runs (space bar)",
    step_help: "One optimizer step for every run (→ key)",
    reset_help: "Back to step 0 with the same initial weights",
    preset_help: "Reproduce a story of the lectures in one click",
    add_label: "+ Add run",
    add_help: "Compare up to four runs on the same data and seed",
};

/// The runs' cards (`runs.N.optimizer.lr`, `runs.N.schedule.kind`; the lab's own per-run settings
/// below are the cards' extra controls).
pub const RUNS: Cards = Cards {
    list: "runs",
    noun: "Run",
    max: MAX_RUNS,
    needs_one: "the lab needs at least one run",
    kind_help: "Every optimizer of the optimizer lab, plus Madam and Nero. Newton and cubic-regularised Newton are not offered: they need the Hessian of the loss, which this lab does not compute for a network.",
    schedule_slider_max: 1e6,
};

/// The generated data set.
pub const DATA_KIND: Setting = Setting::choice(
    "data.kind",
    "data set",
    &[
        ("circles", "circles (2 classes)"),
        ("xor", "XOR (2 classes)"),
        ("gaussians", "two Gaussians"),
        ("spiral", "spiral (K arms = K classes)"),
        ("sine", "noisy sine (1-D regression)"),
        ("function", "your own f(x) (1-D regression)"),
        ("rule", "your own rule (2 classes)"),
    ],
);
/// The typed regression target of "your own f(x)".
pub const TARGET_FORMULA: Setting = Setting::text("data.target", "target f(x)", crate::expr::MAX_LEN)
    .label("y = f(x) =")
    .help("Type a function of x on [-1, 1]: + − * / ^, 3x, sin cos tan exp log sqrt abs tanh sigmoid min max, pi, e");
/// The typed rule of "your own rule".
pub const RULE: Setting = Setting::text("data.rule", "rule", crate::expr::MAX_LEN)
    .label("class 1 where")
    .help("Compare two sides in x and y, e.g. x^2 + y^2 < 0.5 or sin(3x) > y; points are drawn on [-1, 1]²");
/// Points generated (training + validation).
pub const DATA_N: Setting = Setting::whole("data.n", "number of points", 10, 10_000).label("points N").help("Training + validation points, 10–10000");
/// Noise of the generated data.
pub const NOISE: Setting = Setting::real("data.noise", "noise", 0.0, 1.0).help("Standard deviation of the Gaussian noise added to the inputs (sine: to the targets)");
/// Spiral arms (classes).
pub const ARMS: Setting = Setting::whole("data.arms", "arms", 2, 10).label("arms (classes)");
/// Share held out for validation.
pub const VAL_FRACTION: Setting = Setting::real("data.val_fraction", "validation fraction", 0.0, 0.9).help("Share of the points held out for validation (0–0.9)");
/// Seed of the generated data.
pub const DATA_SEED: Setting = Setting::whole("data.seed", "data seed", 0, MAX_SEED);

/// Hidden activation of the runs' network.
pub const ACTIVATION: Setting = Setting::choice("activation", "activation", ACTIVATIONS).label("activation σ");
/// The arithmetic of training (serde names of [`crate::mlp::Precision`]).
pub const PRECISION: Setting = Setting::choice("precision", "arithmetic", &[("f64", "f64 — exact (as PyTorch float64)"), ("f32", "f32 — fast (SIMD)")])
    .help("f64: every pass in double precision, the arithmetic the golden tests compare with PyTorch. f32: the forward and backward passes in single precision with 4-lane SIMD, several times faster; weights, loss and optimizer stay f64, and the loss curves agree with f64 to about 1e-6. Changing it restarts training.");
/// Skip connections in the runs' network.
pub const RESIDUAL: Setting = Setting::flag("residual", "skip connections")
    .label("skip connections (a = a_prev + σ(z))")
    .help("Each hidden layer after the first whose input has its width adds that input to its output, a_l = a_{l−1} + σ(W_l a_{l−1} + b_l), as in a residual network (lecture 002: some networks have nicer loss surfaces). Needs equal hidden widths, e.g. 16,16,16.");
/// Seed of the initial weights and of the minibatch shuffling.
pub const SEED: Setting = Setting::whole("seed", "weight seed", 0, MAX_SEED).help("Seed of the initial weights and of the minibatch shuffling; shared by all runs");
/// The hidden layers' widths (a list, see [`parse_widths`]).
pub const HIDDEN: Widths = Widths {
    key: "hidden",
    name: "hidden layers",
    label: "hidden widths",
    max_len: MAX_HIDDEN_LAYERS,
    help: "Comma-separated widths of 1–8 hidden layers, each 1–512, e.g. 16,16",
};

/// A run's initialisation.
pub const RUN_INIT: Setting = Setting::choice("runs.#.init.kind", "initialisation", INITS);
/// A run's initialisation scale (uniform and custom initialisations).
pub const RUN_SCALE: Setting = Setting::real("runs.#.init.scale", "initialisation scale s", 1e-6, 100.0).log().span(1e-3, 100.0).label("init scale s");
/// A run's bias initialisation.
pub const RUN_BIAS: Setting = Setting::choice("runs.#.init.bias", "bias init", &[("uniform", "U(±1/√fan-in), like PyTorch"), ("zero", "0")])
    .help("Zero biases: Madam never moves them (its bound 3·rms(0) is 0), Nero moves them by only α·0.01 per step");
/// A run's L2 term in the loss.
pub const L2: Setting = Setting::real("runs.#.l2", "L2 term λ₂", 0.0, 1.0)
    .span(0.0, 0.1)
    .label("L2 term λ₂ (in the loss)")
    .help("Adds (λ₂/2)‖θ‖² to the loss, so every gradient gets + λ₂θ before the optimizer sees it (the optimizer's own weight decay, if it has one, is the separate λ above); typed values up to 1 are accepted");
/// A run's minibatch size (0: full batch; at most the rows a data set may have).
pub const BATCH: Setting = Setting::whole("runs.#.batch_size", "batch size", 0, MAX_ROWS as u64).label("batch size B (0 = full)").help("Minibatch size; the data are reshuffled every epoch");

/// Hidden layers of the "init" view's deep network.
pub const DEEP_DEPTH: Setting = Setting::whole("deep.depth", "depth", 1, 24).slider().label("depth (layers)").help("Hidden layers of the network in the ‘init’ view");
/// Width of the deep network.
pub const DEEP_WIDTH: Setting = Setting::whole("deep.width", "width", 1, MAX_HIDDEN_WIDTH as u64);
/// Initialisation of the deep network.
pub const DEEP_INIT: Setting = Setting::choice("deep.init.kind", "initialisation", INITS);
/// Its scale.
pub const DEEP_SCALE: Setting = Setting::real("deep.init.scale", "initialisation scale s", 1e-6, 100.0).log().span(1e-3, 100.0).label("init scale s");
/// Its activation.
pub const DEEP_ACTIVATION: Setting = Setting::choice("deep.activation", "activation", ACTIVATIONS);

/// The widths of the sweep (a list, see [`parse_widths`]).
pub const SWEEP_WIDTHS: Widths = Widths { key: "sweep.widths", name: "sweep widths", label: "widths", max_len: MAX_SWEEP_WIDTHS, help: "Comma-separated hidden widths, 1–12 of them" };
/// Steps per width of the sweep.
pub const SWEEP_STEPS: Setting = Setting::whole("sweep.steps", "steps per width", 1, 20_000);

/// Initialisations (serde names of [`crate::mlp::InitKind`]).
const INITS: &[(&str, &str)] = &[
    ("zero", "zero (W = 0)"),
    ("uniform", "uniform U(−s, s)"),
    ("xavier", "Xavier N(0, 1/n)"),
    ("kaiming", "Kaiming N(0, 2/n)"),
    ("custom", "custom N(0, s²)"),
];
/// Activations (serde names of [`crate::mlp::Activation`], in its order).
const ACTIVATIONS: &[(&str, &str)] = &[("relu", "relu"), ("tanh", "tanh"), ("sigmoid", "sigmoid"), ("linear", "linear"), ("gelu", "gelu")];

/// Every setting declared with a [`Setting`] (for `setting::find` and the tests).
pub const ALL: &[Setting] = &[
    SPEED, BUDGET, DATA_KIND, DATA_N, NOISE, ARMS, VAL_FRACTION, DATA_SEED, ACTIVATION, PRECISION, RESIDUAL, SEED, RUN_INIT, RUN_SCALE, RUN_BIAS, L2, BATCH, DEEP_DEPTH,
    DEEP_WIDTH, DEEP_INIT, DEEP_SCALE, DEEP_ACTIVATION, SWEEP_STEPS,
];

/// A list of hidden widths typed as "16,16".
#[derive(Clone, Copy, Debug)]
pub struct Widths {
    /// Key (= URL key).
    pub key: &'static str,
    /// Name in messages.
    pub name: &'static str,
    /// The control's label.
    pub label: &'static str,
    /// Most widths.
    pub max_len: usize,
    /// Help text.
    pub help: &'static str,
}

impl Widths {
    /// The control showing `widths`.
    pub fn control(&self, group: &str, widths: &[usize]) -> Control {
        let kind = ControlKind::Number { min: 1.0, max: MAX_HIDDEN_WIDTH as f64, integer: false };
        Control::new(self.key, self.label, group, hidden_text(widths), kind).help(self.help)
    }
    /// The widths typed, with a message naming the bad entry.
    pub fn value(&self, text: &str) -> LabResult<Vec<usize>> {
        parse_widths(text, self.name, self.max_len)
    }
    /// Checks a list of widths (from a link).
    pub fn check(&self, widths: &[usize]) -> LabResult<()> {
        if widths.is_empty() || widths.len() > self.max_len {
            return Err(LabError::invalid(format!("{}: give between 1 and {} widths (got {})", self.name, self.max_len, widths.len())));
        }
        match widths.iter().find(|&&w| w == 0 || w > MAX_HIDDEN_WIDTH) {
            Some(w) => Err(LabError::invalid(format!("{}: width {w} is out of range 1–{MAX_HIDDEN_WIDTH}", self.name))),
            None => Ok(()),
        }
    }
}

/// The key of a run's setting (`runs.#.l2`) for run `i` (`runs.1.l2`).
pub fn run_key(key: &str, i: usize) -> String {
    key.replacen('#', &i.to_string(), 1)
}

/// `v` checked against the range of `s`, the setting named in the message.
pub fn in_range(s: &Setting, v: f64) -> LabResult<()> {
    match s.range() {
        Some((lo, hi)) if !s.accepts(v) => Err(LabError::invalid(format!("{} must be between {lo} and {hi} (got {v})", s.name))),
        _ => Ok(()),
    }
}

/// The value of a choice `s` as the enum `T` it names (its serde name).
pub fn choice<T: DeserializeOwned>(s: &Setting, text: &str) -> LabResult<T> {
    let id = s.choice_value(text)?;
    serde_json::from_value(serde_json::Value::String(id.into())).map_err(|_| LabError::unknown(format!("unknown {} “{id}”", s.name)))
}

/// The option id of an enum value (its serde name), for a choice's control.
pub fn id_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The label of option `id` of choice `s`.
pub fn option_label(s: &Setting, id: &str) -> &'static str {
    match s.kind {
        SettingKind::Choice { options } => options.iter().find(|(v, _)| *v == id).map_or("", |(_, l)| *l),
        _ => "",
    }
}

/// "16,16" for [16, 16].
pub fn hidden_text(h: &[usize]) -> String {
    h.iter().map(|w| w.to_string()).collect::<Vec<_>>().join(",")
}

/// Parses a comma-separated list of widths ("16, 16") with a message naming the bad entry.
pub fn parse_widths(text: &str, what: &str, max_len: usize) -> LabResult<Vec<usize>> {
    let mut out = Vec::new();
    for (i, part) in text.split([',', ' ', ';']).filter(|s| !s.trim().is_empty()).enumerate() {
        let p = part.trim();
        let w: usize = p.parse().map_err(|_| LabError::invalid(format!("{what}: entry {} (“{}”) is not a whole number", i + 1, p.chars().take(12).collect::<String>())))?;
        if w == 0 || w > MAX_HIDDEN_WIDTH {
            return Err(LabError::invalid(format!("{what}: width {w} is out of range; widths must be between 1 and {MAX_HIDDEN_WIDTH}")));
        }
        out.push(w);
    }
    if out.is_empty() || out.len() > max_len {
        return Err(LabError::invalid(format!("{what}: give between 1 and {max_len} widths separated by commas, e.g. 16,16 (got {})", out.len())));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlp::{Activation, InitKind};

    #[test]
    fn widths_parse_with_messages() {
        assert_eq!(parse_widths("16, 16", "hidden", 8), Ok(vec![16, 16]));
        assert!(parse_widths("16,0", "hidden", 8).unwrap_err().message().contains("width 0"));
        assert!(parse_widths("16,x", "hidden", 8).unwrap_err().message().contains("entry 2"));
        assert!(parse_widths("", "hidden", 8).is_err());
        assert!(parse_widths("1,1,1,1,1,1,1,1,1", "hidden", 8).is_err());
        assert!(parse_widths("513", "hidden", 8).is_err());
    }

    #[test]
    fn the_choices_name_the_cores_values() {
        for (id, _) in match PRECISION.kind {
            SettingKind::Choice { options } => options,
            _ => panic!("a choice"),
        } {
            assert_eq!(id_of(&choice::<crate::mlp::Precision>(&PRECISION, id).expect("a Precision")), *id);
        }
        let names: Vec<String> = Activation::ALL.iter().map(id_of).collect();
        assert_eq!(names, ACTIVATIONS.iter().map(|(v, _)| v.to_string()).collect::<Vec<_>>());
        assert!(Activation::ALL.iter().all(|a| id_of(a) == a.name()));
        for (id, _) in INITS {
            let k: InitKind = choice(&RUN_INIT, id).expect("an InitKind");
            assert_eq!(id_of(&k), *id);
        }
        let SettingKind::Choice { options } = DATA_KIND.kind else { panic!("a choice") };
        for (id, _) in options {
            assert_eq!(id_of(&choice::<crate::mlp::DataKind>(&DATA_KIND, id).expect("a DataKind")), *id);
        }
        assert_eq!(SPEED.rounded_value("12.6"), Ok(13));
        assert_eq!(SPEED.rounded_value("0").unwrap_err().message(), "speed must be between 1 and 5000 (got 0)");
        assert_eq!(run_key(L2.key, 3), "runs.3.l2");
    }

    #[test]
    fn every_declared_key_is_a_url_key_of_the_state() {
        let query = crate::lab::url::encode(&super::super::state::MlpLabState::default());
        let keys: Vec<&str> = query.split('&').filter_map(|p| p.split('=').next()).collect();
        for s in ALL.iter().map(|s| s.key).chain([HIDDEN.key, SWEEP_WIDTHS.key]) {
            assert!(keys.contains(&run_key(s, 0).as_str()), "{s} is not a URL key of {query}");
        }
    }
}
