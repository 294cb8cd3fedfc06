//! The MLP lab's controls as they look now, group by group: the transport (`lab::transport`, with
//! the run shown: `transport.rs`), the data, the network, each run's card (`lab::card`: `runs.rs`), the deep network of the "init" view and the
//! width sweep. A control's key is the path of its value in the state (its URL key); buttons and
//! read-outs have keys of their own.

use crate::lab::input::short_full;
use crate::lab::widget::{Control, ControlKind};
use crate::mlp::{DataKind, InitKind, Task};

use super::runs::offered_optimizers;
use super::settings::{TARGET_FORMULA, RULE, 
    hidden_text, id_of, ACTIVATION, PRECISION, RESIDUAL, ARMS, DATA_KIND, DATA_N, DATA_SEED, DEEP_ACTIVATION, DEEP_DEPTH, DEEP_INIT, DEEP_SCALE, DEEP_WIDTH, HIDDEN, NOISE, SEED,
    SWEEP_STEPS, SWEEP_WIDTHS, VAL_FRACTION,
};
use super::widget::MlpLab;

impl MlpLab {
    /// Every control, in page order.
    pub(super) fn all_controls(&self) -> Vec<Control> {
        let mut c = self.transport_controls();
        c.extend(self.data_controls());
        c.extend(self.network_controls());
        let kinds = offered_optimizers();
        for i in 0..self.state.runs.len() {
            c.extend(self.run_card(i, &kinds));
        }
        c.extend(self.deep_controls());
        c.extend(self.sweep_controls());
        c
    }

    fn data_controls(&self) -> Vec<Control> {
        let (g, d) = ("Data", &self.state.data);
        let mut c = Vec::new();
        if let Some(csv) = &self.csv {
            c.push(Control::new("data.source", "data", g, format!("uploaded CSV: {} rows (not stored in the link)", csv.len()), ControlKind::Text));
        } else {
            c.push(DATA_KIND.control(g, id_of(&d.kind)));
            c.push(DATA_N.control(g, d.n.to_string()));
            c.push(NOISE.control(g, short_full(d.noise)));
            match d.kind {
                DataKind::Spiral => c.push(ARMS.control(g, d.arms.to_string())),
                DataKind::Function => c.push(TARGET_FORMULA.control(g, d.target.clone())),
                DataKind::Rule => c.push(RULE.control(g, d.rule.clone())),
                _ => {}
            }
        }
        c.push(VAL_FRACTION.control(g, short_full(d.val_fraction)));
        c.push(DATA_SEED.control(g, d.seed.to_string()));
        c.push(Control::button("new_data_seed", "New random data", g));
        c.push(
            Control::new("csv", "upload CSV", g, String::new(), ControlKind::File { accept: ".csv,text/csv,text/plain".into() })
                .help("Rows x1,x2,label (classes 0–9) or x,y (regression); a header line is allowed. The first bad row is named and the current data kept."),
        );
        c.push(Control::button("reset_data", "Reset data", g).help("Back to the generated data set"));
        c
    }

    fn network_controls(&self) -> Vec<Control> {
        let g = "Network";
        let task = self.task();
        let regression = task == Task::Regression;
        let mut sizes = vec![if regression { 1 } else { 2 }];
        sizes.extend(&self.state.hidden);
        sizes.push(task.outputs());
        let skips = self.state.hidden.windows(2).filter(|w| w[0] == w[1]).count();
        let arch = format!(
            "{}{} ({}, {})",
            hidden_text(&sizes).replace(',', "-"),
            match (self.state.residual, skips) {
                (false, _) => String::new(),
                (true, 0) => " — no skips: no two consecutive hidden widths are equal".into(),
                (true, 1) => " with 1 skip".into(),
                (true, k) => format!(" with {k} skips"),
            },
            if regression { "MSE loss" } else { "softmax cross-entropy" },
            self.state.precision.name()
        );
        vec![
            HIDDEN.control(g, &self.state.hidden),
            ACTIVATION.control(g, self.state.activation.name()),
            RESIDUAL.control(g, self.state.residual.to_string()),
            PRECISION.control(g, self.state.precision.name()),
            SEED.control(g, self.state.seed.to_string()),
            Control::button("new_seed", "New random weights", g),
            Control::new("arch", "layer sizes", g, arch, ControlKind::Text),
        ]
    }

    fn deep_controls(&self) -> Vec<Control> {
        let (g, d) = ("Deep net at initialisation", &self.state.deep);
        let mut c = vec![DEEP_DEPTH.control(g, d.depth.to_string()), DEEP_WIDTH.control(g, d.width.to_string()), DEEP_INIT.control(g, id_of(&d.init.kind))];
        if matches!(d.init.kind, InitKind::Uniform | InitKind::Custom) {
            c.push(DEEP_SCALE.control(g, short_full(d.init.scale)));
        }
        c.push(DEEP_ACTIVATION.control(g, d.activation.name()));
        c
    }

    fn sweep_controls(&self) -> Vec<Control> {
        let g = "Width sweep";
        let progress = match (&self.sweep, &self.sweep_error) {
            (_, Some(e)) => format!("stopped: {e}"),
            (Some(sw), None) if sw.is_done() => "done".into(),
            (Some(sw), None) => {
                let (d, n) = sw.progress();
                format!("{d} of {n} steps")
            }
            (None, None) => "not run yet".into(),
        };
        vec![
            SWEEP_WIDTHS.control(g, &self.state.sweep.widths),
            SWEEP_STEPS.control(g, self.state.sweep.steps.to_string()),
            Control::button("sweep_run", if self.sweep_running() { "Restart sweep" } else { "▶ Run sweep" }, g).help("Trains run 1's optimizer, init and schedule with one hidden layer of each width"),
            Control::new("sweep.progress", "progress", g, progress, ControlKind::Text),
        ]
    }
}
