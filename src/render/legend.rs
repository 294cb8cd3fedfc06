//! The legend box of a chart or landscape: one row per series, a short swatch in the series'
//! colour (a line, a dashed line or a dot) followed by its label, on a light translucent box in
//! a corner of the plot.
//!
//! Drawn directly as one box, one swatch and one text per row: plotters' own series-label box
//! draws the same picture with several canvas state changes per row, which cost 2–3 ms per frame
//! for eight racers in the software-rendered canvas of headless Chromium (measured with
//! `make bench`).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::theme::{Theme, INK};

/// How a series is shown in the legend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    /// A line of the given width in CSS pixels.
    Line(f64),
    /// A dashed line of the given width in CSS pixels.
    Dashed(f64),
    /// A dot.
    Dot,
}

/// One row of a legend.
#[derive(Clone, Debug)]
pub struct LegendEntry {
    /// Text.
    pub label: String,
    /// Colour of the swatch.
    pub color: RGBColor,
    /// Swatch kind.
    pub swatch: Swatch,
}

/// Draws `entries` as a box in the upper-right corner of the plot rectangle
/// `plot = [left, top, right, bottom]` (device pixels of `area`). Empty labels are skipped.
pub fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    entries: &[LegendEntry],
    plot: [i32; 4],
    border: RGBColor,
) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| format!("drawing failed: {e:?}");
    let rows: Vec<&LegendEntry> = entries.iter().filter(|e| !e.label.is_empty()).collect();
    if rows.is_empty() {
        return Ok(());
    }
    let font = (theme.family(), theme.small()).into_font().color(&INK);
    let text_w = rows
        .iter()
        .map(|e| area.estimate_text_size(&e.label, &font).map(|(w, _)| w as i32).unwrap_or(0))
        .max()
        .unwrap_or(0);
    let (pad, swatch, gap, row_h) = (theme.ipx(6.0), theme.ipx(18.0), theme.ipx(6.0), theme.ipx(16.0));
    let box_w = pad + swatch + gap + text_w + pad;
    let box_h = 2 * pad + row_h * rows.len() as i32 - theme.ipx(2.0);
    let x1 = plot[2] - theme.ipx(6.0);
    let x0 = (x1 - box_w).max(plot[0]);
    let y0 = plot[1] + theme.ipx(6.0);
    area.draw(&Rectangle::new([(x0, y0), (x1, y0 + box_h)], ShapeStyle::from(&WHITE.mix(0.88)).filled())).map_err(err)?;
    area.draw(&Rectangle::new([(x0, y0), (x1, y0 + box_h)], ShapeStyle::from(&border))).map_err(err)?;
    let text = font.pos(Pos::new(HPos::Left, VPos::Center));
    for (i, e) in rows.iter().enumerate() {
        let y = y0 + pad + row_h * i as i32 + (row_h - theme.ipx(2.0)) / 2;
        let (sx0, sx1) = (x0 + pad, x0 + pad + swatch);
        match e.swatch {
            Swatch::Line(w) => {
                area.draw(&PathElement::new(vec![(sx0, y), (sx1, y)], ShapeStyle::from(&e.color).stroke_width(theme.px(w)))).map_err(err)?;
            }
            Swatch::Dashed(w) => {
                let style = ShapeStyle::from(&e.color).stroke_width(theme.px(w));
                let dash = (swatch - theme.ipx(2.0)) / 3;
                for k in [0, 2] {
                    let a = sx0 + k * (dash + theme.ipx(1.0));
                    area.draw(&PathElement::new(vec![(a, y), (a + dash, y)], style)).map_err(err)?;
                }
            }
            Swatch::Dot => {
                area.draw(&Circle::new(((sx0 + sx1) / 2, y), theme.px(4.0), ShapeStyle::from(&e.color).filled())).map_err(err)?;
            }
        }
        area.draw(&Text::new(e.label.clone(), (sx1 + gap, y), text.clone())).map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(entries: &[LegendEntry]) -> String {
        let mut s = String::new();
        {
            let area = SVGBackend::with_string(&mut s, (400, 300)).into_drawing_area();
            draw_legend(&area, &Theme::new(1.0), entries, [40, 10, 390, 260], INK).unwrap();
        }
        s
    }

    #[test]
    fn one_row_per_labelled_entry_in_the_upper_right() {
        let e = |l: &str, s| LegendEntry { label: l.into(), color: RGBColor(213, 94, 0), swatch: s };
        let out = svg(&[e("GD, α = 0.1", Swatch::Line(2.0)), e("", Swatch::Dot), e("Adam", Swatch::Dot), e("test", Swatch::Dashed(2.0))]);
        assert_eq!(out.matches("<text").count(), 3, "{out}");
        assert!(out.contains("GD, α = 0.1") && out.contains("Adam") && out.contains("test"), "{out}");
        assert!(out.contains("<circle"), "the dot swatch");
        assert_eq!(svg(&[]).matches("<rect").count(), 0, "no entries: nothing drawn");
    }
}
