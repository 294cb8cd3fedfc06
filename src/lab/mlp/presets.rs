//! One-click presets for the lectures' stories; each is also a short link (`preset=ID`).

use crate::mlp::{Activation, DataConfig, DataKind, InitConfig, InitKind};
use crate::optim::{AdamConfig, NeroConfig, OptimizerConfig, Schedule, SgdConfig};

use super::state::{MlpLabState, RunConfig, ScheduleSpec, SweepSettings};

/// A named preset.
pub struct Preset {
    /// Id used in URLs (`preset=zero_init`).
    pub id: &'static str,
    /// Menu label.
    pub label: &'static str,
    /// What to notice (shown in the status line when loaded).
    pub lesson: &'static str,
    /// Builds the state.
    pub build: fn() -> MlpLabState,
}

fn sgd(lr: f64, momentum: f64) -> OptimizerConfig {
    OptimizerConfig::Sgd(SgdConfig { lr, momentum, ..SgdConfig::default() })
}
fn adam(lr: f64) -> OptimizerConfig {
    OptimizerConfig::Adam(AdamConfig { lr, ..AdamConfig::default() })
}
fn run(o: OptimizerConfig) -> RunConfig {
    RunConfig::new(o)
}
fn with_init(mut r: RunConfig, kind: InitKind) -> RunConfig {
    r.init = InitConfig { kind, ..InitConfig::default() };
    r
}
fn data(kind: DataKind) -> DataConfig {
    DataConfig { kind, ..DataConfig::default() }
}

fn base(id: &str, d: DataConfig, hidden: Vec<usize>, activation: Activation, runs: Vec<RunConfig>, budget: u64) -> MlpLabState {
    MlpLabState {
        data: d,
        hidden,
        activation,
        runs,
        budget,
        speed: 10,
        preset: id.to_string(),
        ..MlpLabState::default()
    }
}

