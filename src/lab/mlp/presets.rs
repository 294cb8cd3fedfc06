//! One-click presets for the lectures' stories; each is also a short link (`preset=ID`).

use crate::mlp::{Activation, DataConfig, DataKind, InitConfig, InitKind};
use crate::optim::{AdamConfig, NeroConfig, OptimizerConfig, Schedule, SgdConfig};

use super::claims::{outcome, Outcome, RunOutcome};
use crate::lab::claim::ensure;
use super::state::{MlpLabState, RunConfig, SweepSettings};

/// A named preset.
pub struct Preset {
    /// Id used in URLs (`preset=zero_init`).
    pub id: &'static str,
    /// Menu label.
    pub label: &'static str,
    /// What to notice (shown in the status line when loaded). Every number in it is checked by
    /// [`Preset::claim`] on several data and initialisation seeds.
    pub lesson: &'static str,
    /// Builds the state.
    pub build: fn() -> MlpLabState,
    /// The lesson as a measurable property of the finished runs (and of the width sweep or the
    /// "init" view where the lesson is about them): `Ok` with the measured margin, or `Err` saying
    /// what failed.
    pub claim: fn(&Outcome) -> crate::lab::claim::Verdict,
}

impl Preset {
    /// Runs what the claim looks at for `state` (this preset with any seeds) and checks the claim.
    pub fn check_claim(&self, state: &MlpLabState) -> crate::lab::claim::Verdict {
        let o = outcome(state, self.id == "width_sweep", self.id == "xavier_vs_kaiming").map_err(|e| e.to_string())?;
        (self.claim)(&o)
    }
}

fn finished(o: &Outcome, i: usize) -> crate::lab::error::LabResult<&RunOutcome> {
    let r = o.runs.get(i).ok_or_else(|| crate::lab::claim::unmet(format!("run {} missing", i + 1)))?;
    ensure(r.diverged_at.is_none() && r.final_loss.is_finite(), || format!("run {} halted at {:?}", i + 1, r.diverged_at))?;
    Ok(r)
}

fn claim_zero_init(o: &Outcome) -> crate::lab::claim::Verdict {
    let (k, z) = (finished(o, 0)?, finished(o, 1)?);
    let ln2 = std::f64::consts::LN_2;
    let worst = z.train_loss.iter().map(|l| (l - ln2).abs()).fold(0.0, f64::max);
    ensure(worst < 0.01, || format!("zero-init loss left ln 2 by {worst}"))?;
    let moved = z.weight_change.iter().cloned().fold(0.0, f64::max);
    ensure(moved == 0.0, || format!("zero-init weights moved by {moved}"))?;
    ensure(k.final_loss < 0.05, || format!("Kaiming final loss {}", k.final_loss))?;
    Ok(format!("zero |L−ln2| ≤ {worst:.2e}, weights moved {moved}; Kaiming final {:.4}", k.final_loss))
}

fn claim_xavier_vs_kaiming(o: &Outcome) -> crate::lab::claim::Verdict {
    let (x, k) = (finished(o, 0)?, finished(o, 1)?);
    let (lx, lk) = (x.loss_at(150), k.loss_at(150));
    ensure(lk < 0.5 * lx, || format!("at step 150 Kaiming {lk} vs Xavier {lx}"))?;
    let ratio = |kind: InitKind| -> crate::lab::error::LabResult<f64> {
        let st = &o.deep.iter().find(|(k, _)| *k == kind).ok_or("no init statistics")?.1;
        Ok(st[st.len() - 1].act_std / st[0].act_std)
    };
    let (rx, rk) = (ratio(InitKind::Xavier)?, ratio(InitKind::Kaiming)?);
    ensure(rx < 0.01, || format!("Xavier last/first activation std {rx}"))?;
    ensure((0.25..=4.0).contains(&rk), || format!("Kaiming last/first activation std {rk}"))?;
    Ok(format!("step 150: Kaiming/Xavier loss {:.3}; init view last/first std: Xavier {rx:.4}, Kaiming {rk:.2}", lk / lx))
}

