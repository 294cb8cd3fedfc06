//! Table tests over every landscape: derivatives against finite differences, minima, rasters,
//! validation, noise statistics. Each tolerance states where it comes from.

use super::*;

/// Every landscape with default parameters, plus a few non-default parameterisations.
fn all_surfaces() -> Vec<Surface> {
    let mut configs: Vec<LandscapeConfig> =
        LandscapeConfig::kinds().iter().filter_map(|k| LandscapeConfig::default_for(k)).collect();
    configs.push(LandscapeConfig::Quadratic { kappa: 1e4, angle_deg: -70.0 });
    configs.push(LandscapeConfig::Quadratic { kappa: 1.0, angle_deg: 0.0 });
    configs.push(LandscapeConfig::Logistic { n: 7, seed: 42, separation: 10.0 });
    configs.push(LandscapeConfig::Logistic { n: 300, seed: 9, separation: 0.0 });
    configs
        .iter()
        .map(|c| match c.build() {
            Ok(s) => s,
            Err(e) => panic!("{c:?} failed to build: {e}"),
        })
        .collect()
}

/// Test points: the minima, the start, and a 4×3 grid of off-centre points of the default view.
fn probe_points(s: &Surface) -> Vec<[f64; 2]> {
    let v = s.default_view();
    let mut pts: Vec<[f64; 2]> = s.minima().to_vec();
    pts.push(s.default_start());
    for fx in [0.13, 0.37, 0.61, 0.87] {
        for fy in [0.21, 0.52, 0.79] {
            pts.push([v.x_min + fx * v.width(), v.y_min + fy * v.height()]);
        }
    }
    pts
}

fn max_abs2(v: [f64; 2]) -> f64 {
    v[0].abs().max(v[1].abs())
}

/// Central-difference step. Its error is O(h²·f''') from truncation plus O(ε·|f|/h) ≈ 2·10⁻¹¹·|f|
/// from rounding; for every landscape here both stay far below the tolerances used below.
const H: f64 = 1e-5;

#[test]
fn gradient_matches_central_differences() {
    for s in all_surfaces() {
        for p in probe_points(&s) {
            let [x, y] = p;
            let g = s.gradient(x, y);
            let fd = [
                (s.value(x + H, y) - s.value(x - H, y)) / (2.0 * H),
                (s.value(x, y + H) - s.value(x, y - H)) / (2.0 * H),
            ];
            // Relative 1e-6 of the gradient's size, plus the rounding term 1e-9·|f| (≥ 50× ε|f|/h).
            let tol = 1e-6 * (1.0 + max_abs2(g)) + 1e-9 * s.value(x, y).abs();
            for k in 0..2 {
                assert!(
                    (g[k] - fd[k]).abs() <= tol,
                    "{}: ∂f/∂{} at {p:?}: analytic {} vs finite difference {} (tol {tol})",
                    s.config().kind(),
                    ["x", "y"][k],
                    g[k],
                    fd[k]
                );
            }
        }
    }
}

#[test]
fn hessian_matches_differences_of_the_gradient() {
    for s in all_surfaces() {
        for p in probe_points(&s) {
            let [x, y] = p;
            let h = s.hessian(x, y);
            assert_eq!(h[0][1], h[1][0], "{}: Hessian not symmetric at {p:?}", s.config().kind());
            let gxp = s.gradient(x + H, y);
            let gxm = s.gradient(x - H, y);
            let gyp = s.gradient(x, y + H);
            let gym = s.gradient(x, y - H);
            let fd = [
                [(gxp[0] - gxm[0]) / (2.0 * H), (gxp[1] - gxm[1]) / (2.0 * H)],
                [(gyp[0] - gym[0]) / (2.0 * H), (gyp[1] - gym[1]) / (2.0 * H)],
            ];
            let hmax = max_abs2(h[0]).max(max_abs2(h[1]));
            // Same reasoning as for the gradient, one derivative up.
            let tol = 1e-6 * (1.0 + hmax) + 1e-9 * max_abs2(s.gradient(x, y));
            for r in 0..2 {
                for c in 0..2 {
                    assert!(
                        (h[r][c] - fd[r][c]).abs() <= tol,
                        "{}: H[{r}][{c}] at {p:?}: analytic {} vs finite difference {} (tol {tol})",
                        s.config().kind(),
                        h[r][c],
                        fd[r][c]
                    );
                }
            }
        }
    }
}

