//! The optimizer lab's whole configuration: one serde struct that round-trips through the URL.

use serde::{Deserialize, Serialize};

use crate::landscape::typed::check_view;
use crate::landscape::{LandscapeConfig, NoiseConfig, TypedConfig};
use crate::optim::{OptimizerConfig, Schedule};

use super::settings::{start_ok, BUDGET, SPEED, START};

/// Most racers on one landscape.
pub const MAX_RACERS: usize = 8;

/// One optimizer in the race.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RacerConfig {
    /// The optimizer and its hyperparameters.
    pub optimizer: OptimizerConfig,
    /// The learning-rate schedule.
    pub schedule: Schedule,
    /// Offset of this racer's start from the common start point (0, 0 for a fair race;
    /// presets use it for "several minima from nearby starts").
    pub offset: [f64; 2],
}

impl Default for RacerConfig {
    fn default() -> Self {
        RacerConfig { optimizer: OptimizerConfig::default_for("sgd").unwrap_or_else(|| OptimizerConfig::Sgd(Default::default())), schedule: Schedule::Constant, offset: [0.0, 0.0] }
    }
}

impl RacerConfig {
    /// A racer with `optimizer` and a constant learning rate.
    pub fn new(optimizer: OptimizerConfig) -> Self {
        RacerConfig { optimizer, schedule: Schedule::Constant, offset: [0.0, 0.0] }
    }
}

/// The optimizer lab's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OptimizerLabState {
    /// The loss landscape.
    pub landscape: LandscapeConfig,
    /// Stochastic mode: gradient noise σ and (logistic regression) minibatch size.
    pub noise: NoiseConfig,
    /// Seed of the gradient noise and minibatches.
    pub seed: u64,
    /// Common start point of the racers; `None`-like default is the landscape's suggestion.
    pub start: [f64; 2],
    /// Visible region [x_min, x_max, y_min, y_max]; all zeros = the landscape's default view.
    pub view: [f64; 4],
    /// The racers.
    pub racers: Vec<RacerConfig>,
    /// Iteration budget: how many steps each racer takes.
    pub budget: u64,
    /// Animation speed in iterations per second.
    pub speed: f64,
    /// Iterations revealed so far (the animation's playhead).
    pub shown: u64,
    /// Draw gradient, momentum buffer and step at each racer's current iterate.
    pub arrows: bool,
    /// The preset this state came from (for the preset menu; informative only).
    pub preset: String,
}

impl Default for OptimizerLabState {
    /// Adam against heavy-ball momentum on Rosenbrock's banana valley.
    fn default() -> Self {
        let mut momentum = crate::optim::SgdConfig::default();
        momentum.lr = 1e-3;
        momentum.momentum = 0.9;
        let mut adam = crate::optim::AdamConfig::default();
        adam.lr = 0.05;
        OptimizerLabState {
            landscape: LandscapeConfig::Rosenbrock,
            noise: NoiseConfig::default(),
            seed: 1,
            start: [-1.2, 1.0],
            view: [0.0; 4],
            racers: vec![RacerConfig::new(OptimizerConfig::Sgd(momentum)), RacerConfig::new(OptimizerConfig::Adam(adam))],
            budget: 1000,
            speed: 200.0,
            shown: 1000,
            arrows: false,
            preset: String::new(),
        }
    }
}

