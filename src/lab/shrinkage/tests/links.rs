//! Links and presets: the URL round trip, preset links and the preset menu, the preset marker.

use crate::lab::shrinkage::presets::{preset, PRESETS};
use crate::lab::shrinkage::ShrinkageLabState;
use crate::lab::shrinkage::ShrinkageLab;
use crate::lab::url::{decode, encode};
use crate::lab::widget::Widget;

#[test]
fn url_round_trip_keeps_every_setting_and_dragged_points() {
    let mut s = ShrinkageLabState::default();
    s.lambda = 0.0125;
    s.kappa = 3e-4;
    s.q = 1234;
    s.alpha = 1.7;
    s.show.pca = false;
    s.data.p = 7;
    s.data.feature_map = crate::shrinkage::FeatureMap::Rbf;
    s.points = vec![[0.1, -0.25], [-0.5, 1.0], [0.75, 0.3333]];
    s.test_points = vec![1];
    let q = encode(&s);
    let (back, notes): (ShrinkageLabState, _) = decode(&q, &[]);
    assert!(notes.is_empty(), "{notes:?} from {q}");
    assert_eq!(back, s);
    // One point and no test points also survive (one-element arrays keep a separator).
    s.points.truncate(1);
    s.test_points.clear();
    let (back, _): (ShrinkageLabState, _) = decode(&encode(&s), &[]);
    assert_eq!(back, s);
    // Default state: no `points=` key at all, and it decodes without notices.
    let d = encode(&ShrinkageLabState::default());
    assert!(!d.contains("points"), "{d}");
    let lab = ShrinkageLab::open(&format!("lab=shrinkage&embed=1&{d}"));
    assert_eq!(lab.state(), &ShrinkageLabState::default());
}

#[test]
fn widget_query_round_trips_and_large_uploads_are_left_out_of_links() {
    let mut lab = ShrinkageLab::open("");
    lab.set("lambda", "0.5").unwrap();
    lab.set("csv", "x,y\n0,1\n0.5,2\n-0.5,0\n").unwrap();
    let again = ShrinkageLab::open(&lab.query());
    assert_eq!(again.state(), lab.state());
    let big: String = (0..300).map(|i| format!("{},{}\n", i as f64 / 300.0, i % 7)).collect();
    lab.set("csv", &big).unwrap();
    assert_eq!(lab.state().points.len(), 300);
    assert!(!lab.query().contains("points"));
    assert!(lab.take_notices().iter().any(|n| n.contains("at most 200 points")));
}

#[test]
fn preset_links_start_from_the_preset_and_overlay_other_keys() {
    let lab = ShrinkageLab::open("lab=shrinkage&preset=pca&lambda=0.5");
    let mut expect = preset("pca").unwrap();
    expect.lambda = 0.5;
    assert_eq!(lab.state(), &expect);
    let mut lab = ShrinkageLab::open("preset=nope");
    assert!(lab.take_notices().iter().any(|n| n.contains("no preset called “nope”")));
    assert_eq!(lab.state().preset, "");
    // Bad URL values fall back with a notice, never a crash.
    let mut lab = ShrinkageLab::open("lambda=-3&q=abc&data.n=0&bogus=1");
    let notes = lab.take_notices();
    assert!(notes.len() >= 3, "{notes:?}");
    assert!(lab.state().lambda > 0.0 && lab.state().data.n >= 1);
}

#[test]
fn presets_load_from_the_menu() {
    let mut lab = ShrinkageLab::default();
    for p in PRESETS {
        lab.set("preset", p.id).unwrap();
        assert_eq!(lab.state(), &preset(p.id).unwrap());
        assert!(lab.controls().iter().any(|c| c.key == "preset" && c.value == p.id));
    }
    assert!(lab.set("preset", "x").unwrap_err().contains("no preset"));
}

#[test]
fn a_refused_value_keeps_the_preset_marker_and_an_accepted_one_clears_it() {
    let mut lab = ShrinkageLab::open("preset=float32");
    assert_eq!(lab.state().preset, "float32");
    let before = lab.state().clone();
    assert!(lab.set("data.noise", "9".repeat(400).as_str()).is_err());
    assert!(lab.set("lambda", "abc").is_err());
    assert!(lab.set("no_such_setting", "1").is_err());
    assert_eq!(lab.state(), &before, "a refused value changed the state (preset marker included)");
    lab.set("lambda", "0.01").unwrap();
    assert!(lab.state().preset.is_empty(), "an accepted change makes the state custom");
}
