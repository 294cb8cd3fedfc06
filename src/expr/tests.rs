use super::*;
use crate::landscape::LandscapeConfig;

const XY: &[&str] = &["x", "y"];

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + b.abs())
}

#[test]
fn formulas_written_as_a_student_writes_them_parse_and_evaluate() {
    // (formula, x, y, params, value) — values worked out by hand.
    let cases: &[(&str, f64, f64, &[f64], f64)] = &[
        ("x^4 - 2*x^2 + y^2 + 0.5*x*y", 1.0, 2.0, &[], 1.0 - 2.0 + 4.0 + 1.0),
        ("sin(3x)*cos(2y)", 0.5, 0.25, &[], (1.5f64).sin() * (0.5f64).cos()),
        ("log(1+exp(-x))", 0.0, 0.0, &[], (2.0f64).ln()),
        ("(1-x)^2 + a*(y-x^2)^2", 2.0, 1.0, &[100.0], 1.0 + 100.0 * 9.0),
        ("-x^2", 3.0, 0.0, &[], -9.0),
        ("2^-1", 0.0, 0.0, &[], 0.5),
        ("2^3^2", 0.0, 0.0, &[], 512.0),
        ("x**2 + 2pi", 3.0, 0.0, &[], 9.0 + 2.0 * std::f64::consts::PI),
        ("3x y", 0.0, 0.0, &[], f64::NAN), // refused below, listed for completeness
        ("2(x+1)", 1.0, 0.0, &[], 4.0),
        ("e^x", 1.0, 0.0, &[], std::f64::consts::E),
        ("sqrt(abs(x)) + tanh(y) + sigmoid(0)", -4.0, 0.0, &[], 2.0 + 0.5),
        ("min(x, y) + max(x, y)", 1.0, 5.0, &[], 6.0),
        ("min(log(x), 1)", -1.0, 0.0, &[], f64::NAN),
        ("max(1, log(x))", -1.0, 0.0, &[], f64::NAN),
        ("1.5e-3*x + .5", 1000.0, 0.0, &[], 2.0),
        ("(-2)^3 + (-8)^(1/3)", 0.0, 0.0, &[], f64::NAN), // a negative base with a fractional exponent is undefined
        ("x/y", 1.0, 0.0, &[], f64::INFINITY),
        ("log(x)", -1.0, 0.0, &[], f64::NAN),
        ("k*x + b", 2.0, 0.0, &[3.0, 1.0], 7.0),
    ];
    for &(text, x, y, params, want) in cases {
        let Ok(e) = Expr::parse(text, XY) else {
            assert_eq!(text, "3x y", "{text} should parse");
            continue;
        };
        let v = e.value(&[x, y], params);
        if want.is_nan() {
            assert!(v.is_nan(), "{text}: {v}");
        } else {
            assert!(v == want || close(v, want, 1e-14), "{text}: {v} ≠ {want}");
        }
    }
    let e = Expr::parse("(1-x)^2 + a*(y-x^2)^2 + k", XY).unwrap();
    assert_eq!(e.params(), ["a", "k"]);
    assert_eq!(Expr::parse("pi*e*x", XY).unwrap().params().len(), 0);
}

#[test]
fn bad_formulas_say_what_is_wrong_and_where() {
    let cases: &[(&str, &str)] = &[
        ("x^2 + (y))", "unexpected “)” at column 10"),
        ("sin(3x)*)", "unexpected “)” at column 9"),
        ("x +", "the formula ends too early at column 4"),
        ("(x + y", "“(” at column 1 is never closed at column 7"),
        ("foo(x)", "there is no function called “foo” at column 1"),
        ("sin x", "sin is a function: write sin(…) at column 5"),
        ("x y", "unexpected “y”: write * to multiply at column 3"),
        ("x(1+y)", "unexpected “(”: write * to multiply at column 2"),
        ("max(x)", "max takes two arguments: max(a, b) at column 6"),
        ("exp(x, y)", "exp takes one argument at column 6"),
        ("x # 2", "unexpected “#” at column 3"),
        ("", "the formula is empty at column 1"),
        ("x < y", "a comparison “<” makes a rule, not a function: remove it at column 3"),
        ("x $ y", "unexpected “$” at column 3"),
    ];
    for (text, want) in cases {
        let got = Expr::parse(text, XY).unwrap_err().to_string();
        assert_eq!(&got, want, "{text}");
    }
    let long = "x+".repeat(150) + "x";
    assert!(Expr::parse(&long, XY).unwrap_err().message.contains("longer than 300"));
    let deep = "(".repeat(40) + "x" + &")".repeat(40);
    assert!(Expr::parse(&deep, XY).unwrap_err().message.contains("nests more than 32"));
    let signs = "-".repeat(40) + "x";
    assert!(Expr::parse(&signs, XY).unwrap_err().message.contains("nests more than 32"));
    assert!(Expr::parse("a+b+c+d+f+g+h+k+m", XY).unwrap_err().message.contains("at most 8"));
}

#[test]
fn rules_compare_two_sides() {
    let r = Expr::parse_rule("x^2 + y^2 < 0.5", XY).unwrap();
    assert!(r.is_rule());
    assert_eq!((r.value(&[0.1, 0.1], &[]), r.value(&[1.0, 0.0], &[])), (1.0, 0.0));
    let s = Expr::parse_rule("sin(3x) > y", XY).unwrap();
    assert_eq!(s.value(&[0.5, 0.0], &[]), 1.0);
    assert!(Expr::parse_rule("x + y", XY).unwrap_err().message.contains("compares two sides"));
}

