//! The typed landscape in the optimizer lab: settings, URL, hostile input, every optimizer,
//! the domain's edge.

use crate::lab::url;
use crate::lab::widget::{ControlKind, Widget};
use crate::landscape::{LandscapeConfig, TypedConfig, ViewBox};
use crate::optim::OptimizerConfig;

use super::super::state::OptimizerLabState;
use super::super::widget::OptimizerLab;

fn typed(lab: &OptimizerLab) -> &TypedConfig {
    match &lab.state.landscape {
        LandscapeConfig::Typed(t) => t,
        l => panic!("not typed: {l:?}"),
    }
}

fn control(lab: &OptimizerLab, key: &str) -> Option<crate::lab::widget::Control> {
    lab.controls().into_iter().find(|c| c.key == key)
}

#[test]
fn a_typed_landscape_with_parameters_round_trips_through_the_url() {
    let q = "landscape.kind=typed&landscape.formula=(1-x)%5E2%20%2B%20a*(y-x%5E2)%5E2&landscape.params.a=7.5&landscape.view.x_min=-2.5&landscape.view.y_max=3";
    let mut lab = OptimizerLab::open(q);
    let notes = lab.take_notices();
    assert!(notes.is_empty(), "{notes:?}");
    let t = typed(&lab);
    assert_eq!(t.formula, "(1-x)^2 + a*(y-x^2)^2");
    assert_eq!(t.params.get("a"), Some(&7.5));
    assert_eq!(t.view, ViewBox::new(-2.5, 2.0, -1.5, 3.0));
    let link = lab.query();
    let again = OptimizerLab::open(&link);
    assert_eq!(again.state, lab.state, "link: {link}");
    assert_eq!(again.query(), link);
    // The same picture: the surface gives the same values, minima and f*.
    assert_eq!(again.surface().minima(), lab.surface().minima());
    assert_eq!(lab.surface().minima().len(), 1);
    let m = lab.surface().minima()[0];
    assert!((m[0] - 1.0).abs() < 1e-8 && (m[1] - 1.0).abs() < 1e-8, "{m:?}");
    // The state file says the same.
    let (back, notes) = url::decode::<OptimizerLabState>(&link, &[]);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(back, lab.state);
}

#[test]
fn typing_a_formula_adds_its_parameters_as_sliders_and_keeps_shared_values() {
    let mut lab = OptimizerLab::open("landscape.kind=typed");
    lab.set("landscape.formula", "a*x^2 + k*y^2").unwrap();
    let a = control(&lab, "landscape.params.a").expect("a slider for a");
    assert!(matches!(a.kind, ControlKind::Slider { min, max, .. } if min == -5.0 && max == 5.0), "{:?}", a.kind);
    lab.set("landscape.params.a", "0.5").unwrap();
    lab.set("landscape.formula", "a*x^2 + k*y^2").unwrap();
    assert_eq!(control(&lab, "landscape.params.a").unwrap().value, "0.5", "a keeps its value");
    assert_eq!(control(&lab, "landscape.params.k").unwrap().value, "1", "a new parameter starts at 1");
    lab.set("landscape.params.k", "3").unwrap();
    assert_eq!(lab.surface().value(0.0, 1.0), 3.0);
    assert_eq!(lab.surface().hessian(0.3, -0.2), [[1.0, 0.0], [0.0, 6.0]], "exact Hessian");
    // The field is a text input limited to 300 characters.
    assert!(matches!(control(&lab, "landscape.formula").unwrap().kind, ControlKind::Input { max_len: 300 }));
    // A parameter the formula does not have, a value out of range, a parameter of a dropped name.
    assert!(lab.set("landscape.params.q", "1").unwrap_err().message().contains("no parameter “q” (it has: a, k)"));
    assert_eq!(lab.set("landscape.params.a", "1e7").unwrap_err().message(), "a must be between -1000000 and 1000000 (got 10000000)");
    lab.set("landscape.formula", "x^2 + y^2").unwrap();
    assert!(typed(&lab).params.is_empty() && control(&lab, "landscape.params.a").is_none());
}

