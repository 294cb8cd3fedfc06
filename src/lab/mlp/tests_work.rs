//! Unit tests of the MLP lab's running work: building, training and the views' statistics in
//! time slices, and links that replay training (moved from `widget.rs` unchanged).

use super::widget::{MlpLab, BUILD_SLICE_WEIGHTS};
use crate::lab::widget::Widget;
use crate::mlp::Trainer;

#[test]
fn init_statistics_are_computed_one_initialisation_per_tick() {
    // Paused, Xavier chosen: the view compares Xavier and Kaiming, two ticks of work.
    let mut lab = MlpLab::open("deep.init=xavier");
    assert!(lab.busy(), "pending statistics keep the page ticking");
    assert!(!lab.tick(0.0, &mut || true), "nothing in the first tick (the first frame draws every view)");
    assert!(lab.deep.is_none());
    // Then slices: the weights of the first initialisation, then blocks of examples; each
    // initialisation takes a few ticks, and the chosen one comes first.
    let mut ticks = 0;
    while !matches!(&lab.deep, Some(Ok(d)) if d.len() == 1) {
        assert!(lab.busy());
        assert!(lab.tick(0.0, &mut || true));
        ticks += 1;
        assert!(ticks < 50, "the first initialisation never finished");
    }
    assert!(ticks >= 2, "{ticks} ticks: not sliced");
    while lab.busy() {
        lab.tick(0.0, &mut || true);
    }
    assert!(matches!(&lab.deep, Some(Ok(d)) if d.len() == 2));
    assert!(!lab.busy(), "done, and nothing else to do while paused");
    assert_eq!(lab.step(), 0, "no training while paused");
    // A new setting starts over.
    lab.set("deep.init.kind", "zero").expect("zero");
    assert!(lab.busy());
    assert_eq!(lab.deep_stats().expect("stats").len(), 3, "zero, Xavier and Kaiming");
    assert!(!lab.busy());
}

#[test]
fn a_link_records_the_step_and_replays_training_to_it() {
    let mut a = MlpLab::open("budget=500&data.n=200");
    a.action("play").unwrap();
    while a.step() < 137 {
        let mut polls = 0;
        a.tick(0.0, &mut || {
            polls += 1;
            polls >= 7
        });
    }
    a.action("play").unwrap(); // pause: a run one step behind catches up
    while a.busy() {
        a.tick(0.0, &mut || false);
    }
    let (step, q) = (a.step(), a.query());
    assert!(a.runs.iter().all(|r| r.trainer.as_ref().unwrap().step_count() == step), "every run stops at the same step");
    assert!(q.contains(&format!("step={step}")), "the link records the step: {q}");
    let mut b = MlpLab::open(&q);
    assert!(b.busy(), "opening the link replays training");
    assert_eq!(b.query(), q, "while replaying, the link stays the same");
    let mut ticks = 0;
    while b.busy() {
        b.tick(0.0, &mut || true); // one round per tick: time-sliced
        ticks += 1;
    }
    // Time-sliced: one slice (here a whole step of one run) per tick when every tick is out of
    // time at once (a few ticks go to the init view's statistics).
    let runs = b.runs.len() as u64;
    assert!(ticks as u64 >= runs * step && ticks as u64 <= runs * step + 20, "{ticks} ticks for {step} steps of {runs} runs");
    assert_eq!(b.step(), step);
    assert!(b.status().starts_with(&format!("Step {step} of 500")), "{}", b.status());
    for (ra, rb) in a.runs.iter_mut().zip(b.runs.iter_mut()) {
        let (ta, tb) = (ra.trainer.as_mut().unwrap(), rb.trainer.as_mut().unwrap());
        assert_eq!(ta.snapshot().train_loss.to_bits(), tb.snapshot().train_loss.to_bits(), "replayed training is bit-identical");
        assert_eq!(ta.history().train_loss, tb.history().train_loss);
    }
    assert_eq!(b.query(), q);
    // Any change starts afresh at step 0, and a link to a step beyond the budget is clamped.
    b.set("seed", "2").unwrap();
    assert!(!b.query().contains("&step="), "{}", b.query());
    let c = MlpLab::open("budget=50&step=400");
    assert!(c.query().contains("step=50"), "{}", c.query());
}

