//! The optima experiment's settings, each declared once, the ladders of network sizes and the
//! work budget.
//!
//! A [`Setting`]'s key is the path of its value in [`OptimaState`](super::state::OptimaState):
//! URL key, control key and `hide=` name. The ranges are written here only.

use crate::lab::card::Cards;
use crate::lab::error::{LabError, LabResult};
use crate::lab::setting::Setting;
use crate::lab::transport::Transport;

use super::state::OptimaState;

/// Largest seed accepted from the page (fits a JS number exactly; the K runs use seed … seed + K − 1).
pub const MAX_SEED: u64 = 4_294_967_295;

/// Multiply–adds of all runs together, at most: about 5 minutes of work in the browser.
pub const MAX_WORK: f64 = 1.5e11;

/// Multiply–adds per second in the browser (WebAssembly), for the expected time in the status: a
/// conservative half of what the native tests do (4.3 G multiply–adds of the preset's runs in
/// 3.4 s natively, test profile, on a shared 2-core machine).
pub const BROWSER_MACS_PER_SECOND: f64 = 5e8;

/// Training steps per animation frame, at most.
pub const SPEED: Setting = Setting::whole("speed", "speed", 1, 100_000)
    .log()
    .label("speed (steps per frame)")
    .help("Training steps per animation frame at most (of whichever run is in progress; a step of a large network on many points counts once per slice of it); a frame also stops after about 10 ms. Lower it to watch the histograms fill run by run.");
/// Steps of each run.
pub const BUDGET: Setting = Setting::whole("budget", "steps per run", 1, 20_000)
    .log()
    .label("steps per run")
    .help("Every run (each size, each initialisation) is trained for this many full-batch steps; the histogram shows the training loss after the last.");

/// ▶ runs the sweep (or continues it), ❚❚ stops it keeping the finished runs, Step ▸ finishes one
/// more run, ⟲ clears the results.
pub const TRANSPORT: Transport = Transport {
    group: "Training",
    speed: SPEED,
    budget: BUDGET,
    play_help: "Train the runs one after another (space bar); ❚❚ stops, keeping the runs finished, and ▶ continues",
    step_help: "Train one more run to its last step (→ key)",
    reset_help: "Forget every run: back to none trained",
    preset_help: "Reproduce a figure of the lectures in one click",
    add_label: "",
    add_help: "",
};

/// The one optimizer card: every run of every size is trained by it.
pub const RUNS: Cards = Cards {
    list: "runs",
    noun: "Optimizer",
    max: 1,
    needs_one: "the experiment needs its optimizer",
    kind_help: "Trains every run of every size with the same rule, step and schedule (full batch).",
    schedule_slider_max: 1e5,
};

/// A ladder of network sizes: what the sizes menu offers.
pub struct Ladder {
    /// Id (URL value).
    pub id: &'static str,
    /// Menu label.
    pub label: &'static str,
    /// The hidden widths of each size, smallest first.
    pub sizes: &'static [&'static [usize]],
}

/// The ladders offered.
pub const LADDERS: &[Ladder] = &[
    Ladder { id: "w2_32", label: "one hidden layer: 2, 4, 8, 32", sizes: &[&[2], &[4], &[8], &[32]] },
    Ladder { id: "w1_8", label: "one hidden layer: 1, 2, 4, 8", sizes: &[&[1], &[2], &[4], &[8]] },
    Ladder { id: "w4_64", label: "one hidden layer: 4, 8, 16, 64", sizes: &[&[4], &[8], &[16], &[64]] },
    Ladder { id: "w8_256", label: "one hidden layer: 8, 32, 128, 256", sizes: &[&[8], &[32], &[128], &[256]] },
    Ladder { id: "d2_32", label: "two hidden layers: 2×2, 4×4, 8×8, 32×32", sizes: &[&[2, 2], &[4, 4], &[8, 8], &[32, 32]] },
];

/// The sizes menu's options (id, label), in the order of [`LADDERS`].
const LADDER_OPTIONS: &[(&str, &str)] = &[
    ("w2_32", "one hidden layer: 2, 4, 8, 32"),
    ("w1_8", "one hidden layer: 1, 2, 4, 8"),
    ("w4_64", "one hidden layer: 4, 8, 16, 64"),
    ("w8_256", "one hidden layer: 8, 32, 128, 256"),
    ("d2_32", "two hidden layers: 2×2, 4×4, 8×8, 32×32"),
];

/// The ladder called `id`, or a message listing the ladders.
pub fn ladder(id: &str) -> LabResult<&'static Ladder> {
    LADDERS.iter().find(|l| l.id == id).ok_or_else(|| {
        let ids: Vec<&str> = LADDERS.iter().map(|l| l.id).collect();
        LabError::invalid(format!("there is no ladder of sizes called “{}” (there are {})", crate::lab::input::echo(id), ids.join(", ")))
    })
}

/// The ladder of sizes compared.
pub const SIZES: Setting = Setting::choice("sizes", "network sizes", LADDER_OPTIONS)
    .label("network sizes")
    .help("The four networks compared, smallest first (2 inputs, 2 class scores out, hidden widths as listed); each is trained from K initialisations.");
/// Hidden activation.
pub const ACTIVATION: Setting = Setting::choice("activation", "activation", &[("tanh", "tanh"), ("relu", "relu"), ("gelu", "gelu"), ("sigmoid", "sigmoid")]).label("activation σ");
/// Initialisations per size.
pub const SEEDS: Setting = Setting::whole("seeds", "initialisations K", 10, 100)
    .slider()
    .label("initialisations K per size")
    .help("Each size is trained from K initial weights (seeds s, s + 1, …, s + K − 1): the histogram of a size has K runs.");
