//! One-click presets reproducing the lectures' figures; each is also a short link (`preset=NAME`).

use crate::landscape::{LandscapeConfig, NoiseConfig};
use crate::optim::{
    AdamConfig, EmaMomentumConfig, NewtonConfig, OptimizerConfig, RmspropConfig, RpropConfig, Schedule, SgdConfig,
    SignSgdConfig,
};

use super::claims::{variant, Race};
use super::lessons;
use super::typed_presets;
use super::state::{OptimizerLabState, RacerConfig};

/// A named preset.
pub struct Preset {
    /// Id used in URLs (`preset=momentum_zigzag`).
    pub id: &'static str,
    /// Menu label.
    pub label: &'static str,
    /// What to notice (shown in the status line when loaded). What it says is checked by
    /// [`Preset::claim`] on the preset and on five variants ([`variant`]).
    pub lesson: &'static str,
    /// Builds the state.
    pub build: fn() -> OptimizerLabState,
    /// How far (per coordinate) the seed variants move the start point.
    pub jitter: [f64; 2],
    /// The lesson as a measurable property of the finished race: `Ok` with the measured margin,
    /// or `Err` saying what failed.
    pub claim: fn(&Race) -> crate::lab::claim::Verdict,
}

impl Preset {
    /// Runs the preset with `seed` (1 = as shipped; see [`variant`]) and checks its claim.
    pub fn check_claim(&self, seed: u64) -> crate::lab::claim::Verdict {
        let state = variant(&(self.build)(), seed, self.jitter);
        let race = Race::run(&state, seed - 1)?;
        (self.claim)(&race)
    }
}

/// The start-point jitter of most presets' seed variants.
const JITTER: [f64; 2] = [0.15, 0.15];

fn sgd(lr: f64, momentum: f64) -> OptimizerConfig {
    OptimizerConfig::Sgd(SgdConfig { lr, momentum, ..SgdConfig::default() })
}
fn adam(lr: f64) -> OptimizerConfig {
    OptimizerConfig::Adam(AdamConfig { lr, ..AdamConfig::default() })
}
fn rmsprop(lr: f64) -> OptimizerConfig {
    OptimizerConfig::Rmsprop(RmspropConfig { lr, ..RmspropConfig::default() })
}
fn rprop(lr: f64) -> OptimizerConfig {
    OptimizerConfig::Rprop(RpropConfig { lr, ..RpropConfig::default() })
}
fn newton(saddle_free: bool) -> OptimizerConfig {
    OptimizerConfig::Newton(NewtonConfig { lr: 1.0, saddle_free, ..NewtonConfig::default() })
}
fn racer(o: OptimizerConfig) -> RacerConfig {
    RacerConfig::new(o)
}

fn base(landscape: LandscapeConfig, start: [f64; 2], budget: u64, racers: Vec<RacerConfig>, id: &str) -> OptimizerLabState {
    OptimizerLabState {
        landscape,
        noise: NoiseConfig::default(),
        seed: 1,
        start,
        view: [0.0; 4],
        racers,
        budget,
        speed: 60.0,
        shown: 0,
        arrows: false,
        preset: id.to_string(),
    }
}

fn valley() -> LandscapeConfig {
    LandscapeConfig::Quadratic { kappa: 25.0, angle_deg: 30.0 }
}

