//! The pointer on the landscape: hover reads the curvature, a click moves the start, a drag pans,
//! the wheel zooms, a double-click resets the view (undoing its own two clicks).

use crate::lab::error::{LabError, LabResult};
use crate::lab::widget::{Pointer, PointerKind};
use crate::render::landscape::PlotFrame;

use super::state::view_ok;
use super::widget::OptimizerLab;

/// How far (CSS px) a press moves before it is a drag rather than a click.
const DRAG_PX: f64 = 4.0;
/// How near (CSS px) a double-click is to the clicks it undoes.
const DOUBLE_PX: f64 = 8.0;

impl OptimizerLab {
    /// Handles a pointer event (see [`crate::lab::widget::Widget::pointer`]).
    pub(super) fn on_pointer(&mut self, view: &str, p: Pointer) -> LabResult<()> {
        if view != "landscape" {
            return Ok(());
        }
        // Where the page's handle says the landscape was drawn (nothing to map before that).
        let Some(frame) = p.landscape() else { return Ok(()) };
        let data = frame.to_data(p.x * p.dpr, p.y * p.dpr);
        match p.kind {
            PointerKind::Move => self.hover_or_drag(&frame, p, data),
            PointerKind::Down => {
                let v = frame.view;
                self.press = Some((p.x, p.y, [v.x_min, v.x_max, v.y_min, v.y_max], false));
            }
            PointerKind::Up => match self.press.take() {
                Some((_, _, _, true)) => self.changed(),
                Some(_) => {
                    if let Some(d) = data {
                        self.click_start(d, p)?;
                    }
                }
                None => {}
            },
            PointerKind::Leave => {
                self.cursor = None;
                if let Some((_, _, _, true)) = self.press.take() {
                    self.changed();
                }
                self.version += 1;
            }
            PointerKind::Wheel => {
                if let Some(c) = data {
                    self.zoom(&frame, c, p.delta)?;
                }
            }
            PointerKind::Double => self.double_click(p),
        }
        Ok(())
    }

    /// A move: pans while pressed (past the drag distance), else reads the curvature there.
    fn hover_or_drag(&mut self, frame: &PlotFrame, p: Pointer, data: Option<[f64; 2]>) {
        if let Some((x0, y0, v0, moved)) = self.press {
            if moved || (p.x - x0).hypot(p.y - y0) > DRAG_PX {
                let scale = frame.view.width() / ((frame.px[2] - frame.px[0]).max(1) as f64) * p.dpr;
                let (ox, oy) = ((p.x - x0) * scale, (p.y - y0) * scale);
                let base = if v0 == [0.0; 4] { let v = frame.view; [v.x_min, v.x_max, v.y_min, v.y_max] } else { v0 };
                self.state.view = [base[0] - ox, base[1] - ox, base[2] + oy, base[3] + oy];
                self.press = Some((x0, y0, base, true));
                self.version += 1;
                return;
            }
        }
        self.cursor = data;
        self.version += 1;
    }

    /// A click moves the start there (remembering what it replaced, for a double-click).
    fn click_start(&mut self, d: [f64; 2], p: Pointer) -> LabResult<()> {
        let before = (self.state.start, self.state.shown, self.playing, (p.x, p.y));
        self.set_start(d)?;
        self.click_undo.push(before);
        if self.click_undo.len() > 2 {
            self.click_undo.remove(0);
        }
        Ok(())
    }

    /// The wheel zooms about the data point `c` under the pointer.
    fn zoom(&mut self, frame: &PlotFrame, c: [f64; 2], delta: f64) -> LabResult<()> {
        let f = if delta > 0.0 { 1.25 } else { 0.8 };
        let v = frame.view;
        let nv = [c[0] + (v.x_min - c[0]) * f, c[0] + (v.x_max - c[0]) * f, c[1] + (v.y_min - c[1]) * f, c[1] + (v.y_max - c[1]) * f];
        if !view_ok(&nv) || nv[1] - nv[0] < 1e-6 || nv[1] - nv[0] > 1e5 {
            return Err(LabError::refused("cannot zoom further"));
        }
        self.state.view = nv;
        self.changed();
        Ok(())
    }

    /// The browser reports the double-click's two clicks first; each moved the start. Undo the
    /// clicks made where the double-click is, so it only resets the view.
    fn double_click(&mut self, p: Pointer) {
        let near = |c: &(f64, f64)| (c.0 - p.x).hypot(c.1 - p.y) <= DOUBLE_PX;
        if let Some(k) = self.click_undo.iter().position(|u| near(&u.3)) {
            let (start, shown, playing, _) = self.click_undo[k];
            self.state.start = start;
            self.state.shown = shown;
            self.playing = playing;
        }
        self.click_undo.clear();
        self.state.view = [0.0; 4];
        self.changed();
    }
}
