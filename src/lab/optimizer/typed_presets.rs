//! Presets built on typed functions (issue 13): lessons the built-in landscapes cannot show,
//! each with its claim measured on the finished race (on the preset and five moved starts).

use crate::lab::claim::ensure;
use crate::landscape::{curvature, LandscapeConfig, TypedConfig, ViewBox};
use crate::optim::{NewtonConfig, OptimizerConfig, SgdConfig};

use super::claims::{dist, final_loss, Race};
use super::presets::Preset;
use super::state::{OptimizerLabState, RacerConfig};

fn gd(lr: f64) -> RacerConfig {
    RacerConfig::new(OptimizerConfig::Sgd(SgdConfig { lr, ..SgdConfig::default() }))
}

fn typed(formula: &str, params: &[(&str, f64)], view: ViewBox, start: [f64; 2], budget: u64, racers: Vec<RacerConfig>, id: &str) -> OptimizerLabState {
    OptimizerLabState {
        landscape: LandscapeConfig::Typed(TypedConfig::new(formula, params, view)),
        start,
        racers,
        budget,
        speed: 60.0,
        shown: 0,
        preset: id.to_string(),
        ..OptimizerLabState::default()
    }
}

/// Two minima: the same GD from either side of x = 0 ends in a different well.
pub const DOUBLE_WELL: Preset = Preset {
    id: "double_well",
    label: "Your own function: a double well (the start decides)",
    lesson: "f = x⁴ − 2x² + y² has two minima, (−1, 0) and (1, 0), with f* = −1, and a saddle between them at the origin. The same GD (α = 0.05) started 0.3 left and 0.3 right of the ridge x = 0 ends in different wells, each to 10⁻⁸: which minimum you get depends only on where you start. Type your own formula in the field to try another.",
    build: || {
        let mut s = typed("x^4 - 2x^2 + y^2", &[], ViewBox::new(-2.0, 2.0, -1.5, 1.5), [0.0, 1.2], 200, vec![gd(0.05), gd(0.05)], "double_well");
        s.racers[0].offset = [-0.3, 0.0];
        s.racers[1].offset = [0.3, 0.0];
        s
    },
    jitter: [0.15, 0.15],
    claim: double_well,
};

fn double_well(r: &Race) -> crate::lab::claim::Verdict {
    ensure(r.surface.minima().len() == 2, || format!("the search found {} minima, not 2", r.surface.minima().len()))?;
    let mut ends = Vec::new();
    for i in 0..2 {
        let t = r.racer(i)?;
        let (start, end) = (t.points[0], *t.points.last().unwrap_or(&t.points[0]));
        let well = [start[0].signum(), 0.0];
        let d = dist(end, well);
        ensure(d < 1e-8, || format!("racer {} started at x = {:.2} and ends {d:.1e} from its well ({}, 0)", i + 1, start[0], well[0]))?;
        ensure((final_loss(t) + 1.0).abs() < 1e-12, || format!("racer {} ends at f = {}", i + 1, final_loss(t)))?;
        ends.push(end);
    }
    Ok(format!("ends {:?} and {:?}, 2 apart", ends[0], ends[1]))
}

/// An asymmetric valley: the cubic term a·x³/3 gives the bowl a cliff on one side.
pub const ASYMMETRIC_VALLEY: Preset = Preset {
    id: "asymmetric_valley",
    label: "Your own function: an asymmetric valley (slide a)",
    lesson: "f = (x² + y²)/2 + a·x³/3 is a round bowl on the right and a cliff on the left: past the saddle at x = −1/a (−2.5 for a = 0.4) the loss falls forever. The same GD (α = 0.1) started 0.5 inside the saddle reaches the minimum (0, 0); started 0.5 beyond it, it falls off and diverges. Slide a: the saddle moves to −1/a, and so does the edge of the basin.",
    build: || typed("(x^2 + y^2)/2 + a*x^3/3", &[("a", 0.4)], ViewBox::new(-4.0, 2.0, -2.25, 2.25), [-2.5, 1.0], 200, vec![{ let mut g = gd(0.1); g.offset = [0.5, 0.0]; g }, { let mut g = gd(0.1); g.offset = [-0.5, 0.0]; g }], "asymmetric_valley"),
    jitter: [0.15, 0.15],
    claim: asymmetric_valley,
};

fn asymmetric_valley(r: &Race) -> crate::lab::claim::Verdict {
    let (inside, beyond) = (r.racer(0)?, r.racer(1)?);
    let m = r.surface.minima();
    ensure(m.len() == 1 && dist(m[0], [0.0, 0.0]) < 1e-8, || format!("the search found {m:?}, not the one minimum at the origin"))?;
    let end = *inside.points.last().unwrap_or(&inside.points[0]);
    ensure(inside.diverged_at.is_none() && dist(end, [0.0, 0.0]) < 1e-6, || format!("the start inside the saddle ends at {end:?}"))?;
    ensure(beyond.diverged_at.is_some(), || "the start beyond the saddle did not fall off".into())?;
    Ok(format!("inside: ends {:.1e} from the minimum; beyond: diverges at step {}", dist(end, [0.0, 0.0]), beyond.diverged_at.unwrap_or(0)))
}

