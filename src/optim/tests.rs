//! Property and contract tests of the optimizer area (goldens are in `golden_tests.rs`).

use super::golden_tests::{problem, run, Quad2, Saddle2};
use super::*;

#[test]
fn nero_keeps_weight_rows_mean_zero_and_unit_norm_after_every_step() {
    // 3×4 weight with uneven rows plus a bias; gradient from the Layer-like problem is not needed:
    // any gradient works, so use a fixed pseudo-random one that changes every step.
    let mut w = vec![
        0.9, -0.1, 0.4, 2.0, -1.0, 0.3, 0.3, 0.2, 5.0, 4.0, -3.0, 0.5,
    ];
    let mut bias = vec![0.2, -0.5, 0.0];
    let mut opt = OptimizerConfig::default_for("nero")
        .map(|c| c.build())
        .expect("nero exists");
    for t in 0..20 {
        let gw: Vec<f64> = (0..12)
            .map(|i| ((i * 7 + t * 3) % 11) as f64 - 5.0)
            .collect();
        let gb = vec![1.0, -2.0, 0.5];
        let mut blocks = [
            ParamBlock {
                params: &mut w,
                grad: &gw,
                rows: 3,
                cols: 4,
                role: BlockRole::Weight,
            },
            ParamBlock {
                params: &mut bias,
                grad: &gb,
                rows: 1,
                cols: 3,
                role: BlockRole::Bias,
            },
        ];
        opt.step(&mut blocks, &StepContext::with_lr(0.05))
            .expect("step");
        for row in w.chunks(4) {
            let mean: f64 = row.iter().sum::<f64>() / 4.0;
            let norm: f64 = row.iter().map(|x| x * x).sum::<f64>().sqrt();
            assert!(mean.abs() < 1e-14, "row mean {mean} at step {t}");
            assert!((norm - 1.0).abs() < 1e-14, "row norm {norm} at step {t}");
        }
    }
    // The bias is not constrained; it moved (and a zero bias entry uses scale = mean|b| = 0.7/3).
    assert!(bias.iter().all(|b| b.is_finite()));
    assert!((bias[0] - 0.2).abs() > 1e-3);
}

#[test]
fn nero_turns_each_neuron_by_about_lr_radians_per_step() {
    // After the first step, v/(1−βᵗ) = ‖g‖² exactly, so ĝ has unit norm per row and the row moves
    // by lr·scale = lr (scale = 1 after projection) orthogonally-ish before re-projection:
    // the angle is atan(lr·‖ĝ_⊥‖) ≤ lr. With g orthogonal to the row (and mean-zero), exactly atan(lr).
    let mut w = vec![1.0, -1.0, 0.0, 0.0];
    let g = vec![0.0, 0.0, 3.0, -3.0]; // mean-zero, orthogonal to w
    let cfg = OptimizerConfig::Nero(NeroConfig {
        lr: 0.1,
        ..Default::default()
    });
    let mut opt = cfg.build();
    let before: Vec<f64> = {
        let n = 2f64.sqrt();
        vec![1.0 / n, -1.0 / n, 0.0, 0.0]
    };
    opt.step(
        &mut [ParamBlock {
            params: &mut w,
            grad: &g,
            rows: 1,
            cols: 4,
            role: BlockRole::Weight,
        }],
        &StepContext::with_lr(0.1),
    )
    .expect("step");
    let cos: f64 = w.iter().zip(&before).map(|(a, b)| a * b).sum();
    assert!(
        (cos.acos() - 0.1f64.atan()).abs() < 1e-14,
        "angle {}",
        cos.acos()
    );
}

