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
    let (mut x0, mut y0, mut x1, mut y1) = (f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY);
    for &(x, y, r) in circles {
        let e = reach(r, fill, stroke);
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
        let (cx, cy) = (cx as f32 - bx0 as f32, cy as f32 - by0 as f32);
        let (px0, px1, py0, py1) = visited(cx, cy, reach(r, fill, stroke), w, h);
        let r = r as f32;
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

/// How far from its centre a circle of radius `r` can cover a pixel: the radius, half the stroke
/// of a ring, and the antialiasing ramp (one pixel).
fn reach(r: u32, fill: bool, stroke: f32) -> f32 {
    r as f32 + if fill { 0.0 } else { stroke / 2.0 } + 1.0
}

/// The pixels [`union_coverage`] visits around a centre (`cx`, `cy`, in box coordinates) with
/// reach `e`, clipped to a `w × h` box: x from `.0` to `.1` and y from `.2` to `.3` (ends
/// excluded). [`occupied_runs`] marks the tiles of the same pixels, so both read them here.
fn visited(cx: f32, cy: f32, e: f32, w: u32, h: u32) -> (u32, u32, u32, u32) {
    let lo = |c: f32| (c - e).floor().max(0.0) as u32;
    let hi = |c: f32, end: u32| ((c + e).ceil().max(0.0) as u32).min(end);
    (lo(cx), hi(cx, w), lo(cy), hi(cy, h))
}

/// Side of the square tiles [`occupied_runs`] marks, in device pixels.
pub const TILE: u32 = 32;

/// The parts of a box from [`union_coverage`] (`bx`: x, y, width, height) that circles can cover:
/// per row of [`TILE`]-pixel tiles, runs of consecutive tiles touched by a circle's reach (the
/// square `union_coverage` visits around it), as rectangles in box coordinates (x, y, width,
/// height), clipped to the box. Every pixel outside them has coverage 0, so drawing only these
/// parts draws the same picture; a sparse scatter (77 singular values across a wide chart) then
/// moves a few small rectangles instead of the whole box.
pub fn occupied_runs(circles: &[Circle], fill: bool, stroke: f32, bx: (u32, u32, u32, u32)) -> Vec<(u32, u32, u32, u32)> {
    let (bx0, by0, w, h) = bx;
    let (tw, th) = (w.div_ceil(TILE) as usize, h.div_ceil(TILE) as usize);
    let mut on = vec![false; tw * th];
    for &(cx, cy, r) in circles {
        // The pixels union_coverage visits, as tile ranges.
        let (px0, px1, py0, py1) = visited(cx as f32 - bx0 as f32, cy as f32 - by0 as f32, reach(r, fill, stroke), w, h);
        if px1 <= px0 || py1 <= py0 {
            continue;
        }
        for ty in (py0 / TILE) as usize..=((py1 - 1) / TILE) as usize {
            for tx in (px0 / TILE) as usize..=((px1 - 1) / TILE) as usize {
                on[ty * tw + tx] = true;
            }
        }
    }
    let mut runs = Vec::new();
    for ty in 0..th {
        let mut tx = 0;
        while tx < tw {
            if !on[ty * tw + tx] {
                tx += 1;
                continue;
            }
            let start = tx;
            while tx < tw && on[ty * tw + tx] {
                tx += 1;
            }
            let (x, y) = (start as u32 * TILE, ty as u32 * TILE);
            runs.push((x, y, (tx as u32 * TILE).min(w) - x, (y + TILE).min(h) - y));
        }
    }
    runs
}

/// RGBA pixels (not premultiplied, as `ImageData` takes them) of a coverage raster in one colour
/// with opacity `alpha`.
pub fn tint(coverage: &[f32], rgb: (u8, u8, u8), alpha: f64, out: &mut Vec<u8>) {
    out.clear();
    out.reserve(coverage.len() * 4);
    let alpha = opacity(alpha);
    for &c in coverage {
        out.extend_from_slice(&texel(c, rgb, alpha));
    }
}

/// `alpha` (0…1) as the factor [`texel`] takes.
fn opacity(alpha: f64) -> f32 {
    alpha.clamp(0.0, 1.0) as f32 * 255.0
}

/// One RGBA pixel of coverage `c` in colour `rgb` at opacity `alpha` (from [`opacity`]).
#[inline(always)]
fn texel(c: f32, rgb: (u8, u8, u8), alpha: f32) -> [u8; 4] {
    [rgb.0, rgb.1, rgb.2, (c * alpha + 0.5) as u8]
}

/// Where [`pack_runs`] put each run in the atlas, and the atlas' size.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Atlas {
    /// Atlas width in pixels (the box's).
    pub w: u32,
    /// Atlas height in pixels.
    pub h: u32,
    /// Top-left corner of each run in the atlas, in the order of the runs.
    pub places: Vec<(u32, u32)>,
}

/// Packs the runs of [`occupied_runs`] (each at most [`TILE`] high, none wider than the box's `w`)
/// into shelves [`TILE`] pixels high and `w` wide, left to right in order: an image of about
/// their total area instead of the whole box's.
pub fn pack_runs(runs: &[(u32, u32, u32, u32)], w: u32) -> Atlas {
    let (mut x, mut y) = (0, 0);
    let mut places = Vec::with_capacity(runs.len());
    for &(_, _, rw, _) in runs {
        if x + rw > w {
            (x, y) = (0, y + TILE);
        }
        places.push((x, y));
        x += rw;
    }
    Atlas { w, h: if runs.is_empty() { 0 } else { y + TILE }, places }
}

