//! The MLP lab on canvases: each view is drawn by [`MlpLab::draw`] on the canvas' plotters backend,
//! with rasters (the decision surface) blitted through `putImageData`.

use super::canvas::CanvasView;
use super::registry::WebWidget;
use crate::lab::mlp::MlpLab;
use crate::lab::widget::Frame;
use crate::render::theme::Theme;

impl WebWidget for MlpLab {
    fn draw(&mut self, view: &str, canvas: &CanvasView) -> Result<Option<Frame>, String> {
        let area = canvas.area()?;
        let theme = Theme::new(canvas.dpr);
        self.draw(view, &area, &theme, &mut |rgba, w, h, x, y| canvas.blit(rgba, w, h, x, y)).map_err(|e| e.to_string())?;
        area.present().map_err(|e| format!("drawing failed: {e:?}"))?;
        Ok(None)
    }
    fn svg(&mut self, view: &str, w: u32, h: u32) -> Result<String, String> {
        super::svg::svg_document(w, h, |area| self.draw_export(view, area).map_err(|e| e.to_string()))
    }
}