/// First weight seed.
pub const SEED: Setting = Setting::whole("seed", "first weight seed", 0, MAX_SEED).label("first weight seed s").help("Run k (0 … K − 1) of every size starts from the weights drawn with seed s + k (Kaiming, PyTorch-style biases).");
/// The data set.
pub const DATA_KIND: Setting = Setting::choice("data.kind", "data set", &[("xor", "XOR (2 classes)"), ("circles", "circles (2 classes)"), ("gaussians", "two Gaussians"), ("spiral", "spiral (2 arms)")])
    .help("The MLP lab's 2-class sets; every point is for training (the loss is the training cross-entropy).");
/// Training points N.
pub const DATA_N: Setting = Setting::whole("data.n", "points N", 20, 1_000).log().label("points N");
/// Noise on the inputs.
pub const NOISE: Setting = Setting::real("data.noise", "noise", 0.0, 1.0).label("noise on the inputs").help("Standard deviation of the Gaussian noise added to the points: classes overlap more as it grows.");
/// Seed of the data.
pub const DATA_SEED: Setting = Setting::whole("data.seed", "data seed", 0, MAX_SEED);

/// Every setting declared with a [`Setting`].
pub const ALL: &[Setting] = &[SPEED, BUDGET, SIZES, ACTIVATION, SEEDS, SEED, DATA_KIND, DATA_N, NOISE, DATA_SEED];

/// Multiply–adds of the weight matrices of a 2 → `hidden` → 2 network (one forward pass of one
/// example; a training step costs about 3× this per example: forward and backward).
pub fn weights_of(hidden: &[usize]) -> usize {
    let mut widths = vec![2];
    widths.extend_from_slice(hidden);
    widths.push(2);
    widths.windows(2).map(|w| w[0] * w[1]).sum()
}

/// Parameters of a 2 → `hidden` → 2 network (weights and biases).
pub fn params_of(hidden: &[usize]) -> usize {
    weights_of(hidden) + hidden.iter().sum::<usize>() + 2
}

/// Multiply–adds of the whole sweep: K runs × steps × N × 3P summed over the sizes (a forward and
/// a backward pass per example and step; the counted work of the preset is within 5 % of this).
pub fn work_of(s: &OptimaState) -> f64 {
    let per_example: usize = ladder(&s.sizes).map_or(0, |l| l.sizes.iter().map(|h| 3 * params_of(h)).sum());
    s.seeds as f64 * s.budget as f64 * s.data.n as f64 * per_example as f64
}

/// Expected seconds of work in the browser for `macs` multiply–adds.
pub fn browser_seconds(macs: f64) -> f64 {
    macs / BROWSER_MACS_PER_SECOND
}

/// "12 s", "3.5 min".
pub fn duration(seconds: f64) -> String {
    if seconds < 1.0 {
        "under 1 s".into()
    } else if seconds < 90.0 {
        format!("{seconds:.0} s")
    } else {
        format!("{:.1} min", seconds / 60.0)
    }
}

/// Refuses a sweep over [`MAX_WORK`], saying what would fit.
pub fn check_work(s: &OptimaState) -> LabResult<()> {
    let work = work_of(s);
    if work <= MAX_WORK {
        return Ok(());
    }
    let scale = MAX_WORK / work;
    let steps = ((s.budget as f64 * scale).floor() as u64).max(1);
    let seeds = (s.seeds as f64 * scale).floor() as usize;
    let n = (s.data.n as f64 * scale).floor() as usize;
    let mut fits = vec![format!("steps per run ≤ {steps}")];
    if seeds >= 10 {
        fits.push(format!("K ≤ {seeds}"));
    }
    if n >= 20 {
        fits.push(format!("N ≤ {n}"));
    }
    Err(LabError::refused(format!(
        "{} runs × {} steps × N = {} on these sizes is {:.2e} multiply–adds, about {} of work in the browser: over this experiment's budget of {:.1e} (about {}). With the rest as it is: {}",
        s.seeds * ladder(&s.sizes).map_or(0, |l| l.sizes.len()),
        s.budget,
        s.data.n,
        work,
        duration(browser_seconds(work)),
        MAX_WORK,
        duration(browser_seconds(MAX_WORK)),
        fits.join(", or ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_refuses_with_the_reason_and_what_fits() {
        assert_eq!(LADDERS.len(), LADDER_OPTIONS.len());
        for (l, (id, label)) in LADDERS.iter().zip(LADDER_OPTIONS) {
            assert_eq!((l.id, l.label), (*id, *label));
            assert!(l.sizes.windows(2).all(|w| params_of(w[0]) < params_of(w[1])), "{}: sizes grow", l.id);
            assert!(l.sizes.len() <= crate::theory::optima::MAX_SIZES);
        }
        assert_eq!((weights_of(&[2]), params_of(&[2])), (8, 12));
        assert_eq!(params_of(&[32]), 162);
        let s = OptimaState::default();
        assert!(check_work(&s).is_ok());
        let big = OptimaState { sizes: "w8_256".into(), seeds: 100, budget: 20_000, data: super::super::state::OptimaData { n: 1000, ..Default::default() }, ..s };
        let e = check_work(&big).unwrap_err();
        assert_eq!(e.kind(), crate::lab::error::ErrorKind::Refused);
        assert!(e.message().contains("over this experiment's budget") && e.message().contains("steps per run ≤ "), "{}", e.message());
        // What the message offers fits.
        let steps: u64 = e.message().split("steps per run ≤ ").nth(1).and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next()).and_then(|t| t.parse().ok()).expect("a number");
        assert!(check_work(&OptimaState { budget: steps, ..big.clone() }).is_ok());
        assert!(check_work(&OptimaState { budget: steps + 1, ..big }).is_err());
    }
}
