//! The typed landscape against the hand-written ones (issue 13, item 7): the same formulas typed
//! give the same value, gradient and Hessian through [`Surface`] (1e-12, relative to the
//! magnitude), the same raster, and the search finds the listed minima.

use super::TypedConfig;
use crate::landscape::{curvature, typed, LandscapeConfig};

/// Each built-in landscape typed the way a student would, with its parameters as free ones.
fn typed_versions() -> Vec<(LandscapeConfig, TypedConfig)> {
    let quadratic = "0.5*((cos(t)^2/k + sin(t)^2)*x^2 + 2*sin(t)*cos(t)*(1/k - 1)*x*y + (sin(t)^2/k + cos(t)^2)*y^2)";
    let fixed: &[(&str, &str)] = &[
        ("rosenbrock", "(1 - x)^2 + 100*(y - x^2)^2"),
        ("himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"),
        ("beale", "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2"),
        ("booth", "(x + 2y - 7)^2 + (2x + y - 5)^2"),
        ("six_hump_camel", "(4 - 2.1x^2 + x^4/3)*x^2 + x*y + (4y^2 - 4)*y^2"),
        ("rastrigin", "20 + x^2 - 10cos(2pi*x) + y^2 - 10cos(2pi*y)"),
        ("saddle", "x^2 - y^2"),
        ("monkey_saddle", "x^3 - 3x*y^2"),
        ("plateau", "1 - exp(-(x^2 + y^2))"),
    ];
    let mut v: Vec<(LandscapeConfig, TypedConfig)> = fixed
        .iter()
        .map(|(kind, text)| {
            let c = LandscapeConfig::default_for(kind).unwrap();
            let view = c.build().unwrap().default_view();
            (c, TypedConfig::new(text, &[], view))
        })
        .collect();
    for (kappa, angle) in [(10.0, 30.0), (1e4, -70.0), (1.0, 0.0)] {
        let c = LandscapeConfig::Quadratic { kappa, angle_deg: angle };
        let view = c.build().unwrap().default_view();
        v.push((c, TypedConfig::new(quadratic, &[("k", kappa), ("t", f64::to_radians(angle))], view)));
    }
    v
}

fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-12 * scale.max(1.0)
}

#[test]
fn typed_versions_of_every_built_in_landscape_have_its_value_gradient_and_hessian() {
    for (built_in, typed) in typed_versions() {
        let (a, b) = (built_in.build().unwrap(), LandscapeConfig::Typed(typed.clone()).build().unwrap());
        let view = a.default_view();
        let mut checked = 0;
        for i in 0..=24 {
            for j in 0..=18 {
                let (x, y) = (view.x_min + view.width() * i as f64 / 24.0, view.y_min + view.height() * j as f64 / 18.0);
                let (fa, ga, ha) = (a.value(x, y), a.gradient(x, y), a.hessian(x, y));
                let (fb, gb, hb) = (b.value(x, y), b.gradient(x, y), b.hessian(x, y));
                let what = format!("{} at ({x}, {y})", built_in.kind());
                assert!(close(fa, fb, fa.abs()), "{what}: f {fa} vs {fb}");
                let gs = ga[0].abs().max(ga[1].abs()).max(fa.abs());
                assert!(close(ga[0], gb[0], gs) && close(ga[1], gb[1], gs), "{what}: ∇f {ga:?} vs {gb:?}");
                let hs = ha.iter().flatten().fold(gs, |m, v| m.max(v.abs()));
                assert!(ha.iter().flatten().zip(hb.iter().flatten()).all(|(p, q)| close(*p, *q, hs)), "{what}: H {ha:?} vs {hb:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, 25 * 19);
        // The raster: the same f32 pixels (both round the same f64 values, up to the last f64 bit).
        let (w, h) = (37, 23);
        let (mut ra, mut rb) = (vec![0f32; w * h], vec![0f32; w * h]);
        a.value_grid(&view, w, h, &mut ra);
        b.value_grid(&view, w, h, &mut rb);
        for (p, q) in ra.iter().zip(&rb) {
            assert!((p - q).abs() <= 1e-6 * p.abs().max(1.0), "{}: raster {p} vs {q}", built_in.kind());
        }
    }
}

#[test]
fn the_search_finds_every_listed_minimum_of_the_typed_versions() {
    for (built_in, typed) in typed_versions() {
        let (a, b) = (built_in.build().unwrap(), LandscapeConfig::Typed(typed).build().unwrap());
        for m in a.minima() {
            let near = b.minima().iter().map(|q| (q[0] - m[0]).hypot(q[1] - m[1])).fold(f64::INFINITY, f64::min);
            assert!(near < 1e-6, "{}: the listed minimum {m:?} was not found ({:?})", built_in.kind(), b.minima());
        }
        if !a.minima().is_empty() {
            assert!((b.min_value() - a.min_value()).abs() < 1e-9, "{}: f* {} vs {}", built_in.kind(), b.min_value(), a.min_value());
        }
        // Saddles have no minimum, and none is invented.
        if matches!(built_in, LandscapeConfig::Saddle | LandscapeConfig::MonkeySaddle) {
            assert!(b.minima().is_empty(), "{}: {:?}", built_in.kind(), b.minima());
        }
        // Every minimum found is a critical point with a positive semi-definite Hessian.
        for q in b.minima() {
            let g = b.gradient(q[0], q[1]);
            let c = curvature(b.hessian(q[0], q[1]));
            assert!(g[0].hypot(g[1]) < 1e-6 && c.eigenvalues[0] > -1e-6, "{}: {q:?} g = {g:?} λ = {:?}", built_in.kind(), c.eigenvalues);
        }
    }
}

#[test]
fn the_search_takes_under_50_ms_on_the_longest_formulas() {
    // 300 characters of a nested formula with every function: the worst a student can type.
    let terms = ["sin(3x)*cos(2y)", "log(1+exp(-x))", "sqrt(x^2+y^2+1)", "tanh(x*y)", "sigmoid(x-y)", "abs(x)", "min(x,y)^2", "max(x,y)/3"];
    let mut text = String::from(terms[0]);
    for t in terms.iter().cycle().skip(1) {
        if text.len() + 3 + t.len() > 300 {
            break;
        }
        text = format!("{text} + {t}");
    }
    let c = TypedConfig::new(&text, &[], typed::DEFAULT_VIEW);
    assert!(c.validate().is_ok(), "{text}: {:?}", c.validate());
    let t = std::time::Instant::now();
    let s = LandscapeConfig::Typed(c).build().unwrap();
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    // Native debug builds are several times slower than the page's release wasm.
    assert!(ms < 50.0 * if cfg!(debug_assertions) { 20.0 } else { 1.0 }, "building took {ms:.1} ms");
    println!("{} characters, {} operations: built with the search in {ms:.1} ms; {} minima", text.len(), s.eval_cost() * 8, s.minima().len());
}
