//! The optima experiment's controls, settings and buttons: the shared transport (▶ runs or
//! continues the sweep, ❚❚ stops it keeping the finished runs, Step ▸ one more run, ⟲ clears),
//! the shared optimizer card (one card for every run), the sizes, the seeds and the data.

use crate::lab::card::{self, Card, Field};
use crate::lab::error::{LabError, LabResult};
use crate::lab::input::short_full;
use crate::lab::mlp::settings::{choice, id_of};
use crate::lab::transport::{no_such_preset, Action, Now, Set};
use crate::lab::widget::Control;
use crate::optim::OptimizerConfig;

use super::presets;
use super::settings::{browser_seconds, duration, ladder, params_of, work_of, ACTIVATION, DATA_KIND, DATA_N, DATA_SEED, MAX_WORK, NOISE, RUNS, SEED, SEEDS, SIZES, TRANSPORT};
use super::widget::{runs_done, size_label, OptimaLab};

/// Optimizers offered: all but those that need the loss away from the current weights.
fn offered() -> Vec<(String, String)> {
    card::all_optimizers().into_iter().filter(|(k, _)| OptimizerConfig::default_for(k).is_some_and(|o| !o.needs_objective())).collect()
}

impl OptimaLab {
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
        let work = work_of(&self.state);
        let cost = format!(
            "The whole sweep (K × steps × N × 3P summed over the sizes) is {work:.2e} multiply–adds now, about {} in the browser; at most {MAX_WORK:.1e} (about {}) is accepted.",
            duration(browser_seconds(work)),
            duration(browser_seconds(MAX_WORK))
        );
        if let Some(b) = c.iter_mut().find(|c| c.key == "budget") {
            b.help = format!("{} {cost}", b.help);
        }
        let run = &self.state.runs[0];
        let kinds = offered();
        let result = self.sweep.as_ref().ok().map(|sw| format!("{} of {} runs trained", runs_done(sw), self.state.seeds * sw.results().len()));
        let card = Card { index: 0, count: 1, optimizer: &run.optimizer, kinds: &kinds, schedule: Some(&run.schedule), result };
        c.extend(RUNS.controls(&card, &|_, _, _| None, Vec::new()));
        let g = "Networks";
        let params = ladder(&self.state.sizes).map(|l| l.sizes.iter().map(|h| format!("{}: P = {}", size_label(h), params_of(h))).collect::<Vec<_>>().join(", ")).unwrap_or_default();
        c.push(SIZES.control(g, self.state.sizes.clone()).help(format!("{} Now {params}.", SIZES.help)));
        c.push(ACTIVATION.control(g, id_of(&self.state.activation)));
        c.push(SEEDS.control(g, self.state.seeds.to_string()).help(format!("{} {cost}", SEEDS.help)));
        c.push(SEED.control(g, self.state.seed.to_string()));
        let g = "Data";
        c.push(DATA_KIND.control(g, id_of(&self.state.data.kind)));
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

    /// A transport setting (speed, steps per run, preset).
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

    /// One of the experiment's own settings (sizes, activation, seeds, data).
    fn apply_own(&mut self, key: &str, value: &str) -> LabResult<()> {
        match key {
            k if k == SIZES.key => {
                let v = SIZES.choice_value(value)?.to_string();
                self.update(|s| {
                    s.sizes = v;
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
            k if k == SEEDS.key => {
                let v = SEEDS.rounded_value(value)? as usize;
                self.update(|s| {
                    s.seeds = v;
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
            k if k == DATA_KIND.key => {
                let v = choice(&DATA_KIND, value)?;
                self.update(|s| {
                    s.data.kind = v;
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
                if self.done() {
                    return Err(LabError::refused("every run is trained: ⟲ Reset to train them again, or change a setting"));
                }
                self.playing = !self.playing;
                if !self.playing {
                    self.pending_runs = 0;
                }
                Ok(())
            }
            Some(Action::Step) => {
                if self.done() {
                    return Err(LabError::refused("every run is trained: ⟲ Reset to train them again"));
                }
                self.playing = false;
                self.pending_runs += 1;
                Ok(())
            }
            Some(Action::Reset) => {
                self.playing = false;
                self.rebuild();
                Ok(())
            }
            Some(Action::Add) => Err(LabError::refused("one optimizer trains every run in this experiment")),
            None => Err(LabError::unknown(format!("unknown action “{}”", crate::lab::input::echo(key)))),
        }
    }

    /// Loads preset `id` and starts the sweep.
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