#[test]
fn listed_minima_are_critical_points_with_positive_definite_hessian() {
    for s in all_surfaces() {
        for &m in s.minima() {
            let g = s.gradient(m[0], m[1]);
            // Coordinates are f64 roundings of 30-digit roots (or Newton to ‖g‖ ≤ 1e-13): the
            // residual is about ‖H‖·1e-16·|x| ≲ 1e-12.
            assert!(g[0].hypot(g[1]) <= 1e-10, "{}: ‖∇f‖ = {} at minimum {m:?}", s.config().kind(), g[0].hypot(g[1]));
            let c = curvature(s.hessian(m[0], m[1]));
            assert_eq!(c.kind, CriticalKind::Minimum, "{}: Hessian at {m:?} is not PD: {c:?}", s.config().kind());
            assert!(s.value(m[0], m[1]) >= s.min_value() - 1e-12, "{}: a minimum below f*", s.config().kind());
            assert!(s.default_view().contains(m), "{}: minimum {m:?} outside the default view", s.config().kind());
        }
        if let Some(best) = s.minima().iter().map(|m| s.value(m[0], m[1])).reduce(f64::min) {
            assert!((best - s.min_value()).abs() <= 1e-12, "{}: f* = {} but best listed minimum has {best}", s.config().kind(), s.min_value());
            // And nothing in the view is lower than f* (a 161×121 scan).
            let v = s.default_view();
            let mut buf = vec![0f32; 161 * 121];
            s.value_grid(&v, 161, 121, &mut buf);
            let lowest = buf.iter().cloned().fold(f32::INFINITY, f32::min) as f64;
            assert!(lowest >= s.min_value() - 1e-6 * (1.0 + s.min_value().abs()), "{}: grid value {lowest} < f*", s.config().kind());
        }
    }
}

#[test]
fn minima_lists_match_the_landscapes() {
    let count = |k: &str| LandscapeConfig::default_for(k).and_then(|c| c.build().ok()).map(|s| s.minima().len());
    assert_eq!(count("himmelblau"), Some(4));
    assert_eq!(count("six_hump_camel"), Some(6));
    assert_eq!(count("rastrigin"), Some(1));
    assert_eq!(count("saddle"), Some(0));
    assert_eq!(count("monkey_saddle"), Some(0));
    assert_eq!(count("logistic"), Some(1));
    // Camel: exactly two minima reach f* (−1.0316284534898774, mpmath), the other four are local.
    let camel = LandscapeConfig::SixHumpCamel.build().unwrap();
    let at_fstar = camel.minima().iter().filter(|m| (camel.value(m[0], m[1]) - camel.min_value()).abs() < 1e-12).count();
    assert_eq!(at_fstar, 2);
}

#[test]
fn critical_points_are_classified() {
    let saddle = LandscapeConfig::Saddle.build().unwrap();
    assert_eq!(saddle.gradient(0.0, 0.0), [0.0, 0.0]);
    assert_eq!(curvature(saddle.hessian(0.0, 0.0)).kind, CriticalKind::Saddle);
    let monkey = LandscapeConfig::MonkeySaddle.build().unwrap();
    assert_eq!(curvature(monkey.hessian(0.0, 0.0)).kind, CriticalKind::Degenerate);
    // Himmelblau's local maximum, from mpmath findroot (see himmelblau.rs).
    let him = LandscapeConfig::Himmelblau.build().unwrap();
    let (x, y) = (-0.270_844_590_667_347_6, -0.923_038_556_479_981_5);
    assert!(him.gradient(x, y)[0].hypot(him.gradient(x, y)[1]) < 1e-10);
    assert_eq!(curvature(him.hessian(x, y)).kind, CriticalKind::Maximum);
    assert!((him.value(x, y) - 181.616_521_522_582_7).abs() < 1e-9);
}

