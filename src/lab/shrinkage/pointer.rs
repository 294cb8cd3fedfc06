//! The student's own points on the data view: drag one to move it, shift+click to add one (kept
//! under the pointer until released), double-click to remove one. The first edit turns the
//! generated data into editable points; every edit refits.

use super::widget::ShrinkageLab;
use crate::lab::error::{LabError, LabResult};
use crate::lab::widget::{Pointer, PointerKind};
use crate::render::figure::to_pixel;
use crate::shrinkage::N_MAX;

/// Pick radius for dragging, CSS px.
const PICK_RADIUS: f64 = 10.0;
/// Above this N·p² a dragged point updates the fit on release instead of on every move.
const LIVE_DRAG_WORK_MAX: f64 = 2e6;

/// A coordinate rounded to 4 decimals (what a link keeps of an edited point).
fn round4(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

impl ShrinkageLab {
    /// [`crate::lab::widget::Widget::pointer`]: only the data view takes pointer input.
    pub(super) fn on_pointer(&mut self, view: &str, p: Pointer) -> LabResult<()> {
        if view != "data" {
            return Ok(());
        }
        match p.kind {
            PointerKind::Down if p.shift => self.add_point(&p),
            PointerKind::Down => {
                if let Some(i) = self.pick(&p) {
                    self.materialize();
                    self.drag = Some(i);
                    self.freeze_axes(&p);
                }
                Ok(())
            }
            PointerKind::Move => self.drag_to(&p),
            PointerKind::Up | PointerKind::Leave => {
                if self.drag.take().is_some() {
                    self.frozen_y = None;
                    self.frozen_x = None;
                    self.after_points_changed()?;
                }
                Ok(())
            }
            PointerKind::Double => match self.pick(&p) {
                Some(i) => self.remove_point(i),
                None => Ok(()),
            },
            PointerKind::Wheel => Ok(()),
        }
    }

    /// Shift+press: a new training point under the pointer, which stays held (it can be dragged
    /// into place; the axes keep their ranges until the button is released).
    fn add_point(&mut self, p: &Pointer) -> LabResult<()> {
        let Some((x, y)) = self.data_at(p) else { return Ok(()) };
        if self.state.points.len() >= N_MAX {
            return Err(LabError::refused(format!("the lab takes at most {N_MAX} points")));
        }
        self.materialize();
        self.state.points.push([x, y]);
        self.drag = Some(self.state.points.len() - 1);
        self.freeze_axes(&p);
        self.after_points_changed()
    }

    /// Moves the held point (refitting at once unless the problem is large).
    fn drag_to(&mut self, p: &Pointer) -> LabResult<()> {
        let Some(i) = self.drag else { return Ok(()) };
        let Some((x, y)) = self.data_at(p) else { return Ok(()) };
        if let Some(pt) = self.state.points.get_mut(i) {
            *pt = [x, y];
        }
        if self.work() <= LIVE_DRAG_WORK_MAX {
            self.after_points_changed()?;
        }
        Ok(())
    }

    /// Removes point `i`, keeping at least one training point.
    fn remove_point(&mut self, i: usize) -> LabResult<()> {
        self.materialize();
        let train_left = (0..self.state.points.len()).filter(|j| *j != i && !self.state.test_points.contains(j)).count();
        if train_left == 0 {
            return Err(LabError::refused("at least one training point must remain"));
        }
        self.state.points.remove(i);
        self.state.test_points = self.state.test_points.iter().filter(|&&j| j != i).map(|&j| if j > i { j - 1 } else { j }).collect();
        self.drag = None;
        self.after_points_changed()
    }

    /// Keeps the data view's axis ranges while a point is held (they rescale on release), so the
    /// point stays under the pointer.
    fn freeze_axes(&mut self, p: &Pointer) {
        if let Some(f) = p.chart() {
            self.frozen_y = Some((f.y_range.0, f.y_range.1));
            if let Some(c) = &self.cache {
                self.frozen_x = Some((c.grid[0], c.grid[c.grid.len() - 1]));
            }
        }
    }

    /// Turns the generated data into editable points (before the first drag/add/remove).
    fn materialize(&mut self) {
        if self.state.custom_data() {
            return;
        }
        if let Some(c) = &self.cache {
            self.state.points = c.data.x.iter().zip(&c.data.y).map(|(&x, &y)| [round4(x), round4(y)]).collect();
            self.state.test_points = c.data.is_test.iter().enumerate().filter(|(_, t)| **t).map(|(i, _)| i).collect();
        }
    }

    fn after_points_changed(&mut self) -> LabResult<()> {
        self.state.preset.clear();
        self.state.data.n = self.state.points.len().max(1);
        self.rebuild()?;
        self.sync_gd();
        Ok(())
    }

    /// Nearest point within the pick radius of a pointer position (CSS px), if any.
    fn pick(&self, p: &Pointer) -> Option<usize> {
        let (frame, dpr) = (p.chart()?, p.dpr);
        let (px, py) = (p.x * dpr, p.y * dpr);
        let pts: Vec<(f64, f64)> = if self.state.custom_data() {
            self.state.points.iter().map(|q| (q[0], q[1])).collect()
        } else {
            let d = &self.cache.as_ref()?.data;
            d.x.iter().copied().zip(d.y.iter().copied()).collect()
        };
        let mut best: Option<(usize, f64)> = None;
        for (i, &(x, y)) in pts.iter().enumerate() {
            if let Some((qx, qy)) = to_pixel(&frame, x, y) {
                let d = ((qx as f64 - px).powi(2) + (qy as f64 - py).powi(2)).sqrt();
                if d <= PICK_RADIUS * dpr && best.map(|b| d < b.1).unwrap_or(true) {
                    best = Some((i, d));
                }
            }
        }
        best.map(|b| b.0)
    }

    /// The data coordinates under a pointer position, inside the axes, rounded to 4 decimals.
    fn data_at(&self, p: &Pointer) -> Option<(f64, f64)> {
        let (frame, dpr) = (p.chart()?, p.dpr);
        let x = frame.x_at(p.x * dpr).clamp(frame.x_range.0, frame.x_range.1);
        let y = frame.y_at(p.y * dpr).clamp(frame.y_range.0, frame.y_range.1);
        Some((round4(x), round4(y)))
    }

    /// The data view's x and y ranges as they would be drawn now (tests).
    #[cfg(test)]
    pub(crate) fn data_ranges_for_tests(&self) -> ((f64, f64), (f64, f64)) {
        let c = self.cache.as_ref().expect("a computed lab");
        ((c.grid[0], c.grid[c.grid.len() - 1]), self.y_range(c))
    }
}
