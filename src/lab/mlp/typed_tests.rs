//! Typed data in the MLP lab (issue 13, item 4): a 1-D regression target and a 2-class rule,
//! typed, linked, and refused with their message when they do not parse.

use super::widget::MlpLab;
use crate::lab::widget::{ControlKind, Widget};
use crate::mlp::data::DataKind;
use crate::mlp::loss::Task;

#[test]
fn a_typed_target_and_a_typed_rule_make_the_data_and_round_trip_through_the_link() {
    let mut lab = MlpLab::open("");
    lab.set("data.kind", "function").unwrap();
    let field = lab.controls().into_iter().find(|c| c.key == "data.target").expect("a target field");
    assert!(matches!(field.kind, ControlKind::Input { max_len: 300 }));
    lab.set("data.target", "x^3 - x").unwrap();
    assert_eq!(lab.state.data.task(), Task::Regression);
    let link = lab.query();
    let mut again = MlpLab::open(&link);
    assert!(again.take_notices().is_empty(), "{link}");
    assert_eq!((again.state.data.kind, again.state.data.target.as_str()), (DataKind::Function, "x^3 - x"));

    lab.set("data.kind", "rule").unwrap();
    assert!(lab.controls().iter().any(|c| c.key == "data.rule") && lab.controls().iter().all(|c| c.key != "data.target"));
    lab.set("data.rule", "sin(3x) > y").unwrap();
    assert_eq!(lab.state.data.task(), Task::Classification { classes: 2 });
    let data = lab.state.data.generate().unwrap();
    let ones = data.y().iter().filter(|y| **y == 1.0).count();
    assert!(ones > data.len() / 4 && ones < 3 * data.len() / 4, "{ones} of {} in class 1", data.len());
    let link = lab.query();
    assert_eq!(MlpLab::open(&link).state.data.rule, "sin(3x) > y");
}

#[test]
fn bad_typed_data_are_refused_and_nothing_changes() {
    let mut lab = MlpLab::open("data.kind=rule");
    let before = lab.state.clone();
    for (bad, msg) in [("x^2 + y^2", "a rule compares two sides"), ("x < (y", "column"), ("k*x < y", "replace “k”"), ("<script>alert(1)</script>", "")] {
        let e = lab.set("data.rule", bad).unwrap_err();
        assert!(e.message().contains(msg), "{bad}: {}", e.message());
        assert_eq!(lab.state, before, "{bad}");
    }
    let mut lab = MlpLab::open("data.kind=function");
    let before = lab.state.clone();
    assert!(lab.set("data.target", "1/x").unwrap_err().message().contains("undefined at x = 0"));
    assert_eq!(lab.state, before);
    // From a link: the default formula with a notice, the rest kept.
    let mut lab = MlpLab::open("data.kind=function&data.target=log(x)&data.n=321");
    let notes = lab.take_notices();
    assert!(notes.iter().any(|n| n.contains("Your formula was not used")), "{notes:?}");
    assert_eq!((lab.state.data.kind, lab.state.data.n), (DataKind::Function, 321));
}
