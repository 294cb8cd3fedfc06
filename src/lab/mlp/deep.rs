//! The work behind two views: the "init" view's statistics of a deep network at initialisation
//! (lecture 004) and the width sweep (lecture 001), both computed in slices by `tick`.

use crate::lab::error::{LabError, LabResult};
use crate::mlp::{InitConfig, InitDiagnostics, InitKind, LayerStats, SweepConfig, WidthSweep};
use crate::render::chart::short;

use super::settings::{id_of, option_label, DEEP_INIT};
use super::widget::MlpLab;

impl MlpLab {
    /// Starts the width sweep: run 1's optimizer, initialisation and schedule with one hidden
    /// layer of each width.
    pub(super) fn start_sweep(&mut self) -> LabResult<()> {
        if self.csv.is_some() {
            return Err(LabError::refused("the width sweep trains on the generated data set; reset the data to use it"));
        }
        let base = self.state.run_config(0)?;
        let cfg = SweepConfig { widths: self.state.sweep.widths.clone(), steps: self.state.sweep.steps, base };
        self.sweep = Some(WidthSweep::new(cfg)?);
        self.sweep_error = None;
        self.version += 1;
        Ok(())
    }

    /// Whether the width sweep is still running.
    pub(super) fn sweep_running(&self) -> bool {
        self.sweep.as_ref().is_some_and(|s| !s.is_done()) && self.sweep_error.is_none()
    }

    /// Trains the sweep's networks until the frame's time is spent.
    pub(super) fn advance_sweep(&mut self, out_of_time: &mut dyn FnMut() -> bool) {
        if let Some(sw) = &mut self.sweep {
            loop {
                match sw.advance(1) {
                    Ok(true) => break,
                    Ok(false) => {}
                    Err(e) => {
                        self.sweep_error = Some(e.to_string());
                        break;
                    }
                }
                if out_of_time() {
                    break;
                }
            }
        }
        self.version += 1;
    }

    /// The initialisations the "init" view compares: the chosen one, then Xavier and Kaiming.
    fn deep_kinds(&self) -> Vec<InitConfig> {
        let d = self.state.deep;
        let mut kinds = vec![d.init];
        for k in [InitKind::Xavier, InitKind::Kaiming] {
            if d.init.kind != k {
                kinds.push(InitConfig { kind: k, ..d.init });
            }
        }
        kinds
    }

    /// Whether the "init" view still has initialisations to compute.
    pub(super) fn deep_pending(&self) -> bool {
        match &self.deep {
            None => true,
            Some(Ok(done)) => done.len() < self.deep_kinds().len(),
            Some(Err(_)) => false,
        }
    }

    /// Drops the "init" view's statistics and the one in progress (its settings changed).
    pub(super) fn forget_deep(&mut self) {
        self.deep = None;
        self.deep_run = None;
    }

    /// Where the "init" view's statistics are: none started, or the initialisations done (0 after
    /// an error), so a tick can tell whether they changed.
    fn deep_progress(&self) -> Option<usize> {
        self.deep.as_ref().map(|d| d.as_ref().map_or(0, |v| v.len()))
    }

    /// Computes the "init" view's statistics until the frame's time is spent; views are redrawn
    /// when an initialisation is complete (the status shows progress). Returns whether the
    /// frame's time is spent.
    pub(super) fn advance_deep(&mut self, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        let before = self.deep_progress();
        while self.deep_pending() {
            self.deep_advance();
            if out_of_time() {
                break;
            }
        }
        if self.deep_progress() != before {
            self.version += 1;
        }
        out_of_time()
    }

    /// Computes the next slice of the statistics of the "init" view: the initialisations one after
    /// the other, each a block of examples at a time ([`InitDiagnostics::advance`], ≈ 10 ms), so
    /// that `tick` can stop between blocks when the frame's time is spent.
    fn deep_advance(&mut self) {
        let kinds = self.deep_kinds();
        let done = match &mut self.deep {
            Some(Ok(done)) => done,
            Some(Err(_)) => return,
            None => self.deep.insert(Ok(Vec::new())).as_mut().expect("just set"),
        };
        let Some(&init) = kinds.get(done.len()) else { return };
        let run = match &mut self.deep_run {
            Some(r) => r,
            None => match InitDiagnostics::new(&crate::mlp::DiagnosticsConfig { init, ..self.state.deep }) {
                Ok(r) => self.deep_run.insert(r),
                Err(e) => {
                    self.deep = Some(Err(e.to_string()));
                    return;
                }
            },
        };
        if run.advance() {
            let stats = run.stats();
            self.deep_run = None;
            let scale = if matches!(init.kind, InitKind::Uniform | InitKind::Custom) { format!(" s={}", short(init.scale)) } else { String::new() };
            done.push((format!("{}{scale}", option_label(&DEEP_INIT, &id_of(&init.kind))), stats));
        }
    }

    /// Per-layer statistics at initialisation for the "init" view: the chosen initialisation and,
    /// for comparison, Xavier and Kaiming (computed once per setting; whatever is still missing is
    /// computed now).
    pub fn deep_stats(&mut self) -> LabResult<&[(String, Vec<LayerStats>)]> {
        while self.deep_pending() {
            self.deep_advance();
        }
        match &self.deep {
            Some(Ok(v)) => Ok(v),
            Some(Err(e)) => Err(LabError::invalid(e.clone())),
            None => Err(LabError::unavailable("not computed")),
        }
    }
}