fn claim_learning_rates(o: &Outcome) -> crate::lab::claim::Verdict {
    let (slow, good) = (finished(o, 0)?, finished(o, 1)?);
    let fast = o.runs.get(2).ok_or("run 3 missing")?;
    let at = fast.diverged_at.ok_or("α = 1.5 did not diverge")?;
    ensure(slow.final_loss > 10.0 * good.final_loss, || format!("slow {} vs good {}", slow.final_loss, good.final_loss))?;
    Ok(format!("slow/good final loss {:.1}×; α=1.5 diverged at step {at}", slow.final_loss / good.final_loss))
}

fn claim_step_decay(o: &Outcome) -> crate::lab::claim::Verdict {
    let (c, d) = (finished(o, 0)?, finished(o, 1)?);
    // Reported, not claimed: after the decay (and 100 steps of settling), the decayed run's loss
    // relative to the lowest loss the constant run has reached so far (above 1 on some seeds).
    let mut run_min = f64::INFINITY;
    let mut worst: f64 = 0.0;
    for ((&s, &lc), &ld) in c.step.iter().zip(&c.train_loss).zip(&d.train_loss) {
        run_min = run_min.min(lc);
        if s >= 700 {
            worst = worst.max(ld / run_min);
        }
    }
    let b = *c.step.last().unwrap_or(&0) + 1;
    let (mc, md) = (c.mean_loss(b * 4 / 5, b), d.mean_loss(b * 4 / 5, b));
    ensure(md < mc, || format!("last-20% mean: decayed {md} vs constant {mc}"))?;
    Ok(format!("max decayed/running-min after 700: {worst:.3}; last-20% mean decayed/constant {:.3}", md / mc))
}

fn claim_minibatch_noise(o: &Outcome) -> crate::lab::claim::Verdict {
    let (m, f) = (finished(o, 0)?, finished(o, 1)?);
    let r = m.final_loss / f.final_loss;
    ensure(r < 2.0, || format!("minibatch/full final loss {r}"))?;
    Ok(format!("minibatch/full final loss {r:.2}"))
}

fn claim_adam_vs_momentum(o: &Outcome) -> crate::lab::claim::Verdict {
    let (a, m) = (finished(o, 0)?, finished(o, 1)?);
    let early = a.loss_at(200) / m.loss_at(200);
    let end = a.final_loss / m.final_loss;
    ensure(early < 0.5 && end < 0.5, || format!("Adam/momentum at step 200 {early}, at the end {end}"))?;
    Ok(format!("Adam/momentum loss at step 200 {early:.2}, at the end {end:.2}"))
}

fn claim_nero_vs_adam(o: &Outcome) -> crate::lab::claim::Verdict {
    let (n, a) = (finished(o, 0)?, finished(o, 1)?);
    let r = n.final_loss / a.final_loss;
    ensure(r <= 1.5, || format!("Nero/Adam final loss {r}"))?;
    let mut msg = format!("Nero/Adam final loss {r:.2}");
    if o.runs.len() > 2 {
        let sgd = finished(o, 2)?;
        ensure(n.final_loss < sgd.final_loss, || format!("Nero {} vs SGD {}", n.final_loss, sgd.final_loss))?;
        msg.push_str(&format!(", Nero/SGD {:.2}", n.final_loss / sgd.final_loss));
    }
    Ok(msg)
}

fn claim_width_sweep(o: &Outcome) -> crate::lab::claim::Verdict {
    let p = &o.sweep;
    ensure(p.len() >= 2 && p.iter().all(|q| q.halted.is_none()), || "sweep incomplete".into())?;
    for w in p.windows(2) {
        ensure(w[1].total_change < w[0].total_change, || format!("width {} moved {} ≥ width {} {}", w[1].width, w[1].total_change, w[0].width, w[0].total_change))?;
    }
    let r = p[p.len() - 1].total_change / p[0].total_change;
    ensure(r < 0.25, || format!("widest/narrowest change {r}"))?;
    Ok(format!("change falls with width; widest/narrowest {r:.3}"))
}

