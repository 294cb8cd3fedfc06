//! Tests of the relative-updates experiment: the presets' claims on several seeds, the CSV
//! numbers against the measured steps, time slicing, and the refusals.

use super::presets::PRESETS;

/// Weight and data seeds.
const SEEDS: [(u64, u64); 4] = [(1, 1), (2, 2), (3, 7), (11, 5)];

/// Every preset's lesson holds on the preset and on other seeds.
#[test]
fn every_presets_claim_holds_on_several_seeds() {
    let mut failed = Vec::new();
    for p in PRESETS {
        for (seed, data_seed) in SEEDS {
            let mut s = (p.build)();
            s.net.seed = seed;
            s.net.data_seed = data_seed;
            match (p.claim)(&s) {
                Ok(v) => eprintln!("{} seeds {seed}/{data_seed}: {v}", p.id),
                Err(e) => {
                    eprintln!("{} seeds {seed}/{data_seed}: FAILED {}", p.id, e.message());
                    failed.push(p.id);
                }
            }
        }
    }
    assert!(failed.is_empty(), "{failed:?}");
}

use super::widget::RelativeLab;
use crate::lab::widget::Widget;

/// Ticks `lab` until it is idle, each tick allowed `slice` polls of the clock.
fn run(lab: &mut RelativeLab, slice: usize) -> usize {
    let mut ticks = 0;
    while lab.busy() {
        let mut left = slice;
        lab.tick(0.0, &mut || {
            left = left.saturating_sub(1);
            left == 0
        });
        ticks += 1;
        assert!(ticks < 1_000_000, "the experiment never became idle");
    }
    ticks
}

/// Bad values are refused beside their control with the reason and change nothing; a link with
/// them falls back to the default with a notice; cards are added, duplicated and removed up to
/// the limits; settings round-trip through the link.
#[test]
fn bad_values_are_refused_with_their_reason_and_change_nothing() {
    let mut lab = RelativeLab::open("");
    assert!(lab.take_notices().is_empty());
    let before = lab.query();
    let e = lab.set("net.width", "128").unwrap_err();
    assert_eq!(e.kind(), crate::lab::error::ErrorKind::Refused);
    assert!(e.message().contains("use N ≤") && e.message().contains("width ≤"), "{}", e.message());
    assert_eq!(lab.query(), before, "a refused value changes nothing");
    assert!(lab.set("net.depth", "5").unwrap_err().message().contains("between 1 and 4"));
    assert!(lab.set("net.data", "moons").is_err());
    assert!(lab.set("net.activation", "linear").is_err());
    assert!(lab.set("runs.0.optimizer.kind", "newton").is_err(), "needs the Hessian");
    assert!(lab.set("runs.9.optimizer.lr", "0.1").is_err());
    assert!(lab.set("runs.0.optimizer.lr", "-1").is_err());
    assert!(lab.action("add").is_err(), "four cards already");
    assert!(lab.action("runs.0.duplicate").is_err());
    assert_eq!(lab.query(), before);
    let mut linked = RelativeLab::open("net.width=128");
    assert!(linked.take_notices().iter().any(|n| n.contains("use N ≤")));
    assert_eq!(linked.state, super::state::RelativeState::default());
    lab.action("runs.1.remove").unwrap();
    assert_eq!(lab.state.runs.len(), 3);
    lab.action("add").unwrap();
    assert_eq!(lab.state.runs[3].optimizer.kind(), "nero");
    lab.set("runs.0.optimizer.lr", "0.3").unwrap();
    lab.set("net.data", "spiral").unwrap();
    lab.set("net.batch", "32").unwrap();
    let back = RelativeLab::open(&lab.query());
    assert_eq!(back.state, lab.state);
}

/// A measured step is the unit of work: the largest network the budget allows measures a step in
/// a few milliseconds; ticks poll after each; a paused experiment steps once per “Step ▸”; the
/// same state gives the same numbers.
#[test]
fn work_is_sliced_and_reproducible() {
    use std::time::Instant;
    // The largest measured step the budget allows at width 64 (N as large as fits).
    let mut s = super::state::RelativeState::default();
    s.net.width = 64;
    s.net.n = super::settings::MAX_STEP_MACS / (10 * super::settings::params_of(&s));
    s.check().expect("fits");
    let mut lab = RelativeLab::with_state(s);
    lab.action("step").unwrap();
    let (w, t) = (crate::work::total(), Instant::now());
    let mut polls = 0;
    lab.tick(0.0, &mut || {
        polls += 1;
        true
    });
    let (one, macs) = (t.elapsed(), crate::work::total() - w);
    eprintln!("one measured step at width 64, N = {}: {one:?}, {macs} multiply–adds", lab.state.net.n);
    assert_eq!(polls, 1, "a poll after each measured step");
    assert!(macs as usize <= super::settings::MAX_STEP_MACS, "{macs}");
    run(&mut lab, 1);
    assert_eq!(lab.step(), 1);
    let mut lab = RelativeLab::open("budget=20&speed=100");
    lab.action("play").unwrap();
    let (mut ticks, mut most) = (Vec::new(), 0u64);
    while lab.busy() {
        let (w, t) = (crate::work::total(), Instant::now());
        lab.tick(0.0, &mut || true);
        ticks.push(t.elapsed());
        most = most.max(crate::work::total() - w);
    }
    ticks.sort();
    eprintln!("default experiment: {} ticks, median {:?}, longest {:?}, most work in a tick {most} multiply–adds", ticks.len(), ticks[ticks.len() / 2], ticks.last().unwrap());
    assert!(most as usize <= super::settings::step_macs(&lab.state), "{most}");
    assert_eq!(lab.step(), 20);
    let again = super::presets::finished(&lab.state).unwrap();
    let r = lab.race.as_ref().unwrap();
    for (a, b) in again.racers.iter().zip(&r.racers) {
        assert_eq!(a.steps, b.steps, "{}", a.label);
    }
    lab.action("reset").unwrap();
    assert_eq!(lab.step(), 0);
}

