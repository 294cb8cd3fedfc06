//! The legend box of a chart or landscape: one row per series, a short swatch in the series'
//! colour (a line, a dashed line or a dot) followed by its label, on a light translucent box in
//! the corner of the plot that covers the fewest drawn data pixels (upper right on ties).
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

/// Canvases narrower than this (CSS px, a phone) put their legend in a band below the plot: a
/// box in a corner would cover much of the data there.
pub const NARROW_CSS_PX: f64 = 420.0;

/// Splits `area` into the plot and, on a canvas narrower than [`NARROW_CSS_PX`] with a legend of
/// `rows` rows, a band below the plot for the legend (at most half the height).
pub fn split_for_legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, rows: usize) -> (DrawingArea<DB, Shift>, Option<DrawingArea<DB, Shift>>) {
    let (w, h) = area.dim_in_pixel();
    if rows == 0 || (w as f64) >= NARROW_CSS_PX * theme.scale {
        return (area.clone(), None);
    }
    let band = theme.px(16.0 * rows as f64 + 22.0);
    let (plot, legend) = area.split_vertically(h.saturating_sub(band).max(h / 2));
    (plot, Some(legend))
}

/// Draws the legend in its band below the plot if [`split_for_legend`] made one, else as a box
/// in the corner of `plot` that covers the fewest `occupied` pixels (see [`draw_legend`]).
pub fn draw_legend_in<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    band: Option<&DrawingArea<DB, Shift>>,
    theme: &Theme,
    entries: &[LegendEntry],
    plot: [i32; 4],
    border: RGBColor,
    occupied: &[(f64, f64)],
) -> Result<Option<[i32; 4]>, String> {
    match band {
        Some(b) => {
            let (w, h) = b.dim_in_pixel();
            draw_legend(b, theme, entries, [0, 0, w as i32, h as i32], border, &[])
        }
        None => draw_legend(area, theme, entries, plot, border, occupied),
    }
}

/// Draws `entries` as a box in a corner of the plot rectangle `plot = [left, top, right,
/// bottom]` (device pixels of `area`): the corner whose box covers the fewest of the `occupied`
/// pixels (points of the drawn data), preferring upper right, upper left, lower right, lower left
/// on ties. Empty labels are skipped. Returns the box as [x0, y0, x1, y1].
pub fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    entries: &[LegendEntry],
    plot: [i32; 4],
    border: RGBColor,
    occupied: &[(f64, f64)],
) -> Result<Option<[i32; 4]>, String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| format!("drawing failed: {e:?}");
    let rows: Vec<&LegendEntry> = entries.iter().filter(|e| !e.label.is_empty()).collect();
    if rows.is_empty() {
        return Ok(None);
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
    let inset = theme.ipx(6.0);
    let corners = [
        (plot[2] - inset - box_w, plot[1] + inset),
        (plot[0] + inset, plot[1] + inset),
        (plot[2] - inset - box_w, plot[3] - inset - box_h),
        (plot[0] + inset, plot[3] - inset - box_h),
    ];
    let covered = |(cx, cy): (i32, i32)| {
        let (a, b, c, d) = (cx as f64, cy as f64, (cx + box_w) as f64, (cy + box_h) as f64);
        occupied.iter().filter(|p| p.0 >= a && p.0 <= c && p.1 >= b && p.1 <= d).count()
    };
    let mut best = corners[0];
    let mut best_n = covered(best);
    for &c in &corners[1..] {
        let n = covered(c);
        if n < best_n {
            best = c;
            best_n = n;
        }
    }
    let x0 = best.0.max(plot[0]);
    let x1 = (x0 + box_w).min(plot[2]);
    let y0 = best.1.max(plot[1]);
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
    Ok(Some([x0, y0, x1, y0 + box_h]))
}

/// The y attribute of the SVG `<text>` element holding `label` (for tests of where a legend
/// was drawn).
#[cfg(test)]
pub(crate) fn svg_text_y(svg: &str, label: &str) -> f64 {
    let i = svg.find(label).unwrap_or_else(|| panic!("{label} not drawn"));
    let tag = &svg[svg[..i].rfind("<text").expect("a text element")..i];
    tag.split(" y=\"").nth(1).and_then(|v| v.split('"').next()).and_then(|v| v.parse().ok()).expect("a y attribute")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(entries: &[LegendEntry]) -> String {
        let mut s = String::new();
        {
            let area = SVGBackend::with_string(&mut s, (400, 300)).into_drawing_area();
            draw_legend(&area, &Theme::new(1.0), entries, [40, 10, 390, 260], INK, &[]).unwrap();
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

    #[test]
    fn the_legend_goes_to_the_corner_with_the_least_data() {
        let e = [LegendEntry { label: "Adam α=0.1".into(), color: RGBColor(213, 94, 0), swatch: Swatch::Line(2.0) }];
        let place = |occupied: &[(f64, f64)]| {
            let mut out = String::new();
            let area = SVGBackend::with_string(&mut out, (400, 300)).into_drawing_area();
            draw_legend(&area, &Theme::new(1.0), &e, [40, 10, 390, 260], INK, occupied).unwrap().unwrap()
        };
        // Nothing drawn: upper right.
        let b = place(&[]);
        assert!(b[2] > 300 && b[1] < 40, "{b:?}");
        // A curve through the upper half (a falling loss starts there): a lower corner.
        let top: Vec<(f64, f64)> = (40..390).flat_map(|x| [(x as f64, 20.0), (x as f64, 60.0)]).collect();
        let b = place(&top);
        assert!(b[3] > 200, "legend over the data: {b:?}");
        // Data everywhere but the lower left: lower left.
        let most: Vec<(f64, f64)> = (40..390).step_by(4).flat_map(|x| (10..260).step_by(4).map(move |y| (x as f64, y as f64))).filter(|p| !(p.0 < 200.0 && p.1 > 180.0)).collect();
        let b = place(&most);
        assert!(b[0] < 100 && b[3] > 200, "{b:?}");
    }
}
