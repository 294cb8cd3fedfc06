//! The numbers each MLP view shows, as a table for CSV export (one row per plotted point).

use super::MlpLab;
use crate::lab::export::{Cell, Table};

impl MlpLab {
    /// The numbers view `view` shows, one row per plotted point; `None` for an unknown view.
    pub fn table(&self, view: &str) -> Option<Table> {
        Some(match view {
            "surface" => self.surface_table(),
            "loss" => self.curves_table(false),
            "accuracy" => self.curves_table(true),
            "layers" => self.layers_table(),
            "init" => self.init_table(),
            "sweep" => self.sweep_table(),
            _ => return None,
        })
    }

    /// The points drawn over the surface (the surface itself is a raster: see PNG).
    fn surface_table(&self) -> Table {
        let slot = self.runs.iter().find_map(|s| s.trainer.as_ref());
        let dim = slot.map(|t| t.train_set().dim()).unwrap_or(2);
        let mut t = if dim == 1 { Table::new(["set", "input x", "target y"]) } else { Table::new(["set", "input x₁", "input x₂", "class"]) };
        if let Some(tr) = slot {
            for (name, set) in [("training", tr.train_set()), ("validation", tr.val_set())] {
                for (i, &y) in set.y().iter().enumerate() {
                    let x = &set.x()[i * dim..(i + 1) * dim];
                    let mut row: Vec<Cell> = vec![name.into()];
                    row.extend(x.iter().map(|&v| Cell::Num(v)));
                    row.push(y.into());
                    t.push(row);
                }
            }
        }
        t
    }

    /// Loss or accuracy per run and recorded step.
    fn curves_table(&self, acc: bool) -> Table {
        let what = if acc { "accuracy" } else { "loss" };
        let mut t = Table::new(["run".to_string(), "step".into(), format!("training {what}"), format!("validation {what}")]);
        for (i, slot) in self.runs.iter().enumerate() {
            let Some(tr) = &slot.trainer else { continue };
            let h = tr.history();
            let (a, b) = if acc { (&h.train_acc, &h.val_acc) } else { (&h.train_loss, &h.val_loss) };
            for (p, &s) in h.step.iter().enumerate() {
                t.push(vec![self.run_label(i).into(), (s as f64).into(), a[p].into(), b.get(p).copied().unwrap_or(f64::NAN).into()]);
            }
        }
        t
    }

    /// Per-layer gradient norm and weight change of the run shown.
    fn layers_table(&self) -> Table {
        let focus = self.state.focus.min(self.runs.len().saturating_sub(1));
        let mut t = Table::new(["run", "layer l", "step", "‖∂L/∂W_l‖", "‖W_l − W_l(0)‖ / ‖W_l(0)‖"]);
        if let Some(tr) = self.runs.get(focus).and_then(|s| s.trainer.as_ref()) {
            let h = tr.history();
            for l in 0..h.layers {
                for (p, &s) in h.step.iter().enumerate() {
                    let k = p * h.layers + l;
                    t.push(vec![self.run_label(focus).into(), ((l + 1) as f64).into(), (s as f64).into(), h.grad_norm[k].into(), h.weight_change[k].into()]);
                }
            }
        }
        t
    }

    /// The "init" view's standard deviations per initialisation and layer.
    fn init_table(&self) -> Table {
        let mut t = Table::new(["initialisation", "layer l", "std of activations", "std of back-propagated gradients", "std of pre-activations"]);
        if let Some(Ok(stats)) = &self.deep {
            for (label, st) in stats {
                for s in st {
                    t.push(vec![label.as_str().into(), (s.layer as f64).into(), s.act_std.into(), s.grad_std.into(), s.pre_std.into()]);
                }
            }
        }
        t
    }

    /// The width sweep's points.
    fn sweep_table(&self) -> Table {
        let mut t = Table::new(["hidden width", "steps trained", "‖W − W₀‖/‖W₀‖ (both layers)", "hidden layer W₁", "output layer W₂", "final training loss"]);
        if let Some(sw) = &self.sweep {
            for p in sw.results() {
                let at = |i: usize| p.weight_change.get(i).copied().unwrap_or(f64::NAN);
                t.push(vec![(p.width as f64).into(), (p.steps as f64).into(), p.total_change.into(), at(0).into(), at(1).into(), p.train_loss.into()]);
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use crate::lab::export::Cell;
    use crate::lab::mlp::MlpLab;
    use crate::lab::widget::Widget;

    fn num(c: &Cell) -> f64 {
        c.as_num()
    }

    #[test]
    fn every_views_table_holds_the_labs_own_numbers_and_charts_render_as_svg() {
        let mut lab = MlpLab::open("steps=40");
        lab.action("play").unwrap();
        let mut t = 0.0;
        for _ in 0..2000 {
            if !lab.busy() {
                break;
            }
            t += 16.0;
            lab.tick(t, &mut || false);
        }
        let tr = lab.runs[0].trainer.as_ref().expect("a trainer");
        let h = tr.history();
        assert!(h.step.len() > 3, "trained: {} points", h.step.len());
        let loss = lab.table("loss").unwrap();
        let rows: Vec<_> = loss.rows.iter().filter(|r| r[0] == Cell::from(lab.run_label(0))).collect();
        assert_eq!(rows.len(), h.step.len());
        for (p, r) in rows.iter().enumerate() {
            assert_eq!((num(&r[1]), num(&r[2])), (h.step[p] as f64, h.train_loss[p]));
        }
        let layers = lab.table("layers").unwrap();
        assert_eq!(layers.rows.len(), h.step.len() * h.layers);
        assert_eq!(num(&layers.rows[1][3]), h.grad_norm[h.layers]);
        let surface = lab.table("surface").unwrap();
        assert_eq!(surface.rows.len(), tr.train_set().len() + tr.val_set().len());
        assert_eq!(num(&surface.rows[0][1]), tr.train_set().x()[0]);
        for v in lab.views() {
            assert!(lab.table(v.id).is_some(), "no table for {}", v.id);
            match lab.svg(v.id, 640, 400) {
                Ok(svg) => assert!(svg.starts_with("<svg") && svg.len() > 500, "{}", v.id),
                Err(e) => assert!(v.id == "surface" && e.to_string().contains("PNG"), "{}: {e}", v.id),
            }
        }
        assert!(lab.svg("loss", 640, 400).unwrap().contains("loss"));
    }
}
