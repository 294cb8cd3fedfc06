//! Dense curves drawn as one filled ribbon instead of a stroked polyline.
//!
//! A loss or gradient-norm curve with a point every pixel or so, zig-zagging (an optimizer
//! oscillating across a valley, Rprop's sign flips), is a polyline whose strokes overlap
//! thousands of times: a software canvas spends most of a frame stroking it (measured: 8 such
//! curves of 1,000 points took 8 ms of a chart's redraw in headless Chromium, `make bench`).
//! What the stroke covers is, column by column, the range of the curve in that column widened by
//! half the line width. This module computes that region directly — per column of `bucket`
//! pixels, the minimum and maximum of the curve, including the segment that enters the column —
//! and returns it as one polygon: the upper edge left to right, then the lower edge back. Filling
//! it touches each pixel once and draws the same picture within a pixel.

use super::simplify::simplify;

/// The ribbon of a dense polyline `pts` (device pixels, x non-decreasing), `half_width` pixels
/// above and below, with one vertex per `bucket` pixels on each edge, clamped to the rows
/// `top..=bottom`. `None` when the polyline is not dense (fewer points than columns: it is
/// cheap to stroke and its corners would show), has a gap of more than two columns, or x goes
/// backwards.
pub fn ribbon(pts: &[(f64, f64)], bucket: f64, half_width: f64, top: f64, bottom: f64) -> Option<Vec<(i32, i32)>> {
    let n = pts.len();
    if n < 3 || !(bucket >= 1.0) {
        return None;
    }
    let (xa, xb) = (pts[0].0, pts[n - 1].0);
    if !(xb > xa) || (xb - xa) / ((n - 1) as f64) > bucket {
        return None;
    }
    // Dense on average is not enough: a gap of several columns (the sparse start of evenly spaced
    // steps on a log axis) would be filled as one block between its ends' heights.
    if pts.windows(2).any(|w| !(w[1].0 >= w[0].0) || w[1].0 - w[0].0 > 2.0 * bucket || !w[1].1.is_finite() || !w[0].1.is_finite()) {
        return None;
    }
    // Per column: x at its centre (the ends at the curve's ends), lowest and highest y.
    let mut cols: Vec<(f64, f64, f64)> = Vec::with_capacity(((xb - xa) / bucket) as usize + 2);
    let col_of = |x: f64| ((x - xa) / bucket).floor() as i64;
    let mut current = i64::MIN;
    let mut prev_y = pts[0].1;
    for &(x, y) in pts {
        let c = col_of(x);
        if c != current {
            current = c;
            let cx = (xa + (c as f64 + 0.5) * bucket).clamp(xa, xb);
            // The segment entering this column from the previous point is part of the curve here.
            cols.push((cx, y.min(prev_y), y.max(prev_y)));
        } else if let Some(last) = cols.last_mut() {
            last.1 = last.1.min(y);
            last.2 = last.2.max(y);
        }
        prev_y = y;
    }
    if let Some(first) = cols.first_mut() {
        first.0 = xa;
    }
    if let Some(last) = cols.last_mut() {
        last.0 = xb;
    }
    // Each edge keeps only the vertices that bend it by more than half a pixel (a smooth curve's
    // edges need a few dozen, not one per column).
    let clamp = |y: f64| y.clamp(top, bottom);
    let upper: Vec<(f64, f64)> = cols.iter().map(|&(x, lo, _)| (x, clamp(lo - half_width))).collect();
    let lower: Vec<(f64, f64)> = cols.iter().rev().map(|&(x, _, hi)| (x, clamp(hi + half_width))).collect();
    let mut poly: Vec<(i32, i32)> = Vec::with_capacity(upper.len() + lower.len());
    for edge in [simplify(&upper, 0.5), simplify(&lower, 0.5)] {
        poly.extend(edge.iter().map(|p| (p.0.round() as i32, p.1.round() as i32)));
    }
    Some(poly)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_or_backwards_curves_are_stroked() {
        let sparse: Vec<(f64, f64)> = (0..10).map(|i| (i as f64 * 10.0, 5.0)).collect();
        assert!(ribbon(&sparse, 2.0, 2.0, 0.0, 100.0).is_none());
        let back = vec![(0.0, 0.0), (1.0, 1.0), (0.5, 2.0), (2.0, 3.0)];
        assert!(ribbon(&back, 2.0, 2.0, 0.0, 100.0).is_none());
        // Steps 10, 20, …, 2000 on a log axis 300 px wide: dense on average, 39 px apart at the start.
        let log: Vec<(f64, f64)> = (1..=200).map(|k| (300.0 * (k as f64).log10() / 200f64.log10(), 300.0 / k as f64)).collect();
        assert!((log[199].0 - log[0].0) / 199.0 <= 2.0, "dense on average");
        assert!(ribbon(&log, 2.0, 2.0, 0.0, 400.0).is_none(), "a gap of 20 columns is stroked, not filled");
    }

    #[test]
    fn a_zigzag_becomes_its_band_and_a_flat_line_keeps_its_width() {
        // 400 points over 200 px alternating between rows 40 and 60.
        let zig: Vec<(f64, f64)> = (0..400).map(|i| (i as f64 * 0.5, if i % 2 == 0 { 40.0 } else { 60.0 })).collect();
        let p = ribbon(&zig, 2.0, 2.0, 0.0, 100.0).unwrap();
        assert_eq!(p, vec![(0, 38), (200, 38), (200, 62), (0, 62)], "a straight band needs its four corners");
        let flat: Vec<(f64, f64)> = (0..100).map(|i| (i as f64, 30.0)).collect();
        let p = ribbon(&flat, 2.0, 2.0, 0.0, 100.0).unwrap();
        assert!(p.iter().all(|v| v.1 == 28 || v.1 == 32));
    }

    #[test]
    fn steep_drops_are_covered_and_edges_clamped() {
        // A drop from row 10 to row 90 between two neighbouring points: the column it enters covers it.
        let mut pts: Vec<(f64, f64)> = (0..50).map(|i| (i as f64, 10.0)).collect();
        pts.extend((50..100).map(|i| (i as f64, 90.0)));
        let p = ribbon(&pts, 2.0, 1.0, 0.0, 95.0).unwrap();
        // Upper edge: row 9 until the step's column, then row 89; lower edge: row 91 back to it, then 11.
        let step = p.iter().position(|v| v.1 == 89).unwrap();
        assert!(p[..step].iter().all(|v| v.1 == 9) && p[step - 1].0 >= 49, "{p:?}");
        let back = p.iter().position(|v| v.1 == 11).unwrap();
        assert!(p[step..back].iter().filter(|v| v.1 == 91).all(|v| v.0 >= 49), "{p:?}");
        let low: Vec<(f64, f64)> = (0..100).map(|i| (i as f64, 99.0)).collect();
        assert!(ribbon(&low, 2.0, 2.0, 0.0, 95.0).unwrap().iter().all(|v| v.1 == 95));
    }
}