/// [`tint`] of the runs only, each copied to its place in `atlas` (the rest of the atlas is
/// transparent): the pixels [`tint`] gives inside the runs, `atlas.w × atlas.h × 4` bytes.
pub fn tint_runs(coverage: &[f32], box_w: u32, runs: &[(u32, u32, u32, u32)], atlas: &Atlas, rgb: (u8, u8, u8), alpha: f64, out: &mut Vec<u8>) {
    out.clear();
    out.resize((atlas.w * atlas.h * 4) as usize, 0);
    let alpha = opacity(alpha);
    for (&(rx, ry, rw, rh), &(ax, ay)) in runs.iter().zip(&atlas.places) {
        for row in 0..rh {
            let src = ((ry + row) * box_w + rx) as usize;
            let dst = (((ay + row) * atlas.w + ax) * 4) as usize;
            let from = &coverage[src..src + rw as usize];
            for (o, &c) in out[dst..dst + 4 * rw as usize].chunks_exact_mut(4).zip(from) {
                o.copy_from_slice(&texel(c, rgb, alpha));
            }
        }
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
    fn the_occupied_runs_hold_every_covered_pixel_and_skip_empty_tiles() {
        // A sparse scatter, discs and rings, some cut by the canvas' edges.
        let circles: Vec<Circle> = (0..40).map(|i| ((i * 97 % 610) as i32 - 5, (i * 53 % 390) as i32 + 3, 2 + (i % 5) as u32)).collect();
        for fill in [true, false] {
            let mut cov = Vec::new();
            let bx = union_coverage(&circles, fill, 3.0, (600, 400), &mut cov).unwrap();
            let runs = occupied_runs(&circles, fill, 3.0, bx);
            let mut inside = vec![false; cov.len()];
            for &(x, y, w, h) in &runs {
                assert!(w > 0 && h > 0 && x + w <= bx.2 && y + h <= bx.3, "run {:?} inside the box {bx:?}", (x, y, w, h));
                for py in y..y + h {
                    for px in x..x + w {
                        inside[(py * bx.2 + px) as usize] = true;
                    }
                }
            }
            let missed = cov.iter().zip(&inside).filter(|(&c, &i)| c > 0.0 && !i).count();
            assert_eq!(missed, 0, "every covered pixel is in a run (fill {fill})");
            let area: u32 = runs.iter().map(|r| r.2 * r.3).sum();
            assert!((area as f64) < 0.5 * (bx.2 * bx.3) as f64, "a sparse scatter leaves most tiles out: {area} of {}", bx.2 * bx.3);
        }
        // One disc: one run of the tiles around it.
        let mut cov = Vec::new();
        let bx = union_coverage(&[(100, 100, 4)], true, 1.0, (600, 400), &mut cov).unwrap();
        assert_eq!(occupied_runs(&[(100, 100, 4)], true, 1.0, bx), vec![(0, 0, bx.2, bx.3)]);
    }

    #[test]
    fn the_atlas_holds_each_run_as_tinting_the_whole_box_gives_it() {
        let circles: Vec<Circle> = (0..60).map(|i| ((i * 131 % 900) as i32, (i * 71 % 500) as i32, 3 + (i % 4) as u32)).collect();
        let mut cov = Vec::new();
        let bx = union_coverage(&circles, false, 2.0, (900, 500), &mut cov).unwrap();
        let runs = occupied_runs(&circles, false, 2.0, bx);
        let atlas = pack_runs(&runs, bx.2);
        assert_eq!(atlas.places.len(), runs.len());
        assert!(((atlas.w * atlas.h) as f64) < 0.5 * (bx.2 * bx.3) as f64, "the atlas is smaller than the box");
        let (mut whole, mut packed) = (Vec::new(), Vec::new());
        tint(&cov, (10, 20, 30), 0.7, &mut whole);
        tint_runs(&cov, bx.2, &runs, &atlas, (10, 20, 30), 0.7, &mut packed);
        assert_eq!(packed.len(), (atlas.w * atlas.h * 4) as usize);
        for (&(rx, ry, rw, rh), &(ax, ay)) in runs.iter().zip(&atlas.places) {
            assert!(ax + rw <= atlas.w && ay + rh <= atlas.h, "run inside the atlas");
            for row in 0..rh {
                let a = (((ry + row) * bx.2 + rx) * 4) as usize;
                let b = (((ay + row) * atlas.w + ax) * 4) as usize;
                assert_eq!(&whole[a..a + 4 * rw as usize], &packed[b..b + 4 * rw as usize], "row {row} of run {:?}", (rx, ry));
            }
        }
        // Runs do not overlap in the atlas.
        for (i, (&(_, _, w1, h1), &(x1, y1))) in runs.iter().zip(&atlas.places).enumerate() {
            for (&(_, _, w2, h2), &(x2, y2)) in runs.iter().zip(&atlas.places).skip(i + 1) {
                assert!(x1 + w1 <= x2 || x2 + w2 <= x1 || y1 + h1 <= y2 || y2 + h2 <= y1, "runs overlap in the atlas");
            }
        }
    }

    #[test]
    fn tinting_scales_opacity_by_coverage() {
        let mut px = Vec::new();
        tint(&[0.0, 0.5, 1.0], (10, 20, 30), 0.8, &mut px);
        assert_eq!(px, vec![10, 20, 30, 0, 10, 20, 30, 102, 10, 20, 30, 204]);
    }
}
