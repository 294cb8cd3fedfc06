//! The Shrinkage lab on canvases: every view is drawn by `ShrinkageLab::draw_on` through a
//! plotters backend on the canvas (device pixels, fonts scaled by the pixel ratio).

use super::canvas::CanvasView;
use super::registry::WebWidget;
use crate::lab::shrinkage::ShrinkageLab;
use crate::render::theme::Theme;

impl WebWidget for ShrinkageLab {
    fn draw(&mut self, view: &str, canvas: &CanvasView) -> Result<(), String> {
        let area = canvas.area()?;
        self.draw_on(view, &area, &Theme::new(canvas.dpr)).map_err(|e| e.to_string())?;
        area.present().map_err(|e| format!("could not show the drawing: {e:?}"))
    }
    fn svg(&mut self, view: &str, w: u32, h: u32) -> Result<String, String> {
        super::svg::svg_document(w, h, |area| self.draw_export(view, area).map_err(|e| e.to_string()))
    }
}
