//! The relative-updates experiment's controls, settings and buttons: the shared transport, up to
//! four optimizer cards, the network and its data.

use crate::lab::card::{self, Card, Field};
use crate::lab::error::{LabError, LabResult};
use crate::lab::input::echo;
use crate::lab::mlp::settings::{choice, id_of};
use crate::lab::transport::{no_such_preset, Action, Now, Set};
use crate::lab::widget::Control;
use crate::optim::OptimizerConfig;
use crate::render::chart::short;

use super::presets;
use super::settings::{params_of, ACTIVATION, BATCH, DATA, DATA_N, DATA_SEED, DEPTH, RUNS, SEED, TRANSPORT, WIDTH};
use super::state::RelativeState;
use super::widget::RelativeLab;

/// Optimizers offered: all but those that need the loss away from the current weights.
fn offered() -> Vec<(String, String)> {
    card::all_optimizers().into_iter().filter(|(k, _)| OptimizerConfig::default_for(k).is_some_and(|o| !o.needs_objective())).collect()
}

impl RelativeLab {
    /// Every control, group by group.
    pub(super) fn all_controls(&self) -> Vec<Control> {
        let now = Now {
            playing: self.playing,
            speed: self.state.speed as f64,
            budget: self.state.budget,
            preset: &self.state.preset,
            presets: crate::lab::theory::preset_menu(),
            can_add: self.state.runs.len() < RUNS.max,
        };
        let mut c = TRANSPORT.controls(&now, []);
        let kinds = offered();
        for (i, r) in self.state.runs.iter().enumerate() {
            let card = Card { index: i, count: self.state.runs.len(), optimizer: &r.optimizer, kinds: &kinds, schedule: Some(&r.schedule), result: Some(self.result(i)) };
            c.extend(RUNS.controls(&card, &|_, _, _| None, Vec::new()));
        }
        let g = "Network and data";
        let n = &self.state.net;
        c.push(DATA.control(g, id_of(&n.data)));
        c.push(DATA_N.control(g, n.n.to_string()));
        c.push(WIDTH.control(g, n.width.to_string()).help(format!("{} P = {} weights now.", WIDTH.help, params_of(&self.state))));
        c.push(DEPTH.control(g, n.depth.to_string()));
        c.push(ACTIVATION.control(g, id_of(&n.activation)));
        c.push(BATCH.control(g, n.batch.to_string()));
        c.push(SEED.control(g, n.seed.to_string()));
        c.push(DATA_SEED.control(g, n.data_seed.to_string()));
        c
    }

    /// Card `i`'s result line.
    fn result(&self, i: usize) -> String {
        let Some(x) = self.race.as_ref().ok().and_then(|r| r.racers.get(i)) else { return String::new() };
        if let Some(h) = &x.halted {
            return h.clone();
        }
        match (x.steps.last(), x.trainer.history().train_loss.last()) {
            (Some(m), Some(l)) => format!("step {}: training loss {}, gradient change {} (model {})", m.step + 1, short(*l), short(m.measured), short(m.model)),
            _ => "not started".into(),
        }
    }

    /// Changes one setting; on error nothing changes and the message shows beside the control.
    pub(super) fn apply(&mut self, key: &str, value: &str) -> LabResult<()> {
        if let Some(set) = TRANSPORT.setting(key, value) {
            return match set? {
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
            };
        }
        if let Some((i, field)) = RUNS.field(key, self.state.runs.len())? {
            return self.update(|s| {
                let r = &mut s.runs[i];
                card::set_shared_field(&mut r.optimizer, &mut r.schedule, field, key, value)?;
                Ok(())
            });
        }
        type Edit = Box<dyn FnOnce(&mut RelativeState)>;
        let edit: Edit = match key {
            k if k == DATA.key => {
                let v = choice(&DATA, value)?;
                Box::new(move |s| s.net.data = v)
            }
            k if k == DATA_N.key => {
                let v = DATA_N.rounded_value(value)? as usize;
                Box::new(move |s| s.net.n = v)
            }
            k if k == WIDTH.key => {
                let v = WIDTH.rounded_value(value)? as usize;
                Box::new(move |s| s.net.width = v)
            }
            k if k == DEPTH.key => {
                let v = DEPTH.rounded_value(value)? as usize;
                Box::new(move |s| s.net.depth = v)
            }
            k if k == ACTIVATION.key => {
                let v = choice(&ACTIVATION, value)?;
                Box::new(move |s| s.net.activation = v)
            }
            k if k == BATCH.key => {
                let v = BATCH.rounded_value(value)? as usize;
                Box::new(move |s| s.net.batch = v)
            }
            k if k == SEED.key => {
                let v = SEED.whole_value(value)?;
                Box::new(move |s| s.net.seed = v)
            }
            k if k == DATA_SEED.key => {
                let v = DATA_SEED.whole_value(value)?;
                Box::new(move |s| s.net.data_seed = v)
            }
            _ => return Err(LabError::unknown(format!("unknown setting “{}”", echo(key)))),
        };
        self.update(|s| {
            edit(s);
            Ok(())
        })
    }

    /// A button.
    pub(super) fn act(&mut self, key: &str) -> LabResult<()> {
        match TRANSPORT.action(key) {
            Some(Action::Play) => {
                if !self.playing && self.race.as_ref().is_ok_and(|r| r.finished()) {
                    self.rebuild();
                }
                self.playing = !self.playing;
                Ok(())
            }
            Some(Action::Step) => {
                self.playing = false;
                let now = self.race.as_ref().map_or(0, |r| r.steps());
                self.step_target = Some(self.step_target.unwrap_or(now) + 1);
                Ok(())
            }
            Some(Action::Reset) => {
                self.playing = false;
                self.rebuild();
                Ok(())
            }
            Some(Action::Add) => {
                RUNS.check_room(self.state.runs.len())?;
                let mut r = self.state.runs.last().cloned().unwrap_or_default();
                r.optimizer = card::optimizer_for("nero")?;
                self.update(move |s| {
                    s.runs.push(r);
                    Ok(())
                })
            }
            None => match RUNS.field(key, self.state.runs.len())? {
                Some((i, Field::Duplicate)) => self.update(|s| RUNS.duplicate(&mut s.runs, i)),
                Some((i, Field::Remove)) => self.update(|s| RUNS.remove(&mut s.runs, i)),
                _ => Err(LabError::unknown(format!("unknown action “{}”", echo(key)))),
            },
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
