//! The optimizer lab widget's tests.

use super::state::MAX_RACERS;
use super::tick::RACE_TICK_STEPS;
use super::widget::{OptimizerLab, RACE_SLICE_STEPS};
use crate::lab::widget::{ControlKind, Frame, Pointer, PointerKind, Widget};
use crate::optim::OptimizerConfig;
use crate::render::landscape::PlotFrame;

#[test]
fn a_long_race_is_computed_a_slice_per_tick_and_ends_as_the_whole_race() {
    // The largest race the controls allow: 8 racers × 20,000 steps (about 40 ms at once in
    // the browser). Opening takes one slice; each tick whose time is spent takes one more.
    let racers: String = (0..8).map(|i| format!("&racers.{i}.optimizer.kind=sgd&racers.{i}.optimizer.lr={}", 0.001 * (i + 1) as f64)).collect();
    let mut lab = OptimizerLab::open(&format!("budget=20000{racers}"));
    assert_eq!(lab.state.racers.len(), 8);
    assert!(lab.computing() && lab.busy(), "the race is still being computed after opening");
    let taken = |lab: &OptimizerLab| lab.trajectories.iter().map(|t| t.lr.len() as u64).sum::<u64>();
    assert!(taken(&lab) <= RACE_SLICE_STEPS, "opening took {} steps", taken(&lab));
    assert!(lab.status().contains("computing the race"), "{}", lab.status());
    let mut ticks = 0;
    let mut now = 0.0;
    while lab.computing() {
        let before = taken(&lab);
        now += 16.0;
        assert!(lab.tick(now, &mut || true), "a tick that computes reports a change");
        assert!(taken(&lab) - before <= RACE_TICK_STEPS, "a spent tick took {} steps", taken(&lab) - before);
        ticks += 1;
        assert!(ticks < 200, "the race never finishes");
    }
    assert!(ticks > 10, "the race was computed in {ticks} ticks");
    let whole = super::race::run_race(lab.surface(), &lab.state, &lab.view());
    for (i, (t, w)) in lab.trajectories.iter().zip(&whole).enumerate() {
        assert_eq!(t.points, w.points, "racer {i}");
        assert_eq!(t.loss, w.loss, "racer {i}");
    }
    assert!(!lab.status().contains("computing"), "{}", lab.status());
}

#[test]
fn opening_from_a_link_reproduces_the_state() {
    let mut a = OptimizerLab::open("preset=momentum_zigzag");
    assert!(a.take_notices().is_empty());
    a.set("racers.1.optimizer.lr", "0.3").unwrap();
    a.set("noise.sigma", "0.5").unwrap();
    let b = OptimizerLab::open(&a.query());
    assert_eq!(a.state, b.state);
    assert_eq!(a.trajectories[1].points, b.trajectories[1].points, "same seed, same picture");
}

#[test]
fn the_learning_rate_slider_spans_six_decades_and_typing_reaches_further() {
    let mut lab = OptimizerLab::open("");
    let c = lab.controls().into_iter().find(|c| c.key == "racers.0.optimizer.lr").expect("an α control");
    match c.kind {
        ControlKind::Slider { min, max, log, .. } => {
            assert!(log);
            assert_eq!((min, max), crate::optim::LR_SLIDER);
            assert!((max / min).log10() <= 6.0 + 1e-9, "the slider spans {} decades", (max / min).log10());
        }
        k => panic!("α is not a slider: {k:?}"),
    }
    lab.set("racers.0.optimizer.lr", "1e-7").expect("typed values below the slider are valid");
    assert!(lab.set("racers.0.optimizer.lr", "1e-9").is_err(), "below the valid range");
}

#[test]
fn the_epsilon_slider_spans_the_useful_decades_and_typing_reaches_further() {
    // ε: 1e-10 … 1 on the slider (ten decades, not the sixteen it may take); 1e-14 typed.
    let mut lab = OptimizerLab::open("racers.0.optimizer.kind=adam");
    let c = lab.controls().into_iter().find(|c| c.key == "racers.0.optimizer.eps").expect("an ε control");
    match c.kind {
        ControlKind::Slider { min, max, log, .. } => assert!(log && (min, max) == crate::optim::EPS_SLIDER, "{min} … {max}"),
        k => panic!("ε is not a slider: {k:?}"),
    }
    lab.set("racers.0.optimizer.eps", "1e-14").expect("typed values below the slider are valid");
}