/// Each view's CSV holds the measured numbers; every view draws after training and shows a
/// placeholder before.
#[test]
fn the_csv_numbers_are_the_measured_ones_and_every_view_draws() {
    let mut lab = RelativeLab::open("budget=15");
    assert!(lab.figure("rel_scatter").unwrap().placeholder.is_some());
    lab.action("play").unwrap();
    run(&mut lab, 3);
    let r = lab.race.as_ref().unwrap();
    let rows = |view: &str| lab.table(view).expect("table").rows;
    let text = |c: &crate::lab::export::Cell| match c {
        crate::lab::export::Cell::Text(s) => s.to_string(),
        _ => String::new(),
    };
    for x in &r.racers {
        let pts: Vec<(f64, f64)> = rows("rel_scatter").iter().filter(|row| text(&row[1]).starts_with(&x.label)).map(|row| (row[2].as_num(), row[3].as_num())).collect();
        assert_eq!(pts, x.steps.iter().map(|m| (m.model, m.measured)).collect::<Vec<_>>(), "{}", x.label);
        let layer2: Vec<f64> = rows("rel_layers").iter().filter(|row| text(&row[0]).contains(&x.label) && text(&row[1]) == "layer 2").map(|row| row[3].as_num()).collect();
        assert_eq!(layer2, x.steps.iter().map(|m| m.per_layer[1]).collect::<Vec<_>>(), "{}", x.label);
        let angles: Vec<f64> = rows("rel_angles").iter().filter(|row| text(&row[0]).contains(&x.label) && text(&row[1]) == "layer 2").map(|row| row[3].as_num()).collect();
        assert_eq!(angles, x.steps.iter().map(|m| m.neuron_angle_deg[1]).collect::<Vec<_>>(), "{}", x.label);
    }
    for v in lab.views() {
        let svg = crate::lab::export::svg_view(&lab, v.id, 900, 400).unwrap_or_else(|e| panic!("{}: {e}", v.id));
        assert!(svg.contains("<text") && svg.len() > 3_000, "{}: {} bytes", v.id, svg.len());
        assert!(lab.figure(v.id).is_some_and(|f| f.placeholder.is_none()), "{}", v.id);
    }
    let lab = crate::lab::theory::TheoryLab::open("preset=nero_half_degree");
    assert_eq!(lab.experiment().id, "relative");
}

/// Writes each view after each preset has run as a PPM under $DESCENT_LAB_BITMAPS (to look at).
#[test]
#[ignore]
fn dump_views_after_presets() {
    let Ok(dir) = std::env::var("DESCENT_LAB_BITMAPS") else { return };
    std::fs::create_dir_all(&dir).unwrap();
    for p in PRESETS {
        let mut lab = RelativeLab::open(&format!("preset={}", p.id));
        run(&mut lab, 100);
        for v in lab.views() {
            let (w, h) = if v.wide { (1200, 430) } else { (800, 500) };
            let rgb = crate::lab::export::bitmap_view(&lab, v.id, w, h).unwrap();
            let mut ppm = format!("P6\n{w} {h}\n255\n").into_bytes();
            ppm.extend_from_slice(&rgb);
            std::fs::write(format!("{dir}/{}-{}.ppm", p.id, v.id), ppm).unwrap();
        }
    }
}

/// A card whose training diverges stops with a message; the others carry on; nothing panics.
#[test]
fn a_diverging_card_stops_with_a_message() {
    let mut lab = RelativeLab::open("budget=40&speed=100&net.data=sine&net.activation=relu");
    lab.set("runs.0.optimizer.lr", "100").unwrap();
    lab.action("play").unwrap();
    run(&mut lab, 5);
    let r = lab.race.as_ref().unwrap();
    let h = r.racers[0].halted.as_deref().expect("SGD at α = 100 stops");
    eprintln!("{h}");
    assert!(h.starts_with("diverged: the training loss at step"), "{h}");
    assert!(lab.status().contains(h));
    for x in &r.racers[1..] {
        assert!(x.halted.is_none() && x.done() == 40, "{}: {:?}", x.label, x.halted);
    }
    for v in lab.views() {
        assert!(crate::lab::export::svg_view(&lab, v.id, 900, 400).is_ok(), "{}", v.id);
    }
}

/// Prints how long each preset's whole computation takes natively (to report; not a claim).
#[test]
#[ignore]
fn time_presets() {
    for p in PRESETS {
        let t = std::time::Instant::now();
        let w = crate::work::total();
        let _ = super::presets::finished(&(p.build)()).unwrap();
        eprintln!("{}: {:?}, {} multiply–adds", p.id, t.elapsed(), crate::work::total() - w);
    }
}