#[test]
fn a_bad_formula_is_refused_with_its_column_and_nothing_is_lost() {
    let mut lab = OptimizerLab::open("landscape.kind=typed&racers.0.optimizer.kind=newton&budget=50");
    lab.set("landscape.formula", "x^2 + 3*y^2").unwrap();
    let before = (lab.state.clone(), lab.surface().clone(), lab.trajectories.iter().map(|t| t.points.clone()).collect::<Vec<_>>());
    let bad = ["(x + y))", "x +* y", "sin(", "", "x^2 + ", "foo(x)", "x y z q r s t u v w"];
    for b in bad {
        let e = lab.set("landscape.formula", b).unwrap_err();
        assert!(!e.message().is_empty(), "{b}");
        assert_eq!((&lab.state, lab.surface()), (&before.0, &before.1), "{b}: state kept");
        assert_eq!(lab.trajectories.iter().map(|t| t.points.clone()).collect::<Vec<_>>(), before.2, "{b}: race kept");
    }
    assert_eq!(lab.set("landscape.formula", "(x + y))").unwrap_err().message(), "unexpected “)” at column 8");
    let long = "x+".repeat(200) + "y";
    assert!(lab.set("landscape.formula", &long).unwrap_err().message().contains("longer than 300 characters"));
    let deep = "(".repeat(60) + "x" + &")".repeat(60);
    assert!(lab.set("landscape.formula", &deep).unwrap_err().message().contains("nests more than"));
    // Hostile strings are refused as formulas, never evaluated.
    for h in ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "x\u{0}", "🙂", "x; drop table"] {
        assert!(lab.set("landscape.formula", h).is_err(), "{h}");
        assert_eq!(lab.state, before.0, "{h}");
    }
    // A view with its edges crossed is refused too.
    assert!(lab.set("landscape.view.x_min", "5").unwrap_err().message().contains("x_min < x_max"));
    assert_eq!(lab.state, before.0);
}

#[test]
fn a_bad_formula_in_a_link_keeps_the_rest_with_a_notice() {
    let mut lab = OptimizerLab::open("landscape.kind=typed&landscape.formula=%3Cscript%3E(&budget=321&landscape.view.x_max=5");
    let notes = lab.take_notices();
    assert!(notes.iter().any(|n| n.contains("Your formula was not used") && n.contains("column")), "{notes:?}");
    assert_eq!(typed(&lab).formula, TypedConfig::default().formula);
    assert_eq!(typed(&lab).view.x_max, 5.0, "the view is kept");
    assert_eq!(lab.state.budget, 321, "the rest is kept");
}

#[test]
fn every_optimizer_runs_on_a_typed_function_and_newton_uses_the_exact_hessian() {
    for kind in OptimizerConfig::kinds() {
        let q = format!("landscape.kind=typed&landscape.formula=x%5E4-2x%5E2%2By%5E2%2B0.5*x*y&start=-1.5,1&budget=300&racers.0.optimizer.kind={kind}");
        let lab = OptimizerLab::open(&q);
        let t = &lab.trajectories[0];
        assert!(t.error.is_none(), "{kind}: {:?}", t.error);
        assert!(t.loss.iter().all(|f| f.is_finite()), "{kind}");
        assert!(t.loss.last().unwrap() < &t.loss[0], "{kind} makes progress: {} → {}", t.loss[0], t.loss.last().unwrap());
    }
    // Newton from near the left well converges to it in a few steps (quadratic convergence).
    let lab = OptimizerLab::open("landscape.kind=typed&landscape.formula=x%5E4-2x%5E2%2By%5E2&start=-1.3,0.4&budget=12&racers.0.optimizer.kind=newton&racers.0.optimizer.lr=1");
    let p = *lab.trajectories[0].points.last().unwrap();
    assert!((p[0] + 1.0).abs() < 1e-12 && p[1].abs() < 1e-12, "{p:?}");
    assert_eq!(lab.surface().minima().len(), 2, "both wells are marked");
    // The Hessian read-out at the cursor: at the origin the double well is a saddle.
    let lines = lab.curvature_lines([0.0, 0.0]).join("\n");
    assert!(lines.contains("λ = -4, 2") && lines.contains("saddle"), "{lines}");
}