/// A degenerate minimum: Newton's quadratic convergence is lost where the Hessian is singular.
pub const DEGENERATE_MINIMUM: Preset = Preset {
    id: "degenerate_minimum",
    label: "Your own function: Newton at a degenerate minimum",
    lesson: "At the minimum of f = x⁴ + y² the Hessian diag(12x², 2) is singular (hover there: λ = 0, 2). Newton solves the y direction in one step, but along x each full step only multiplies x by 2/3: linear, not quadratic, convergence (and slower still once 12x² drops below Newton's eigenvalue floor 10⁻⁴), so after 30 steps x is still about 10⁻³ away where a non-degenerate minimum would be exact.",
    build: || typed("x^4 + y^2", &[], ViewBox::new(-2.0, 2.0, -1.5, 1.5), [1.5, 1.0], 30, vec![RacerConfig::new(OptimizerConfig::Newton(NewtonConfig::default()))], "degenerate_minimum"),
    jitter: [0.15, 0.15],
    claim: degenerate_minimum,
};

fn degenerate_minimum(r: &Race) -> crate::lab::claim::Verdict {
    let t = r.racer(0)?;
    ensure(t.points.len() > 13, || "Newton stopped early".into())?;
    let y = t.points[1..].iter().map(|p| p[1].abs()).fold(0.0, f64::max);
    ensure(y < 1e-15, || format!("y is not solved in one step (|y| up to {y:.1e})"))?;
    // While 12x² stays above Newton's eigenvalue floor (10⁻⁴), every step is x ← 2x/3 exactly.
    let worst = t.points[..13].windows(2).map(|w| (w[1][0] / w[0][0] - 2.0 / 3.0).abs()).fold(0.0, f64::max);
    ensure(worst < 1e-12, || format!("a step's ratio x_(k+1)/x_k is {worst:.1e} away from 2/3"))?;
    let last = t.points.last().map_or(0.0, |p| p[0].abs());
    ensure(last > 1e-4, || format!("x reached {last:.1e}: not slow"))?;
    let m = r.surface.minima();
    ensure(m.len() == 1, || format!("the search found {m:?}"))?;
    let c = curvature(r.surface.hessian(0.0, 0.0));
    ensure(c.eigenvalues[0].abs() < 1e-12, || format!("the Hessian at the minimum has λ = {:?}", c.eigenvalues))?;
    Ok(format!("x_(k+1)/x_k = 2/3 ± {worst:.0e}; |x| after {} steps = {last:.1e}", t.points.len() - 1))
}

/// GD with a fixed step settles into a 2-cycle on a convex function with a unique minimum.
pub const GD_CYCLES: Preset = Preset {
    id: "gd_cycles",
    label: "Your own function: GD with a fixed step cycles",
    lesson: "f = √(1 + x²) + 0.1y² is convex with one minimum, curvature 1 there but flat far out. GD with α = 3 (> 2/λ_max = 2) cannot settle at the minimum, yet does not diverge either: it locks into a 2-cycle x = ±√(α²/4 − 1) = ±1.118 (where α/√(1 + x²) = 2), forever. With α = 1.5 (< 2) it converges.",
    build: || typed("sqrt(1 + x^2) + 0.1y^2", &[], ViewBox::new(-3.0, 3.0, -2.25, 2.25), [2.5, 1.5], 200, vec![gd(3.0), gd(1.5)], "gd_cycles"),
    jitter: [0.15, 0.15],
    claim: gd_cycles,
};

fn gd_cycles(r: &Race) -> crate::lab::claim::Verdict {
    let (cycling, calm) = (r.racer(0)?, r.racer(1)?);
    let star = (9.0f64 / 4.0 - 1.0).sqrt();
    let tail = &cycling.points[cycling.points.len().saturating_sub(20)..];
    let off = tail.iter().map(|p| (p[0].abs() - star).abs()).fold(0.0, f64::max);
    ensure(off < 1e-9, || format!("the last 20 iterates are up to {off:.1e} from |x| = {star:.4}"))?;
    ensure(tail.windows(2).all(|w| w[0][0] * w[1][0] < 0.0), || "x does not flip sign on every step".into())?;
    let end = calm.points.last().map_or(f64::NAN, |p| p[0].abs());
    ensure(end < 1e-9, || format!("α = 1.5 ends at |x| = {end:.1e}"))?;
    Ok(format!("α = 3 cycles at |x| = {star:.6} ± {off:.0e}; α = 1.5 ends at |x| = {end:.0e}"))
}
