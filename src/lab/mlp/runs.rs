//! The MLP lab's run cards: what each run chooses for itself (optimizer and its hyperparameters,
//! learning-rate schedule, initialisation, L2 term, batch size), its controls (keyed
//! `runs.N.…` like its URL keys), its label, and the buttons that add, duplicate and remove runs.
//! (To be replaced by the shared optimizer card of `lab::card` when the lab adopts it.)

use crate::lab::error::{LabError, LabResult};
use crate::lab::input::{parse_f64, short_full, slider};
use crate::lab::setting::Setting;
use crate::lab::widget::{Control, ControlKind};
use crate::mlp::{BiasInit, InitKind};
use crate::optim::{OptimizerConfig, Schedule};
use crate::render::chart::short;
use crate::render::theme::{css, series_color};

use super::settings::{choice, id_of, run_key, BATCH, L2, MAX_RUNS, RUN_BIAS, RUN_INIT, RUN_SCALE};
use super::state::RunConfig;
use super::widget::{MlpLab, RunSlot};

/// Optimizers offered for a network: all but those that need the objective itself.
fn offered_optimizers() -> Vec<(String, String)> {
    OptimizerConfig::kinds()
        .iter()
        .filter_map(|k| OptimizerConfig::default_for(k))
        .filter(|o| !o.needs_objective())
        .map(|o| (o.kind().to_string(), o.label().to_string()))
        .collect()
}