#[test]
fn a_double_click_resets_the_view_and_keeps_the_start() {
    use crate::landscape::ViewBox;
    let mut lab = OptimizerLab::open("preset=momentum_zigzag");
    // Where the page drew the landscape: its handle passes this with every pointer event.
    let frame = Some(Frame::Landscape(PlotFrame { px: [0, 0, 400, 300], view: ViewBox::new(-4.0, 4.0, -3.0, 3.0) }));
    lab.state.view = [-2.0, 2.0, -1.5, 1.5];
    let (start, shown) = (lab.state.start, lab.state.shown);
    let at = |kind| Pointer::at(kind, 300.0, 100.0, frame, 1.0);
    // What a browser sends for a double-click: two clicks, then the double-click.
    for kind in [PointerKind::Down, PointerKind::Up, PointerKind::Down, PointerKind::Up] {
        lab.pointer("landscape", at(kind)).unwrap();
    }
    assert_ne!(lab.state.start, start, "a click moves the start");
    lab.pointer("landscape", at(PointerKind::Double)).unwrap();
    assert_eq!(lab.state.start, start, "the double-click undid its clicks");
    assert_eq!(lab.state.shown, shown);
    assert_eq!(lab.state.view, [0.0; 4], "and reset the view");
    // A single click elsewhere still moves the start.
    lab.pointer("landscape", Pointer::at(PointerKind::Down, 50.0, 50.0, frame, 1.0)).unwrap();
    lab.pointer("landscape", Pointer::at(PointerKind::Up, 50.0, 50.0, frame, 1.0)).unwrap();
    assert_ne!(lab.state.start, start);
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let mut lab = OptimizerLab::open("");
    let before = lab.state.clone();
    for (k, v) in [
        ("racers.0.optimizer.lr", "-1"), ("racers.0.optimizer.lr", "NaN"), ("racers.0.optimizer.lr", "abc"), ("racers.0.optimizer.lr", "1e300"), ("racers.9.optimizer.lr", "0.1"), ("budget", "0"),
        ("budget", "2.5"), ("speed", "inf"), ("noise.sigma", "-2"), ("landscape.kind", "moon"), ("landscape.kappa", "0.1"),
        ("start.x", "1e99"), ("racers.0.optimizer.kind", "magic"), ("nothing", "1"), ("racers.0.schedule.kind", "sometimes"),
    ] {
        let e = lab.set(k, v).expect_err(&format!("{k}={v} accepted"));
        assert!(!e.is_empty());
    }
    assert_eq!(lab.state, before);
    assert!(lab.action("racers.0.explode").is_err());
}

#[test]
fn malformed_urls_fall_back_with_notices() {
    let mut lab = OptimizerLab::open("preset=nope&budget=-5&racers.0.optimizer.kind=warp&start=1,2,3&zzz=1");
    let n = lab.take_notices();
    assert!(n.len() >= 4, "{n:?}");
    assert!(lab.state.repair().is_empty());
}

#[test]
fn racers_can_be_added_duplicated_removed() {
    let mut lab = OptimizerLab::open("");
    let n = lab.state.racers.len();
    lab.action("add").unwrap();
    lab.action("racers.0.duplicate").unwrap();
    assert_eq!(lab.state.racers.len(), n + 2);
    assert_eq!(lab.trajectories.len(), n + 2);
    lab.action("racers.1.remove").unwrap();
    assert_eq!(lab.state.racers.len(), n + 1);
    while lab.state.racers.len() < MAX_RACERS {
        lab.action("add").unwrap();
    }
    assert!(lab.action("add").is_err());
}

