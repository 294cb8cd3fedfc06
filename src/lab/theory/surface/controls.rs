//! The surface experiment's controls, settings and buttons: the shared transport, the shared
//! optimizer card, the network, the plane and the data.

use crate::lab::card::{self, Card, Field};
use crate::lab::error::{LabError, LabResult};
use crate::lab::input::short_full;
use crate::lab::mlp::settings::{choice, id_of};
use crate::lab::transport::{no_such_preset, play_step_reset, Action, Now, Set};
use crate::lab::widget::Control;
use crate::optim::OptimizerConfig;

use super::presets;
use super::settings::{
    group, params, ACTIVATION, COMPARE, DATA_KIND, DATA_N, DATA_SEED, DEPTH, DIRECTIONS, DIRECTION_SEED, GRID, MAX_PARAMS, MAX_PASS_MACS, NOISE, RADIUS, RUNS, SEED, SKIPS, TRANSPORT, WIDTH,
};
use super::state::SurfaceState;
use super::widget::SurfaceLab;

/// Optimizers offered: all but those that need the loss away from the current weights.
fn offered() -> Vec<(String, String)> {
    card::all_optimizers().into_iter().filter(|(k, _)| OptimizerConfig::default_for(k).is_some_and(|o| !o.needs_objective())).collect()
}

impl SurfaceLab {
    /// Every control, group by group.
    pub(super) fn all_controls(&self) -> Vec<Control> {
        let now = Now {
            playing: self.playing,
            speed: self.state.speed as f64,
            budget: self.state.budget,
            preset: &self.state.preset,
            presets: crate::lab::theory::preset_menu(),
            can_add: false,
        };
        let mut c = TRANSPORT.controls(&now, []);
        let run = &self.state.runs[0];
        let kinds = offered();
        let card = Card { index: 0, count: 1, optimizer: &run.optimizer, kinds: &kinds, schedule: Some(&run.schedule), result: None };
        c.extend(RUNS.controls(&card, &|_, _, _| None, vec![]));
        let g = "Network";
        let p = params(&self.state);
        let budget = format!(
            " P = {} weights now; P ≤ {} and N·P ≤ {} (one loss evaluation, the surface's slice) are refused beside this control.",
            group(p),
            group(MAX_PARAMS),
            group(MAX_PASS_MACS)
        );
        c.push(WIDTH.control(g, self.state.width.to_string()).help(format!("{}{budget}", WIDTH.help)));
        c.push(DEPTH.control(g, self.state.depth.to_string()).help(format!("{}{budget}", DEPTH.help)));
        c.push(ACTIVATION.control(g, id_of(&self.state.activation)));
        c.push(SKIPS.control(g, self.state.skips.to_string()));
        c.push(COMPARE.control(g, self.state.compare.to_string()));
        c.push(SEED.control(g, self.state.seed.to_string()));
        let g = "Plane";
        c.push(DIRECTIONS.control(g, id_of(&self.state.directions)));
        c.push(DIRECTION_SEED.control(g, self.state.direction_seed.to_string()));
        c.push(RADIUS.control(g, short_full(self.state.radius)));
        c.push(GRID.control(g, self.state.grid.to_string()));
        let g = "Data";
        c.push(DATA_KIND.control(g, id_of(&self.state.data.kind)));
        c.push(DATA_N.control(g, self.state.data.n.to_string()).help(format!("{}.{budget}", DATA_N.help)));
        c.push(NOISE.control(g, short_full(self.state.data.noise)));
        c.push(DATA_SEED.control(g, self.state.data.seed.to_string()));
        c
    }

    /// Changes one setting; on error nothing changes and the message shows beside the control.
    pub(super) fn apply(&mut self, key: &str, value: &str) -> LabResult<()> {
        if let Some(set) = TRANSPORT.setting(key, value) {
            return self.apply_transport(set?);
        }
        if let Some((_, field)) = RUNS.field(key, 1)? {
            return self.apply_card(field, key, value);
        }
        self.apply_own(key, value)
    }

