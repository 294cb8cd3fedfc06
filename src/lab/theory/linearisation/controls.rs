//! The theory lab's controls, settings and buttons: the shared transport, the shared optimizer
//! card (one card; its α is the step of both models), the network and the data.

use crate::lab::card::{self, Card, Field};
use crate::lab::error::{LabError, LabResult};
use crate::lab::input::short_full;
use crate::lab::mlp::settings::{choice, id_of};
use crate::lab::transport::{no_such_preset, Action, Now, Set};
use crate::lab::widget::Control;
use crate::optim::OptimizerConfig;
use crate::render::chart::short;

use super::presets;
use super::settings::{params_of, ACTIVATION, DATA_N, DATA_SEED, NOISE, PER_L, RUNS, SEED, TRANSPORT, WIDTH};
use super::widget::LinearisationLab;

/// Optimizers offered: all but those that need the loss away from the current weights.
fn offered() -> Vec<(String, String)> {
    card::all_optimizers().into_iter().filter(|(k, _)| OptimizerConfig::default_for(k).is_some_and(|o| !o.needs_objective())).collect()
}

impl LinearisationLab {
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
        let result = self.pair.as_ref().ok().filter(|p| p.alpha0.is_finite()).map(|p| format!("step used α₀ = {} (1/L₀ = {})", short(p.alpha0), short(1.0 / p.l0())));
        let card = Card { index: 0, count: 1, optimizer: &run.optimizer, kinds: &kinds, schedule: Some(&run.schedule), result };
        c.extend(RUNS.controls(&card, &|_, _, _| None, vec![PER_L.control(&RUNS.group(0, &run.optimizer), self.state.per_l.to_string())]));
        let g = "Network";
        let p = params_of(self.state.width);
        c.push(WIDTH.control(g, self.state.width.to_string()).help(format!("{} P = 3m + 1 = {p} weights now; J (N × P) may have at most {} entries.", WIDTH.help, super::settings::MAX_JACOBIAN_ENTRIES)));
        c.push(ACTIVATION.control(g, id_of(&self.state.activation)));
        c.push(SEED.control(g, self.state.seed.to_string()));
        let g = "Data";
        c.push(DATA_N.control(g, self.state.data.n.to_string()));
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
            match field {
                Field::OptimizerKind => r.optimizer = card::optimizer_for(value)?,
                Field::Hyperparameter(h) => card::set_hyperparameter(&mut r.optimizer, h, value)?,
                Field::ScheduleKind => r.schedule = card::schedule_for(value)?,
                Field::Schedule(h) => card::set_schedule(&mut r.schedule, h, value)?,
                Field::Duplicate | Field::Remove | Field::Other(_) => return Err(LabError::unknown(format!("unknown setting “{}”", crate::lab::input::echo(key)))),
            }
            Ok(())
        })
    }

    /// One of the lab's own settings (width, activation, seeds, data).
    fn apply_own(&mut self, key: &str, value: &str) -> LabResult<()> {
        match key {
            k if k == WIDTH.key => {
                let v = WIDTH.rounded_value(value)? as usize;
                self.update(|s| {
                    s.width = v;
                    Ok(())
                })
            }
            k if k == ACTIVATION.key => {
                let a = choice(&ACTIVATION, value)?;
                self.update(|s| {
                    s.activation = a;
                    Ok(())
                })
            }
            k if k == SEED.key => {
                let v = SEED.whole_value(value)?;
                self.update(|s| {
                    s.seed = v;
                    Ok(())
                })
            }
            k if k == PER_L.key => {
                let v = PER_L.flag_value(value)?;
                self.update(|s| {
                    s.per_l = v;
                    Ok(())
                })
            }
            k if k == DATA_N.key => {
                let v = DATA_N.rounded_value(value)? as usize;
                self.update(|s| {
                    s.data.n = v;
                    Ok(())
                })
            }
            k if k == NOISE.key => {
                let v = NOISE.real_value(value)?;
                self.update(|s| {
                    s.data.noise = v;
                    Ok(())
                })
            }
            k if k == DATA_SEED.key => {
                let v = DATA_SEED.whole_value(value)?;
                self.update(|s| {
                    s.data.seed = v;
                    Ok(())
                })
            }
            _ => Err(LabError::unknown(format!("unknown setting “{}”", crate::lab::input::echo(key)))),
        }
    }

    /// A button.
    pub(super) fn act(&mut self, key: &str) -> LabResult<()> {
        match TRANSPORT.action(key) {
            Some(Action::Play) => {
                if !self.playing && self.pair.as_ref().is_ok_and(|p| p.finished()) {
                    self.rebuild();
                }
                self.playing = !self.playing;
                Ok(())
            }
            Some(Action::Step) => {
                self.playing = false;
                self.pending_steps += 1;
                Ok(())
            }
            Some(Action::Reset) => {
                self.playing = false;
                self.rebuild();
                Ok(())
            }
            Some(Action::Add) => Err(LabError::refused("one optimizer steps both models in this lab")),
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
