//! Settings and buttons: refusals with clear messages, CSV upload, α* and q*, the Gram form, the λ and κ sliders.

use crate::lab::shrinkage::presets::PRESETS;
use crate::lab::shrinkage::ShrinkageLab;
use crate::lab::widget::Widget;

#[test]
fn bad_control_values_are_refused_with_clear_messages_and_change_nothing() {
    let mut lab = ShrinkageLab::default();
    let before = lab.state().clone();
    let cases = [
        ("data.n", "0", "N must be a whole number between 1 and 5000 (got 0)"),
        ("data.n", "2.5", "whole number"),
        ("data.p", "401", "p must be a whole number between 0 and 400 (got 401)"),
        ("lambda", "NaN", "λ must be a finite number"),
        ("lambda", "-1", "λ must be a number between"),
        ("kappa", "abc", "κ must be a number (got “abc”)"),
        ("q", "0", "q must be a whole number of iterations between 1 and 1000000 (got 0)"),
        ("alpha", "inf", "α must be a finite number"),
        ("alpha", "0", "α must be between 0 and 3"),
        ("data.noise", "-1", "noise must be between 0 and 100 (got -1)"),
        ("data.test_fraction", "1", "test fraction must be a number in [0, 1)"),
        ("data.feature_map", "spline", "unknown feature map"),
        ("show.gd", "maybe", "expected true or false"),
        ("nonsense", "1", "no setting called"),
    ];
    for (k, v, msg) in cases {
        let e = lab.set(k, v).unwrap_err();
        assert!(e.contains(msg), "{k}={v}: got “{e}”");
    }
    let mut after = lab.state().clone();
    after.preset = before.preset.clone();
    assert_eq!(after, before);
    // RBF with p = 0 is refused by the core's validation.
    lab.set("data.feature_map", "rbf").unwrap();
    assert!(lab.set("data.p", "0").unwrap_err().contains("at least 1"));
}

#[test]
fn csv_with_a_bad_row_names_it_and_keeps_the_data() {
    let mut lab = ShrinkageLab::default();
    let before = lab.dataset().unwrap().clone();
    let e = lab.set("csv", "x,y\n0.1,0.2\n0.3,NaN\n").unwrap_err();
    assert!(e.contains("row 3"), "{e}");
    let e = lab.set("csv", "0.1,0.2\n0.3,abc\n").unwrap_err();
    assert_eq!(e, "row 2: 'abc' is not a number");
    assert_eq!(lab.dataset().unwrap(), &before);
    assert!(lab.state().points.is_empty());
    lab.set("csv", "0.1,0.2\n0.3,0.4\n-0.2,1\n0.9,-1\n").unwrap();
    assert_eq!(lab.dataset().unwrap().x, vec![0.1, 0.3, -0.2, 0.9]);
    assert_eq!(lab.dataset().unwrap().is_test.iter().filter(|&&t| t).count(), 1); // round(0.25·4)
}

#[test]
fn helper_buttons_set_alpha_star_and_q_star() {
    let mut lab = ShrinkageLab::default();
    lab.set("alpha", "0.3").unwrap();
    lab.set("kappa", "0.5").unwrap();
    lab.action("q_star").unwrap();
    let s = lab.s_max();
    assert_eq!(lab.state().alpha, 1.0);
    assert_eq!(lab.state().q, (s * s / 0.25).round() as u64);
    assert!(lab.action("nope").is_err());
}

#[test]
fn gram_form_is_an_option_off_by_default_with_a_link_key_and_a_labelled_checkbox() {
    let mut lab = ShrinkageLab::open("preset=float32");
    assert!(!lab.state().gram);
    let c = lab.controls();
    let g = c.iter().find(|c| c.key == "gram").expect("gram checkbox");
    assert_eq!(g.value, "false");
    assert!(g.help.contains("XᵀX formed once in the working precision"), "{:?}", g.help);
    lab.set("gram", "true").unwrap();
    assert!(lab.query().contains("gram=true"), "{}", lab.query());
    let again = ShrinkageLab::open(&lab.query());
    assert!(again.state().gram);
    lab.set("q", "1000").unwrap();
    lab.run_to_completion();
    // Both forms are the same iteration in exact arithmetic: f64 matches the closed form either way.
    assert!(lab.gd_difference().unwrap() < 1e-9);
}

/// The λ and κ sliders span the part of their axis where moving them changes a filter (issue
/// 10, "log sliders have a sensible range"): at the slider's low end ridge keeps every direction
/// above s_max·10⁻⁶ (filter ≥ 0.9) and PCA keeps them all; at its high end both filters are below
/// 0.1 on every direction. And the range is far narrower than the 16 decades λ accepts.
#[test]
fn lambda_and_kappa_sliders_span_the_data_spectrum() {
    use crate::lab::widget::ControlKind;
    for p in PRESETS {
        let mut lab = ShrinkageLab::open(&format!("preset={}", p.id));
        lab.run_to_completion();
        let m = lab.measured().expect("preset data");
        let slider = |key: &str| {
            let c = lab.controls().into_iter().find(|c| c.key == key).unwrap();
            match c.kind {
                ControlKind::Slider { min, max, log, .. } => {
                    assert!(log, "{key} is a log slider");
                    (min, max, c.value.parse::<f64>().unwrap())
                }
                _ => panic!("{key} is not a slider"),
            }
        };
        let (l0, l1, lv) = slider("lambda");
        let (k0, k1, kv) = slider("kappa");
        assert!(l0 <= lv && lv <= l1 * (1.0 + 1e-9), "{}: λ {lv} outside its slider [{l0}, {l1}]", p.id);
        assert!(k0 <= kv && kv <= k1 * (1.0 + 1e-9), "{}: κ {kv} outside its slider [{k0}, {k1}]", p.id);
        assert!((l1 / l0).log10() <= 15.0, "{}: λ slider spans {} decades", p.id, (l1 / l0).log10());
        let s_max = m.s_max;
        for &s in m.s.iter().filter(|&&s| s >= s_max * 1e-6) {
            let ridge = |l: f64| s * s / (s * s + l);
            assert!(ridge(l0) >= 0.9, "{}: at λ = {l0} ridge already damps s = {s}", p.id);
            assert!(ridge(l1) <= 0.1, "{}: at λ = {l1} ridge still keeps s = {s}", p.id);
            assert!(s >= k0, "{}: at κ = {k0} PCA drops s = {s}", p.id);
            assert!(s < k1, "{}: at κ = {k1} PCA keeps s = {s}", p.id);
        }
    }
    // A typed λ outside the data's range widens the slider to show it.
    let mut lab = ShrinkageLab::open("");
    lab.set("lambda", "1e-12").unwrap();
    let c = lab.controls().into_iter().find(|c| c.key == "lambda").unwrap();
    assert!(matches!(c.kind, crate::lab::widget::ControlKind::Slider { min, .. } if min <= 1e-12));
}
