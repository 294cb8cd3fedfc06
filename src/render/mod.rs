//! Drawing: plotters charts on any `DrawingBackend`, and RGBA raster layers (heatmaps).
//!
//! Renderers take a drawing area and plain data; they never look up canvases themselves, so
//! they run natively in tests (on the SVG or bitmap backends) exactly as in the browser.
//! Sizes are in device pixels; a [`theme::Theme`] carries the device pixel ratio so text and
//! strokes keep their CSS size on HiDPI screens.

pub mod backing;
pub mod chart;
pub mod colormap;
pub mod dots;
pub mod figure;
#[cfg(not(target_arch = "wasm32"))]
pub mod font;
pub mod grid;
pub mod heatmap;
pub mod landscape;
pub mod legend;
pub mod mlp;
pub mod plane;
pub mod ribbon;
pub mod shrinkage;
pub mod simplify;
pub mod theme;
