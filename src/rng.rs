//! Seeded randomness. Every random thing in the lab takes a seed that lives in the widget state.

use rand::SeedableRng;

/// The lab's reproducible random number generator (ChaCha with 8 rounds).
pub type LabRng = rand_chacha::ChaCha8Rng;

/// A generator seeded from a 64-bit seed: the same seed gives the same stream on every platform.
pub fn seeded(seed: u64) -> LabRng {
    LabRng::seed_from_u64(seed)
}

/// One uniform sample in [0, 1).
pub fn uniform(rng: &mut LabRng) -> f64 {
    use rand::Rng;
    rng.gen::<f64>()
}

/// One standard normal sample N(0, 1), by the Box–Muller transform.
pub fn normal(rng: &mut LabRng) -> f64 {
    use rand::Rng;
    // u1 in (0, 1] so that ln(u1) is finite.
    let u1: f64 = 1.0 - rng.gen::<f64>();
    let u2: f64 = rng.gen::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = seeded(7);
        let mut b = seeded(7);
        for _ in 0..10 {
            assert_eq!(normal(&mut a).to_bits(), normal(&mut b).to_bits());
        }
    }

    #[test]
    fn normal_has_unit_variance() {
        let mut r = seeded(1);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| normal(&mut r)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        // Standard error of the mean is 1/sqrt(n) ≈ 0.0022; of the variance ≈ sqrt(2/n) ≈ 0.0032.
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.015, "var {var}");
    }
}