#[test]
fn value_grid_matches_value_at_pixel_centres() {
    for s in all_surfaces() {
        let d = s.default_view();
        // The default view and a shifted, zoomed one.
        let shifted = ViewBox::new(d.x_min + 0.3 * d.width(), d.x_max + 0.1, d.y_min - 0.2, d.y_min + 0.6 * d.height());
        for view in [d, shifted] {
            let (w, h) = (37, 23);
            let mut out = vec![f32::NAN; w * h];
            s.value_grid(&view, w, h, &mut out);
            for j in 0..h {
                for i in 0..w {
                    let [x, y] = view.pixel_center(i, j, w, h);
                    let v = s.value(x, y);
                    let got = out[j * w + i] as f64;
                    // f32 output: rounding ≈ 6e-8 relative, a few roundings in the separable raster.
                    assert!(
                        (got - v).abs() <= 1e-6 * v.abs().max(1.0),
                        "{}: pixel ({i},{j}) at ({x},{y}): grid {got} vs value {v}",
                        s.config().kind()
                    );
                }
            }
        }
    }
}

#[test]
fn value_grid_row_zero_is_the_top() {
    // On the saddle f = x² − y² the column x = 0 holds −y², so row 0 (y near y_max = 1.5) must be
    // the lowest of the middle column; use an odd width so the middle pixel sits at x = 0.
    let s = LandscapeConfig::Saddle.build().unwrap();
    let view = ViewBox::new(-1.0, 1.0, 0.0, 1.5);
    let (w, h) = (3, 3);
    let mut out = [0f32; 9];
    s.value_grid(&view, w, h, &mut out);
    // pixel centres y = 1.25, 0.75, 0.25 → −1.5625, −0.5625, −0.0625
    assert_eq!([out[1], out[4], out[7]], [-1.5625, -0.5625, -0.0625]);
}

#[test]
fn value_grid_never_panics_on_bad_sizes() {
    for s in all_surfaces() {
        let v = s.default_view();
        let mut short = vec![-7f32; 25];
        s.value_grid(&v, 10, 10, &mut short); // only 2 whole rows fit
        assert!(short[..20].iter().all(|&p| p != -7.0), "{}", s.config().kind());
        assert!(short[20..].iter().all(|&p| p == -7.0), "{}", s.config().kind());
        s.value_grid(&v, 0, 10, &mut short);
        s.value_grid(&v, 10, 0, &mut short);
        s.value_grid(&v, 10, 10, &mut []);
        let nan_view = ViewBox::new(f64::NAN, 1.0, 0.0, f64::INFINITY);
        let mut buf = vec![0f32; 16];
        s.value_grid(&nan_view, 4, 4, &mut buf);
        let _ = s.value(f64::NAN, f64::INFINITY);
        let _ = s.gradient(f64::INFINITY, 1e300);
        let _ = curvature(s.hessian(-1e300, f64::NAN));
        assert!(s.lipschitz(&nan_view).is_nan());
    }
}

