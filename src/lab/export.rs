//! Exporting what a view shows: its numbers as a table (CSV), and a file name that says where
//! they came from.
//!
//! A view's table holds exactly the numbers the view plots, in full precision (Rust's shortest
//! representation that reads back to the same `f64`), one row per plotted point, with a header row
//! naming each column and its unit. Text cells are quoted when they contain a comma, a quote or a
//! line break, and a cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@` at the
//! start of text) is prefixed with an apostrophe, so a racer's label cannot run in a spreadsheet.

use std::rc::Rc;

use crate::render::chart::Series;

/// One cell of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// A number (NaN and infinities are written as `NaN`, `inf`, `-inf`).
    Num(f64),
    /// Text (a series' label, a class); shared, as one label repeats on every row of its curve.
    Text(Rc<str>),
}

impl From<f64> for Cell {
    fn from(v: f64) -> Self {
        Cell::Num(v)
    }
}

impl From<&str> for Cell {
    fn from(v: &str) -> Self {
        Cell::Text(v.into())
    }
}

impl From<String> for Cell {
    fn from(v: String) -> Self {
        Cell::Text(v.into())
    }
}

impl From<&Rc<str>> for Cell {
    fn from(v: &Rc<str>) -> Self {
        Cell::Text(Rc::clone(v))
    }
}

/// A table of numbers with named columns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// Column titles, with units or symbols (e.g. "iteration k", "f(x_k) − f*").
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these column titles.
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = S>) -> Self {
        Table { columns: columns.into_iter().map(Into::into).collect(), rows: Vec::new() }
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "a row has one cell per column");
        self.rows.push(row);
    }

    /// The table of line-chart curves: one row per plotted point, labelled by its curve.
    pub fn of_series(series_title: &str, x_title: &str, y_title: &str, series: &[Series]) -> Self {
        let mut t = Table::new([series_title, x_title, y_title]);
        for s in series {
            let label: Rc<str> = s.label.as_str().into();
            for &(x, y) in &s.points {
                t.push(vec![(&label).into(), Cell::Num(x), Cell::Num(y)]);
            }
        }
        t
    }

    /// Comma-separated values, with a header row; lines end with `\n`.
    pub fn to_csv(&self) -> String {
        let mut out = self.csv_header();
        out.push_str(&self.csv_rows(0, self.rows.len()));
        out
    }

    /// The header line of [`Table::to_csv`].
    pub fn csv_header(&self) -> String {
        let mut out = String::new();
        csv_line(&mut out, self.columns.iter().map(|c| text_cell(c)));
        out
    }

    /// Rows `from..to` (clamped to the table) as CSV lines, so a long table can be written in
    /// slices (8 racers × 20,000 iterates are 160,000 rows).
    pub fn csv_rows(&self, from: usize, to: usize) -> String {
        let from = from.min(self.rows.len());
        let rows = &self.rows[from..to.clamp(from, self.rows.len())];
        let mut out = String::with_capacity(48 * rows.len());
        for r in rows {
            csv_line(
                &mut out,
                r.iter().map(|c| match c {
                    Cell::Num(v) => number_cell(*v),
                    Cell::Text(s) => text_cell(s),
                }),
            );
        }
        out
    }
}

fn csv_line(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&c);
    }
    out.push('\n');
}

impl Cell {
    /// The number in the cell (NaN for text).
    pub fn as_num(&self) -> f64 {
        match self {
            Cell::Num(v) => *v,
            Cell::Text(_) => f64::NAN,
        }
    }
}

/// An SVG document of `w × h` pixels drawn by `draw` (natively; the page measures text on a
/// canvas, see `web::svg`).
pub fn svg_string(
    w: u32,
    h: u32,
    draw: impl FnOnce(&plotters::prelude::DrawingArea<plotters::prelude::SVGBackend<'_>, plotters::coord::Shift>) -> Result<(), String>,
) -> super::error::LabResult<String> {
    use plotters::prelude::*;
    native_font()?;
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        draw(&area).map_err(super::error::LabError::drawing)?;
        area.present().map_err(|e| super::error::LabError::drawing(format!("drawing failed: {e:?}")))?;
    }
    Ok(out)
}

/// View `view` of `widget` as a figure, or the message for a view it does not have.
pub fn figure_of<'w>(widget: &'w dyn super::widget::Widget, view: &str) -> super::error::LabResult<crate::render::figure::Figure<'w>> {
    widget.figure(view).ok_or_else(|| super::error::LabError::unknown(format!("this widget has no view called “{}”", super::input::echo(view))))
}

/// Draws view `view` of `widget` on `area` with the one generic renderer and a fresh raster
/// cache, as the page does (natively: tests, and exports outside the page). Rasters go to `blit`.
pub fn draw_view<DB: plotters::prelude::DrawingBackend>(
    widget: &dyn super::widget::Widget,
    view: &str,
    area: &plotters::prelude::DrawingArea<DB, plotters::coord::Shift>,
    theme: &crate::render::theme::Theme,
    blit: crate::render::plane::Blit,
) -> super::error::LabResult<crate::render::figure::Drawn> {
    let figure = figure_of(widget, view)?;
    let mut cache = crate::render::plane::PlaneCache::default();
    let mut backdrop = crate::render::plane::Backdrop { blit, trails: None };
    crate::render::figure::draw_figure_with(area, theme, &figure, &mut cache, &mut backdrop).map_err(super::error::LabError::drawing)
}

