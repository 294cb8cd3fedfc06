//! Whether an MLP lab state can be used, and its repair: every range read from the settings'
//! declarations (`settings.rs`), so a value is checked the same way whether it was typed into a
//! control, came in a link or in a state file.

use crate::lab::error::{LabError, LabResult};
use crate::lab::setting::Setting;
use crate::mlp::config::{check_hidden_weights, MAX_HIDDEN_WIDTH};
use crate::mlp::{DataConfig, DataKind, InitConfig, InitKind};
use crate::optim::{OptimizerConfig, Schedule};

use super::settings::{
    hidden_text, in_range, ARMS, BATCH, BUDGET, DATA_N, DATA_SEED, DEEP_DEPTH, DEEP_SCALE, DEEP_WIDTH, HIDDEN, L2, MAX_RUNS, NOISE, RUN_SCALE, SEED, SPEED,
    SWEEP_STEPS, SWEEP_WIDTHS, VAL_FRACTION,
};
use super::state::{DeepConfig, MlpLabState, RunConfig, SweepSettings};

/// Checks the generated data set's settings (not its seed).
pub fn check_data(d: &DataConfig) -> LabResult<()> {
    in_range(&DATA_N, d.n as f64)?;
    in_range(&NOISE, d.noise)?;
    in_range(&VAL_FRACTION, d.val_fraction)?;
    if d.kind == DataKind::Spiral {
        in_range(&ARMS, d.arms as f64)?;
    }
    Ok(d.validate()?)
}

/// Checks the scale of an initialisation that uses one (`scale` is its setting).
fn check_init(init: &InitConfig, scale: &Setting) -> LabResult<()> {
    if matches!(init.kind, InitKind::Uniform | InitKind::Custom) {
        in_range(scale, init.scale)?;
    }
    Ok(init.validate()?)
}

/// Checks the deep network of the "init" view.
pub fn check_deep(d: &DeepConfig) -> LabResult<()> {
    in_range(&DEEP_DEPTH, d.depth as f64)?;
    in_range(&DEEP_WIDTH, d.width as f64)?;
    check_init(&d.init, &DEEP_SCALE)?;
    Ok(d.validate()?)
}

/// Checks sweep widths and steps.
pub fn check_sweep(s: &SweepSettings) -> LabResult<()> {
    SWEEP_WIDTHS.check(&s.widths)?;
    in_range(&SWEEP_STEPS, s.steps as f64)
}

impl MlpLabState {
    /// Checks run `i` (everything but the data, which may come from a CSV file).
    pub fn check_run(&self, i: usize) -> LabResult<()> {
        let c = self.run_config(i)?;
        let r = &self.runs[i];
        let in_run = |e: LabError| LabError::new(e.kind(), format!("run {}: {e}", i + 1));
        c.validate_model().map_err(|e| in_run(e.into()))?;
        if let OptimizerConfig::GdInvL(g) = &c.optimizer {
            if g.l <= 0.0 {
                return Err(in_run("GD with step 1/L needs L > 0 here; the lab cannot compute the smoothness of a network's loss".into()));
            }
        }
        check_init(&r.init, &RUN_SCALE).map_err(in_run)?;
        in_range(&L2, r.weight_decay).map_err(in_run)?;
        in_range(&BATCH, r.batch_size as f64).map_err(in_run)
    }

    /// Checks every setting except the data set; the message says what to change.
    pub fn check(&self) -> LabResult<()> {
        if self.runs.is_empty() || self.runs.len() > MAX_RUNS {
            return Err(LabError::invalid(format!("compare between 1 and {MAX_RUNS} runs (got {})", self.runs.len())));
        }
        for i in 0..self.runs.len() {
            self.check_run(i)?;
        }
        in_range(&BUDGET, self.budget as f64)?;
        in_range(&SPEED, self.speed as f64)?;
        in_range(&SEED, self.seed as f64)?;
        in_range(&DATA_SEED, self.data.seed as f64)?;
        check_deep(&self.deep).map_err(|e| LabError::new(e.kind(), format!("deep network: {e}")))?;
        check_sweep(&self.sweep)
    }

