//! Polyline simplification: fewer vertices, the same picture. Stroking segments is the costly
//! part of drawing a frame in a software-rendered canvas.

/// Points per window of [`simplify`]: Ramer–Douglas–Peucker costs up to n² distance tests on
/// a spiral or a zig-zag (the farthest point is then always next to an end), so a long polyline is
/// simplified in windows of this many points, whose ends are kept: at most `WINDOW` tests per point.
const WINDOW: usize = 128;

/// Ramer–Douglas–Peucker simplification: keeps the vertices that deviate more than `eps` (data
/// units) from the line through the kept neighbours; first and last points are always kept (and,
/// on long polylines, one point every [`WINDOW`] — the picture is the same within `eps`).
pub fn simplify(pts: &[(f64, f64)], eps: f64) -> Vec<(f64, f64)> {
    let n = pts.len();
    if n < 3 || !(eps > 0.0) {
        return pts.to_vec();
    }
    if n > WINDOW {
        let mut out = Vec::with_capacity(n / 4);
        let mut start = 0;
        while start + 1 < n {
            let end = (start + WINDOW).min(n - 1);
            let part = rdp(&pts[start..=end], eps);
            // Each window starts where the last one ended: its first point is already in.
            let skip = usize::from(!out.is_empty());
            out.extend_from_slice(&part[skip..]);
            start = end;
        }
        return out;
    }
    rdp(pts, eps)
}

/// Plain Ramer–Douglas–Peucker (see [`simplify`]).
fn rdp(pts: &[(f64, f64)], eps: f64) -> Vec<(f64, f64)> {
    let n = pts.len();
    if n < 3 {
        return pts.to_vec();
    }
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0usize, n - 1)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (ax, ay) = pts[a];
        let (bx, by) = pts[b];
        let (dx, dy) = (bx - ax, by - ay);
        let len2 = dx * dx + dy * dy;
        let mut far = (0.0, a);
        for (i, &(px, py)) in pts.iter().enumerate().take(b).skip(a + 1) {
            // Distance to the segment a–b (to point a when a and b coincide).
            let t = if len2 > 0.0 { (((px - ax) * dx + (py - ay) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
            let (qx, qy) = (ax + t * dx - px, ay + t * dy - py);
            let d2 = qx * qx + qy * qy;
            if d2 > far.0 {
                far = (d2, i);
            }
        }
        if far.0 > eps * eps {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    pts.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplify_keeps_corners_and_drops_collinear_points() {
        // (Within one window: longer polylines also keep each window's ends, see the next test.)
        let mut pts: Vec<(f64, f64)> = (0..=60).map(|i| (i as f64, 0.0)).collect();
        pts.extend((1..=60).map(|i| (60.0, i as f64)));
        let s = simplify(&pts, 0.1);
        assert_eq!(s, vec![(0.0, 0.0), (60.0, 0.0), (60.0, 60.0)]);
        // A zig-zag larger than eps is kept whole.
        let zig: Vec<(f64, f64)> = (0..50).map(|i| (i as f64, if i % 2 == 0 { 0.0 } else { 1.0 })).collect();
        assert_eq!(simplify(&zig, 0.1).len(), 50);
    }

    #[test]
    fn long_polylines_are_simplified_in_windows_with_the_same_picture() {
        // A slow spiral of 20,000 points (the worst case of plain RDP): every dropped point lies
        // within eps of the kept polyline, the ends are kept, and far fewer points remain.
        let pts: Vec<(f64, f64)> = (0..20_000)
            .map(|i| {
                let t = i as f64 * 0.01;
                let r = 100.0 * (-0.0002 * i as f64).exp();
                (r * t.cos(), r * t.sin())
            })
            .collect();
        let eps = 0.25;
        let s = simplify(&pts, eps);
        assert_eq!((s[0], s[s.len() - 1]), (pts[0], pts[pts.len() - 1]));
        assert!(s.len() < pts.len() / 4, "{} points kept", s.len());
        let seg_dist = |p: (f64, f64), a: (f64, f64), b: (f64, f64)| {
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let l2 = dx * dx + dy * dy;
            let t = if l2 > 0.0 { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / l2).clamp(0.0, 1.0) } else { 0.0 };
            (a.0 + t * dx - p.0).hypot(a.1 + t * dy - p.1)
        };
        // Kept points appear in order; each original point is within eps of the segment between
        // the kept points around it.
        let mut k = 0;
        for p in &pts {
            if k + 1 < s.len() && *p == s[k + 1] {
                k += 1;
            }
            let d = if k + 1 < s.len() { seg_dist(*p, s[k], s[k + 1]) } else { 0.0 };
            assert!(d <= eps + 1e-12, "a dropped point is {d} from the line");
        }
    }
}
