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
    /// Told which views have canvases (an embed may show only some), e.g. so a chart can carry
    /// the legend when the view that normally carries it is not shown.
    fn attached(&mut self, _views: &[String]) {}
    /// View `view` as an SVG document of `w × h` CSS pixels, or why it cannot be one.
    fn svg(&mut self, _view: &str, _w: u32, _h: u32) -> Result<String, String> {
        Err("this view cannot be exported as SVG".into())
    }
}

pub use crate::lab::url::SHELL_KEYS;

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
