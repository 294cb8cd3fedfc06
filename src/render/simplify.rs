//! Polyline simplification: fewer vertices, the same picture. Stroking segments is the costly
//! part of drawing a frame in a software-rendered canvas.

/// Ramer–Douglas–Peucker simplification: keeps the vertices that deviate more than `eps` (data
/// units) from the line through the kept neighbours; first and last points are always kept.
pub fn simplify(pts: &[(f64, f64)], eps: f64) -> Vec<(f64, f64)> {
    let n = pts.len();
    if n < 3 || !(eps > 0.0) {
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
        let mut pts: Vec<(f64, f64)> = (0..=100).map(|i| (i as f64, 0.0)).collect();
        pts.extend((1..=100).map(|i| (100.0, i as f64)));
        let s = simplify(&pts, 0.1);
        assert_eq!(s, vec![(0.0, 0.0), (100.0, 0.0), (100.0, 100.0)]);
        // A zig-zag larger than eps is kept whole.
        let zig: Vec<(f64, f64)> = (0..50).map(|i| (i as f64, if i % 2 == 0 { 0.0 } else { 1.0 })).collect();
        assert_eq!(simplify(&zig, 0.1).len(), 50);
    }
}