#[test]
fn a_racer_that_steps_where_the_function_is_undefined_stops_with_a_message() {
    // log(x) is undefined for x ≤ 0; a large step from x = 0.5 jumps there.
    let mut lab = OptimizerLab::open("landscape.kind=typed&landscape.formula=(x-1)%5E2%2Blog(x)%2By%5E2&start=0.5,0.5&racers.0.optimizer.kind=sgd&racers.0.optimizer.lr=2&budget=100");
    let t = &lab.trajectories[0];
    assert_eq!(t.diverged_at, Some(1), "{:?}", t.points);
    assert!(t.left_domain && t.loss.iter().all(|f| f.is_finite()), "no undefined iterate is recorded");
    assert_eq!(t.exit_note().unwrap(), "left the function's domain at step 1");
    lab.state.shown = 100;
    assert!(lab.status().contains("left the function's domain at step 1"), "{}", lab.status());
    // A start where f is undefined: the racer cannot run, and says why.
    let lab = OptimizerLab::open("landscape.kind=typed&landscape.formula=log(x)%2By%5E2&start=-1,0");
    assert!(lab.trajectories[0].error.as_deref().unwrap().contains("outside the function's domain"), "{:?}", lab.trajectories[0].error);
}

#[test]
fn the_undefined_region_is_nan_in_the_raster() {
    let lab = OptimizerLab::open("landscape.kind=typed&landscape.formula=log(x)%2By%5E2");
    let (w, h) = (8, 4);
    let mut out = vec![0.0f32; w * h];
    lab.surface().value_grid(&ViewBox::new(-1.0, 1.0, -1.0, 1.0), w, h, &mut out);
    assert!(out.iter().enumerate().all(|(i, v)| if i % w < 4 { v.is_nan() } else { v.is_finite() }), "{out:?}");
}

#[test]
fn formulas_that_read_as_numbers_or_lists_round_trip_as_text() {
    for f in ["min(x, y) + x^2", "1e-320", "1", "true", "max(x,y;", "x; y"] {
        let mut lab = OptimizerLab::open("landscape.kind=typed");
        let accepted = lab.set("landscape.formula", f).is_ok();
        let link = lab.query();
        let mut again = OptimizerLab::open(&link);
        assert!(again.take_notices().is_empty(), "{f}: {link}");
        assert_eq!(again.state, lab.state, "{f} (accepted: {accepted})");
    }
}

#[test]
fn the_typed_rosenbrock_race_is_bit_for_bit_the_built_in_one_for_gradient_methods() {
    let typed = "&landscape.kind=typed&landscape.formula=(1-x)%5E2%2B100*(y-x%5E2)%5E2&landscape.view.x_min=-2&landscape.view.x_max=2&landscape.view.y_min=-1&landscape.view.y_max=2&start=-1.2,1";
    let mut compared = 0;
    for kind in OptimizerConfig::kinds() {
        let c = OptimizerConfig::default_for(kind).unwrap();
        let q = format!("racers.0.optimizer.kind={kind}&racers.1.optimizer.kind={kind}&racers.1.optimizer.lr={}&budget=1000", c.lr() * 0.3);
        let (a, b) = (OptimizerLab::open(&q), OptimizerLab::open(&format!("{q}{typed}")));
        for (ta, tb) in a.trajectories.iter().zip(&b.trajectories) {
            if c.needs_hessian() {
                // Newton's Hessian is rounded in another order: equal to 1e-12 per step, not bit for bit.
                assert!(ta.points.iter().zip(&tb.points).take(3).all(|(p, q)| (p[0] - q[0]).abs() < 1e-8 && (p[1] - q[1]).abs() < 1e-8), "{kind}");
                continue;
            }
            assert_eq!(ta.points, tb.points, "{kind}: iterates");
            assert_eq!(ta.grads, tb.grads, "{kind}: gradients");
            assert_eq!((ta.diverged_at, ta.points.len()), (tb.diverged_at, tb.points.len()), "{kind}");
            compared += 1;
        }
    }
    assert!(compared >= 2 * 12, "{compared} races compared");
}