fn sgd(lr: f64, momentum: f64) -> OptimizerConfig {
    OptimizerConfig::Sgd(SgdConfig { lr, momentum, ..SgdConfig::default() })
}
fn adam(lr: f64) -> OptimizerConfig {
    OptimizerConfig::Adam(AdamConfig { lr, ..AdamConfig::default() })
}
fn run(o: OptimizerConfig) -> RunConfig {
    RunConfig::new(o)
}
fn with_init(mut r: RunConfig, kind: InitKind) -> RunConfig {
    r.init = InitConfig { kind, ..InitConfig::default() };
    r
}
fn data(kind: DataKind) -> DataConfig {
    DataConfig { kind, ..DataConfig::default() }
}

fn base(id: &str, d: DataConfig, hidden: Vec<usize>, activation: Activation, runs: Vec<RunConfig>, budget: u64) -> MlpLabState {
    MlpLabState {
        data: d,
        hidden,
        activation,
        runs,
        budget,
        speed: 10,
        preset: id.to_string(),
        ..MlpLabState::default()
    }
}

/// Every preset, in menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "zero_init",
        label: "Zero initialisation is stuck",
        lesson: "With W = 0 and b = 0 every hidden unit computes the same thing (here 0) and gets the same (here zero) gradient: the zero-init run's weights never move and its loss stays at ln 2 (within 0.01), the best a constant guess can do; Kaiming init breaks the symmetry and gets below 0.05.",
        build: || {
            let mut s = base(
                "zero_init",
                data(DataKind::Circles),
                vec![16, 16],
                Activation::Tanh,
                vec![with_init(run(adam(0.01)), InitKind::Kaiming), with_init(run(adam(0.01)), InitKind::Zero)],
                800,
            );
            // The surface shows the zero-init run: flat at p = ½ everywhere, the lesson's picture.
            s.focus = 1;
            s
        },
        claim: claim_zero_init,
    },
    Preset {
        id: "xavier_vs_kaiming",
        label: "Xavier vs Kaiming in a deep ReLU net",
        lesson: "In 8 ReLU layers N(0, 1/n) halves the signal's variance at every layer: the Xavier run starts with tiny outputs and gradients and leaves its starting loss late (at step 150 its loss is more than twice Kaiming's). N(0, 2/n) keeps the scale. In the ‘init’ view's 20-layer net the Xavier activations shrink more than 100× from the first layer to the last; Kaiming's stay within 4× of the first.",
        build: || {
            let mut s = base(
                "xavier_vs_kaiming",
                data(DataKind::Circles),
                vec![16; 8],
                Activation::Relu,
                vec![with_init(run(sgd(0.05, 0.0)), InitKind::Xavier), with_init(run(sgd(0.05, 0.0)), InitKind::Kaiming)],
                600,
            );
            s.deep.depth = 20;
            s.deep.activation = Activation::Relu;
            s.deep.init = InitConfig { kind: InitKind::Xavier, ..InitConfig::default() };
            s
        },
        claim: claim_xavier_vs_kaiming,
    },
    Preset {
        id: "learning_rates",
        label: "Learning rate too low / right / too high",
        lesson: "Fitting a noisy sine with SGD: α = 0.0005 barely bends the curve in the budget (its final loss is more than 10× that of α = 0.1); α = 0.1 fits it; α = 1.5 overshoots, the loss blows up and that run stops with “diverged at step k” while the others continue.",
        build: || {
            base(
                "learning_rates",
                data(DataKind::Sine),
                vec![16, 16],
                Activation::Tanh,
                vec![run(sgd(0.0005, 0.0)), run(sgd(0.1, 0.0)), run(sgd(1.5, 0.0))],
                1500,
            )
        },
        claim: claim_learning_rates,
    },
    Preset {
        id: "step_decay",
        label: "Step decay drops the loss",
        lesson: "With minibatches of 10 on XOR, SGD at α = 1.0 soon sits on a noise floor: every minibatch gradient points a bit elsewhere, so the weights keep jittering by steps of size about α. Cutting α by 10× at step 600 (lecture 002) shrinks the jitter: over the last 20% of steps the decayed run's training loss is lower on average than the constant run's.",
        build: || {
            let mut decayed = run(sgd(1.0, 0.0));
            decayed.batch_size = 10;
            decayed.schedule = Schedule::Step { step_size: 600, gamma: 0.1 };
            let mut constant = run(sgd(1.0, 0.0));
            constant.batch_size = 10;
            base("step_decay", data(DataKind::Xor), vec![32, 32], Activation::Tanh, vec![constant, decayed], 2000)
        },
        claim: claim_step_decay,
    },
    Preset {
        id: "minibatch_noise",
        label: "Minibatch noise vs full batch",
        lesson: "Batches of 8 give a noisy but cheap gradient: the loss wiggles, yet per step it falls about as fast as the full-batch run (its final training loss is within 2× of it), which costs 50× more per step.",
        build: || {
            let mut mini = run(sgd(0.2, 0.0));
            mini.batch_size = 8;
            let full = run(sgd(0.2, 0.0));
            base("minibatch_noise", data(DataKind::Circles), vec![16, 16], Activation::Tanh, vec![mini, full], 1500)
        },
        claim: claim_minibatch_noise,
    },
    Preset {
        id: "adam_vs_momentum",
        label: "Adam vs SGD with momentum",
        lesson: "On the 3-arm spiral Adam's per-weight step sizes get going quickly: at step 200 and at the end its loss is less than half that of SGD with momentum β = 0.9 at α = 0.05, whose learning rate would need tuning to keep up.",
        build: || {
            base(
                "adam_vs_momentum",
                DataConfig { kind: DataKind::Spiral, arms: 3, noise: 0.03, ..DataConfig::default() },
                vec![32, 32],
                Activation::Tanh,
                vec![run(adam(0.01)), run(sgd(0.05, 0.9))],
                2000,
            )
        },
        claim: claim_adam_vs_momentum,
    },
    Preset {
        id: "nero",
        label: "Nero with its default α = 0.01",
        lesson: "Nero (per-neuron updates; hidden-to-hidden rows kept mean-zero and unit-norm) at its default α = 0.01, untuned, ends within 1.5× of Adam's training loss (α = 0.001) and below SGD's. The first and output layers are left unconstrained: a mean-zero unit-norm row with 2 inputs can only be ±(1, −1)/√2, so a constrained first layer could not move.",
        build: || {
            let mut nero = run(OptimizerConfig::Nero(NeroConfig::default()));
            nero.init = InitConfig { kind: InitKind::Kaiming, ..InitConfig::default() };
            base(
                "nero",
                DataConfig { kind: DataKind::Spiral, arms: 3, noise: 0.03, ..DataConfig::default() },
                vec![32, 32],
                Activation::Relu,
                vec![nero, run(adam(0.001)), run(sgd(0.05, 0.0))],
                2000,
            )
        },
        claim: claim_nero_vs_adam,
    },
    Preset {
        id: "nero_xor",
        label: "Nero, same α, on XOR",
        lesson: "The same Nero settings as the spiral preset (α = 0.01, untuned), on XOR with a different network: its final training loss is again within 1.5× of Adam's.",
        build: || {
            base(
                "nero_xor",
                data(DataKind::Xor),
                vec![8, 8, 8],
                Activation::Tanh,
                vec![run(OptimizerConfig::Nero(NeroConfig::default())), run(adam(0.001))],
                1500,
            )
        },
        claim: claim_nero_vs_adam,
    },
    Preset {
        id: "width_sweep",
        label: "Width sweep: wide nets barely move",
        lesson: "Each width trains run 1's setup (one hidden layer) for the same number of steps; the relative weight change ‖W − W₀‖/‖W₀‖ falls with every increase in width, the widest net moving less than ¼ as much as the narrowest (lecture 001, over-parameterisation). The sweep runs in the ‘sweep’ view.",
        build: || {
            let mut s = base("width_sweep", data(DataKind::Circles), vec![32], Activation::Tanh, vec![run(sgd(0.1, 0.0))], 400);
            s.sweep = SweepSettings { widths: vec![8, 32, 128, 512], steps: 400 };
            s
        },
        claim: claim_width_sweep,
    },
];