#[test]
fn every_kind_round_trips_and_is_well_formed() {
    for &k in LandscapeConfig::kinds() {
        let c = LandscapeConfig::default_for(k).unwrap_or_else(|| panic!("no default for {k}"));
        assert_eq!(c.kind(), k);
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains(&format!("\"kind\":\"{k}\"")), "{json}");
        assert_eq!(serde_json::from_str::<LandscapeConfig>(&json).unwrap(), c);
        assert!(!c.label().is_empty() && c.formula().contains('='));
        let s = c.build().unwrap();
        s.default_view().validate().unwrap();
        assert!(s.default_view().contains(s.default_start()), "{k}: start outside view");
        // The typed default x^4 - 2x^2 + y^2 + a*x*y is a tape of 16 operations, 8 per unit.
        let expect_cost = match k {
            "logistic" => DEFAULT_N,
            "typed" => 2,
            _ => 1,
        };
        assert_eq!(s.eval_cost(), expect_cost);
        for p in c.parameters() {
            let mut c2 = c.clone();
            c2.set(p.key, p.value).unwrap();
            assert_eq!(c2, c, "{k}: setting {} to its own value changed the config", p.key);
            assert!(p.min <= p.value && p.value <= p.max);
        }
    }
    assert_eq!(LandscapeConfig::default_for("nope"), None);
    // Missing fields take their defaults.
    let q: LandscapeConfig = serde_json::from_str(r#"{"kind":"quadratic"}"#).unwrap();
    assert_eq!(q, LandscapeConfig::Quadratic { kappa: DEFAULT_KAPPA, angle_deg: DEFAULT_ANGLE_DEG });
    let l: LandscapeConfig = serde_json::from_str(r#"{"kind":"logistic","seed":5}"#).unwrap();
    assert_eq!(l, LandscapeConfig::Logistic { n: DEFAULT_N, seed: 5, separation: DEFAULT_SEPARATION });
}

#[test]
fn validate_rejects_bad_parameters_with_clear_messages() {
    let bad = |c: LandscapeConfig, words: &[&str]| {
        let e = c.validate().expect_err("should be rejected");
        for w in words {
            assert!(e.to_string().contains(w), "message {e:?} lacks {w:?}");
        }
        assert_eq!(c.build().err(), Some(e));
    };
    bad(LandscapeConfig::Quadratic { kappa: 0.5, angle_deg: 0.0 }, &["condition number κ", "[1, 10000]", "got 0.5"]);
    bad(LandscapeConfig::Quadratic { kappa: f64::NAN, angle_deg: 0.0 }, &["κ", "finite", "got NaN"]);
    bad(LandscapeConfig::Quadratic { kappa: f64::INFINITY, angle_deg: 0.0 }, &["κ", "got inf"]);
    bad(LandscapeConfig::Quadratic { kappa: 1e5, angle_deg: 0.0 }, &["κ", "got 100000"]);
    bad(LandscapeConfig::Quadratic { kappa: 2.0, angle_deg: f64::NAN }, &["angle", "got NaN"]);
    bad(LandscapeConfig::Quadratic { kappa: 2.0, angle_deg: 400.0 }, &["angle", "got 400"]);
    bad(LandscapeConfig::Logistic { n: 0, seed: 1, separation: 1.0 }, &["data points n", "whole number", "got 0"]);
    bad(LandscapeConfig::Logistic { n: 1, seed: 1, separation: 1.0 }, &["n", "got 1"]);
    bad(LandscapeConfig::Logistic { n: 1001, seed: 1, separation: 1.0 }, &["n", "got 1001"]);
    bad(LandscapeConfig::Logistic { n: 10, seed: 1, separation: -1.0 }, &["separation", "got -1"]);
    bad(LandscapeConfig::Logistic { n: 10, seed: 1, separation: f64::NAN }, &["separation", "got NaN"]);
    // Edges of the ranges are accepted.
    for c in [
        LandscapeConfig::Quadratic { kappa: 1.0, angle_deg: -180.0 },
        LandscapeConfig::Quadratic { kappa: 1e4, angle_deg: 180.0 },
        LandscapeConfig::Logistic { n: 2, seed: u64::MAX, separation: 0.0 },
        LandscapeConfig::Logistic { n: 1000, seed: 0, separation: 10.0 },
    ] {
        c.build().unwrap_or_else(|e| panic!("{c:?}: {e}"));
    }
    assert!(NoiseConfig { sigma: -1.0, batch_size: 0 }.validate().unwrap_err().to_string().contains("got -1"));
    assert!(NoiseConfig { sigma: f64::NAN, batch_size: 0 }.validate().is_err());
    assert!(ViewBox::new(1.0, 0.0, 0.0, 1.0).validate().unwrap_err().to_string().contains("x_min < x_max"));
}

#[test]
fn set_changes_one_parameter_or_nothing() {
    let mut q = LandscapeConfig::default();
    q.set("kappa", 100.0).unwrap();
    q.set("angle_deg", -45.0).unwrap();
    assert_eq!(q, LandscapeConfig::Quadratic { kappa: 100.0, angle_deg: -45.0 });
    let before = q.clone();
    assert!(q.set("kappa", 0.0).unwrap_err().to_string().contains("got 0"));
    assert!(q.set("kappa", f64::NAN).is_err());
    let e = q.set("beta", 1.0).unwrap_err().to_string();
    assert!(e.contains("'beta'") && e.contains("kappa, angle_deg"), "{e}");
    assert_eq!(q, before);

    let mut l = LandscapeConfig::default_for("logistic").unwrap();
    l.set("n", 100.0).unwrap();
    l.set("seed", 7.0).unwrap();
    l.set("separation", 3.5).unwrap();
    assert_eq!(l, LandscapeConfig::Logistic { n: 100, seed: 7, separation: 3.5 });
    assert!(l.set("n", 10.5).unwrap_err().to_string().contains("whole number"));
    assert!(l.set("seed", -1.0).is_err());
    assert!(l.set("n", 0.0).is_err());
    let mut r = LandscapeConfig::Rosenbrock;
    assert!(r.set("kappa", 2.0).unwrap_err().to_string().contains("no tunable parameters"));
}

#[test]
fn lipschitz_constants_of_known_landscapes() {
    // Quadratic: A = R diag(1/κ, 1) Rᵀ has spectral norm exactly 1 everywhere.
    for kappa in [1.0, 37.0, 1e4] {
        let q = LandscapeConfig::Quadratic { kappa, angle_deg: 25.0 }.build().unwrap();
        let c = curvature(q.hessian(0.3, -0.2));
        assert!((c.eigenvalues[0] - 1.0 / kappa).abs() < 1e-12 && (c.eigenvalues[1] - 1.0).abs() < 1e-12);
        assert!((q.lipschitz(&q.default_view()) - 1.0).abs() < 1e-12);
    }
    // Booth: H = [[10, 8], [8, 10]], eigenvalues 10 ± 8.
    let b = LandscapeConfig::Booth.build().unwrap();
    assert!((b.lipschitz(&b.default_view()) - 18.0).abs() < 1e-12);
    // Saddle: H = diag(2, −2), spectral norm 2.
    let s = LandscapeConfig::Saddle.build().unwrap();
    assert_eq!(s.lipschitz(&s.default_view()), 2.0);
    // Rosenbrock on [−2, 2]×[−1, 2]: the largest ‖H‖ is at the corners (±2, −1), where
    // H = [[2 + 400 + 4800, ∓800], [∓800, 200]]; λ_max = 2701 + √(2501² + 800²).
    let r = LandscapeConfig::Rosenbrock.build().unwrap();
    let expected = 2701.0 + (2501.0f64 * 2501.0 + 800.0 * 800.0).sqrt();
    assert!((r.lipschitz(&r.default_view()) - expected).abs() < 1e-9, "{}", r.lipschitz(&r.default_view()));
}

#[test]
fn stochastic_gradient_has_mean_grad_and_total_variance_sigma_squared() {
    // Lecture 003 noise model: E[g̃] = g and E‖g̃ − g‖² = σ².
    let s = LandscapeConfig::Rosenbrock.build().unwrap();
    let [x, y] = s.default_start();
    let g = s.gradient(x, y);
    let sigma = 0.5;
    let noise = NoiseConfig { sigma, batch_size: 0 };
    let mut rng = crate::rng::seeded(11);
    let n = 40_000;
    let mut mean = [0.0; 2];
    let mut sq = 0.0;
    for _ in 0..n {
        let gt = s.stochastic_gradient(x, y, &noise, &mut rng);
        let d = [gt[0] - g[0], gt[1] - g[1]];
        mean[0] += d[0];
        mean[1] += d[1];
        sq += d[0] * d[0] + d[1] * d[1];
    }
    mean = [mean[0] / n as f64, mean[1] / n as f64];
    sq /= n as f64;
    // Each component has sd σ/√2 ≈ 0.354, so the sample mean has sd 0.354/√40000 ≈ 0.0018: 4 sd ≈ 0.007.
    assert!(mean[0].abs() < 0.007 && mean[1].abs() < 0.007, "mean offset {mean:?}");
    // ‖g̃ − g‖² = (σ²/2)·χ²₂ has mean σ² = 0.25 and sd σ² = 0.25; its sample mean has sd 0.25/200 = 0.00125: 4 sd = 0.005.
    assert!((sq - sigma * sigma).abs() < 0.005, "E‖g̃ − g‖² = {sq}, want {}", sigma * sigma);
    // σ = 0: exactly the gradient, no randomness consumed.
    let mut r1 = crate::rng::seeded(1);
    assert_eq!(s.stochastic_gradient(x, y, &NoiseConfig::default(), &mut r1), g);
    let mut r2 = crate::rng::seeded(1);
    assert_eq!(crate::rng::normal(&mut r1), crate::rng::normal(&mut r2));
    // Same seed, same noise.
    let mut a = crate::rng::seeded(5);
    let mut b = crate::rng::seeded(5);
    assert_eq!(s.stochastic_gradient(x, y, &noise, &mut a), s.stochastic_gradient(x, y, &noise, &mut b));
}

#[test]
fn logistic_minibatch_gradient_is_unbiased_with_the_without_replacement_variance() {
    let s = LandscapeConfig::default_for("logistic").unwrap().build().unwrap();
    let data = s.logistic_data().unwrap();
    let n = data.len();
    let w = [0.7, -1.3];
    let g = s.gradient(w[0], w[1]);
    // Per-point gradients d_i = −σ(−y_i wᵀx_i) y_i x_i (the λw term is the same for every batch).
    let per_point: Vec<[f64; 2]> = data
        .features
        .iter()
        .zip(&data.labels)
        .map(|(x, &y)| {
            let z = y * (w[0] * x[0] + w[1] * x[1]);
            let sg = 1.0 / (1.0 + z.exp());
            [-sg * y * x[0], -sg * y * x[1]]
        })
        .collect();
    let b = 5;
    // Variance of the mean of b points drawn without replacement from n:
    // (σ²_pop / b)·(n − b)/(n − 1), σ²_pop the population variance of d_i (finite-population correction).
    let var_expected: Vec<f64> = (0..2)
        .map(|k| {
            let m = per_point.iter().map(|d| d[k]).sum::<f64>() / n as f64;
            let pop = per_point.iter().map(|d| (d[k] - m).powi(2)).sum::<f64>() / n as f64;
            pop / b as f64 * (n - b) as f64 / (n - 1) as f64
        })
        .collect();
    let noise = NoiseConfig { sigma: 0.0, batch_size: b };
    let mut rng = crate::rng::seeded(2024);
    let draws = 40_000;
    let mut sum = [0.0; 2];
    let mut sum2 = [0.0; 2];
    for _ in 0..draws {
        let gt = s.stochastic_gradient(w[0], w[1], &noise, &mut rng);
        for k in 0..2 {
            sum[k] += gt[k];
            sum2[k] += (gt[k] - g[k]).powi(2);
        }
    }
    for k in 0..2 {
        let mean = sum[k] / draws as f64;
        let var = sum2[k] / draws as f64;
        let se = (var_expected[k] / draws as f64).sqrt();
        assert!((mean - g[k]).abs() < 4.0 * se, "component {k}: minibatch mean {mean} vs full {} (4 se = {})", g[k], 4.0 * se);
        // The variance estimate has relative sd ≈ √(2/draws)·(kurtosis factor) ≈ 1%; with replacement it
        // would be (n − 1)/(n − b) = 39/35 ≈ 11% larger, so 4% separates the two.
        assert!((var / var_expected[k] - 1.0).abs() < 0.04, "component {k}: variance {var} vs {}", var_expected[k]);
    }
    // batch_size ≥ n is the full batch, exactly.
    let mut r = crate::rng::seeded(0);
    assert_eq!(s.stochastic_gradient(w[0], w[1], &NoiseConfig { sigma: 0.0, batch_size: n }, &mut r), g);
    assert_eq!(s.stochastic_gradient(w[0], w[1], &NoiseConfig { sigma: 0.0, batch_size: 10 * n }, &mut r), g);
}

#[test]
fn logistic_data_are_seeded_and_the_minimum_is_finite() {
    let build = |n, seed, separation| LandscapeConfig::Logistic { n, seed, separation }.build().unwrap();
    let a = build(40, 3, 2.0);
    let b = build(40, 3, 2.0);
    let c = build(40, 4, 2.0);
    assert_eq!(a.logistic_data(), b.logistic_data());
    assert_ne!(a.logistic_data(), c.logistic_data());
    let d = a.logistic_data().unwrap();
    assert_eq!(d.labels.iter().filter(|&&y| y > 0.0).count(), 20);
    assert_eq!(d.l2, LOGISTIC_L2);
    // Widely separated classes (separable data): the L2 term keeps the minimum finite and in view.
    let far = build(50, 1, 10.0);
    let m = far.minima()[0];
    assert!(m[0].is_finite() && m[1].is_finite() && far.default_view().contains(m));
    let g = far.gradient(m[0], m[1]);
    assert!(g[0].hypot(g[1]) < 1e-10);
    // The minimiser points along the class direction u = (0.8, 0.6) (roughly: the data are random).
    let cos = (m[0] * 0.8 + m[1] * 0.6) / m[0].hypot(m[1]);
    assert!(cos > 0.9, "cos = {cos}");
    // At w = 0 every point has loss ln 2, so L(0) = ln 2 (the L2 term vanishes).
    assert!((a.value(0.0, 0.0) - std::f64::consts::LN_2).abs() < 1e-15);
}

/// Timing of the heatmap raster (run with `cargo test --release --lib landscape::tests::bench -- --ignored --nocapture`).
#[test]
#[ignore]
fn bench_value_grid() {
    use std::time::Instant;
    for &k in LandscapeConfig::kinds() {
        let s = LandscapeConfig::default_for(k).unwrap().build().unwrap();
        let (w, h) = if s.eval_cost() > 1 { (400, 300) } else { (1600, 1200) };
        let mut out = vec![0f32; w * h];
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let t = Instant::now();
            s.value_grid(&s.default_view(), w, h, &mut out);
            best = best.min(t.elapsed().as_secs_f64());
        }
        std::hint::black_box(&out);
        println!("{k:>16}: {w}×{h} in {:7.3} ms = {:6.2} ns/pixel", best * 1e3, best * 1e9 / (w * h) as f64);
    }
}

#[test]
fn logistic_newton_converges_for_many_data_sets() {
    for seed in 0..20u64 {
        for separation in [0.0, 1.0, 3.0, 6.0, 10.0] {
            for n in [2usize, 5, 40, 1000] {
                let c = LandscapeConfig::Logistic { n, seed, separation };
                let s = c.build().unwrap_or_else(|e| panic!("{c:?}: {e}"));
                let m = s.minima()[0];
                let g = s.gradient(m[0], m[1]);
                assert!(g[0].hypot(g[1]) <= 1e-10, "{c:?}: ‖∇L(w*)‖ = {}", g[0].hypot(g[1]));
                assert!(s.default_view().contains(m) && s.default_view().contains(s.default_start()));
            }
        }
    }
}
