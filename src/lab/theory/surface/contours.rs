//! Contour lines of a grid of losses by marching squares, as polylines for a line chart: each
//! level's segments, joined where they meet, separated by a NaN point (where a chart lifts its pen).

/// Log-spaced levels between the lowest and highest finite positive value of `grids`
/// (`count` levels strictly inside the range), the same for every grid drawn on one colour scale.
pub fn log_levels<'a>(grids: impl Iterator<Item = &'a [f64]>, count: usize) -> Vec<f64> {
    let (lo, hi) = grids.flat_map(|g| g.iter().copied()).filter(|v| v.is_finite() && *v > 0.0).fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !(lo.is_finite() && hi > lo) {
        return Vec::new();
    }
    let r = (hi / lo).ln();
    (0..count).map(|k| lo * (r * (k as f64 + 0.5) / count as f64).exp()).collect()
}

/// The contour of `values` (side × side, row j at y = coords[j], column i at x = coords[i]) at
/// `level`: segments across each cell where the values cross it, joined end to end into runs,
/// runs separated by a (NaN, NaN) point.
pub fn contour(values: &[f64], side: usize, coords: &[f64], level: f64) -> Vec<(f64, f64)> {
    let v = |i: usize, j: usize| values[j * side + i];
    let mut segments: Vec<[(f64, f64); 2]> = Vec::new();
    for j in 0..side.saturating_sub(1) {
        for i in 0..side.saturating_sub(1) {
            // Corners counter-clockwise from the bottom left.
            let c = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            let f = c.map(|(a, b)| v(a, b));
            if f.iter().any(|x| !x.is_finite()) {
                continue;
            }
            // Where the level crosses each edge (k: from corner k to corner k + 1).
            let mut hits = Vec::with_capacity(4);
            for k in 0..4 {
                let (p, q) = (f[k], f[(k + 1) % 4]);
                if (p < level) != (q < level) {
                    let t = (level - p) / (q - p);
                    let (a, b) = (c[k], c[(k + 1) % 4]);
                    let x = coords[a.0] + t * (coords[b.0] - coords[a.0]);
                    let y = coords[a.1] + t * (coords[b.1] - coords[a.1]);
                    hits.push((x, y));
                }
            }
            match hits.len() {
                2 => segments.push([hits[0], hits[1]]),
                4 => {
                    // A saddle cell: pair the crossings by the value at the centre.
                    let centre = f.iter().sum::<f64>() / 4.0;
                    if (centre < level) == (f[0] < level) {
                        segments.push([hits[0], hits[3]]);
                        segments.push([hits[1], hits[2]]);
                    } else {
                        segments.push([hits[0], hits[1]]);
                        segments.push([hits[2], hits[3]]);
                    }
                }
                _ => {}
            }
        }
    }
    join(segments)
}

/// Joins segments that share end points (exactly: neighbouring cells compute a shared edge's
/// crossing from the same two values) into runs separated by NaN points.
fn join(mut segments: Vec<[(f64, f64); 2]>) -> Vec<(f64, f64)> {
    let key = |p: (f64, f64)| (p.0.to_bits(), p.1.to_bits());
    let mut out = Vec::new();
    let mut by_end: std::collections::HashMap<(u64, u64), Vec<usize>> = std::collections::HashMap::new();
    for (k, s) in segments.iter().enumerate() {
        by_end.entry(key(s[0])).or_default().push(k);
        by_end.entry(key(s[1])).or_default().push(k);
    }
    let mut used = vec![false; segments.len()];
    for start in 0..segments.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut run = vec![segments[start][0], segments[start][1]];
        // Extend forward from the last point, then backward from the first.
        for forward in [true, false] {
            loop {
                let end = if forward { run[run.len() - 1] } else { run[0] };
                let next = by_end.get(&key(end)).and_then(|ks| ks.iter().copied().find(|&k| !used[k]));
                let Some(k) = next else { break };
                used[k] = true;
                let s = segments[k];
                let other = if key(s[0]) == key(end) { s[1] } else { s[0] };
                if forward {
                    run.push(other);
                } else {
                    run.insert(0, other);
                }
            }
        }
        if !out.is_empty() {
            out.push((f64::NAN, f64::NAN));
        }
        out.extend(run);
    }
    segments.clear();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contours of a bowl a² + b² are circles of the level's radius, each one closed run.
    #[test]
    fn contours_of_a_bowl_are_circles() {
        let side = 41;
        let coords: Vec<f64> = (0..side).map(|i| -1.0 + 2.0 * i as f64 / 40.0).collect();
        let values: Vec<f64> = (0..side * side).map(|k| coords[k % side].powi(2) + coords[k / side].powi(2)).collect();
        let c = contour(&values, side, &coords, 0.25);
        assert!(c.iter().all(|p| p.0.is_finite()), "one run");
        for p in &c {
            assert!((p.0.hypot(p.1) - 0.5).abs() < 0.01, "{p:?}");
        }
        assert_eq!(c.first(), c.last(), "closed");
        let levels = log_levels([values.as_slice()].into_iter(), 4);
        assert_eq!(levels.len(), 4);
        assert!(levels.windows(2).all(|w| w[0] < w[1]));
    }
}