/// Every preset, in menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "adam_vs_momentum",
        label: "Adam vs momentum on Rosenbrock",
        lesson: "Heavy-ball momentum builds up steps several times larger than Adam's and swings along the banana valley, ending closer to the minimum after 1,000 steps; Adam's per-coordinate scaling keeps every coordinate's step near α = 0.05, so it takes a different, steadier line.",
        build: || {
            let mut s = OptimizerLabState::default();
            s.preset = "adam_vs_momentum".into();
            s.shown = 0;
            s
        },
        jitter: JITTER,
        claim: lessons::adam_vs_momentum,
    },
    Preset {
        id: "gd_oscillation",
        label: "GD oscillating across a narrow valley",
        lesson: "With α = 1.85 close to 2/λ_max = 2, every step overshoots across the steep direction (the sign flips on every step and each swing is 85% of the last), while the distance along the valley floor shrinks by only 7% per step.",
        build: || base(valley(), [-2.2, 1.6], 60, vec![racer(sgd(1.85, 0.0))], "gd_oscillation"),
        jitter: JITTER,
        claim: lessons::gd_oscillation,
    },
    Preset {
        id: "momentum_zigzag",
        label: "Momentum smooths the zig-zag",
        lesson: "GD with α = 1.85 zig-zags across the valley on every step. Heavy-ball momentum (α = 0.3, β = 0.8) averages the alternating steep-direction gradients, so it crosses the valley floor on fewer than a quarter of its steps, and accumulates speed along the valley: after 80 steps it is closer to the minimum.",
        build: || base(valley(), [-2.2, 1.6], 80, vec![racer(sgd(1.85, 0.0)), racer(sgd(0.3, 0.8))], "momentum_zigzag"),
        jitter: JITTER,
        claim: lessons::momentum_zigzag,
    },
    Preset {
        id: "learning_rates",
        label: "Learning rate too small / too large / right",
        lesson: "α = 0.05 crawls (after 60 steps f is still a few % of its start), α = 2.5 > 2/λ_max = 2 diverges (marked ✕), and α = 2/(λ₁+λ₂) = 1.6, the best constant step for plain GD, reaches machine precision.",
        build: || {
            let l = LandscapeConfig::Quadratic { kappa: 4.0, angle_deg: 20.0 };
            // λ = 1/κ and 1 → α* = 2/(1 + 1/4) = 1.6.
            base(l, [-2.0, 1.5], 60, vec![racer(sgd(0.05, 0.0)), racer(sgd(2.5, 0.0)), racer(sgd(1.6, 0.0))], "learning_rates")
        },
        jitter: JITTER,
        claim: lessons::learning_rates,
    },
    Preset {
        id: "saddle_driveby",
        label: "Saddle point drive-by",
        lesson: "Starting almost on the saddle's stable line, GD slows to a near stop by the saddle (its steps shrink below 5% of the first) before the unstable direction takes over; momentum and Adam leave the saddle region sooner.",
        build: || {
            base(
                LandscapeConfig::Saddle,
                [1.8, 0.001],
                60,
                // GD last, so its trail is drawn on top: along the x axis momentum's overshoot
                // would otherwise cover the iterates bunching up by the saddle.
                vec![racer(sgd(0.05, 0.9)), racer(adam(0.1)), racer(sgd(0.1, 0.0))],
                "saddle_driveby",
            )
        },
        jitter: [0.1, 0.0005],
        claim: lessons::saddle_driveby,
    },
    Preset {
        id: "plateau",
        label: "Stuck on a plateau",
        lesson: "Where the loss is flat the gradient is tiny (about 10⁻⁴ here): GD with α = 1 moves less than 0.1 in 300 steps and stays on the start disc. Adam divides by the gradient's own scale and walks straight into the well; heavy-ball momentum builds speed from the same tiny gradient, slowly at first, and reaches the well too.",
        build: || {
            base(
                LandscapeConfig::Plateau,
                [-2.7, 1.9],
                300,
                vec![racer(sgd(1.0, 0.0)), racer(sgd(1.0, 0.9)), racer(adam(0.05))],
                "plateau",
            )
        },
        jitter: JITTER,
        claim: lessons::plateau,
    },
    Preset {
        id: "himmelblau",
        label: "Himmelblau: several minima from nearby starts",
        lesson: "Four runs of the same GD, started half a unit from the local maximum in four directions, end in four different minima: the landscape is not convex.",
        build: || {
            let mut s = base(
                LandscapeConfig::Himmelblau,
                [-0.270845, -0.923039],
                300,
                (0..4).map(|_| racer(sgd(0.01, 0.0))).collect(),
                "himmelblau",
            );
            let offsets = [[0.5, 0.5], [-0.5, 0.5], [-0.5, -0.5], [0.5, -0.5]];
            for (r, o) in s.racers.iter_mut().zip(offsets) {
                r.offset = o;
            }
            s
        },
        jitter: JITTER,
        claim: lessons::himmelblau,
    },
    Preset {
        id: "gradient_scale",
        label: "Rprop vs RMSprop vs Adam: gradient scale",
        lesson: "See the gradient-stream view: ten gradients of +0.1 then one of −1, repeated. Their sum is zero, so SGD comes back to where it started; Rprop (signs only, with growing step sizes) runs away by hundreds and signSGD drifts steadily; RMSprop keeps the gradients' relative scale and moves less than 1.",
        build: || {
            let l = LandscapeConfig::Quadratic { kappa: 1000.0, angle_deg: 0.0 };
            base(
                l,
                [-2.5, 0.8],
                150,
                vec![racer(sgd(0.1, 0.0)), racer(rprop(0.01)), racer(rmsprop(0.01)), racer(adam(0.1)), racer(OptimizerConfig::SignSgd(SignSgdConfig { lr: 0.05 }))],
                "gradient_scale",
            )
        },
        jitter: JITTER,
        claim: lessons::gradient_scale,
    },
    Preset {
        id: "newton_quadratic",
        label: "Newton vs GD on a quadratic",
        lesson: "On a quadratic Newton's full step (α = 1) lands on the minimum in one step, whatever the condition number (κ from 1.5 to 10⁴ alike); GD with α = 1 is still above 10⁻⁴ of its starting loss after 40 steps.",
        build: || {
            let l = LandscapeConfig::Quadratic { kappa: 50.0, angle_deg: 35.0 };
            base(l, [-2.2, 1.7], 40, vec![racer(sgd(1.0, 0.0)), racer(newton(false))], "newton_quadratic")
        },
        jitter: JITTER,
        claim: lessons::newton_quadratic,
    },
    Preset {
        id: "newton_saddle",
        label: "Newton vs GD at a saddle",
        lesson: "Plain Newton jumps straight onto the saddle in one step and stays (it seeks any critical point). Saddle-free Newton (|λ| in place of λ) descends like GD should, below GD's loss at every step, and escapes downhill.",
        build: || {
            base(
                LandscapeConfig::Saddle,
                [1.2, 0.4],
                40,
                vec![racer(sgd(0.1, 0.0)), racer(newton(false)), racer(newton(true))],
                "newton_saddle",
            )
        },
        jitter: JITTER,
        claim: lessons::newton_saddle,
    },
    Preset {
        id: "noise_ball",
        label: "SGD noise ball vs decayed learning rate",
        lesson: "With noisy gradients (σ = 1) and a constant α = 0.5, SGD stalls in a noise ball around the minimum; decaying α as 1/t shrinks the ball (over the last 100 steps the mean distance to the minimum is less than half).",
        build: || {
            let l = LandscapeConfig::Quadratic { kappa: 4.0, angle_deg: 0.0 };
            let mut s = base(l, [-2.5, 1.5], 400, vec![racer(sgd(0.5, 0.0)), racer(sgd(0.5, 0.0))], "noise_ball");
            s.noise = NoiseConfig { sigma: 1.0, batch_size: 0 };
            s.racers[1].schedule = Schedule::InverseTime { decay: 0.05 };
            s
        },
        jitter: JITTER,
        claim: lessons::noise_ball,
    },
    Preset {
        id: "ema_vs_heavy_ball",
        label: "Lecture 004 momentum (EMA, bias-corrected) vs heavy ball",
        lesson: "Same α = 0.1 and β = 0.9 for both. The EMA form u ← βu + (1−β)g with bias correction steps by α times an average of recent gradients (along the valley floor its steps stay within 1.0–1.04 × α|g|); PyTorch's heavy ball adds the gradients up (1/(1−β) = 10 of them for a constant gradient), so its steps along the valley grow to many times α|g| and it gets much further in 80 steps. Give the EMA form α/(1−β) = 1 to match.",
        build: || {
            base(
                valley(),
                [-2.2, 1.6],
                80,
                vec![
                    racer(sgd(0.1, 0.9)),
                    racer(OptimizerConfig::EmaMomentum(EmaMomentumConfig { lr: 0.1, beta: 0.9, bias_correction: true, nesterov: false })),
                ],
                "ema_vs_heavy_ball",
            )
        },
        jitter: JITTER,
        claim: lessons::ema_vs_heavy_ball,
    },
    typed_presets::DOUBLE_WELL,
    typed_presets::ASYMMETRIC_VALLEY,
    typed_presets::DEGENERATE_MINIMUM,
    typed_presets::GD_CYCLES,
];