/// The preset with id `id`.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod claim_tests {
    use super::*;

    /// Seed pairs (data seed, initialisation/shuffle seed); the first is the presets' own (1, 1).
    /// Five different data seeds and five different initialisation seeds.
    const SEEDS: [(u64, u64); 5] = [(1, 1), (2, 12), (3, 23), (4, 34), (5, 45)];

    fn check(id: &str) {
        check_in(id, crate::mlp::Precision::F64, &SEEDS);
    }

    fn check_in(id: &str, precision: crate::mlp::Precision, seeds: &[(u64, u64)]) {
        let p = find(id).expect("preset");
        let mut failures = Vec::new();
        for (k, &(data_seed, init_seed)) in seeds.iter().enumerate() {
            let mut s = (p.build)();
            s.precision = precision;
            s.data.seed = data_seed;
            s.seed = init_seed;
            s.deep.seed = 1 + 7 * k as u64;
            match p.check_claim(&s) {
                Ok(m) => println!("{id} {} data {data_seed} init {init_seed}: {m}", precision.name()),
                Err(e) => failures.push(format!("{}: data seed {data_seed}, init seed {init_seed}: {e}", precision.name())),
            }
        }
        assert!(failures.is_empty(), "{id}: claim fails on {failures:#?}");
    }

    #[test]
    fn every_preset_has_a_claim_test() {
        let tested = [
            "zero_init",
            "xavier_vs_kaiming",
            "learning_rates",
            "step_decay",
            "minibatch_noise",
            "adam_vs_momentum",
            "nero",
            "nero_xor",
            "width_sweep",
        ];
        for p in PRESETS {
            assert!(tested.contains(&p.id), "preset {} has no claim test below", p.id);
        }
    }

    #[test]
    fn claim_zero_init_holds_on_5_seeds() {
        check("zero_init");
    }
    #[test]
    fn claim_xavier_vs_kaiming_holds_on_5_seeds() {
        check("xavier_vs_kaiming");
    }
    #[test]
    fn claim_learning_rates_holds_on_5_seeds() {
        check("learning_rates");
    }
    #[test]
    fn claim_step_decay_holds_on_5_seeds() {
        check("step_decay");
    }
    #[test]
    fn claim_minibatch_noise_holds_on_5_seeds() {
        check("minibatch_noise");
    }
    #[test]
    fn claim_adam_vs_momentum_holds_on_5_seeds() {
        check("adam_vs_momentum");
    }
    #[test]
    fn claim_nero_holds_on_5_seeds() {
        check("nero");
    }
    #[test]
    fn claim_nero_xor_holds_on_5_seeds() {
        check("nero_xor");
    }
    #[test]
    fn claim_width_sweep_holds_on_5_seeds() {
        check("width_sweep");
    }

    /// A student who switches the arithmetic to f32 ("fast") sees every preset's lesson too: each
    /// claim, on three seed pairs, with single-precision passes.
    #[test]
    fn every_presets_claim_holds_in_f32_on_3_seeds() {
        for p in PRESETS {
            check_in(p.id, crate::mlp::Precision::F32, &SEEDS[..3]);
        }
    }
}
