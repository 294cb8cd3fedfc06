//! Many circles of one style as one raster: the coverage of their union, antialiased.
//!
//! A scatter of thousands of data points drawn as canvas arcs is rasterised by the browser when
//! the frame is committed, after our code has returned: 5,000 filled and ringed points of the
//! shrinkage lab made commits of 40–110 ms on this machine kind. Stamping them here costs about
//! one multiply–add and a square root per covered pixel, and the page copies the result with
//! one `drawImage` (`web::backend`).

/// One circle: centre in device pixels (on pixel corners, as plotters gives it) and radius.
pub type Circle = (i32, i32, u32);

/// The coverage (0…1) of the union of `circles` — filled discs, or rings of `stroke` pixels
/// centred on the radius — over the box that holds them, clipped to a `size` canvas. Returns the
/// box (x, y, width, height); `out` holds its coverage row by row. `None` when nothing is inside.
///
/// A pixel's coverage by one circle is the usual ½-pixel ramp across the edge (distance from the
/// pixel's centre); the union takes the largest, as a canvas fill of one path of all the circles
/// does up to antialiasing where two edges cross.
pub fn union_coverage(circles: &[Circle], fill: bool, stroke: f32, size: (u32, u32), out: &mut Vec<f32>) -> Option<(u32, u32, u32, u32)> {
    let reach = |r: u32| r as f32 + if fill { 0.0 } else { stroke / 2.0 } + 1.0;
    let (mut x0, mut y0, mut x1, mut y1) = (f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY);
    for &(x, y, r) in circles {
        let e = reach(r);
        x0 = x0.min(x as f32 - e);
        y0 = y0.min(y as f32 - e);
        x1 = x1.max(x as f32 + e);
        y1 = y1.max(y as f32 + e);
    }
    let clip = |v: f32, hi: u32| v.clamp(0.0, hi as f32) as u32;
    let (bx0, by0, bx1, by1) = (clip(x0.floor(), size.0), clip(y0.floor(), size.1), clip(x1.ceil(), size.0), clip(y1.ceil(), size.1));
    if bx1 <= bx0 || by1 <= by0 {
        return None;
    }
    let (w, h) = (bx1 - bx0, by1 - by0);
    out.clear();
    out.resize((w * h) as usize, 0.0);
    for &(cx, cy, r) in circles {
        let e = reach(r);
        let (cx, cy, r) = (cx as f32 - bx0 as f32, cy as f32 - by0 as f32, r as f32);
        let lo = |c: f32| (c - e).floor().max(0.0) as u32;
        let (px0, px1) = (lo(cx), ((cx + e).ceil().max(0.0) as u32).min(w));
        let (py0, py1) = (lo(cy), ((cy + e).ceil().max(0.0) as u32).min(h));
        for py in py0..py1 {
            let dy = py as f32 + 0.5 - cy;
            let row = &mut out[(py * w) as usize..((py + 1) * w) as usize];
            for px in px0..px1 {
                let dx = px as f32 + 0.5 - cx;
                let d = (dx * dx + dy * dy).sqrt();
                let a = if fill { r + 0.5 - d } else { stroke / 2.0 + 0.5 - (d - r).abs() };
                let a = a.clamp(0.0, 1.0);
                let c = &mut row[px as usize];
                if a > *c {
                    *c = a;
                }
            }
        }
    }
    Some((bx0, by0, w, h))
}

/// RGBA pixels (not premultiplied, as `ImageData` takes them) of a coverage raster in one colour
/// with opacity `alpha`.
pub fn tint(coverage: &[f32], rgb: (u8, u8, u8), alpha: f64, out: &mut Vec<u8>) {
    out.clear();
    out.reserve(coverage.len() * 4);
    let alpha = alpha.clamp(0.0, 1.0) as f32 * 255.0;
    for &c in coverage {
        out.extend_from_slice(&[rgb.0, rgb.1, rgb.2, (c * alpha + 0.5) as u8]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(c: &[f32]) -> f32 {
        c.iter().sum()
    }

    #[test]
    fn a_disc_and_a_ring_cover_their_areas() {
        let mut cov = Vec::new();
        for r in [2u32, 3, 5, 12] {
            let b = union_coverage(&[(50, 40, r)], true, 1.0, (100, 100), &mut cov).unwrap();
            let area = std::f32::consts::PI * (r as f32).powi(2);
            assert!((total(&cov) - area).abs() < 0.05 * area + 1.0, "disc r={r}: {} vs {area}", total(&cov));
            assert!(b.0 <= 50 - r && b.0 + b.2 >= 50 + r && b.1 <= 40 - r && b.1 + b.3 >= 40 + r, "box {b:?} holds the disc");
            let b = union_coverage(&[(50, 40, r)], false, 2.0, (100, 100), &mut cov).unwrap();
            let ring = 2.0 * std::f32::consts::PI * r as f32 * 2.0;
            assert!((total(&cov) - ring).abs() < 0.1 * ring + 1.0, "ring r={r}: {} vs {ring} in {b:?}", total(&cov));
        }
    }

    #[test]
    fn the_union_counts_overlaps_once_and_clips_to_the_canvas() {
        let mut one = Vec::new();
        union_coverage(&[(20, 20, 4)], true, 1.0, (64, 64), &mut one).unwrap();
        let mut two = Vec::new();
        union_coverage(&[(20, 20, 4), (20, 20, 4)], true, 1.0, (64, 64), &mut two).unwrap();
        assert_eq!(one, two, "the same disc twice covers what it covers once");
        assert!(two.iter().all(|&c| (0.0..=1.0).contains(&c)));
        // Half of a disc on the left edge is drawn; one wholly outside draws nothing.
        let b = union_coverage(&[(0, 30, 6)], true, 1.0, (64, 64), &mut one).unwrap();
        assert_eq!(b.0, 0);
        let half = std::f32::consts::PI * 36.0 / 2.0;
        assert!((total(&one) - half).abs() < 0.08 * half, "{} vs {half}", total(&one));
        assert!(union_coverage(&[(-50, 30, 6)], true, 1.0, (64, 64), &mut one).is_none());
        assert!(union_coverage(&[], true, 1.0, (64, 64), &mut one).is_none());
    }

    #[test]
    fn tinting_scales_opacity_by_coverage() {
        let mut px = Vec::new();
        tint(&[0.0, 0.5, 1.0], (10, 20, 30), 0.8, &mut px);
        assert_eq!(px, vec![10, 20, 30, 0, 10, 20, 30, 102, 10, 20, 30, 204]);
    }
}
