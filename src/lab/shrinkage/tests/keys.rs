//! Control keys: each input control is keyed by the path of its value in the link (the URL key,
//! also its `hide=` name); the earlier keys are listed in the lab's legacy table.

use crate::lab::legacy_keys::current;
use crate::lab::shrinkage::presets::PRESETS;
use crate::lab::shrinkage::ShrinkageLab;
use crate::lab::widget::{Control, ControlKind, Widget};

/// The controls that hold a value of the state (not buttons, read-outs or the file upload).
fn inputs(lab: &ShrinkageLab) -> Vec<Control> {
    lab.controls().into_iter().filter(|c| !matches!(c.kind, ControlKind::Button | ControlKind::Text | ControlKind::File { .. })).collect()
}

fn query_keys(lab: &ShrinkageLab) -> Vec<String> {
    lab.query().split('&').filter_map(|kv| kv.split_once('=').map(|(k, _)| k.to_string())).collect()
}

#[test]
fn every_input_controls_key_is_a_key_of_the_link() {
    let mut queries: Vec<String> = vec![String::new(), "data.feature_map=rbf&data.p=8".into(), "data.feature_map=fourier&data.p=8".into()];
    queries.extend(PRESETS.iter().map(|p| format!("preset={}", p.id)));
    for q in &queries {
        let lab = ShrinkageLab::open(q);
        let keys = query_keys(&lab);
        for c in inputs(&lab) {
            assert!(keys.contains(&c.key), "{q:?}: control “{}” is not a key of the link {}", c.key, lab.query());
        }
    }
}

#[test]
fn every_input_control_takes_back_the_value_it_shows() {
    for q in ["", "data.feature_map=rbf&data.p=8", "data.feature_map=fourier&data.p=8", "preset=float32"] {
        let mut lab = ShrinkageLab::open(q);
        let before = lab.state().clone();
        for c in inputs(&lab) {
            lab.set(&c.key, &c.value).unwrap_or_else(|e| panic!("{q:?}: set({}, {:?}): {e}", c.key, c.value));
        }
        let mut after = lab.state().clone();
        after.preset = before.preset.clone();
        assert_eq!(after, before, "{q:?}");
    }
}

#[test]
fn every_earlier_control_key_maps_to_a_control_of_today() {
    let mut lab = ShrinkageLab::open("data.feature_map=rbf");
    let fourier = ShrinkageLab::open("data.feature_map=fourier");
    let keys: Vec<String> = ShrinkageLab::open("").controls().into_iter().chain(lab.controls()).chain(fourier.controls()).map(|c| c.key).collect();
    for (old, new) in lab.legacy_keys() {
        assert!(keys.iter().any(|k| k == new), "{old} → {new}: no such control");
        assert!(!keys.iter().any(|k| k == old), "{old} is still a control's key");
        assert_eq!(current(lab.legacy_keys(), old).as_deref(), Some(*new));
    }
    let n = current(lab.legacy_keys(), "n").unwrap();
    lab.set(&n, "30").unwrap();
    assert_eq!(lab.state().data.n, 30);
    assert!(lab.query().contains("data.n=30"));
}
