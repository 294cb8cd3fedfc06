//! Colours, fonts and stroke widths shared by every view.

use plotters::style::RGBColor;

/// Okabe–Ito colours: distinguishable with the common forms of colour blindness.
/// Order chosen so the first racers contrast best with the heatmap.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 114, 178),   // blue
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(240, 228, 66),  // yellow
    RGBColor(0, 0, 0),       // black
];

/// The `i`-th series colour.
pub fn series_color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// The colour as CSS text, e.g. `#d55e00`.
pub fn css(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Text colour for axes and labels.
pub const INK: RGBColor = RGBColor(29, 35, 43);
/// Muted text and grid lines.
pub const MUTED: RGBColor = RGBColor(110, 120, 130);
/// Light grid lines.
pub const GRID: RGBColor = RGBColor(228, 232, 237);

/// The font family of every text (system fonts only: no web fonts).
pub const FAMILY: &str = "sans-serif";

/// Device-pixel sizes derived from the device pixel ratio.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    /// Device pixels per CSS pixel.
    pub scale: f64,
}

impl Theme {
    /// A theme for the given device pixel ratio. Natively the first theme also registers the
    /// font its text is measured and drawn with ([`super::font`]).
    pub fn new(scale: f64) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        let _ = super::font::ready();
        Theme { scale: if scale.is_finite() && scale > 0.0 { scale } else { 1.0 } }
    }
    /// `css` CSS pixels in device pixels.
    pub fn px(&self, css: f64) -> u32 {
        (css * self.scale).round().max(1.0) as u32
    }
    /// Same as [`Theme::px`] as i32.
    pub fn ipx(&self, css: f64) -> i32 {
        self.px(css) as i32
    }
    /// Font size for tick labels.
    pub fn small(&self) -> f64 {
        11.0 * self.scale
    }
    /// Font size for axis titles and legends.
    pub fn normal(&self) -> f64 {
        12.5 * self.scale
    }
    /// Font family used everywhere (system fonts only: no web fonts).
    pub fn family(&self) -> &'static str {
        FAMILY
    }
}
