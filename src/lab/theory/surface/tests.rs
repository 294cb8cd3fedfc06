//! Tests of the surface experiment: the slice's centre, the trajectory, reproducibility, time
//! slicing, refusals, and the presets' claims on several seeds.

use super::presets::PRESETS;
use super::widget::SurfaceLab;
use crate::lab::widget::Widget;

/// Every preset's lesson holds on the preset and on other data and weight seeds.
#[test]
fn every_presets_claim_holds_on_several_seeds() {
    for p in PRESETS {
        for (seed, data_seed) in [(None, None), (Some(2), Some(2)), (Some(3), Some(7)), (Some(11), Some(5))] {
            let mut s = (p.build)();
            if let (Some(a), Some(b)) = (seed, data_seed) {
                s.seed = a;
                s.data.seed = b;
            }
            let v = (p.claim)(&s);
            assert!(v.is_ok(), "{} with seeds {seed:?}/{data_seed:?}: {}", p.id, v.unwrap_err());
            eprintln!("{} {seed:?}/{data_seed:?}: {}", p.id, v.unwrap());
        }
    }
}

/// Ticks `lab` until it is idle, each tick allowed `slice` polls of the clock.
pub fn run(lab: &mut SurfaceLab, slice: usize) -> usize {
    let mut ticks = 0;
    while lab.busy() {
        let mut left = slice;
        lab.tick(0.0, &mut || {
            left = left.saturating_sub(1);
            left == 0
        });
        ticks += 1;
        assert!(ticks < 10_000_000, "the lab never became idle");
    }
    ticks
}

/// Measures of a finished slice (exploration of what the presets may claim).
#[cfg(test)]
pub fn measures(grid: &[f64], side: usize) -> (usize, f64, f64) {
    let v = |i: usize, j: usize| grid[j * side + i];
    let c = side / 2;
    let (mut concave, mut uphill, mut interior) = (0usize, 0usize, 0usize);
    for j in 1..side - 1 {
        for i in 1..side - 1 {
            interior += 1;
            let x = v(i, j);
            if v(i - 1, j) + v(i + 1, j) < 2.0 * x || v(i, j - 1) + v(i, j + 1) < 2.0 * x {
                concave += 1;
            }
            let step = |k: usize| if k > c { k - 1 } else if k < c { k + 1 } else { k };
            if (i, j) != (c, c) && x >= v(step(i), step(j)) {
                uphill += 1;
            }
        }
    }
    (super::presets::local_minima(grid, side), concave as f64 / interior as f64, uphill as f64 / (interior - 1) as f64)
}

/// Prints the measures for plain and residual, deep and wide nets on several seeds
/// (`cargo test --lib surface::tests::explore -- --ignored --nocapture`).
#[test]
#[ignore]
fn explore() {
    use super::state::SurfaceState;
    for (depth, width, radius) in [(6usize, 16usize, 1.0), (8, 16, 1.0), (2, 8, 1.0), (2, 64, 1.0)] {
        for seed in 1..=4u64 {
            let mut s = SurfaceState { depth, width, seed, radius, compare: true, budget: 500, grid: 31, ..SurfaceState::default() };
            s.data.seed = seed;
            let st = super::presets::computed(&s).expect("computed");
            let mut line = format!("d{depth} w{width} seed {seed}:");
            for n in &st.nets {
                let (m, conc, up) = measures(&n.grid, s.grid);
                let rise = super::presets::largest_rise(&n.curve);
                line.push_str(&format!(" [{}] 𝓛* {:.2e} minima {m} concave {conc:.2} uphill {up:.2} rise {rise:.1e} range {:.2e}", n.label(), n.trained_loss, super::views::grid_range(&n.grid).1));
            }
            println!("{line}");
        }
    }
}
