//! One setting changed: `set(key, value)`, the key being the value's path in the state (its URL
//! key). The value is parsed and range-checked by its declaration in `settings.rs`; on error
//! nothing changes.

use crate::lab::error::{LabError, LabResult};
use crate::lab::input::echo;
use crate::mlp::{parse_csv, Activation, DataKind, InitKind};

use super::settings::{TARGET_FORMULA, RULE, 
    choice, ACTIVATION, PRECISION, RESIDUAL, ARMS, DATA_KIND, DATA_N, DATA_SEED, DEEP_ACTIVATION, DEEP_INIT, DEEP_SCALE, DEEP_WIDTH, HIDDEN, NOISE, SEED, SWEEP_STEPS,
    SWEEP_WIDTHS, VAL_FRACTION, DEEP_DEPTH, RUNS, TRANSPORT,
};
use super::validate::{check_deep, check_sweep};
use super::widget::MlpLab;

impl MlpLab {
    /// Changes setting `key` to `value` (text from the page).
    pub(super) fn apply(&mut self, key: &str, value: &str) -> LabResult<()> {
        if let Some(set) = TRANSPORT.setting(key, value) {
            return self.apply_transport(set?);
        }
        if let Some((i, field)) = RUNS.field(key, self.state.runs.len())? {
            return self.set_run(i, field, key, value);
        }
        match key {
            "focus" => self.set_focus(value),
            "csv" => self.upload_csv(value),
            k if k.starts_with("deep.") => self.set_deep(k, value),
            k if k.starts_with("sweep.") => self.set_sweep(k, value),
            k if k.starts_with("data.") => self.set_data(k, value),
            k if k == HIDDEN.key => {
                let h = HIDDEN.value(value)?;
                self.update(move |s| {
                    s.hidden = h;
                    Ok(())
                })
            }
            k if k == ACTIVATION.key => {
                let a: Activation = choice(&ACTIVATION, value)?;
                self.update(move |s| {
                    s.activation = a;
                    Ok(())
                })
            }
            k if k == PRECISION.key => {
                let p: crate::mlp::Precision = choice(&PRECISION, value)?;
                self.update(move |s| {
                    s.precision = p;
                    Ok(())
                })
            }
            k if k == RESIDUAL.key => {
                let on = RESIDUAL.flag_value(value)?;
                self.update(move |s| {
                    s.residual = on;
                    Ok(())
                })
            }
            k if k == SEED.key => {
                let v = SEED.whole_value(value)?;
                self.update(move |s| {
                    s.seed = v;
                    Ok(())
                })
            }
            _ => Err(LabError::unknown(format!("unknown setting “{}”", echo(key)))),
        }
    }

    /// A data set uploaded as CSV replaces the generated one (the current data are kept if the
    /// file is refused).
    fn upload_csv(&mut self, text: &str) -> LabResult<()> {
        let d = parse_csv(text).map_err(|e| LabError::invalid(format!("{e}; the current data are kept")))?;
        let (train, _) = d.split(self.state.data.val_fraction, 0);
        if train.is_empty() {
            return Err(LabError::invalid("the file has too few rows to train on; the current data are kept"));
        }
        let old = self.csv.replace(d);
        if let Err(e) = self.update(|_| Ok(())) {
            self.csv = old;
            return Err(e);
        }
        self.notices.push("Using the uploaded data. Uploaded data are not stored in the link: share the file with the link.".into());
        Ok(())
    }

    /// A setting of the generated data set.
    fn set_data(&mut self, key: &str, value: &str) -> LabResult<()> {
        let mut d = self.state.data.clone();
        match key {
            k if k == DATA_KIND.key => d.kind = choice::<DataKind>(&DATA_KIND, value)?,
            k if k == DATA_N.key => d.n = DATA_N.whole_value(value)? as usize,
            k if k == NOISE.key => d.noise = NOISE.real_value(value)?,
            k if k == ARMS.key => d.arms = ARMS.whole_value(value)? as usize,
            k if k == VAL_FRACTION.key => d.val_fraction = VAL_FRACTION.real_value(value)?,
            k if k == DATA_SEED.key => d.seed = DATA_SEED.whole_value(value)?,
            k if k == TARGET_FORMULA.key => d.target = TARGET_FORMULA.text_value(value)?.to_string(),
            k if k == RULE.key => d.rule = RULE.text_value(value)?.to_string(),
            _ => return Err(LabError::unknown(format!("unknown setting “{}”", key.chars().take(25).collect::<String>()))),
        }
        self.update(move |s| {
            s.data = d;
            Ok(())
        })
    }

    /// A setting of the "init" view's deep network (recomputes its statistics, keeps training).
    fn set_deep(&mut self, key: &str, value: &str) -> LabResult<()> {
        let mut d = self.state.deep;
        match key {
            k if k == DEEP_DEPTH.key => d.depth = DEEP_DEPTH.rounded_value(value)? as usize,
            k if k == DEEP_WIDTH.key => d.width = DEEP_WIDTH.whole_value(value)? as usize,
            k if k == DEEP_INIT.key => d.init.kind = choice::<InitKind>(&DEEP_INIT, value)?,
            k if k == DEEP_SCALE.key => d.init.scale = DEEP_SCALE.real_value(value)?,
            k if k == DEEP_ACTIVATION.key => d.activation = choice(&DEEP_ACTIVATION, value)?,
            _ => return Err(LabError::unknown(format!("unknown setting “{}”", key.chars().take(25).collect::<String>()))),
        }
        check_deep(&d)?;
        self.state.deep = d;
        self.state.preset.clear();
        self.forget_deep();
        self.version += 1;
        Ok(())
    }

    /// A setting of the width sweep (takes effect at the next run of the sweep).
    fn set_sweep(&mut self, key: &str, value: &str) -> LabResult<()> {
        let mut s = self.state.sweep.clone();
        match key {
            k if k == SWEEP_WIDTHS.key => s.widths = SWEEP_WIDTHS.value(value)?,
            k if k == SWEEP_STEPS.key => s.steps = SWEEP_STEPS.whole_value(value)?,
            _ => return Err(LabError::unknown(format!("unknown setting “{}”", key.chars().take(25).collect::<String>()))),
        }
        check_sweep(&s)?;
        self.state.sweep = s;
        self.version += 1;
        Ok(())
    }
}