impl OptimizerLabState {
    /// Repairs anything out of range (from a hand-edited URL), returning one notice per repair.
    /// Whatever cannot be used falls back to its default; the result always validates.
    pub fn repair(&mut self) -> Vec<String> {
        let d = OptimizerLabState::default();
        let mut notes = Vec::new();
        if let Err(e) = self.landscape.validate() {
            if let LandscapeConfig::Typed(t) = &self.landscape {
                // A typed function that cannot be used: the default one, in the same view if it is usable.
                notes.push(format!("Your formula was not used ({e}); showing the default function."));
                let view = if check_view(&t.view).is_ok() { t.view } else { TypedConfig::default().view };
                self.landscape = LandscapeConfig::Typed(TypedConfig { view, ..TypedConfig::default() });
            } else {
                notes.push(format!("Landscape reset to Rosenbrock: {e}"));
                self.landscape = d.landscape.clone();
            }
        }
        if let Err(e) = self.noise.validate() {
            notes.push(format!("Gradient noise turned off: {e}"));
            self.noise = NoiseConfig::default();
        }
        let (_, start_limit) = START.range().unwrap_or_default();
        if !start_ok(&self.start) {
            notes.push(format!("Start point must be finite and within ±{start_limit}; using the default."));
            self.start = d.start;
        }
        if self.view != [0.0; 4] && !view_ok(&self.view) {
            notes.push("The view box in the address is not usable; showing the default view.".into());
            self.view = [0.0; 4];
        }
        if self.racers.is_empty() {
            notes.push("A race needs at least one racer; added the default ones.".into());
            self.racers = d.racers.clone();
        }
        if self.racers.len() > MAX_RACERS {
            notes.push(format!("At most {MAX_RACERS} racers; dropped the rest."));
            self.racers.truncate(MAX_RACERS);
        }
        for (i, r) in self.racers.iter_mut().enumerate() {
            if let Err(e) = r.optimizer.validate() {
                notes.push(format!("Racer {}: {e}; using {}'s defaults.", i + 1, r.optimizer.label()));
                if let Some(c) = OptimizerConfig::default_for(r.optimizer.kind()) {
                    r.optimizer = c;
                }
            }
            if let Err(e) = r.schedule.validate() {
                notes.push(format!("Racer {}: {e}; using a constant learning rate.", i + 1));
                r.schedule = Schedule::Constant;
            }
            if !start_ok(&r.offset) {
                notes.push(format!("Racer {}: start offset must be finite; set to 0.", i + 1));
                r.offset = [0.0, 0.0];
            }
        }
        if !BUDGET.accepts(self.budget as f64) {
            let (lo, hi) = BUDGET.range().unwrap_or_default();
            notes.push(format!("Iteration budget must be between {lo} and {hi} (got {}); using {}.", self.budget, d.budget));
            self.budget = d.budget;
        }
        if !SPEED.accepts(self.speed) {
            let (lo, hi) = SPEED.range().unwrap_or_default();
            notes.push(format!("Speed must be between {lo} and {hi} iterations per second; using {}.", d.speed));
            self.speed = d.speed;
        }
        self.shown = self.shown.min(self.budget);
        notes
    }
}

/// Whether a view box is finite, ordered, not degenerate and not absurdly large.
pub fn view_ok(v: &[f64; 4]) -> bool {
    v.iter().all(|x| x.is_finite() && x.abs() <= 1e6) && v[1] - v[0] > 1e-9 && v[3] - v[2] > 1e-9
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::url;

    #[test]
    fn default_state_is_valid_and_round_trips() {
        let mut s = OptimizerLabState::default();
        assert!(s.repair().is_empty());
        let q = url::encode(&s);
        let (back, notes) = url::decode::<OptimizerLabState>(&q, &[]);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back, s);
    }

    #[test]
    fn a_full_race_round_trips_through_the_url() {
        let mut s = OptimizerLabState::default();
        s.landscape = LandscapeConfig::Quadratic { kappa: 37.5, angle_deg: -20.0 };
        s.noise = NoiseConfig { sigma: 0.25, batch_size: 0 };
        s.seed = 99;
        s.start = [0.125, -1.75];
        s.view = [-3.0, 3.0, -2.0, 2.5];
        s.racers.clear();
        for kind in OptimizerConfig::kinds().iter().take(MAX_RACERS) {
            let mut r = RacerConfig::new(OptimizerConfig::default_for(kind).unwrap());
            r.schedule = Schedule::Cosine { t_max: 77, eta_min: 1e-4 };
            s.racers.push(r);
        }
        s.racers[0].schedule = Schedule::Step { step_size: 30, gamma: 0.5 };
        s.racers[1].offset = [0.5, -0.25];
        s.budget = 321;
        s.speed = 42.0;
        s.shown = 17;
        s.arrows = true;
        assert!(s.repair().is_empty());
        let (back, notes) = url::decode::<OptimizerLabState>(&url::encode(&s), &[]);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back, s);
    }

    #[test]
    fn out_of_range_values_are_repaired_with_notices() {
        let (mut s, notes) = url::decode::<OptimizerLabState>("budget=0&speed=1e9&start=1e300,0&racers.0.optimizer.kind=adam&racers.0.optimizer.lr=-1", &[]);
        assert!(notes.is_empty(), "decoding accepts well-typed values: {notes:?}");
        let fixes = s.repair();
        assert_eq!(fixes.len(), 4, "{fixes:?}");
        assert_eq!(s.budget, OptimizerLabState::default().budget);
        assert!(s.racers[0].optimizer.validate().is_ok());
        assert!(s.repair().is_empty(), "repair is idempotent");
    }
}