/// A new optimizer of `kind` with the lab's defaults (GD 1/L gets L = 10 since no Hessian is known).
fn optimizer_for(kind: &str) -> LabResult<OptimizerConfig> {
    let mut o = OptimizerConfig::default_for(kind).ok_or_else(|| LabError::unknown(format!("unknown optimizer “{}”", kind.chars().take(30).collect::<String>())))?;
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
    /// Legend label of run `i`: "1 · Adam α=0.01".
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
        s
    }

    /// The controls of run `i`'s card.
    pub(super) fn run_controls(&self, i: usize) -> Vec<Control> {
        let r = &self.state.runs[i];
        let g = format!("Run {} · {}", i + 1, r.optimizer.label());
        let key = |f: &str| format!("runs.{i}.{f}");
        let mut c = vec![
            Control::new(key("optimizer.kind"), "optimizer", g.clone(), r.optimizer.kind(), ControlKind::Select { options: offered_optimizers() })
                .swatch(css(series_color(i)))
                .help("Every optimizer of the optimizer lab, plus Madam and Nero. Newton and cubic-regularised Newton are not offered: they need the Hessian of the loss, which this lab does not compute for a network."),
            Control::new(key("rule"), "update", g.clone(), r.optimizer.update_rule(), ControlKind::Text),
        ];
        for h in r.optimizer.hyperparameters() {
            let k = key(&format!("optimizer.{}", h.key));
            c.push(if h.is_bool {
                Control::new(k, h.label, g.clone(), (h.value != 0.0).to_string(), ControlKind::Checkbox).help(h.help)
            } else {
                slider(k, h.label, &g, h.value, h.slider.0, h.slider.1, h.log_scale).help(h.help)
            });
        }
        let schedules = Schedule::kinds().iter().filter_map(|k| Schedule::default_for(k).map(|s| (k.to_string(), s.label().to_string()))).collect();
        c.push(Control::new(key("schedule.kind"), "lr schedule", g.clone(), r.schedule.kind(), ControlKind::Select { options: schedules }));
        for h in r.schedule.hyperparameters() {
            c.push(slider(key(&format!("schedule.{}", h.key)), h.label, &g, h.value, h.slider.0, h.slider.1.min(1e6), h.log_scale).help(h.help));
        }
        c.push(run_control(&RUN_INIT, i, &g, id_of(&r.init.kind)));
        if matches!(r.init.kind, InitKind::Uniform | InitKind::Custom) {
            c.push(run_control(&RUN_SCALE, i, &g, short_full(r.init.scale)));
        }
        if r.init.kind != InitKind::Zero {
            c.push(run_control(&RUN_BIAS, i, &g, id_of(&r.init.bias)));
        }
        c.push(run_control(&L2, i, &g, short_full(r.weight_decay)));
        c.push(run_control(&BATCH, i, &g, r.batch_size.to_string()));
        c.push(Control::new(key("result"), "result", g.clone(), self.run_result(i), ControlKind::Text));
        if self.state.runs.len() < MAX_RUNS {
            c.push(Control::button(key("dup"), "Duplicate", g.clone()));
        }
        if self.state.runs.len() > 1 {
            c.push(Control::button(key("remove"), "Remove", g.clone()));
        }
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

    /// The run a key `runs.N.…` is about, and the rest of the key.
    pub(super) fn run_index<'k>(&self, key: &'k str) -> LabResult<(usize, &'k str)> {
        let unknown = || LabError::unknown(format!("unknown setting “{}”", key.chars().take(40).collect::<String>()));
        let rest = key.strip_prefix("runs.").ok_or_else(unknown)?;
        let (idx, field) = rest.split_once('.').ok_or_else(unknown)?;
        let i: usize = idx.parse().map_err(|_| unknown())?;
        if i >= self.state.runs.len() {
            return Err(LabError::unknown(format!("there is no run {}", i + 1)));
        }
        Ok((i, field))
    }

    /// Sets field `f` (the key after `runs.N.`) of run `i`.
    pub(super) fn set_run(&mut self, i: usize, f: &str, value: &str) -> LabResult<()> {
        let unknown = || LabError::unknown(format!("unknown setting “runs.{i}.{}”", f.chars().take(30).collect::<String>()));
        self.update(|s| {
            let r = &mut s.runs[i];
            match f {
                "optimizer.kind" => r.optimizer = optimizer_for(value)?,
                "schedule.kind" => r.schedule = Schedule::default_for(value).ok_or_else(|| LabError::unknown(format!("unknown schedule “{}”", value.chars().take(20).collect::<String>())))?,
                f if f == field(&RUN_INIT) => r.init.kind = choice(&RUN_INIT, value)?,
                f if f == field(&RUN_SCALE) => r.init.scale = RUN_SCALE.real_value(value)?,
                f if f == field(&RUN_BIAS) => r.init.bias = choice::<BiasInit>(&RUN_BIAS, value)?,
                f if f == field(&L2) => r.weight_decay = L2.real_value(value)?,
                f if f == field(&BATCH) => r.batch_size = BATCH.whole_value(value)? as usize,
                _ => match (f.strip_prefix("schedule."), f.strip_prefix("optimizer.")) {
                    (Some(h), _) => r.schedule.set(h, parse_f64(f, value)?)?,
                    (_, Some(h)) => set_hyperparameter(&mut r.optimizer, h, value)?,
                    _ => return Err(unknown()),
                },
            }
            Ok(())
        })
    }

    /// Duplicates or removes run `i`; `None` for another button.
    pub(super) fn run_action(&mut self, i: usize, button: &str) -> Option<LabResult<()>> {
        Some(match button {
            "dup" if self.state.runs.len() >= MAX_RUNS => Err(LabError::refused(format!("at most {MAX_RUNS} runs"))),
            "dup" => self.update(|s| {
                let r = s.runs[i].clone();
                s.runs.insert(i + 1, r);
                Ok(())
            }),
            "remove" if self.state.runs.len() <= 1 => Err(LabError::refused("the lab needs at least one run")),
            "remove" => self.update(|s| {
                s.runs.remove(i);
                s.focus = s.focus.min(s.runs.len() - 1);
                Ok(())
            }),
            _ => return None,
        })
    }

    /// + Add run: a copy of the last run with SGD at α = 0.1.
    pub(super) fn add_run(&mut self) -> LabResult<()> {
        if self.state.runs.len() >= MAX_RUNS {
            return Err(LabError::refused(format!("at most {MAX_RUNS} runs")));
        }
        let mut r = self.state.runs.last().cloned().unwrap_or_default();
        r.optimizer = optimizer_for("sgd")?;
        let _ = r.optimizer.set("lr", 0.1);
        self.update(move |s| {
            s.runs.push(r);
            Ok(())
        })
    }
}

/// Sets hyperparameter `h` of `o` (checkboxes send true/false), refusing options that need the
/// objective.
fn set_hyperparameter(o: &mut OptimizerConfig, h: &str, value: &str) -> LabResult<()> {
    let v = match value {
        "true" => 1.0,
        "false" => 0.0,
        _ => parse_f64(h, value)?,
    };
    o.set(h, v)?;
    if o.needs_objective() {
        return Err(LabError::refused(format!(
            "{} with this option needs a look-ahead gradient, which the MLP lab does not compute; use it in the optimizer lab",
            o.label()
        )));
    }
    Ok(())
}
