//! Summaries of a run's measured steps that the views and the claims share.

use crate::theory::relative::RelativeStep;

/// The median of `v` (NaN when empty).
pub fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// measured/model of a step.
pub fn ratio(m: &RelativeStep) -> f64 {
    m.measured / m.model
}

/// The largest over the smallest layer's relative update at a step.
pub fn layer_spread(m: &RelativeStep) -> f64 {
    let (lo, hi) = m.per_layer.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &r| (lo.min(r), hi.max(r)));
    hi / lo
}

/// The correlation of (ln x, ln y) over `points` (NaN for fewer than 2).
pub fn log_correlation(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    if points.len() < 2 {
        return f64::NAN;
    }
    let l: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (x.ln(), y.ln())).collect();
    let (mx, my) = (l.iter().map(|p| p.0).sum::<f64>() / n, l.iter().map(|p| p.1).sum::<f64>() / n);
    let (mut c, mut vx, mut vy) = (0.0, 0.0, 0.0);
    for (x, y) in l {
        c += (x - mx) * (y - my);
        vx += (x - mx).powi(2);
        vy += (y - my).powi(2);
    }
    c / (vx * vy).sqrt()
}

/// The hidden-to-hidden layers (0-based indices 1 … L − 2): those whose neurons Nero keeps on the
/// unit sphere by default.
pub fn inner_layers(layers: usize) -> std::ops::Range<usize> {
    1..layers.saturating_sub(1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summaries_are_what_they_say() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert!(median(vec![]).is_nan());
        assert!((log_correlation(&[(1.0, 2.0), (10.0, 20.0), (100.0, 200.0)]) - 1.0).abs() < 1e-12);
        assert!((log_correlation(&[(1.0, 200.0), (10.0, 20.0), (100.0, 2.0)]) + 1.0).abs() < 1e-12);
        assert_eq!(inner_layers(3), 1..2);
        assert_eq!(inner_layers(2), 1..1);
        let m = RelativeStep { step: 0, measured: 0.2, model: 0.1, per_layer: vec![0.01, 0.04, 0.02], neuron_angle_deg: vec![] };
        assert_eq!(ratio(&m), 2.0);
        assert_eq!(layer_spread(&m), 4.0);
    }
}
