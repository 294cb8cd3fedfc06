//! One-click presets for lecture 002's loss-surface claims; each is also a short link
//! (`preset=ID`), and each lesson is a claim checked on several seeds (`tests.rs`).

use crate::lab::claim::{ensure, Verdict};
use crate::lab::error::LabResult;

use super::state::SurfaceState;
use super::study::{Stage, Study};

/// A named preset.
pub struct Preset {
    /// Id used in URLs.
    pub id: &'static str,
    /// Menu label.
    pub label: &'static str,
    /// What to notice; every number in it is checked by `claim`.
    pub lesson: &'static str,
    /// Builds the state.
    pub build: fn() -> SurfaceState,
    /// The lesson as a measurable property of the state's finished computation.
    pub claim: fn(&SurfaceState) -> Verdict,
}

/// The presets, in menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "skips_smooth_the_surface",
        label: "Skip connections smooth the surface (depth 8)",
        lesson: "Eight hidden layers of 16 tanh units on the two spirals, trained by Adam from the same w₀ without and with skip connections: on the filter-normalised slice through w*, the share of grid points from which one grid step toward w* goes downhill is at least 5 points higher with skips — the residual surface is a bowl around w*, the plain one has more nooks and crannies: lecture 002's “some networks are better” (Li et al. 2018).",
        build: skips_smooth_the_surface,
        claim: claim_skips_smooth_the_surface,
    },
    Preset {
        id: "interpolation_is_monotone",
        label: "The loss falls all the way from w₀ to w*",
        lesson: "On the straight segment from the initial weights w₀ to the trained w* of a 2-64-64-2 network, 𝓛((1 − t)w₀ + t·w*) falls at every one of the 40 steps of t from 0 to 1, by more than 10× in all: no barrier between w₀ and w* on the straight path (Goodfellow, Vinyals and Saxe, 2015).",
        build: interpolation_is_monotone,
        claim: claim_interpolation_is_monotone,
    },
    Preset {
        id: "wide_surface_is_smoother",
        label: "A wider network has a rounder surface (width 64 vs 8)",
        lesson: "Two hidden layers of 64 units: the filter-normalised slice through w* curves down (a negative second difference along a or b) at a share of its grid points at least 10 points lower than the same network with 8 units per layer — wider networks have smoother, more convex-looking minima (lecture 002: “some networks are better”).",
        build: wide_surface_is_smoother,
        claim: claim_wide_surface_is_smoother,
    },
];

/// The margin of the skip claim: the downhill share with skips minus without.
pub const SKIP_MARGIN: f64 = 0.05;
/// The margin of the width claim: the curving-down share at width 8 minus at width 64.
pub const WIDTH_MARGIN: f64 = 0.10;

fn skips_smooth_the_surface() -> SurfaceState {
    SurfaceState { preset: "skips_smooth_the_surface".into(), depth: 8, width: 16, compare: true, skips: true, grid: 41, budget: 500, ..SurfaceState::default() }
}

fn claim_skips_smooth_the_surface(s: &SurfaceState) -> Verdict {
    ensure(s.compare, || "the claim compares plain and skips".into())?;
    let st = computed(s)?;
    for n in &st.nets {
        ensure(n.stage == Stage::Done, || format!("{}: stopped: {:?}", n.label(), n.failure))?;
    }
    let (plain, skip) = (downhill_share(&st.nets[0].grid, s.grid), downhill_share(&st.nets[1].grid, s.grid));
    ensure(skip >= plain + SKIP_MARGIN, || format!("downhill toward w*: plain {plain:.3}, with skips {skip:.3}"))?;
    Ok(format!("downhill toward w*: plain {plain:.3}, with skips {skip:.3} (margin {:.3})", skip - plain - SKIP_MARGIN))
}

fn interpolation_is_monotone() -> SurfaceState {
    SurfaceState { preset: "interpolation_is_monotone".into(), depth: 2, width: 64, compare: false, grid: 31, budget: 500, ..SurfaceState::default() }
}

