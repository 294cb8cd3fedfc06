//! Which labs exist, and how to open one from its URL query.

use super::canvas::CanvasView;
use crate::lab::widget::{Frame, Widget};

/// A widget, and how to draw those of its views that are not figures.
///
/// Views that are figures ([`Widget::figure`]) are drawn by the handle with the one generic
/// renderer; a lab whose views are all figures implements this trait with no method at all.
pub trait WebWidget: Widget {
    /// Draws view `view`, which is not a figure, on `canvas` (device pixels; `canvas.dpr` scales
    /// fonts and strokes); returns where its plot is, for pointer events.
    fn draw(&mut self, view: &str, _canvas: &CanvasView) -> Result<Option<Frame>, String> {
        Err(format!("the view “{}” has no drawing", crate::lab::input::echo(view)))
    }
    /// View `view` as an SVG document of `w × h` CSS pixels, or why it cannot be one.
    fn svg(&mut self, _view: &str, _w: u32, _h: u32) -> Result<String, String> {
        Err("this view cannot be exported as SVG".into())
    }
}

pub use crate::lab::url::SHELL_KEYS;

/// Draws view `view` of `widget` on `canvas`: a figure with the one generic renderer, any other
/// view by the lab's own web layer. Returns where its plot is (for pointer events).
pub fn draw_view(widget: &mut dyn WebWidget, view: &str, canvas: &CanvasView) -> Result<Option<Frame>, String> {
    match widget.figure(view) {
        Some(figure) => {
            let area = canvas.area()?;
            let frames = crate::render::figure::draw_figure(&area, &crate::render::theme::Theme::new(canvas.dpr), &figure)?;
            area.present().map_err(|e| format!("could not show the drawing: {e:?}"))?;
            Ok(frames.first().copied().map(Frame::Chart))
        }
        None => widget.draw(view, canvas),
    }
}

/// View `view` of `widget` as an SVG document of `w × h` pixels: a figure by the same renderer
/// as on the canvas, any other view by the lab's own web layer.
pub fn svg_view(widget: &mut dyn WebWidget, view: &str, w: u32, h: u32) -> Result<String, String> {
    match widget.figure(view) {
        Some(figure) => super::svg::svg_document(w, h, |area| crate::render::figure::draw_figure(area, &crate::render::theme::Theme::new(1.0), &figure).map(|_| ())),
        None => widget.svg(view, w, h),
    }
}

/// Lab names that have a working widget (the others show "coming soon").
pub fn available() -> Vec<&'static str> {
    crate::lab::catalogue::labs().into_iter().map(|l| l.id).collect()
}

/// Opens lab `kind` with the state in `query`.
pub fn open(kind: &str, query: &str) -> Result<Box<dyn WebWidget>, String> {
    match kind {
        "optimizer" => Ok(super::optimizer::open(query)),
        "shrinkage" => Ok(Box::new(crate::lab::shrinkage::ShrinkageLab::open(query))),
        "mlp" => Ok(Box::new(crate::lab::mlp::MlpLab::open(query))),
        _ => Err(format!("there is no lab called “{}”", kind.chars().take(30).collect::<String>())),
    }
}

/// Every view of the shrinkage lab is a figure.
impl WebWidget for crate::lab::shrinkage::ShrinkageLab {}
