//! One-click presets reproducing the lectures' figures; each is also a short link (`preset=NAME`).

use crate::landscape::{LandscapeConfig, NoiseConfig};
use crate::optim::{
    AdamConfig, EmaMomentumConfig, NewtonConfig, OptimizerConfig, RmspropConfig, RpropConfig, Schedule, SgdConfig,
    SignSgdConfig,
};

use super::state::{OptimizerLabState, RacerConfig};

/// A named preset.
pub struct Preset {
    /// Id used in URLs (`preset=momentum_zigzag`).
    pub id: &'static str,
    /// Menu label.
    pub label: &'static str,
    /// What to notice (shown in the status line when loaded).
    pub lesson: &'static str,
    /// Builds the state.
    pub build: fn() -> OptimizerLabState,
}

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
        lesson: "Momentum follows the banana valley with wide swings; Adam's per-coordinate scaling takes a different line.",
        build: || {
            let mut s = OptimizerLabState::default();
            s.preset = "adam_vs_momentum".into();
            s.shown = 0;
            s
        },
    },
    Preset {
        id: "gd_oscillation",
        label: "GD oscillating across a narrow valley",
        lesson: "With α close to 2/λ_max the step overshoots across the steep direction every time, while progress along the valley floor is slow.",
        build: || base(valley(), [-2.2, 1.6], 60, vec![racer(sgd(1.85, 0.0))], "gd_oscillation"),
    },
    Preset {
        id: "momentum_zigzag",
        label: "Momentum smooths the zig-zag",
        lesson: "Heavy-ball momentum averages the alternating steep-direction gradients away and accumulates speed along the valley.",
        build: || base(valley(), [-2.2, 1.6], 80, vec![racer(sgd(1.85, 0.0)), racer(sgd(0.6, 0.7))], "momentum_zigzag"),
    },
    Preset {
        id: "learning_rates",
        label: "Learning rate too small / too large / right",
        lesson: "α = 0.05 crawls, α = 2.5 > 2/λ_max = 2 diverges (marked ✕), α = 2/(λ₁+λ₂) converges fastest for plain GD.",
        build: || {
            let l = LandscapeConfig::Quadratic { kappa: 4.0, angle_deg: 20.0 };
            // λ = 1/κ and 1 → α* = 2/(1 + 1/4) = 1.6.
            base(l, [-2.0, 1.5], 60, vec![racer(sgd(0.05, 0.0)), racer(sgd(2.5, 0.0)), racer(sgd(1.6, 0.0))], "learning_rates")
        },
    },
    Preset {
        id: "saddle_driveby",
        label: "Saddle point drive-by",
        lesson: "Starting almost on the saddle's stable line, GD slows to a near stop by the saddle before the unstable direction takes over; momentum and Adam leave sooner.",
        build: || {
            base(
                LandscapeConfig::Saddle,
                [1.8, 0.001],
                60,
                vec![racer(sgd(0.1, 0.0)), racer(sgd(0.05, 0.9)), racer(adam(0.1))],
                "saddle_driveby",
            )
        },
    },
    Preset {
        id: "plateau",
        label: "Stuck on a plateau",
        lesson: "Where the loss is flat the gradient is tiny: GD barely moves. Adam divides by the gradient's own scale and walks off the plateau; momentum slowly builds speed.",
        build: || {
            base(
                LandscapeConfig::Plateau,
                [-2.5, 1.8],
                300,
                vec![racer(sgd(1.0, 0.0)), racer(sgd(1.0, 0.95)), racer(adam(0.05))],
                "plateau",
            )
        },
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
    },
    Preset {
        id: "gradient_scale",
        label: "Rprop vs RMSprop vs Adam: gradient scale",
        lesson: "See the gradient-stream view: ten gradients of +0.1 then one of −1. Their sum is zero so SGD goes nowhere; Rprop (signs only) moves steadily; RMSprop barely moves.",
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
    },
    Preset {
        id: "newton_quadratic",
        label: "Newton vs GD on a quadratic",
        lesson: "On a quadratic Newton's full step (α = 1) lands on the minimum in one step, whatever the condition number; GD needs many.",
        build: || {
            let l = LandscapeConfig::Quadratic { kappa: 50.0, angle_deg: 35.0 };
            base(l, [-2.2, 1.7], 40, vec![racer(sgd(1.0, 0.0)), racer(newton(false))], "newton_quadratic")
        },
    },
    Preset {
        id: "newton_saddle",
        label: "Newton vs GD at a saddle",
        lesson: "Plain Newton jumps straight to the saddle (it seeks any critical point). With |λ| (saddle-free Newton) it descends like GD should, and faster.",
        build: || {
            base(
                LandscapeConfig::Saddle,
                [1.2, 0.4],
                40,
                vec![racer(sgd(0.1, 0.0)), racer(newton(false)), racer(newton(true))],
                "newton_saddle",
            )
        },
    },
    Preset {
        id: "noise_ball",
        label: "SGD noise ball vs decayed learning rate",
        lesson: "With noisy gradients and a constant α, SGD stalls in a ball around the minimum whose size grows with α·σ²; decaying α (1/t) shrinks the ball.",
        build: || {
            let l = LandscapeConfig::Quadratic { kappa: 4.0, angle_deg: 0.0 };
            let mut s = base(l, [-2.5, 1.5], 400, vec![racer(sgd(0.5, 0.0)), racer(sgd(0.5, 0.0))], "noise_ball");
            s.noise = NoiseConfig { sigma: 1.0, batch_size: 0 };
            s.racers[1].schedule = Schedule::InverseTime { decay: 0.05 };
            s
        },
    },
    Preset {
        id: "ema_vs_heavy_ball",
        label: "Lecture 004 momentum (EMA, bias-corrected) vs heavy ball",
        lesson: "The EMA form u ← βu + (1−β)g with bias correction takes steps of the gradient's size from the first iteration; PyTorch's heavy ball grows up to 1/(1−β) times larger.",
        build: || {
            base(
                valley(),
                [-2.2, 1.6],
                80,
                vec![
                    racer(sgd(0.2, 0.9)),
                    racer(OptimizerConfig::EmaMomentum(EmaMomentumConfig { lr: 1.0, beta: 0.9, bias_correction: true, nesterov: false })),
                ],
                "ema_vs_heavy_ball",
            )
        },
    },
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

    #[test]
    fn preset_ids_are_unique() {
        for (i, p) in PRESETS.iter().enumerate() {
            assert!(PRESETS[..i].iter().all(|q| q.id != p.id));
            assert!(find(p.id).is_some());
        }
    }
}