    /// Repairs anything out of range (from a hand-edited URL), returning one notice per repair.
    /// Whatever cannot be used falls back to its default; the result always passes [`check`](Self::check)
    /// and its data set validates.
    pub fn repair(&mut self) -> Vec<String> {
        let d = MlpLabState::default();
        let mut notes = Vec::new();
        if let Err(e) = self.data.check_formulas() {
            // Only the typed formula cannot be used: the default one, everything else kept.
            notes.push(format!("Your formula was not used ({e}); using the default one."));
            self.data.target = crate::mlp::typed::DEFAULT_TARGET.into();
            self.data.rule = crate::mlp::typed::DEFAULT_RULE.into();
        }
        if let Err(e) = check_data(&self.data) {
            notes.push(format!("Data set reset to the default: {e}."));
            self.data = d.data.clone();
        }
        if !DATA_SEED.accepts(self.data.seed as f64) {
            notes.push(format!("The data seed must be at most {}; using 1.", DATA_SEED.range().map_or(0.0, |r| r.1)));
            self.data.seed = 1;
        }
        if HIDDEN.check(&self.hidden).is_err() {
            notes.push(format!("Hidden layers must be 1–{} widths of 1–{}; using {}.", HIDDEN.max_len, MAX_HIDDEN_WIDTH, hidden_text(&d.hidden)));
            self.hidden = d.hidden.clone();
        } else if let Err(e) = check_hidden_weights(&self.hidden) {
            notes.push(format!("Hidden layers {}: {e}; using {}.", hidden_text(&self.hidden), hidden_text(&d.hidden)));
            self.hidden = d.hidden.clone();
        }
        if !SEED.accepts(self.seed as f64) {
            notes.push(format!("The weight seed must be at most {}; using 1.", SEED.range().map_or(0.0, |r| r.1)));
            self.seed = 1;
        }
        if self.runs.is_empty() {
            notes.push("The lab needs at least one run; added the default ones.".into());
            self.runs = d.runs.clone();
        }
        if self.runs.len() > MAX_RUNS {
            notes.push(format!("At most {MAX_RUNS} runs are compared; dropped the rest."));
            self.runs.truncate(MAX_RUNS);
        }
        for (i, r) in self.runs.iter_mut().enumerate() {
            repair_run(i, r, &mut notes);
        }
        self.repair_transport(&d, &mut notes);
        if let Err(e) = check_deep(&self.deep) {
            notes.push(format!("Deep network view reset: {e}."));
            self.deep = d.deep;
        }
        if let Err(e) = check_sweep(&self.sweep) {
            notes.push(format!("Width sweep reset: {e}."));
            self.sweep = d.sweep.clone();
        }
        notes
    }

    /// Budget, speed and the run shown.
    fn repair_transport(&mut self, d: &MlpLabState, notes: &mut Vec<String>) {
        let range = |s: &Setting| s.range().unwrap_or_default();
        if !BUDGET.accepts(self.budget as f64) {
            let (lo, hi) = range(&BUDGET);
            notes.push(format!("The step budget must be between {lo} and {hi}; using {}.", d.budget));
            self.budget = d.budget;
        }
        if !SPEED.accepts(self.speed as f64) {
            let (lo, hi) = range(&SPEED);
            notes.push(format!("Speed must be between {lo} and {hi} steps per frame; using {}.", d.speed));
            self.speed = d.speed;
        }
        if self.focus >= self.runs.len() {
            self.focus = 0;
        }
    }
}

/// Repairs run `i`'s own settings.
fn repair_run(i: usize, r: &mut RunConfig, notes: &mut Vec<String>) {
    let n = i + 1;
    if r.optimizer.needs_objective() {
        notes.push(format!("Run {n}: {} needs the loss's Hessian or a look-ahead gradient, which the MLP lab does not provide; using Adam.", r.optimizer.label()));
        r.optimizer = RunConfig::default().optimizer;
    }
    if let Err(e) = r.optimizer.validate() {
        notes.push(format!("Run {n}: {e}; using {}'s defaults.", r.optimizer.label()));
        if let Some(c) = OptimizerConfig::default_for(r.optimizer.kind()) {
            r.optimizer = c;
        }
    }
    if let OptimizerConfig::GdInvL(g) = &mut r.optimizer {
        if g.l <= 0.0 {
            notes.push(format!("Run {n}: GD with step 1/L needs L > 0; using L = 10."));
            g.l = 10.0;
        }
    }
    if let Err(e) = r.schedule.validate() {
        notes.push(format!("Run {n}: {e}; using a constant learning rate."));
        r.schedule = Schedule::Constant;
    }
    if let Err(e) = check_init(&r.init, &RUN_SCALE) {
        notes.push(format!("Run {n}: {e}; using Kaiming initialisation."));
        r.init = InitConfig::default();
    }
    if !L2.accepts(r.weight_decay) {
        let (lo, hi) = L2.range().unwrap_or_default();
        notes.push(format!("Run {n}: weight decay λ must be between {lo} and {hi}; using 0."));
        r.weight_decay = 0.0;
    }
    if !BATCH.accepts(r.batch_size as f64) {
        notes.push(format!("Run {n}: batch size too large; using full batch."));
        r.batch_size = 0;
    }
}
