//! The smoothness experiment's controls, settings and buttons: the shared transport, the step
//! rule and its noise, the problem.

use crate::lab::error::{LabError, LabResult};
use crate::lab::input::{echo, short_full};
use crate::lab::transport::{no_such_preset, play_step_reset, Action, Now, Set};
use crate::lab::widget::Control;
use crate::render::chart::short;

use super::presets;
use super::settings::{DATA_N, DATA_NOISE, DATA_P, DATA_SEED, DECADES, ETA, K0, NOISE, RULES, RUNS, TRANSPORT};
use super::state::{Rules, SmoothnessState};
use super::widget::SmoothnessLab;

impl SmoothnessLab {
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
        let s = &self.state;
        let g = "Step and noise";
        let rules = match s.rules {
            Rules::Constant => "constant",
            Rules::Decaying => "decaying",
            Rules::Both => "both",
        };
        c.push(RULES.control(g, rules));
        c.push(ETA.control(g, short_full(s.eta)));
        c.push(K0.control(g, short_full(s.k0)));
        let sigma = self.descent.as_ref().ok().map(|d| format!(" Now σ² = {} (‖g₀‖² = {}).", short(d.sigma_sq), short(d.problem.g0_sq))).unwrap_or_default();
        c.push(NOISE.control(g, short_full(s.noise)).help(format!("{}{sigma}", NOISE.help)));
        c.push(RUNS.control(g, s.runs.to_string()));
        let g = "Problem: least squares";
        let l = self.descent.as_ref().ok().map(|d| format!(" Now L = {}, κ = λ_max/λ_min = {}.", short(d.problem.smoothness()), short(d.problem.condition()))).unwrap_or_default();
        c.push(DATA_N.control(g, s.data.n.to_string()).help(format!("{}{l}", DATA_N.help)));
        c.push(DATA_P.control(g, s.data.p.to_string()));
        c.push(DECADES.control(g, short_full(s.data.decades)));
        c.push(DATA_NOISE.control(g, short_full(s.data.noise)));
        c.push(DATA_SEED.control(g, s.data.seed.to_string()));
        c
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
        type Edit = Box<dyn FnOnce(&mut SmoothnessState)>;
        let edit: Edit = match key {
            k if k == RULES.key => {
                let r = match RULES.choice_value(value)? {
                    "constant" => Rules::Constant,
                    "decaying" => Rules::Decaying,
                    _ => Rules::Both,
                };
                Box::new(move |s| s.rules = r)
            }
            k if k == ETA.key => {
                let v = ETA.real_value(value)?;
                Box::new(move |s| s.eta = v)
            }
            k if k == K0.key => {
                let v = K0.real_value(value)?;
                Box::new(move |s| s.k0 = v)
            }
            k if k == NOISE.key => {
                let v = NOISE.real_value(value)?;
                Box::new(move |s| s.noise = v)
            }
            k if k == RUNS.key => {
                let v = RUNS.rounded_value(value)? as usize;
                Box::new(move |s| s.runs = v)
            }
            k if k == DATA_N.key => {
                let v = DATA_N.rounded_value(value)? as usize;
                Box::new(move |s| s.data.n = v)
            }
            k if k == DATA_P.key => {
                let v = DATA_P.rounded_value(value)? as usize;
                Box::new(move |s| s.data.p = v)
            }
            k if k == DECADES.key => {
                let v = DECADES.real_value(value)?;
                Box::new(move |s| s.data.decades = v)
            }
            k if k == DATA_NOISE.key => {
                let v = DATA_NOISE.real_value(value)?;
                Box::new(move |s| s.data.noise = v)
            }
            k if k == DATA_SEED.key => {
                let v = DATA_SEED.whole_value(value)?;
                Box::new(move |s| s.data.seed = v)
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
            Some(Action::Add) => Err(LabError::refused("this experiment's runs are set by “step rule” and “runs R”")),
            Some(a) => {
                let finished = self.descent.as_ref().is_ok_and(|d| d.finished());
                if play_step_reset(a, &mut self.playing, &mut self.pending_steps, finished) {
                    self.rebuild();
                }
                Ok(())
            }
            None => Err(LabError::unknown(format!("unknown action “{}”", echo(key)))),
        }
    }

    /// Loads preset `id` and starts.
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