#[test]
fn schedules_match_their_closed_forms() {
    let base = 0.3;
    for t in [0u64, 1, 2, 9, 10, 11, 25, 100, 1000] {
        let tf = t as f64;
        let step = Schedule::Step {
            step_size: 10,
            gamma: 0.5,
        }
        .lr_at(base, t);
        assert_eq!(step, base * 0.5f64.powi((t / 10) as i32), "StepLR t={t}");
        let exp = Schedule::Exponential { gamma: 0.9 }.lr_at(base, t);
        assert!(
            (exp - base * 0.9f64.powi(t as i32)).abs() <= 1e-15 * base,
            "ExponentialLR t={t}"
        );
        let cos = Schedule::Cosine {
            t_max: 50,
            eta_min: 0.01,
        }
        .lr_at(base, t);
        let want = 0.01 + (base - 0.01) * (1.0 + (std::f64::consts::PI * tf / 50.0).cos()) / 2.0;
        assert!((cos - want).abs() < 1e-15, "Cosine t={t}");
        let inv = Schedule::InverseTime { decay: 0.1 }.lr_at(base, t);
        assert!((inv - base / (1.0 + 0.1 * tf)).abs() < 1e-15, "1/t t={t}");
        assert_eq!(Schedule::Constant.lr_at(base, t), base);
    }
    // Landmarks: cosine is α₀ at 0, the midpoint at T_max/2 and η_min at T_max.
    let c = Schedule::Cosine {
        t_max: 50,
        eta_min: 0.01,
    };
    assert!((c.lr_at(0.3, 0) - 0.3).abs() < 1e-15);
    assert!((c.lr_at(0.3, 25) - 0.155).abs() < 1e-15);
    assert!((c.lr_at(0.3, 50) - 0.01).abs() < 1e-15);
    // StepLR: γ applied exactly at multiples of step_size.
    let s = Schedule::Step {
        step_size: 3,
        gamma: 0.1,
    };
    assert_eq!([s.lr_at(1.0, 2), s.lr_at(1.0, 3)], [1.0, 0.1f64.powi(1)]);
}

#[test]
fn schedule_set_and_validate_refuse_bad_values_and_keep_the_old_ones() {
    let mut s = Schedule::default_for("step").expect("step");
    assert!(s.validate().is_ok());
    for (key, bad) in [
        ("gamma", f64::NAN),
        ("gamma", -0.5),
        ("gamma", 2.0),
        ("step_size", 0.0),
        ("step_size", 2.5),
        ("nope", 1.0),
    ] {
        let before = s.clone();
        let err = s.set(key, bad).expect_err("must refuse");
        assert!(!err.message().is_empty());
        assert_eq!(s, before, "{key}={bad} changed the schedule");
    }
    s.set("gamma", 0.25).expect("valid");
    assert_eq!(
        s,
        Schedule::Step {
            step_size: 100,
            gamma: 0.25
        }
    );
    assert!(Schedule::Cosine {
        t_max: 0,
        eta_min: 0.0
    }
    .validate()
    .is_err());
    assert!(Schedule::InverseTime { decay: -1.0 }.validate().is_err());
    for kind in Schedule::kinds() {
        let s = Schedule::default_for(kind).expect("kind");
        assert_eq!(s.kind(), *kind);
        assert!(s.validate().is_ok());
        let json = serde_json::to_string(&s).expect("ser");
        assert_eq!(serde_json::from_str::<Schedule>(&json).expect("de"), s);
        for h in s.hyperparameters() {
            assert!(h.value >= h.min && h.value <= h.max, "{kind}.{}", h.key);
        }
    }
}

#[test]
fn every_config_has_consistent_metadata_valid_defaults_and_round_trips_through_serde() {
    let kinds = OptimizerConfig::kinds();
    assert_eq!(kinds.len(), 16);
    for kind in kinds {
        let cfg = OptimizerConfig::default_for(kind).expect("default exists");
        assert_eq!(cfg.kind(), *kind);
        assert!(!cfg.label().is_empty() && !cfg.update_rule().is_empty());
        cfg.validate()
            .unwrap_or_else(|e| panic!("{kind} default invalid: {e}"));
        let hps = cfg.hyperparameters();
        assert!(!hps.is_empty(), "{kind}");
        for h in &hps {
            assert!(
                h.value >= h.min && h.value <= h.max,
                "{kind}.{} = {} outside [{}, {}]",
                h.key,
                h.value,
                h.min,
                h.max
            );
            if h.is_bool {
                assert!(h.value == 0.0 || h.value == 1.0);
            }
            // Setting every hyperparameter to its current value is accepted and changes nothing.
            let mut c2 = cfg.clone();
            c2.set(h.key, h.value)
                .unwrap_or_else(|e| panic!("{kind}.{}: {e}", h.key));
            assert_eq!(c2, cfg);
        }
        if *kind != "gd_inv_l" {
            assert!(hps.iter().any(|h| h.key == "lr"), "{kind} exposes lr");
            assert!(cfg.lr() > 0.0);
        }
        // Round trip with all options flipped on / away from defaults.
        let mut c = cfg.clone();
        for h in &hps {
            // Short decimals: serde_json (without its `float_roundtrip` feature) may misround long ones.
            let v = if h.is_bool {
                1.0 - h.value
            } else {
                format!("{:.3e}", (h.value + h.max) / 2.0)
                    .parse()
                    .unwrap_or(h.value)
            };
            let _ = c.set(h.key, v); // may be refused by a cross-field rule; then c is unchanged
        }
        for conf in [cfg.clone(), c] {
            let json = serde_json::to_string(&conf).expect("serialize");
            assert!(json.contains(&format!("\"kind\":\"{kind}\"")), "{json}");
            let back: OptimizerConfig = serde_json::from_str(&json).expect("deserialize");
            assert_eq!(back, conf, "{json}");
        }
    }
}