    /// A transport setting (speed, budget, preset).
    fn apply_transport(&mut self, set: Set) -> LabResult<()> {
        match set {
            Set::Speed(v) => {
                self.state.speed = v as u64;
                Ok(())
            }
            Set::Budget(v) => self.update(|s| {
                s.budget = v;
                Ok(())
            }),
            Set::Preset(id) => self.load_preset(&id),
            Set::Nothing => Ok(()),
        }
    }

    /// A setting of the optimizer card.
    fn apply_card(&mut self, field: Field, key: &str, value: &str) -> LabResult<()> {
        self.update(|s| {
            let r = &mut s.runs[0];
            card::set_shared_field(&mut r.optimizer, &mut r.schedule, field, key, value)?;
            Ok(())
        })
    }

    /// One of the experiment's own settings.
    fn apply_own(&mut self, key: &str, value: &str) -> LabResult<()> {
        let set: Box<dyn FnOnce(&mut SurfaceState)> = match key {
            k if k == WIDTH.key => {
                let v = WIDTH.rounded_value(value)? as usize;
                Box::new(move |s| s.width = v)
            }
            k if k == DEPTH.key => {
                let v = DEPTH.rounded_value(value)? as usize;
                Box::new(move |s| s.depth = v)
            }
            k if k == ACTIVATION.key => {
                let a = choice(&ACTIVATION, value)?;
                Box::new(move |s| s.activation = a)
            }
            k if k == SKIPS.key => {
                let v = SKIPS.flag_value(value)?;
                Box::new(move |s| s.skips = v)
            }
            k if k == COMPARE.key => {
                let v = COMPARE.flag_value(value)?;
                Box::new(move |s| s.compare = v)
            }
            k if k == SEED.key => {
                let v = SEED.whole_value(value)?;
                Box::new(move |s| s.seed = v)
            }
            k if k == DIRECTIONS.key => {
                let v = choice(&DIRECTIONS, value)?;
                Box::new(move |s| s.directions = v)
            }
            k if k == DIRECTION_SEED.key => {
                let v = DIRECTION_SEED.whole_value(value)?;
                Box::new(move |s| s.direction_seed = v)
            }
            k if k == RADIUS.key => {
                let v = RADIUS.real_value(value)?;
                Box::new(move |s| s.radius = v)
            }
            k if k == GRID.key => {
                let v = GRID.rounded_value(value)? as usize;
                Box::new(move |s| s.grid = v)
            }
            k if k == DATA_KIND.key => {
                let v = choice(&DATA_KIND, value)?;
                Box::new(move |s| s.data.kind = v)
            }
            k if k == DATA_N.key => {
                let v = DATA_N.rounded_value(value)? as usize;
                Box::new(move |s| s.data.n = v)
            }
            k if k == NOISE.key => {
                let v = NOISE.real_value(value)?;
                Box::new(move |s| s.data.noise = v)
            }
            k if k == DATA_SEED.key => {
                let v = DATA_SEED.whole_value(value)?;
                Box::new(move |s| s.data.seed = v)
            }
            _ => return Err(LabError::unknown(format!("unknown setting “{}”", crate::lab::input::echo(key)))),
        };
        self.update(|s| {
            set(s);
            Ok(())
        })
    }

    /// A button.
    pub(super) fn act(&mut self, key: &str) -> LabResult<()> {
        match TRANSPORT.action(key) {
            Some(Action::Add) => Err(LabError::refused("one optimizer trains the network(s) in this experiment; “compare” trains the twin")),
            Some(a) => {
                let finished = self.study.as_ref().is_ok_and(|s| s.finished());
                if play_step_reset(a, &mut self.playing, &mut self.pending_steps, finished) {
                    self.rebuild();
                }
                Ok(())
            }
            None => Err(LabError::unknown(format!("unknown action “{}”", crate::lab::input::echo(key)))),
        }
    }

    /// Loads preset `id` and starts training.
    pub fn load_preset(&mut self, id: &str) -> LabResult<()> {
        let p = presets::find(id).ok_or_else(|| LabError::unknown(no_such_preset(id)))?;
        let s = (p.build)();
        s.check()?;
        self.state = s;
        self.rebuild();
        self.lesson = p.lesson.to_string();
        self.playing = true;
        Ok(())
    }
}
