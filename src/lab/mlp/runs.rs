//! The MLP lab's runs on the shared optimizer card (`lab::card`, declared as `RUNS` in
//! `settings.rs`): the optimizers a network can use, each card's extra controls (initialisation,
//! L2 term, batch size), applying a card's setting, Duplicate / Remove / + Add run, and a run's
//! label and result line.

use crate::lab::card::{self, Card, Field};
use crate::lab::error::{LabError, LabResult};
use crate::lab::input::{echo, short_full};
use crate::lab::setting::Setting;
use crate::lab::widget::Control;
use crate::mlp::{BiasInit, InitKind};
use crate::optim::{OptimizerConfig, Schedule};
use crate::render::chart::short;

use super::settings::{choice, id_of, run_key, BATCH, L2, RUNS, RUN_BIAS, RUN_INIT, RUN_SCALE};
use super::state::RunConfig;
use super::widget::{MlpLab, RunSlot};

/// Optimizers offered for a network: all but those that need the objective itself.
pub(super) fn offered_optimizers() -> Vec<(String, String)> {
    card::all_optimizers().into_iter().filter(|(k, _)| OptimizerConfig::default_for(k).is_some_and(|o| !o.needs_objective())).collect()
}

/// A new optimizer of `kind` with the lab's defaults (GD 1/L gets L = 10 since no Hessian is known).
fn optimizer_for(kind: &str) -> LabResult<OptimizerConfig> {
    let mut o = card::optimizer_for(kind)?;
    if o.needs_objective() {
        return Err(LabError::refused(format!(
            "{} needs the Hessian of the loss (or values away from the current weights), which the MLP lab does not compute; use it in the optimizer lab",
            o.label()
        )));
    }
    if let OptimizerConfig::GdInvL(g) = &mut o {
        g.l = 10.0;
    }
    Ok(o)
}

/// Sets hyperparameter `h` of `o`, refusing options that need the objective.
fn set_hyperparameter(o: &mut OptimizerConfig, h: &str, value: &str) -> LabResult<()> {
    card::set_hyperparameter(o, h, value)?;
    if o.needs_objective() {
        return Err(LabError::refused(format!(
            "{} with this option needs a look-ahead gradient, which the MLP lab does not compute; use it in the optimizer lab",
            o.label()
        )));
    }
    Ok(())
}

/// The part of a run setting's key after `runs.#.` (`init.kind`).
fn field(s: &Setting) -> &'static str {
    &s.key["runs.#.".len()..]
}

/// Run `i`'s control of setting `s` showing `value`.
fn run_control(s: &Setting, i: usize, group: &str, value: impl Into<String>) -> Control {
    let mut c = s.control(group, value);
    c.key = run_key(s.key, i);
    c
}

impl MlpLab {
    /// Legend label of run `i`: "1 · Adam α=0.01" (", f32" when training in single precision).
    pub fn run_label(&self, i: usize) -> String {
        let Some(r) = self.state.runs.get(i) else { return String::new() };
        let mut s = format!("{} · {} α={}", i + 1, r.optimizer.label(), short(r.optimizer.lr()));
        if let OptimizerConfig::Sgd(c) = &r.optimizer {
            if c.momentum > 0.0 {
                s.push_str(&format!(" β={}", short(c.momentum)));
            }
        }
        if r.schedule != Schedule::Constant {
            s.push_str(&format!(", {}", r.schedule.label()));
        }
        let differs = |f: &dyn Fn(&RunConfig) -> String| self.state.runs.iter().any(|o| f(o) != f(r));
        if differs(&|o| id_of(&o.init.kind)) {
            s.push_str(&format!(", {} init", id_of(&r.init.kind)));
        }
        if differs(&|o| o.batch_size.to_string()) {
            s.push_str(&if r.batch_size == 0 { ", full batch".to_string() } else { format!(", B={}", r.batch_size) });
        }
        if differs(&|o| o.weight_decay.to_string()) {
            s.push_str(&format!(", λ={}", short(r.weight_decay)));
        }
        if self.state.precision != crate::mlp::Precision::F64 {
            // Every legend says when the passes are not the exact (f64) ones.
            s.push_str(&format!(", {}", self.state.precision.name()));
        }
        s
    }

    /// Run `i`'s card: the shared optimizer card with the run's own settings as its extras.
    pub(super) fn run_card(&self, i: usize, kinds: &[(String, String)]) -> Vec<Control> {
        let r = &self.state.runs[i];
        let card = Card { index: i, count: self.state.runs.len(), optimizer: &r.optimizer, kinds, schedule: Some(&r.schedule), result: Some(self.run_result(i)) };
        RUNS.controls(&card, &|_, _, _| None, self.run_extras(i))
    }

