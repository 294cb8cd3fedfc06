//! A typed true function f (issue 13, item 4): chosen, typed, linked; bad formulas refused with
//! their message while the data stay.

use crate::lab::shrinkage::ShrinkageLab;
use crate::lab::widget::{ControlKind, Widget};
use crate::shrinkage::{generate, Target};

#[test]
fn a_typed_true_function_generates_the_data_and_round_trips_through_the_link() {
    let mut lab = ShrinkageLab::open("data.noise=0");
    assert!(lab.controls().iter().all(|c| c.key != "data.formula"), "no formula field for a built-in f");
    lab.set("data.target", "typed").unwrap();
    let field = lab.controls().into_iter().find(|c| c.key == "data.formula").expect("a formula field");
    assert!(matches!(field.kind, ControlKind::Input { max_len: 300 }));
    assert_eq!(field.value, "sin(2*pi*x) + 0.3*x");
    lab.set("data.formula", "x^2 - 0.5").unwrap();
    let d = generate(&lab.state.data).unwrap();
    assert!(d.x.iter().zip(&d.y).all(|(x, y)| (y - (x * x - 0.5)).abs() < 1e-15), "noise-free data lie on the typed f");
    let link = lab.query();
    let mut again = ShrinkageLab::open(&link);
    assert!(again.take_notices().is_empty(), "{link}");
    assert_eq!((again.state.data.target, again.state.data.formula.as_str()), (Target::Typed, "x^2 - 0.5"));
    assert_eq!(again.query(), link);
}

#[test]
fn a_bad_typed_true_function_is_refused_and_nothing_changes() {
    let mut lab = ShrinkageLab::open("data.target=typed");
    let before = lab.state.clone();
    let cases = [
        ("(x))", "unexpected “)” at column 4"),
        ("log(x)", "f is undefined at x = -1 (the data are drawn on [-1, 1])"),
        ("a*x", "f may only use x here: replace “a” by a number"),
        ("<script>alert(1)</script>", ""),
    ];
    for (bad, msg) in cases {
        let e = lab.set("data.formula", bad).unwrap_err();
        if !msg.is_empty() {
            assert_eq!(e.message(), msg);
        }
        assert_eq!(lab.state, before, "{bad}");
    }
    assert!(lab.set("data.formula", &"x+".repeat(200)).unwrap_err().message().contains("longer than 300"));
    // In a link: the bad formula is dropped with a notice, the rest kept.
    let mut lab = ShrinkageLab::open("data.target=typed&data.formula=1%2Fx&data.n=33");
    let notes = lab.take_notices();
    assert!(notes.iter().any(|n| n.contains("Your formula for f was not used")), "{notes:?}");
    assert_eq!(lab.state.data.n, 33);
    assert!(lab.state.data.validate().is_ok());
}