/// The typed formulas of the built-in landscapes give the built-in value, gradient and Hessian
/// (each written by hand in `src/landscape/`) at many points: automatic differentiation is exact.
#[test]
fn typed_landscapes_match_their_hand_written_derivatives() {
    let typed: &[(&str, &str)] = &[
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
    for (kind, text) in typed {
        let surface = LandscapeConfig::default_for(kind).unwrap().build().unwrap();
        let e = Expr::parse(text, XY).unwrap();
        let view = surface.default_view();
        let mut checked = 0;
        for i in 0..=20 {
            for j in 0..=16 {
                let x = view.x_min + view.width() * i as f64 / 20.0;
                let y = view.y_min + view.height() * j as f64 / 16.0;
                let (f, g, h) = e.hessian(x, y, &[]);
                let (fs, gs, hs) = (surface.value(x, y), surface.gradient(x, y), surface.hessian(x, y));
                assert!(close(f, fs, 1e-12), "{kind} f at ({x}, {y}): {f} vs {fs}");
                for a in 0..2 {
                    assert!(close(g[a], gs[a], 1e-12), "{kind} ∇f[{a}] at ({x}, {y}): {} vs {}", g[a], gs[a]);
                    for b in 0..2 {
                        assert!(close(h[a][b], hs[a][b], 1e-12), "{kind} H[{a}][{b}] at ({x}, {y}): {} vs {}", h[a][b], hs[a][b]);
                    }
                }
                assert!(close(e.value(&[x, y], &[]), fs, 1e-12));
                checked += 1;
            }
        }
        assert_eq!(checked, 21 * 17);
    }
}

#[test]
fn one_variable_derivatives_are_exact() {
    let e = Expr::parse("sin(2*pi*x) + 0.3*x", &["x"]).unwrap();
    let (f, d1, d2) = e.derivatives_1d(0.1, &[]);
    let w = 2.0 * std::f64::consts::PI;
    assert!(close(f, (w * 0.1).sin() + 0.03, 1e-15));
    assert!(close(d1, w * (w * 0.1).cos() + 0.3, 1e-14));
    assert!(close(d2, -w * w * (w * 0.1).sin(), 1e-14));
    // A parameter's value is used, and |x| has the derivative of its side.
    let k = Expr::parse("k*abs(x)", &["x"]).unwrap();
    assert_eq!(k.derivatives_1d(-2.0, &[3.0]), (6.0, -3.0, 0.0));
}

#[test]
fn the_heatmap_path_gives_every_point_the_value_of_the_scalar_path() {
    let e = Expr::parse("sin(3x)*cos(2y) + a*log(1 + x^2) + max(x, y)^3 - y/(x - 1) + (x^2 + y^2 < 1)", XY);
    assert!(e.is_err(), "comparisons are only for rules");
    let e = Expr::parse("sin(3x)*cos(2y) + a*log(1 + x^2) + max(x, y)^3 - y/(x - 1) + 2^x", XY).unwrap();
    let n = 1000;
    let xs: Vec<f64> = (0..n).map(|i| -2.0 + 4.0 * i as f64 / n as f64).collect();
    let ys: Vec<f64> = (0..n).map(|i| 1.5 - 3.0 * ((i * 37) % n) as f64 / n as f64).collect();
    let mut out = vec![0.0; n];
    let mut stack = Vec::new();
    e.values(&xs, &ys, &[0.7], &mut stack, &mut out);
    let mut scalar = Vec::new();
    for i in 0..n {
        let want = e.value_with(&[xs[i], ys[i]], &[0.7], &mut scalar);
        assert!(out[i] == want || (out[i].is_nan() && want.is_nan()), "point {i}: {} vs {want}", out[i]);
    }
}

/// Thousands of random and hostile strings: each parses or is refused with a column inside the
/// text (or one past its end), and nothing panics.
#[test]
fn random_and_hostile_strings_never_panic() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    let alphabet: Vec<char> = "xy0123456789.+-*/^(),<>= abcsinexplogpimaxe\u{0}\u{202e}é😀\"'<script>".chars().collect();
    let long_number = "9".repeat(400);
    let hostile = [
        "<script>alert(1)</script>",
        "\"); alert(1); (\"",
        "${alert(1)}",
        "x; drop table",
        "constructor.constructor('alert(1)')()",
        "__proto__",
        "\u{0}\u{0}",
        "1e999999",
        long_number.as_str(),
    ];
    let mut parsed = 0;
    for k in 0..6000 {
        let s: String = if k < hostile.len() {
            hostile[k].to_string()
        } else {
            let n = rng.gen_range(0..40);
            (0..n).map(|_| alphabet[rng.gen_range(0..alphabet.len())]).collect()
        };
        for rule in [false, true] {
            let r = if rule { Expr::parse_rule(&s, XY) } else { Expr::parse(&s, XY) };
            match r {
                Ok(e) => {
                    parsed += 1;
                    let params = vec![1.0; e.params().len()];
                    let _ = e.value(&[0.3, -0.2], &params);
                    let _ = e.hessian(0.3, -0.2, &params);
                }
                Err(err) => assert!(err.column >= 1 && err.column <= s.chars().count().max(MAX_LEN) + 1, "{s:?}: {err}"),
            }
        }
    }
    assert!(parsed > 100, "the random strings should include formulas that parse ({parsed})");
}