/// View `view` of `widget` as an SVG document of `w × h` pixels, natively: every layer but the
/// rasters, which the page embeds as PNG images (`web::layers::svg_view`).
pub fn svg_view(widget: &dyn super::widget::Widget, view: &str, w: u32, h: u32) -> super::error::LabResult<String> {
    let theme = crate::render::theme::Theme::new(1.0);
    let mut outcome = Ok(());
    let svg = svg_string(w, h, |area| {
        outcome = draw_view(widget, view, area, &theme, &mut |_, _, _, _, _| Ok(())).map(|_| ());
        Ok(())
    })?;
    outcome.map(|_| svg)
}

/// View `view` of `widget` as a `w × h` bitmap, natively: RGB bytes, row by row from the top,
/// drawn by plotters' bitmap backend (rasters copied in at their size, text with the font of
/// [`crate::render::font`]) — the page's canvas draws the same figure.
pub fn bitmap_view(widget: &dyn super::widget::Widget, view: &str, w: u32, h: u32) -> super::error::LabResult<Vec<u8>> {
    use plotters::prelude::*;
    native_font()?;
    if w == 0 || h == 0 || w as u64 * h as u64 > 16_000_000 {
        return Err(super::error::LabError::refused(format!("a bitmap of {w} × {h} pixels is outside 1 … 16 million pixels")));
    }
    let theme = crate::render::theme::Theme::new(1.0);
    let mut pixels = vec![255u8; w as usize * h as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        let mut blit = |r: &crate::render::landscape::Raster, x: i32, y: i32, dw: u32, dh: u32| -> Result<(), String> {
            if dw == 0 || dh == 0 {
                return Ok(());
            }
            let image = BitMapElement::<_, plotters::backend::RGBPixel>::with_owned_buffer((x, y), (dw, dh), r.to_rgb(dw, dh)).ok_or("raster size")?;
            area.draw(&image).map_err(|e| format!("drawing failed: {e:?}"))
        };
        draw_view(widget, view, &area, &theme, &mut blit)?;
        area.present().map_err(|e| super::error::LabError::drawing(format!("drawing failed: {e:?}")))?;
    }
    Ok(pixels)
}

/// Natively, the font text is drawn with (see [`crate::render::font`]); in the page the browser's.
fn native_font() -> super::error::LabResult<()> {
    #[cfg(not(target_arch = "wasm32"))]
    crate::render::font::ready().map_err(super::error::LabError::drawing)?;
    Ok(())
}

fn number_cell(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf".into() } else { "-inf".into() }
    } else {
        format!("{v}")
    }
}

fn text_cell(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// A descriptive file name: `descent-lab_<lab>_<view>_<preset or custom>.<ext>`, with anything
/// but letters, digits, `-` and `_` replaced by `-`.
pub fn file_name(lab: &str, view: &str, preset: &str, ext: &str) -> String {
    let clean = |s: &str| -> String {
        let s: String = s.chars().take(40).map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
        if s.is_empty() { "custom".into() } else { s }
    };
    format!("descent-lab_{}_{}_{}.{}", clean(lab), clean(view), clean(preset), clean(ext))
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::style::RGBColor;

    #[test]
    fn csv_has_a_header_full_precision_and_safe_text() {
        let mut t = Table::new(["racer", "iteration k", "f(x_k) − f*"]);
        t.push(vec!["Adam, α = 0.1".into(), 0.0.into(), 0.1f64.into()]);
        t.push(vec!["=HYPERLINK(\"x\")".into(), 1.0.into(), (1.0 / 3.0).into()]);
        t.push(vec!["a\nb".into(), 2.0.into(), f64::NAN.into()]);
        let csv = t.to_csv();
        let lines: Vec<&str> = csv.split('\n').collect();
        assert_eq!(lines[0], "racer,iteration k,f(x_k) − f*");
        assert_eq!(lines[1], "\"Adam, α = 0.1\",0,0.1");
        // A formula is text, not a formula; the number reads back bit for bit.
        assert_eq!(lines[2], "\"'=HYPERLINK(\"\"x\"\")\",1,0.3333333333333333");
        assert_eq!(lines[2].rsplit(',').next().unwrap().parse::<f64>().unwrap(), 1.0 / 3.0);
        assert_eq!(lines[3], "\"a");
        assert_eq!(lines[4], "b\",2,NaN");
        assert!(csv.ends_with('\n'));
    }

    #[test]
    fn a_table_of_curves_has_a_row_per_point() {
        let s = [
            Series::line("GD", RGBColor(0, 0, 0), vec![(0.0, 1.0), (1.0, 0.5)]),
            Series::line("Adam", RGBColor(0, 0, 0), vec![(0.0, 1.0)]),
        ];
        let t = Table::of_series("racer", "k", "f", &s);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1], vec![Cell::Text("GD".into()), Cell::Num(1.0), Cell::Num(0.5)]);
        assert_eq!(t.rows[2][0], Cell::Text("Adam".into()));
        // Written in slices, the same text as at once.
        let sliced = t.csv_header() + &t.csv_rows(0, 2) + &t.csv_rows(2, 99) + &t.csv_rows(5, 3);
        assert_eq!(sliced, t.to_csv());
    }

    #[test]
    fn file_names_say_lab_view_and_preset() {
        assert_eq!(file_name("optimizer", "loss", "momentum_zigzag", "csv"), "descent-lab_optimizer_loss_momentum_zigzag.csv");
        assert_eq!(file_name("mlp", "surface", "", "png"), "descent-lab_mlp_surface_custom.png");
        assert_eq!(file_name("x", "a/../b", "<script>", "svg"), "descent-lab_x_a----b_-script-.svg");
    }
}