    /// Run `i`'s own settings: initialisation (its scale and bias where they apply), L2, batch size.
    fn run_extras(&self, i: usize) -> Vec<Control> {
        let r = &self.state.runs[i];
        let g = RUNS.group(i, &r.optimizer);
        let mut c = vec![run_control(&RUN_INIT, i, &g, id_of(&r.init.kind))];
        if matches!(r.init.kind, InitKind::Uniform | InitKind::Custom) {
            c.push(run_control(&RUN_SCALE, i, &g, short_full(r.init.scale)));
        }
        if r.init.kind != InitKind::Zero {
            c.push(run_control(&RUN_BIAS, i, &g, id_of(&r.init.bias)));
        }
        c.push(run_control(&L2, i, &g, short_full(r.weight_decay)));
        c.push(run_control(&BATCH, i, &g, r.batch_size.to_string()));
        c
    }

    /// What run `i` has done so far, for its card.
    fn run_result(&self, i: usize) -> String {
        match self.runs.get(i) {
            Some(RunSlot { error: Some(e), .. }) => format!("cannot run: {e}"),
            Some(RunSlot { trainer: Some(t), .. }) => match t.halted() {
                Some(h) => h.message.clone(),
                None => match (t.history().train_loss.last(), t.step_count()) {
                    (Some(l), s) if s > 0 => format!("step {s}, epoch {}, train loss {}", t.epoch(), short(*l)),
                    _ => "not started".into(),
                },
            },
            _ => String::new(),
        }
    }

    /// Sets `field` of run `i` (`key` is the whole key, for messages).
    pub(super) fn set_run(&mut self, i: usize, field: Field, key: &str, value: &str) -> LabResult<()> {
        let unknown = || LabError::unknown(format!("unknown setting “{}”", echo(key)));
        self.update(|s| {
            let r = &mut s.runs[i];
            match field {
                Field::OptimizerKind => r.optimizer = optimizer_for(value)?,
                Field::Hyperparameter(h) => set_hyperparameter(&mut r.optimizer, h, value)?,
                Field::ScheduleKind => r.schedule = card::schedule_for(value)?,
                Field::Schedule(h) => card::set_schedule(&mut r.schedule, h, value)?,
                Field::Other(f) => set_run_own(r, f, value)?.ok_or_else(unknown)?,
                Field::Duplicate | Field::Remove => return Err(unknown()),
            }
            Ok(())
        })
    }

    /// Duplicates or removes run `i` (the run shown stays a run); `None` for another field.
    pub(super) fn run_action(&mut self, i: usize, field: Field) -> Option<LabResult<()>> {
        Some(match field {
            Field::Duplicate => self.update(|s| RUNS.duplicate(&mut s.runs, i)),
            Field::Remove => self.update(|s| {
                RUNS.remove(&mut s.runs, i)?;
                s.focus = s.focus.min(s.runs.len() - 1);
                Ok(())
            }),
            _ => return None,
        })
    }

    /// + Add run: a copy of the last run with SGD at α = 0.1.
    pub(super) fn add_run(&mut self) -> LabResult<()> {
        RUNS.check_room(self.state.runs.len())?;
        let mut r = self.state.runs.last().cloned().unwrap_or_default();
        r.optimizer = optimizer_for("sgd")?;
        let _ = r.optimizer.set("lr", 0.1);
        self.update(move |s| {
            s.runs.push(r);
            Ok(())
        })
    }
}

/// Sets one of the run's own settings, field `f` (`init.kind`); `None` when it is not one.
fn set_run_own(r: &mut RunConfig, f: &str, value: &str) -> LabResult<Option<()>> {
    match f {
        f if f == field(&RUN_INIT) => r.init.kind = choice(&RUN_INIT, value)?,
        f if f == field(&RUN_SCALE) => r.init.scale = RUN_SCALE.real_value(value)?,
        f if f == field(&RUN_BIAS) => r.init.bias = choice::<BiasInit>(&RUN_BIAS, value)?,
        f if f == field(&L2) => r.weight_decay = L2.real_value(value)?,
        f if f == field(&BATCH) => r.batch_size = BATCH.whole_value(value)? as usize,
        _ => return Ok(None),
    }
    Ok(Some(()))
}