#[test]
fn a_large_step_is_computed_over_several_ticks_and_stays_responsive() {
    // 2-256-256-2 on 2,000 points, full batch: one step is ≈ 330 M multiply–adds, about 190
    // slices of SLICE_MACS (2 M; 192 ticks when written). "Step ▸" returns after one slice; ticks finish the step a slice at a time, the
    // status says how far it is, and Reset in the middle stops it at once.
    let mut lab = MlpLab::open("hidden=256,256&data.n=2000&views=loss");
    // (Networks this size are built by the first ticks, and the init statistics computed.)
    while lab.busy() {
        lab.tick(0.0, &mut || false);
    }
    lab.runs.truncate(1);
    lab.action("step").expect("step");
    assert_eq!(lab.step(), 0, "the step is not done in one go");
    assert!(lab.busy());
    assert!(lab.status().contains("% computed"), "{}", lab.status());
    let mut ticks = 0;
    while lab.busy() {
        lab.tick(0.0, &mut || true);
        ticks += 1;
        assert!(ticks < 400, "the step never finished");
    }
    assert_eq!(lab.step(), 1);
    assert!(ticks >= 10, "only {ticks} ticks: the slices are too large");
    // Mid-step, Reset stops everything and leaves step 0.
    lab.action("step").expect("step");
    lab.tick(0.0, &mut || true);
    lab.action("reset").expect("reset");
    assert!(lab.step_to.is_none() && !lab.playing, "reset stops the step");
    assert_eq!(lab.step(), 0);
    assert!(!lab.status().contains("% computed"), "{}", lab.status());
}

#[test]
fn large_networks_are_built_in_slices() {
    // Two runs of 2-512-512-2 (265,218 parameters each): opening builds nothing; the first tick
    // only lets the page draw; then one slice of at most BUILD_SLICE_WEIGHTS draws per tick
    // when every tick is out of time: 6 slices per run.
    let mut lab = MlpLab::open("hidden=512,512");
    assert_eq!(lab.runs.len(), 2);
    assert!(lab.runs.iter().all(|r| r.building && r.trainer.is_none()));
    assert!(lab.busy());
    lab.tick(0.0, &mut || true);
    assert!(lab.runs.iter().all(|r| r.building && r.build.is_none()), "not in the page's first frame");
    let built = |lab: &MlpLab| lab.runs.iter().filter(|r| r.trainer.is_some()).count();
    let mut ticks = 0;
    while built(&lab) < 2 {
        assert!(lab.tick(0.0, &mut || true), "a tick while building asks for another");
        ticks += 1;
        assert!(ticks <= 12, "more slices than 2 × ⌈265,218 / {BUILD_SLICE_WEIGHTS}⌉");
        if ticks < 6 {
            assert_eq!(built(&lab), 0, "run 1 complete after {ticks} slices");
        }
    }
    assert_eq!(ticks, 12);
    assert!(lab.runs.iter().all(|r| r.trainer.is_some() && !r.building && r.build.is_none()));
    // The weights drawn in slices are the ones drawn at once.
    let eager = MlpLab::open("hidden=512,512");
    for (i, r) in lab.runs.iter().enumerate() {
        let cfg = eager.state.run_config(i).expect("config");
        let (train, val) = eager.datasets().expect("data");
        let whole = Trainer::with_data(cfg, train, val).expect("trainer");
        let sliced = r.trainer.as_ref().expect("built").network().params();
        assert!(sliced.iter().zip(whole.network().params()).all(|(a, b)| a.to_bits() == b.to_bits()), "run {i}");
    }
    // Play while building would not restart anything: the runs are not "finished".
    assert!(!MlpLab::open("hidden=512,512").runs_finished());
}

#[test]
fn tick_trains_in_slices_and_stops_at_the_budget() {
    let mut lab = MlpLab::open("speed=5000&budget=300");
    lab.deep_stats().expect("init statistics"); // (computed by the first ticks otherwise; see the next test)
    lab.action("play").expect("play");
    assert!(lab.busy());
    // Out of time at once: one slice (a whole small step of the first run) only; the frame's
    // time is asked after every slice.
    let total = |lab: &MlpLab| lab.runs.iter().filter_map(|r| r.trainer.as_ref()).map(|t| t.step_count()).sum::<u64>();
    assert!(lab.tick(0.0, &mut || true));
    assert_eq!((lab.step(), total(&lab)), (1, 1));
    let mut calls = 0;
    lab.tick(0.0, &mut || {
        calls += 1;
        calls >= 10
    });
    assert_eq!(total(&lab), 11, "runs take turns, one slice each");
    while lab.busy() {
        lab.tick(0.0, &mut || false);
    }
    assert_eq!(lab.step(), 300);
    assert!(lab.status().starts_with("Step 300 of 300"), "{}", lab.status());
}

#[test]
fn a_width_sweep_link_starts_the_sweep() {
    let lab = MlpLab::open("lab=mlp&preset=width_sweep");
    assert!(lab.sweep.is_some() && lab.sweep_running(), "the sweep starts without a click");
    assert!(lab.busy());
}

#[test]
fn zero_init_stays_stuck_while_kaiming_learns() {
    let mut lab = MlpLab::open("preset=zero_init");
    lab.train(300);
    let loss = |i: usize, lab: &mut MlpLab| lab.runs[i].trainer.as_mut().expect("run").snapshot().train_loss;
    let (kaiming, zero) = (loss(0, &mut lab), loss(1, &mut lab));
    // Balanced two-class data: the best the zero net can do is predict ½ everywhere, loss ln 2.
    assert!((zero - std::f64::consts::LN_2).abs() < 0.01, "zero init loss {zero}");
    assert!(kaiming < 0.2, "Kaiming loss {kaiming}");
}