/// Looks a preset up by id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::optimizer::race::run_race;

    #[test]
    fn every_preset_is_valid_and_tells_its_story() {
        for p in PRESETS {
            let mut s = (p.build)();
            assert_eq!(s.preset, p.id);
            assert!(s.repair().is_empty(), "{} needs repairs", p.id);
            let surface = s.landscape.build().unwrap();
            let ts = run_race(&surface, &s, &surface.default_view());
            for (i, t) in ts.iter().enumerate() {
                assert!(t.error.is_none(), "{} racer {i}: {:?}", p.id, t.error);
            }
            match p.id {
                "learning_rates" => {
                    assert!(ts[1].diverged_at.is_some(), "α = 2.5 must diverge");
                    let last = |i: usize| *ts[i].loss.last().unwrap();
                    assert!(last(2) < last(0), "the right α beats the small one");
                }
                "momentum_zigzag" => {
                    assert!(ts[1].loss.last().unwrap() < ts[0].loss.last().unwrap(), "momentum gets lower");
                }
                "newton_quadratic" => assert!(ts[1].loss[1] < 1e-20, "Newton solves a quadratic in one step"),
                "newton_saddle" => {
                    let p1 = ts[1].points[1];
                    assert!(p1[0].hypot(p1[1]) < 1e-12, "plain Newton jumps onto the saddle");
                    assert!(ts[2].loss.last().unwrap() < &-1.0, "saddle-free Newton descends");
                }
                "himmelblau" => {
                    let ends: Vec<[f64; 2]> = ts.iter().map(|t| *t.points.last().unwrap()).collect();
                    for i in 0..4 {
                        for j in 0..i {
                            let d = (ends[i][0] - ends[j][0]).hypot(ends[i][1] - ends[j][1]);
                            assert!(d > 1.0, "runs {i} and {j} end in the same minimum");
                        }
                    }
                }
                "plateau" => {
                    let moved = |i: usize| {
                        let a = ts[i].points[0];
                        let b = *ts[i].points.last().unwrap();
                        (a[0] - b[0]).hypot(a[1] - b[1])
                    };
                    assert!(moved(2) > 10.0 * moved(0), "Adam leaves the plateau, GD does not");
                }
                _ => {}
            }
        }
    }

    /// Every preset's lesson holds on the preset as shipped and on five variants (moved start,
    /// reseeded noise, another phase of the gradient stream).
    #[test]
    fn every_preset_claim_holds_on_six_seeds() {
        let mut failures = Vec::new();
        for p in PRESETS {
            for seed in 1..=6 {
                match p.check_claim(seed) {
                    Ok(m) => println!("{} seed {seed}: {m}", p.id),
                    Err(e) => failures.push(format!("{} seed {seed}: {e}", p.id)),
                }
            }
        }
        assert!(failures.is_empty(), "claims that do not hold:\n{}", failures.join("\n"));
    }

    #[test]
    fn preset_ids_are_unique() {
        for (i, p) in PRESETS.iter().enumerate() {
            assert!(PRESETS[..i].iter().all(|q| q.id != p.id));
            assert!(find(p.id).is_some());
        }
    }
}