#[test]
fn serde_fills_defaults_and_refuses_unknown_fields() {
    let c: OptimizerConfig = serde_json::from_str(r#"{"kind":"adam","lr":0.1}"#).expect("partial");
    assert_eq!(
        c,
        OptimizerConfig::Adam(AdamConfig {
            lr: 0.1,
            ..Default::default()
        })
    );
    assert!(
        serde_json::from_str::<OptimizerConfig>(r#"{"kind":"adam","lr":0.1,"momentum":0.9}"#)
            .is_err()
    );
    assert!(serde_json::from_str::<OptimizerConfig>(r#"{"kind":"lion"}"#).is_err());
    let m: OptimizerConfig =
        serde_json::from_str(r#"{"kind":"mirror_descent","map":"diagonal_quadratic"}"#)
            .expect("map");
    assert_eq!(
        m.hyperparameters()
            .iter()
            .find(|h| h.key == "diagonal")
            .map(|h| h.value),
        Some(1.0)
    );
    let s: Schedule =
        serde_json::from_str(r#"{"kind":"cosine","t_max":10,"eta_min":0.0}"#).expect("cosine");
    assert_eq!(
        s,
        Schedule::Cosine {
            t_max: 10,
            eta_min: 0.0
        }
    );
}

#[test]
fn set_refuses_nan_negative_absurd_and_unknown_with_a_message_and_leaves_config_unchanged() {
    let cases: &[(&str, &str, f64)] = &[
        ("adam", "lr", f64::NAN),
        ("adam", "lr", -1.0),
        ("adam", "lr", f64::INFINITY),
        ("adam", "lr", 1e9),
        ("adam", "beta1", 1.0),
        ("adam", "beta2", -0.1),
        ("adam", "amsgrad", 0.5),
        ("adam", "weight_decay", -0.01),
        ("sgd", "momentum", 1.5),
        ("sgd", "nesterov", 1.0), // needs momentum > 0
        ("rmsprop", "eps", 0.0),
        ("rprop", "eta_plus", 0.9),
        ("rprop", "step_min", 60.0), // above step_max = 50
        ("gd_inv_l", "l", -3.0),
        ("madam", "p_scale", 0.0),
        ("nero", "beta", 1.0),
        ("newton", "lr", 0.0),
        ("cubic_newton", "m", 0.0),
        ("mirror_descent", "a1", 0.0),
        ("adam", "no_such_key", 1.0),
    ];
    for &(kind, key, v) in cases {
        let mut c = OptimizerConfig::default_for(kind).expect("kind");
        let before = c.clone();
        let err = c
            .set(key, v)
            .expect_err(&format!("{kind}.{key} = {v} must be refused"));
        assert!(err.to_string().len() > 10, "{err}");
        assert_eq!(c, before, "{kind}.{key} = {v} changed the config");
    }
    let mut c = OptimizerConfig::default_for("adam").expect("adam");
    let e = c.set("lr", -1.0).expect_err("negative");
    assert!(
        e.message().contains("α (learning rate)") && e.message().contains("-1"),
        "{e}"
    );
    // A valid combination in two steps is accepted.
    let mut s = OptimizerConfig::default_for("sgd").expect("sgd");
    s.set("momentum", 0.9).expect("momentum");
    s.set("nesterov", 1.0).expect("nesterov now allowed");
    assert!(s.validate().is_ok());
    // validate() catches bad values that came in through serde.
    let bad: OptimizerConfig =
        serde_json::from_str(r#"{"kind":"adam","lr":-0.5}"#).expect("parses");
    assert!(bad.validate().is_err());
    let mut opt = bad.build();
    let (mut x, g) = (vec![1.0], vec![1.0]);
    let r = opt.step(
        &mut [ParamBlock {
            params: &mut x,
            grad: &g,
            rows: 1,
            cols: 1,
            role: BlockRole::Point,
        }],
        &StepContext::with_lr(0.1),
    );
    assert!(r.is_err() && x == vec![1.0]);
}

#[test]
fn step_errors_are_clear_and_change_nothing() {
    let g = [1.0, 2.0];
    let point = |x: &mut [f64; 2]| -> Vec<f64> { x.to_vec() };
    // Newton / cubic without an objective.
    for kind in ["newton", "cubic_newton"] {
        let cfg = OptimizerConfig::default_for(kind).expect("kind");
        assert!(cfg.needs_hessian());
        let mut opt = cfg.build();
        let mut x = [0.5, 0.5];
        let e = opt
            .step(
                &mut [ParamBlock {
                    params: &mut x,
                    grad: &g,
                    rows: 1,
                    cols: 2,
                    role: BlockRole::Point,
                }],
                &StepContext::with_lr(1.0),
            )
            .expect_err("needs objective");
        assert!(e.message().contains("objective"), "{e}");
        assert_eq!(point(&mut x), vec![0.5, 0.5]);
        assert_eq!(opt.steps(), 0);
        // An objective without a Hessian is refused too.
        let (_, _, layer) = problem("layer");
        let mut x8 = [0.0; 8];
        let g8 = [0.0; 8];
        let e = opt
            .step(
                &mut [ParamBlock {
                    params: &mut x8,
                    grad: &g8,
                    rows: 1,
                    cols: 8,
                    role: BlockRole::Point,
                }],
                &StepContext {
                    lr: 1.0,
                    objective: Some(layer.as_ref()),
                },
            )
            .expect_err("no hessian");
        assert!(e.message().contains("Hessian"), "{e}");
    }
    // EMA momentum with Nesterov look-ahead needs the objective; without the look-ahead it doesn't.
    let mut cfg = OptimizerConfig::default_for("ema_momentum").expect("ema");
    cfg.set("nesterov", 1.0).expect("ok");
    let mut x = [0.5, 0.5];
    assert!(cfg
        .build()
        .step(
            &mut [ParamBlock {
                params: &mut x,
                grad: &g,
                rows: 1,
                cols: 2,
                role: BlockRole::Point
            }],
            &StepContext::with_lr(0.1)
        )
        .is_err());
    // GdInvL with L unset; bad shapes; NaN gradient; negative lr; changed layout.
    let mut opt = OptimizerConfig::default_for("gd_inv_l")
        .expect("gd")
        .build();
    let e = opt
        .step(
            &mut [ParamBlock {
                params: &mut x,
                grad: &g,
                rows: 1,
                cols: 2,
                role: BlockRole::Point,
            }],
            &StepContext::with_lr(0.1),
        )
        .expect_err("L unset");
    assert!(e.message().contains("L"), "{e}");
    let mut opt = OptimizerConfig::default_for("adam").expect("adam").build();
    assert!(opt
        .step(
            &mut [ParamBlock {
                params: &mut x,
                grad: &g,
                rows: 2,
                cols: 2,
                role: BlockRole::Weight
            }],
            &StepContext::with_lr(0.1)
        )
        .is_err());
    assert!(opt
        .step(
            &mut [ParamBlock {
                params: &mut x,
                grad: &[f64::NAN, 0.0],
                rows: 1,
                cols: 2,
                role: BlockRole::Point
            }],
            &StepContext::with_lr(0.1)
        )
        .is_err());
    assert!(opt
        .step(
            &mut [ParamBlock {
                params: &mut x,
                grad: &g,
                rows: 1,
                cols: 2,
                role: BlockRole::Point
            }],
            &StepContext::with_lr(-0.1)
        )
        .is_err());
    assert_eq!(x, [0.5, 0.5]);
    opt.step(
        &mut [ParamBlock {
            params: &mut x,
            grad: &g,
            rows: 1,
            cols: 2,
            role: BlockRole::Point,
        }],
        &StepContext::with_lr(0.1),
    )
    .expect("ok");
    assert_eq!(opt.steps(), 1);
    assert!(opt
        .step(
            &mut [ParamBlock {
                params: &mut x,
                grad: &g,
                rows: 2,
                cols: 1,
                role: BlockRole::Point
            }],
            &StepContext::with_lr(0.1)
        )
        .is_err());
    opt.reset();
    assert_eq!(opt.steps(), 0);
}

#[test]
fn momentum_buffer_is_exposed_for_methods_that_have_one() {
    for (kind, has) in [
        ("sgd", false),
        ("adam", true),
        ("adamw", true),
        ("nadam", true),
        ("ema_momentum", true),
        ("rmsprop", false),
        ("adagrad", false),
        ("nero", false),
    ] {
        let mut opt = OptimizerConfig::default_for(kind).expect("kind").build();
        assert!(
            opt.momentum(0).is_none(),
            "{kind}: no state before the first step"
        );
        let mut x = [0.5, 0.5];
        opt.step(
            &mut [ParamBlock {
                params: &mut x,
                grad: &[1.0, -2.0],
                rows: 1,
                cols: 2,
                role: BlockRole::Point,
            }],
            &StepContext::with_lr(0.01),
        )
        .expect("step");
        assert_eq!(opt.momentum(0).is_some(), has, "{kind}");
        assert!(opt.momentum(1).is_none());
    }
    // SGD with momentum: after one step the buffer is the gradient (torch initialises b₁ = g).
    let mut c = OptimizerConfig::default_for("sgd").expect("sgd");
    c.set("momentum", 0.9).expect("ok");
    let mut opt = c.build();
    let mut x = [0.5, 0.5];
    opt.step(
        &mut [ParamBlock {
            params: &mut x,
            grad: &[1.0, -2.0],
            rows: 1,
            cols: 2,
            role: BlockRole::Point,
        }],
        &StepContext::with_lr(0.01),
    )
    .expect("step");
    assert_eq!(opt.momentum(0), Some(&[1.0, -2.0][..]));
}

/// Checks the optimality conditions of the cubic model's global minimiser:
/// (H + (M r/2)I)s = −g, ‖s‖ = r, and λ_min(H) + M r/2 ≥ 0.
fn check_cubic(h: [[f64; 2]; 2], g: [f64; 2], m: f64) -> Vec<f64> {
    let mat = nalgebra::DMatrix::from_row_slice(2, 2, &[h[0][0], h[0][1], h[1][0], h[1][1]]);
    let eig = nalgebra::SymmetricEigen::new(mat.clone());
    let gt = eig.eigenvectors.transpose() * nalgebra::DVector::from_column_slice(&g);
    let lams: Vec<f64> = eig.eigenvalues.iter().copied().collect();
    let gtv: Vec<f64> = gt.iter().copied().collect();
    let s = cubic::solve(&lams, &eig.eigenvectors, &gtv, m);
    let r = (s[0] * s[0] + s[1] * s[1]).sqrt();
    for i in 0..2 {
        let lhs = h[i][0] * s[0] + h[i][1] * s[1] + 0.5 * m * r * s[i];
        assert!(
            (lhs + g[i]).abs() < 1e-9,
            "stationarity row {i}: {lhs} vs {}",
            -g[i]
        );
    }
    let lam_min = lams.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(lam_min + 0.5 * m * r >= -1e-9, "second-order condition");
    s
}

#[test]
fn cubic_step_satisfies_the_global_optimality_conditions() {
    check_cubic([[2.0, 0.5], [0.5, -1.88]], [-1.3, 0.19], 1.0); // saddle2 at its start
    check_cubic([[4.0, 1.0], [1.0, 3.0]], [1.0, -2.0], 0.1); // convex: close to the Newton step
    check_cubic([[-1.0, 0.0], [0.0, -3.0]], [0.5, 0.5], 2.0); // concave
                                                              // Hard case: g = 0 at a saddle. Plain Newton stays put; cubic escapes along the negative
                                                              // curvature direction with ‖s‖ = −2λ_min/M = 2·2/1 = 4 (from (λ_min + M r/2)·s_y = 0).
    let s = check_cubic([[1.0, 0.0], [0.0, -2.0]], [0.0, 0.0], 1.0);
    assert!(
        s[0].abs() < 1e-9 && (s[1].abs() - 4.0).abs() < 1e-9,
        "{s:?}"
    );
}

#[test]
fn second_order_methods_behave_as_taught() {
    // Newton solves a quadratic in one full step.
    let cfg = OptimizerConfig::default_for("newton").expect("newton");
    let xs = run(&cfg, "quad2", 1).expect("run");
    assert!((xs[0][0] - 1.0).abs() < 1e-12 && (xs[0][1] + 0.5).abs() < 1e-12);
    // From a point with indefinite curvature plain Newton can increase f; saddle-free with Armijo
    // never does.
    let mut sf = cfg.clone();
    sf.set("saddle_free", 1.0).expect("ok");
    sf.set("line_search", 1.0).expect("ok");
    let (x0, _, obj) = problem("saddle2");
    let mut f_prev = obj.value(&x0);
    for x in run(&sf, "saddle2", 10).expect("run") {
        let f = obj.value(&x);
        assert!(f <= f_prev + 1e-15, "{f} > {f_prev}");
        f_prev = f;
    }
    // Cubic regularisation decreases f monotonically when M bounds the Hessian's Lipschitz constant
    // on the region visited (here the Hessian's only varying entry is −2 + 3y², whose derivative
    // 6y is ≤ 9 in size for |y| ≤ 1.5, so M = 10 suffices).
    let cub = OptimizerConfig::CubicNewton(CubicNewtonConfig { lr: 1.0, m: 10.0 });
    let mut f_prev = obj.value(&x0);
    for x in run(&cub, "saddle2", 10).expect("run") {
        let f = obj.value(&x);
        assert!(
            f <= f_prev + 1e-15 && x[1].abs() <= 1.5,
            "{f} > {f_prev} at {x:?}"
        );
        f_prev = f;
    }
    let _ = (Quad2, Saddle2);
}

#[test]
fn every_first_order_method_decreases_the_quadratic_over_200_steps() {
    // A smoke test over the whole menu: default hyperparameters except a usable lr, L filled in.
    let (x0, _, obj) = problem("quad2");
    let f0 = obj.value(&x0);
    for kind in OptimizerConfig::kinds() {
        let mut cfg = OptimizerConfig::default_for(kind).expect("kind");
        match *kind {
            "gd_inv_l" => cfg.set("l", 20.0).expect("L"),
            "adadelta" | "newton" | "cubic_newton" => {}
            _ => cfg.set("lr", 0.02).expect("lr"),
        }
        let xs = run(&cfg, "quad2", 200).unwrap_or_else(|e| panic!("{kind}: {e}"));
        let f = obj.value(&xs[199]);
        assert!(
            f.is_finite() && f < 0.5 * f0,
            "{kind}: f went from {f0} to {f}"
        );
    }
}

#[test]
fn nadam_multiplies_before_dividing_as_torch_addcdiv_does() {
    // One step from θ = 0 with g = 2.9: m = (1−β₁)g, v = (1−β₂)g², d = √(v/(1−β₂)) + ε.
    // torch.optim.NAdam adds addcdiv(g, d, value=c_g) = (c_g·g)/d and (c_m·m)/d; for this g the
    // other order, c·(g/d), differs in the last bit (asserted, so the test can tell them apart).
    let cfg = NadamConfig::default();
    let (lr, g) = (cfg.lr, 2.9f64);
    let mut p = vec![0.0];
    let mut opt = OptimizerConfig::Nadam(cfg.clone()).build();
    let mut blocks = [ParamBlock { params: &mut p, grad: &[g], rows: 1, cols: 1, role: BlockRole::Weight }];
    opt.step(&mut blocks, &StepContext::with_lr(lr)).expect("step");
    let (b1, b2) = (cfg.beta1, cfg.beta2);
    let mu = b1 * (1.0 - 0.5 * 0.96f64.powf(cfg.momentum_decay));
    let mu_next = b1 * (1.0 - 0.5 * 0.96f64.powf(2.0 * cfg.momentum_decay));
    let c_g = -lr * (1.0 - mu) / (1.0 - mu);
    let c_m = -lr * mu_next / (1.0 - mu * mu_next);
    let m = (1.0 - b1) * g;
    let v = (1.0 - b2) * g * g;
    let d = (v / (1.0 - b2)).sqrt() + cfg.eps;
    let torch = 0.0 + (c_g * g) / d + (c_m * m) / d;
    let other = 0.0 + c_g * (g / d) + c_m * (m / d);
    assert_eq!(p[0].to_bits(), torch.to_bits(), "NAdam step {} vs torch order {}", p[0], torch);
    assert_ne!(torch.to_bits(), other.to_bits(), "the two orders must differ for this input");
}