#[test]
fn play_reveals_at_the_chosen_speed() {
    let mut lab = OptimizerLab::open("preset=learning_rates&speed=100");
    assert!(lab.busy());
    let mut t = 0.0;
    lab.tick(t, &mut || false);
    for _ in 0..30 {
        t += 1000.0 / 60.0;
        lab.tick(t, &mut || false);
    }
    // 30 frames of 1/60 s at 100 it/s ≈ 50 iterations (the first frame counts 1/60 s too).
    assert!((48..=52).contains(&lab.state.shown), "{}", lab.state.shown);
}

#[test]
fn optimal_quadratic_buttons() {
    let mut lab = OptimizerLab::open("preset=gd_oscillation");
    lab.action("opt_hb").unwrap();
    let OptimizerConfig::Sgd(c) = &lab.state.racers[1].optimizer else { panic!() };
    // κ = 25: λ = 0.04, 1 → β = ((5−1)/(5+1))² = 4/9, α = 4/(0.2+1)² = 2.777…
    assert!((c.momentum - 4.0 / 9.0).abs() < 1e-12);
    assert!((c.lr - 4.0 / 1.44).abs() < 1e-12);
    assert!(OptimizerLab::open("").action("opt_gd").is_err(), "not a quadratic");
}

#[test]
fn every_input_controls_key_is_a_key_of_the_address() {
    // Control key = URL key = hide= name; the start point `start=x,y` is shown as start.x, start.y.
    for q in ["", "preset=gd_oscillation", "landscape.kind=logistic&racers.0.optimizer.kind=gd_inv_l&racers.1.schedule.kind=step", "racers.0.schedule.kind=cosine&racers.0.optimizer.kind=newton"] {
        let lab = OptimizerLab::open(q);
        let query = lab.query();
        let url_keys: Vec<&str> = query.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, _)| k).collect();
        for c in lab.controls() {
            if matches!(c.kind, ControlKind::Button | ControlKind::Text) {
                continue;
            }
            let key = c.key.strip_suffix(".x").or_else(|| c.key.strip_suffix(".y")).filter(|k| *k == "start").unwrap_or(&c.key);
            assert!(url_keys.contains(&key), "{q}: control {} is not a URL key ({url_keys:?})", c.key);
        }
    }
}

#[test]
fn earlier_control_keys_still_name_todays() {
    let lab = OptimizerLab::open("");
    let keys = lab.legacy_keys();
    let now = |old: &str| crate::lab::legacy_keys::current(keys, old);
    let controls: Vec<String> = lab.controls().into_iter().map(|c| c.key).collect();
    for old in ["r0.lr", "r1.beta1", "r0.kind", "r0.schedule", "r0.dup", "r1.remove", "r0.result", "landscape"] {
        let new = now(old).unwrap_or_else(|| panic!("{old} is not listed"));
        assert!(controls.contains(&new), "{old} → {new}, which no control has");
    }
}

#[test]
fn the_colour_bars_name_is_drawn_whole_not_cut_by_the_canvas_top() {
    // The landscape's colour bar starts 8 px below the canvas' top; its name "f" was drawn above
    // it, where only the foot of the letter fitted (a stray stroke above the bar). Find the bar
    // (the first run of light colour from the right at row 20: its top is yellow) and check that
    // nothing is drawn above it, at two canvas sizes.
    let lab = OptimizerLab::open("");
    for (w, h) in [(800u32, 600u32), (960, 420)] {
        let rgb = crate::lab::export::bitmap_view(&lab, "landscape", w, h).unwrap();
        let px = |x: u32, y: u32| {
            let i = 3 * (y * w + x) as usize;
            [rgb[i], rgb[i + 1], rgb[i + 2]]
        };
        let light = |p: [u8; 3]| p[0] > 180 && p[1] > 180 && p[2] < 150;
        let mut x = w - 1;
        while x > w / 2 && !light(px(x, 20)) {
            x -= 1;
        }
        let right = x;
        while x > w / 2 && light(px(x, 20)) {
            x -= 1;
        }
        assert!(right > w / 2 && right - x >= 6, "{w}×{h}: no colour bar found at row 20");
        for y in 0..6 {
            for bx in x.saturating_sub(1)..=right + 1 {
                let p = px(bx, y);
                assert!(p.iter().all(|&c| c > 235), "{w}×{h}: ink {p:?} above the colour bar at ({bx}, {y})");
            }
        }
    }
}
