//! The theory lab's controls, settings and buttons: the shared transport, the shared optimizer
//! card (one card; its α is the step of both models), the network and the data.

use crate::lab::card::{self, Card, Field};
use crate::lab::error::{LabError, LabResult};
use crate::lab::input::short_full;
use crate::lab::mlp::settings::{choice, id_of};
use crate::lab::transport::{no_such_preset, play_step_reset, Action, Now, Set};
use crate::lab::widget::Control;
use crate::optim::OptimizerConfig;
use crate::render::chart::short;

use super::presets;
use super::settings::{
    params_of, widest, ACTIVATION, CAUSE, DATA_KIND, DATA_N, DATA_SEED, DEPTH, GAIN, INIT, INIT_SCALE, INPUT_OFFSET, INPUT_SCALE, MAX_JACOBIAN_ENTRIES, NOISE, PER_L, RUNS, SEED, TRANSPORT, WIDTH,
};
use crate::lab::widget::ControlKind;
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
        let st = &self.state;
        let (dim, n) = (st.data.dim(), st.data.n);
        let p = params_of(st.width, st.depth, dim);
        c.push(WIDTH.control(g, st.width.to_string()).help(format!(
            "{} P = {p} weights now; the budget is J (N × P) ≤ {MAX_JACOBIAN_ENTRIES} entries (16 MB): at N = {n}, widths up to {} with 1 hidden layer, {} with 2, {} with 3.",
            WIDTH.help,
            widest(1, dim, n),
            widest(2, dim, n),
            widest(3, dim, n)
        )));
        c.push(DEPTH.control(g, st.depth.to_string()));
        c.push(ACTIVATION.control(g, id_of(&st.activation)));
        c.push(INIT.control(g, id_of(&st.init.kind)));
        c.push(INIT_SCALE.control(g, short_full(st.init.scale)));
        c.push(GAIN.control(g, short_full(st.gain)));
        c.push(SEED.control(g, st.seed.to_string()));
        let g = "Data";
        c.push(DATA_KIND.control(g, id_of(&st.data.kind)));
        c.push(DATA_N.control(g, n.to_string()));
        c.push(NOISE.control(g, short_full(st.data.noise)));
        c.push(INPUT_SCALE.control(g, short_full(st.data.scale)));
        c.push(INPUT_OFFSET.control(g, short_full(st.data.offset)));
        c.push(DATA_SEED.control(g, st.data.seed.to_string()));
        let g = "Width sweep";
        let running = self.sweep.as_ref().is_some_and(|w| !w.done());
        c.push(Control::button("sweep_run", if running { "■ Stop width sweep" } else { "▶ Run width sweep" }, g).help("Trains these settings at widths 8, 16, … up to the widest the budget allows, each for the current steps; the ‘sweep’ view plots the final gap and weight change against width"));
        c.push(Control::new("sweep.progress", "progress", g, self.sweep_progress(), ControlKind::Text));
        c.push(CAUSE.control("Conditioning", id_of(&st.cause)));
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
            k if k == DEPTH.key => {
                let v = DEPTH.rounded_value(value)? as usize;
                self.update(|s| {
                    s.depth = v;
                    Ok(())
                })
            }
            k if k == INIT.key => {
                let v = choice(&INIT, value)?;
                self.update(|s| {
                    s.init.kind = v;
                    Ok(())
                })
            }
            k if k == INIT_SCALE.key => {
                let v = INIT_SCALE.real_value(value)?;
                self.update(|s| {
                    s.init.scale = v;
                    Ok(())
                })
            }
            k if k == GAIN.key => {
                let v = GAIN.real_value(value)?;
                self.update(|s| {
                    s.gain = v;
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
            k if k == INPUT_SCALE.key => {
                let v = INPUT_SCALE.real_value(value)?;
                self.update(|s| {
                    s.data.scale = v;
                    Ok(())
                })
            }
            k if k == INPUT_OFFSET.key => {
                let v = INPUT_OFFSET.real_value(value)?;
                self.update(|s| {
                    s.data.offset = v;
                    Ok(())
                })
            }
            k if k == CAUSE.key => {
                // Only the conditioning view depends on it: training keeps its place.
                self.state.cause = choice(&CAUSE, value)?;
                self.state.preset.clear();
                self.restart_conditioning();
                Ok(())
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

    /// The width sweep's progress, for its control and the status line.
    pub(super) fn sweep_progress(&self) -> String {
        match &self.sweep {
            None => "not run yet".into(),
            Some(w) if w.stopped => format!("stopped after {} of {} widths", w.points.len(), w.widths.len()),
            Some(w) if w.done() => format!("done: {} widths", w.widths.len()),
            Some(w) => {
                let (d, n, k) = w.progress();
                format!("width {} ({} of {n}), step {k} of {}", w.widths[d], d + 1, self.state.budget)
            }
        }
    }

    /// A button.
    pub(super) fn act(&mut self, key: &str) -> LabResult<()> {
        if key == "sweep_run" {
            match &mut self.sweep {
                Some(w) if !w.done() => w.stopped = true,
                _ => self.sweep = Some(super::sweep::WidthSweep::new(&self.state)),
            }
            return Ok(());
        }
        match TRANSPORT.action(key) {
            Some(Action::Add) => Err(LabError::refused("one optimizer steps both models in this lab")),
            Some(a) => {
                let finished = self.pair.as_ref().is_ok_and(|p| p.finished());
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
        self.restart_conditioning();
        self.sweep = p.sweep.then(|| super::sweep::WidthSweep::new(&self.state));
        self.lesson = p.lesson.to_string();
        self.playing = true;
        Ok(())
    }
}