/// Every preset, in menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "zero_init",
        label: "Zero initialisation is stuck",
        lesson: "With W = 0 every hidden unit computes the same thing and gets the same (here: zero) gradient, so the zero-init run never leaves its flat start; Kaiming init breaks the symmetry and learns.",
        build: || {
            base(
                "zero_init",
                data(DataKind::Circles),
                vec![16, 16],
                Activation::Tanh,
                vec![with_init(run(adam(0.01)), InitKind::Kaiming), with_init(run(adam(0.01)), InitKind::Zero)],
                800,
            )
        },
    },
    Preset {
        id: "xavier_vs_kaiming",
        label: "Xavier vs Kaiming in a deep ReLU net",
        lesson: "In 8 ReLU layers N(0, 1/n) halves the signal's variance at every layer: the Xavier run starts with vanishing activations and gradients and learns late. N(0, 2/n) keeps the scale. See the ‘init’ view for 20 layers.",
        build: || {
            let mut s = base(
                "xavier_vs_kaiming",
                data(DataKind::Circles),
                vec![16; 8],
                Activation::Relu,
                vec![with_init(run(sgd(0.05, 0.0)), InitKind::Xavier), with_init(run(sgd(0.05, 0.0)), InitKind::Kaiming)],
                1500,
            );
            s.deep.depth = 20;
            s.deep.activation = Activation::Relu;
            s.deep.init = InitConfig { kind: InitKind::Xavier, ..InitConfig::default() };
            s
        },
    },
    Preset {
        id: "learning_rates",
        label: "Learning rate too low / right / too high",
        lesson: "Fitting a noisy sine with SGD: α = 0.0005 barely bends the curve in the budget; α = 0.1 fits it; α = 1.5 overshoots, the loss blows up and that run stops with “diverged at step k” while the others continue.",
        build: || {
            base(
                "learning_rates",
                data(DataKind::Sine),
                vec![16, 16],
                Activation::Tanh,
                vec![run(sgd(0.0005, 0.0)), run(sgd(0.1, 0.0)), run(sgd(1.5, 0.0))],
                1500,
            )
        },
    },
    Preset {
        id: "step_decay",
        label: "Step decay drops the loss",
        lesson: "With minibatches of 10 the loss stalls at a noise floor set by α; cutting α by 10× at step 600 (lecture 002) drops the loss to a lower floor.",
        build: || {
            let mut decayed = run(sgd(1.0, 0.0));
            decayed.batch_size = 10;
            decayed.schedule = ScheduleSpec::from_schedule(&Schedule::Step { step_size: 600, gamma: 0.1 });
            let mut constant = run(sgd(1.0, 0.0));
            constant.batch_size = 10;
            base("step_decay", data(DataKind::Xor), vec![32, 32], Activation::Tanh, vec![constant, decayed], 2000)
        },
    },
    Preset {
        id: "minibatch_noise",
        label: "Minibatch noise vs full batch",
        lesson: "Batches of 8 give a noisy but cheap gradient: the loss wiggles, yet per step it falls about as fast as the full-batch run, which costs 50× more per step.",
        build: || {
            let mut mini = run(sgd(0.2, 0.0));
            mini.batch_size = 8;
            let full = run(sgd(0.2, 0.0));
            base("minibatch_noise", data(DataKind::Circles), vec![16, 16], Activation::Tanh, vec![mini, full], 1500)
        },
    },
    Preset {
        id: "adam_vs_momentum",
        label: "Adam vs SGD with momentum",
        lesson: "On the 3-arm spiral Adam's per-weight step sizes get going quickly; SGD with momentum β = 0.9 needs its learning rate tuned to keep up.",
        build: || {
            base(
                "adam_vs_momentum",
                DataConfig { kind: DataKind::Spiral, arms: 3, noise: 0.03, ..DataConfig::default() },
                vec![32, 32],
                Activation::Tanh,
                vec![run(adam(0.01)), run(sgd(0.05, 0.9))],
                2000,
            )
        },
    },
    Preset {
        id: "nero",
        label: "Nero with its default α = 0.01",
        lesson: "Nero (per-neuron, rows kept mean-zero and unit-norm) uses its default α = 0.01 untuned; try other data sets and widths: it keeps working without re-tuning, unlike SGD's α.",
        build: || {
            let mut nero = run(OptimizerConfig::Nero(NeroConfig::default()));
            nero.init = InitConfig { kind: InitKind::Kaiming, ..InitConfig::default() };
            base(
                "nero",
                DataConfig { kind: DataKind::Spiral, arms: 3, noise: 0.03, ..DataConfig::default() },
                vec![32, 32],
                Activation::Relu,
                vec![nero, run(adam(0.001)), run(sgd(0.05, 0.0))],
                2000,
            )
        },
    },
    Preset {
        id: "nero_xor",
        label: "Nero, same α, on XOR",
        lesson: "The same Nero settings as the spiral preset, on XOR with a different network: still no tuning needed.",
        build: || {
            base(
                "nero_xor",
                data(DataKind::Xor),
                vec![8, 8, 8],
                Activation::Tanh,
                vec![run(OptimizerConfig::Nero(NeroConfig::default())), run(adam(0.001))],
                1500,
            )
        },
    },
    Preset {
        id: "width_sweep",
        label: "Width sweep: wide nets barely move",
        lesson: "Each width trains run 1's setup (one hidden layer) for the same number of steps; the relative weight change ‖W − W₀‖/‖W₀‖ falls as the width grows (lecture 001, over-parameterisation). The sweep runs in the ‘sweep’ view.",
        build: || {
            let mut s = base("width_sweep", data(DataKind::Circles), vec![32], Activation::Tanh, vec![run(sgd(0.1, 0.0))], 400);
            s.sweep = SweepSettings { widths: vec![8, 32, 128, 512], steps: 400 };
            s
        },
    },
];

/// The preset with id `id`.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}
