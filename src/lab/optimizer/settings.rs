//! The optimizer lab's settings: each declared once (key = URL path = control key = `hide=` name,
//! name, label, range, help), and applying one typed value to the state.
//!
//! The racers' optimizers and schedules are cards (`lab::card`, ranges from `optim::hyper`), the
//! landscape's parameters come from the landscape's own descriptors (`LandscapeConfig::parameters`).

use crate::lab::card::{self, Cards, Field};
use crate::lab::error::{LabError, LabResult};
use crate::lab::input::{echo, parse_f64};
use crate::lab::setting::Setting;
use crate::lab::transport::{Set, Transport};
use crate::landscape::{LandscapeConfig, NoiseConfig};

use super::state::MAX_RACERS;
use super::widget::OptimizerLab;

/// Animation speed in iterations per second.
pub const SPEED: Setting = Setting::real("speed", "speed", 1.0, 5_000.0).log().label("speed (it/s)").help("Iterations revealed per second while playing");
/// Iteration budget: how many steps each racer takes.
pub const BUDGET: Setting = Setting::whole("budget", "iterations", 1, 20_000).help("How many steps each racer takes");
/// Arrows at each racer's iterate.
pub const ARROWS: Setting = Setting::flag("arrows", "arrows").label("show −∇f, −momentum and step at each racer");
/// The landscape (its menu lists `LandscapeConfig::kinds`).
pub const LANDSCAPE: Setting = Setting::choice("landscape.kind", "landscape", &[]);
/// Gradient noise σ (its range is the core's).
pub const NOISE_SIGMA: Setting = Setting::real("noise.sigma", "gradient noise σ", 0.0, NoiseConfig::SIGMA_MAX)
    .span(0.0, 5.0)
    .help("Stochastic mode: each gradient gets Gaussian noise with E‖g̃ − ∇f‖² = σ² (lecture 003)");
/// Minibatch size of the logistic landscape (0 = full batch).
pub const NOISE_BATCH: Setting = Setting::whole("noise.batch_size", "minibatch size", 0, 1000).label("minibatch size (0 = full)").help("True minibatch gradients of the logistic loss");
/// Seed of the gradient noise and minibatches.
pub const SEED: Setting = Setting::whole("seed", "seed", 0, 4_294_967_295).label("noise seed");
/// The common start point, a pair `start=x,y` shown as two boxes `start.x` and `start.y`.
pub const START: Setting = Setting::real("start", "start point", -1e4, 1e4).help("Or click the landscape");

/// Play, step, reset, speed, budget, the preset menu and “+ Add racer”.
pub const TRANSPORT: Transport = Transport {
    group: "Race",
    speed: SPEED,
    budget: BUDGET,
    play_help: "Animate the race (space bar)",
    step_help: "Reveal one more iteration (→ key)",
    reset_help: "Back to iteration 0",
    preset_help: "Reproduce a figure of the lectures in one click",
    add_label: "+ Add racer",
    add_help: "",
};

/// The racers' cards.
pub const RACERS: Cards = Cards { list: "racers", noun: "Racer", max: MAX_RACERS, needs_one: "the race needs at least one racer", kind_help: "", schedule_slider_max: f64::INFINITY };

/// Whether `p` is a usable start point (or racer offset).
pub fn start_ok(p: &[f64; 2]) -> bool {
    p.iter().all(|v| START.accepts(*v))
}

/// Why a start point is refused.
pub fn start_message() -> String {
    let (_, max) = START.range().unwrap_or_default();
    format!("the start point must be finite and within ±{max}")
}

impl OptimizerLab {
    /// Applies one typed setting (see [`crate::lab::widget::Widget::set`]); on error nothing changes.
    pub(super) fn apply(&mut self, key: &str, value: &str) -> LabResult<()> {
        if let Some(set) = TRANSPORT.setting(key, value) {
            return self.apply_transport(set?);
        }
        if let Some((i, field)) = RACERS.field(key, self.state.racers.len())? {
            return self.apply_card(i, field, key, value);
        }
        if let Some(typed) = self.apply_typed(key, value) {
            return typed;
        }
        match key {
            "arrows" => {
                self.state.arrows = ARROWS.flag_value(value)?;
                self.version += 1;
                return Ok(());
            }
            "landscape.kind" => return self.apply_landscape(value),
            "noise.sigma" => self.state.noise.sigma = NOISE_SIGMA.real_value(value)?,
            "noise.batch_size" => self.state.noise.batch_size = NOISE_BATCH.whole_value(value)? as usize,
            "seed" => self.state.seed = SEED.whole_value(value)?,
            "start.x" => return self.set_start([parse_f64("start x", value)?, self.state.start[1]]),
            "start.y" => return self.set_start([self.state.start[0], parse_f64("start y", value)?]),
            _ => match key.strip_prefix("landscape.") {
                Some(param) => {
                    let v = parse_f64(key, value)?;
                    let mut l = self.state.landscape.clone();
                    l.set(param, v)?;
                    self.surface = l.build()?;
                    self.state.landscape = l;
                }
                None => return Err(LabError::unknown(format!("unknown setting “{}”", echo(key)))),
            },
        }
        self.changed();
        Ok(())
    }

    fn apply_transport(&mut self, set: Set) -> LabResult<()> {
        match set {
            Set::Speed(v) => self.state.speed = v,
            Set::Budget(v) => {
                self.state.budget = v;
                self.state.shown = self.state.shown.min(v);
                self.changed();
            }
            Set::Preset(id) => self.load_preset(&id)?,
            Set::Nothing => {}
        }
        Ok(())
    }

    fn apply_landscape(&mut self, value: &str) -> LabResult<()> {
        let l = LandscapeConfig::default_for(value).ok_or_else(|| LabError::unknown(format!("unknown landscape “{}”", echo(value))))?;
        let surface = l.build()?;
        self.state.landscape = l;
        self.state.start = surface.default_start();
        self.state.view = [0.0; 4];
        self.surface = surface;
        self.state.shown = 0;
        self.playing = true;
        self.changed();
        Ok(())
    }

    fn apply_card(&mut self, i: usize, field: Field, key: &str, value: &str) -> LabResult<()> {
        let r = &mut self.state.racers[i];
        card::set_shared_field(&mut r.optimizer, &mut r.schedule, field, key, value)?;
        self.changed();
        Ok(())
    }
}