fn claim_interpolation_is_monotone(s: &SurfaceState) -> Verdict {
    let st = computed(s)?;
    let n = &st.nets[0];
    ensure(n.stage == Stage::Done, || format!("stopped: {:?}", n.failure))?;
    let rise = largest_rise(&n.curve);
    ensure(rise < 0.0, || format!("the loss rises by {rise:.3e} between two points of t ∈ [0, 1]"))?;
    let at = |t: f64| n.curve.iter().find(|p| (p.0 - t).abs() < 1e-9).map_or(f64::NAN, |p| p.1);
    let fall = at(0.0) / at(1.0);
    ensure(fall > 10.0, || format!("𝓛 only falls {fall:.1}× from w₀ to w*"))?;
    Ok(format!("largest change between steps of t in [0, 1]: {rise:.2e}; 𝓛(w₀)/𝓛(w*) = {fall:.0}; 𝓛(t = 1.5)/𝓛(w*) = {:.2}", at(1.5) / at(1.0)))
}

fn wide_surface_is_smoother() -> SurfaceState {
    SurfaceState { preset: "wide_surface_is_smoother".into(), depth: 2, width: 64, compare: false, grid: 41, budget: 500, ..SurfaceState::default() }
}

fn claim_wide_surface_is_smoother(s: &SurfaceState) -> Verdict {
    let wide = computed(s)?;
    let narrow = computed(&SurfaceState { width: 8, ..s.clone() })?;
    for st in [&wide, &narrow] {
        ensure(st.nets[0].stage == Stage::Done, || format!("stopped: {:?}", st.nets[0].failure))?;
    }
    let (w, n) = (curving_down_share(&wide.nets[0].grid, s.grid), curving_down_share(&narrow.nets[0].grid, s.grid));
    ensure(w + WIDTH_MARGIN <= n, || format!("curving down: width {} {w:.3}, width 8 {n:.3}", s.width))?;
    Ok(format!("curving down: width {} {w:.3}, width 8 {n:.3} (margin {:.3})", s.width, n - w - WIDTH_MARGIN))
}

/// The share of a slice's interior grid points (all but the centre) from which one grid step
/// toward the centre w* (along a, b or the diagonal) does not go up: 1 for a bowl around w*.
pub fn downhill_share(grid: &[f64], side: usize) -> f64 {
    let v = |i: usize, j: usize| grid[j * side + i];
    let c = side / 2;
    let toward = |k: usize| match k.cmp(&c) {
        std::cmp::Ordering::Greater => k - 1,
        std::cmp::Ordering::Less => k + 1,
        std::cmp::Ordering::Equal => k,
    };
    let (mut down, mut all) = (0usize, 0usize);
    for j in 1..side - 1 {
        for i in 1..side - 1 {
            if (i, j) == (c, c) {
                continue;
            }
            all += 1;
            if v(toward(i), toward(j)) <= v(i, j) {
                down += 1;
            }
        }
    }
    down as f64 / all.max(1) as f64
}

/// The share of a slice's interior grid points where it curves down along a or b (a negative
/// second difference 𝓛(a − h) + 𝓛(a + h) − 2𝓛(a) < 0 along either axis): 0 for a convex slice.
pub fn curving_down_share(grid: &[f64], side: usize) -> f64 {
    let v = |i: usize, j: usize| grid[j * side + i];
    let (mut down, mut all) = (0usize, 0usize);
    for j in 1..side - 1 {
        for i in 1..side - 1 {
            all += 1;
            let x = v(i, j);
            if v(i - 1, j) + v(i + 1, j) < 2.0 * x || v(i, j - 1) + v(i, j + 1) < 2.0 * x {
                down += 1;
            }
        }
    }
    down as f64 / all.max(1) as f64
}

/// The largest increase of 𝓛 between consecutive points with t in [0, 1] (≤ 0: monotone).
pub fn largest_rise(curve: &[(f64, f64)]) -> f64 {
    let inside: Vec<f64> = curve.iter().filter(|p| (-1e-12..=1.0 + 1e-12).contains(&p.0)).map(|p| p.1).collect();
    inside.windows(2).map(|w| w[1] - w[0]).fold(f64::NEG_INFINITY, f64::max)
}

/// Strict local minima of a side × side grid (below all 8 neighbours; the rim excluded).
pub fn local_minima(grid: &[f64], side: usize) -> usize {
    let v = |i: usize, j: usize| grid[j * side + i];
    let mut count = 0;
    for j in 1..side - 1 {
        for i in 1..side - 1 {
            let c = v(i, j);
            if (0..9).filter(|k| *k != 4).all(|k| v(i + k % 3 - 1, j + k / 3 - 1) > c) {
                count += 1;
            }
        }
    }
    count
}

/// The preset called `id`.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// Trains `s` and computes its surfaces in one go.
pub fn computed(s: &SurfaceState) -> LabResult<Study> {
    let mut st = Study::new(s)?;
    st.run_to_end();
    Ok(st)
}
