//! The numbers each MLP view shows, as a table for CSV export (one row per plotted point).

use super::MlpLab;
use crate::lab::export::{Cell, Table};
use crate::mlp::{Grid, SurfaceEvaluator, SurfaceMode};
use crate::render::mlp::{surface_side, SURFACE_GRID};

/// Multiply–adds of the probabilities a CSV export of the decision surface computes at once
/// (≈ 10 ms in the browser): a large network's grid is coarser than its picture.
pub const CSV_GRID_MACS: usize = 20_000_000;

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

    /// What the surface view shows: for classification, the class probabilities at each point of
    /// the grid the network is evaluated on (the colours), then the data points; for regression,
    /// each run's fitted curve, then the data points.
    fn surface_table(&self) -> Table {
        let slot = self.runs.iter().find_map(|s| s.trainer.as_ref());
        let dim = slot.map(|t| t.train_set().dim()).unwrap_or(2);
        let mut t = if dim == 1 {
            let mut t = Table::new(["set", "input x", "target y", "run", "prediction ŷ"]);
            self.push_curves(&mut t);
            t
        } else {
            let k = self.runs.get(self.state.focus).and_then(|s| s.trainer.as_ref()).map_or(2, |t| t.network().outputs().max(1));
            let mut columns = vec!["set".to_string(), "input x₁".into(), "input x₂".into(), "class".into()];
            columns.extend((0..k).map(|c| format!("p(class {c})")));
            let mut t = Table::new(columns);
            self.push_grid(&mut t, k);
            t
        };
        if let Some(tr) = slot {
            let blanks = t.columns.len() - dim - 2;
            for (name, set) in [("training", tr.train_set()), ("validation", tr.val_set())] {
                for (i, &y) in set.y().iter().enumerate() {
                    let x = &set.x()[i * dim..(i + 1) * dim];
                    let mut row: Vec<Cell> = vec![name.into()];
                    row.extend(x.iter().map(|&v| Cell::Num(v)));
                    row.push(y.into());
                    row.extend((0..blanks).map(|_| Cell::from("")));
                    t.push(row);
                }
            }
        }
        t
    }

    /// Rows "surface grid": the softmax probabilities of the run shown at each grid point, the
    /// grid of the paused picture (coarser for a large network, within [`CSV_GRID_MACS`]).
    fn push_grid(&self, t: &mut Table, k: usize) {
        let Some(crate::render::plane::Plane::Classes(map)) = self.figure("surface").and_then(|f| f.plane) else { return };
        let by_cost = ((CSV_GRID_MACS / map.net.forward_macs().max(1)) as f64).sqrt() as usize;
        let side = surface_side(map.net, SURFACE_GRID).min(by_cost).max(2);
        let [x_min, x_max, y_min, y_max] = map.bounds;
        let grid = Grid { x_min, x_max, y_min, y_max, nx: side, ny: side };
        let mut probs = vec![0f32; side * side * k];
        if SurfaceEvaluator::new().grid_rows(map.net, &grid, SurfaceMode::Probabilities, 0..side, &mut probs).is_err() {
            return;
        }
        let (dx, dy) = ((x_max - x_min) / side as f64, (y_max - y_min) / side as f64);
        for r in 0..side {
            for c in 0..side {
                let p = &probs[(r * side + c) * k..(r * side + c + 1) * k];
                let mut row: Vec<Cell> = vec!["surface grid".into(), Cell::Num(x_min + (c as f64 + 0.5) * dx), Cell::Num(y_max - (r as f64 + 0.5) * dy), "".into()];
                row.extend(p.iter().map(|&v| Cell::Num(v as f64)));
                t.push(row);
            }
        }
    }

    /// Rows "fitted curve": each run's prediction at the points its curve is drawn through.
    fn push_curves(&self, t: &mut Table) {
        let Some(crate::render::plane::Plane::Curves(map)) = self.figure("surface").and_then(|f| f.plane) else { return };
        for c in &map.curves {
            for &(x, y) in &c.points {
                t.push(vec!["fitted curve".into(), Cell::Num(x), "".into(), c.label.as_str().into(), Cell::Num(y)]);
            }
        }
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
        // The data points, after the grid the colours come from.
        let data: Vec<_> = surface.rows.iter().filter(|r| r[0] != Cell::from("surface grid")).collect();
        assert_eq!(data.len(), tr.train_set().len() + tr.val_set().len());
        assert_eq!(num(&data[0][1]), tr.train_set().x()[0]);
        assert_eq!(surface.columns[4..], ["p(class 0)", "p(class 1)"]);
        // The grid: 200 × 200 points for this small network, each one's probabilities equal to the
        // softmax of the network's own forward pass there (in f64; the surface is computed in f32).
        let grid: Vec<_> = surface.rows.iter().filter(|r| r[0] == Cell::from("surface grid")).collect();
        assert_eq!(grid.len(), 200 * 200);
        let mut ws = crate::mlp::Workspace::new();
        for r in grid.iter().step_by(997) {
            let x = [num(&r[1]), num(&r[2])];
            let z = tr.network().forward(&mut ws, &x, 1).unwrap().to_vec();
            let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
            let sum: f64 = e.iter().sum();
            for c in 0..2 {
                assert!((num(&r[4 + c]) - e[c] / sum).abs() < 1e-5, "p(class {c}) at {x:?}: {} vs {}", num(&r[4 + c]), e[c] / sum);
            }
        }
        for v in lab.views() {
            assert!(lab.table(v.id).is_some(), "no table for {}", v.id);
            let svg = crate::lab::export::svg_view(&lab, v.id, 640, 400).unwrap_or_else(|e| panic!("{}: {e}", v.id));
            assert!(svg.starts_with("<svg") && svg.len() > 500, "{}", v.id);
        }
        assert!(crate::lab::export::svg_view(&lab, "loss", 640, 400).unwrap().contains("loss"));
        // The decision surface is a chart too: its axis titles and key are vector text.
        let surface = crate::lab::export::svg_view(&lab, "surface", 640, 400).unwrap();
        for needle in ["x₁", "x₂", "train", "validation"] {
            assert!(surface.contains(needle), "surface SVG lacks {needle}");
        }
    }
}
