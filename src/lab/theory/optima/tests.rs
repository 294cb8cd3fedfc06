//! Tests of the optima experiment: the preset's claim on several seeds, reproducibility (sliced
//! any way, stopped and continued), the size of one slice, refusals, and the CSV numbers against
//! the sweep's own.

use super::presets::{trained, PRESETS};
use super::settings::work_of;
use super::state::OptimaState;
use super::widget::{runs_done, OptimaLab};
use crate::lab::export::Cell;
use crate::lab::widget::Widget;

/// Every preset's lesson holds on the preset and on other data and weight seeds; the counted work
/// of the preset is the estimate the status and the lesson use (within 5 %).
#[test]
fn every_presets_claim_holds_on_several_seeds() {
    for p in PRESETS {
        for (i, (data_seed, seed)) in [(None, None), (Some(2), Some(101)), (Some(3), Some(201)), (Some(5), Some(1001))].into_iter().enumerate() {
            let mut s = (p.build)();
            if let (Some(d), Some(w)) = (data_seed, seed) {
                s.data.seed = d;
                s.seed = w;
            }
            let (w0, t0) = (crate::work::total(), std::time::Instant::now());
            let sw = trained(&s).expect("trains");
            let (work, secs) = ((crate::work::total() - w0) as f64, t0.elapsed().as_secs_f64());
            if i == 0 {
                let est = work_of(&s);
                assert!((work / est - 1.0).abs() < 0.05, "{}: counted {work:.3e} multiply–adds, estimated {est:.3e}", p.id);
            }
            let v = (p.claim)(&s, &sw);
            assert!(v.is_ok(), "{} with seeds {data_seed:?}/{seed:?}: {}", p.id, v.unwrap_err());
            eprintln!("{} {data_seed:?}/{seed:?} ({secs:.1} s natively, {work:.3e} multiply–adds): {}", p.id, v.unwrap());
        }
    }
}

/// Ticks `lab` until it is idle, each tick allowed `slice` polls of the clock.
fn run(lab: &mut OptimaLab, slice: usize) -> usize {
    let mut ticks = 0;
    while lab.busy() {
        let mut left = slice;
        lab.tick(0.0, &mut || {
            left = left.saturating_sub(1);
            left == 0
        });
        ticks += 1;
        assert!(ticks < 10_000_000, "the lab never became idle");
    }
    ticks
}

/// A small sweep: 4 sizes × 10 runs of 60 steps on 60 circles points.
const SMALL: &str = "data.kind=circles&data.n=60&seeds=10&budget=60&data.seed=3&seed=7";

fn losses(lab: &OptimaLab) -> Vec<Vec<f64>> {
    lab.sweep.as_ref().expect("sweep").results().iter().map(|r| r.losses.clone()).collect()
}

/// The same configuration gives the same losses bit for bit, in one go or sliced any way through
/// the page's ticks, and stopped (❚❚) and continued (▶) part way; Step ▸ trains exactly one run;
/// ⟲ forgets every run; ▶ on a finished sweep is refused with a message.
#[test]
fn the_sweep_is_reproducible_however_it_is_sliced_stopped_and_continued() {
    let s = OptimaLab::open(SMALL).state.clone();
    let whole: Vec<Vec<f64>> = trained(&s).expect("trains").results().iter().map(|r| r.losses.clone()).collect();
    assert!(whole.iter().all(|l| l.len() == 10 && l.iter().all(|v| v.is_finite())));
    for slice in [1, 7, 1000] {
        let mut lab = OptimaLab::open(SMALL);
        assert!(!lab.busy(), "nothing runs before ▶");
        lab.action("play").unwrap();
        let ticks = run(&mut lab, slice);
        assert!(lab.done() && !lab.playing());
        assert_eq!(losses(&lab), whole, "slices of {slice} polls");
        if slice == 1 {
            assert!(ticks >= 2400, "one step per tick: {ticks} ticks");
        }
        assert!(lab.action("play").unwrap_err().message().contains("Reset"));
    }
    // Stop part way (keeping the finished runs), continue, and the result is the same.
    let mut lab = OptimaLab::open(SMALL);
    lab.action("play").unwrap();
    for _ in 0..900 {
        lab.tick(0.0, &mut || true);
    }
    assert!(lab.status().starts_with("training seed 6 of 10 of size 2 of 4 (1×4) · 38 % · about "), "{}", lab.status());
    lab.action("play").unwrap();
    assert!(!lab.playing() && !lab.busy());
    let kept = runs_done(lab.sweep.as_ref().unwrap());
    assert_eq!(kept, 15, "900 steps of 60: 15 runs finished");
    assert!(lab.status().contains("stopped at seed 6 of 10 of size 2 of 4 (1×4)"), "{}", lab.status());
    for _ in 0..10 {
        lab.tick(0.0, &mut || true);
    }
    assert_eq!(runs_done(lab.sweep.as_ref().unwrap()), kept, "stopped means stopped");
    lab.action("step").unwrap();
    run(&mut lab, 3);
    assert_eq!(runs_done(lab.sweep.as_ref().unwrap()), kept + 1, "Step ▸ trains one more run");
    lab.action("play").unwrap();
    run(&mut lab, 5);
    assert_eq!(losses(&lab), whole);
    assert!(lab.status().starts_with("All 40 runs trained"), "{}", lab.status());
    lab.action("reset").unwrap();
    assert_eq!(runs_done(lab.sweep.as_ref().unwrap()), 0);
    assert!(lab.figure("optima_hist").unwrap().placeholder.is_some());
}

/// One tick's slice is one call of the core (a step, or a part of a large step) plus at most the
/// final evaluation of a run: at the largest sizes and N the work of one slice stays within
/// `SLICE_MACS` plus one pass over the data, and the longest slice is printed.
#[test]
fn one_slice_is_small_at_the_largest_setting() {
    let mut lab = OptimaLab::open("sizes=w8_256&data.n=1000&seeds=10&budget=3");
    assert!(lab.take_notices().is_empty());
    let p_max = super::settings::params_of(&[256]);
    let bound = (crate::mlp::trainer::SLICE_MACS + 2 * 1000 * p_max) as u64;
    lab.action("play").unwrap();
    let (mut worst, mut worst_ms, mut ticks) = (0u64, 0.0f64, 0);
    let mut times = Vec::new();
    while lab.busy() {
        let (w0, t0) = (crate::work::total(), std::time::Instant::now());
        let mut polls = 0;
        lab.tick(0.0, &mut || {
            polls += 1;
            true
        });
        assert_eq!(polls, 1);
        worst = worst.max(crate::work::total() - w0);
        worst_ms = worst_ms.max(t0.elapsed().as_secs_f64() * 1e3);
        times.push((t0.elapsed().as_secs_f64() * 1e3, crate::work::total() - w0, lab.sweep.as_ref().unwrap().progress().0));
        ticks += 1;
    }
    assert!(lab.done());
    assert!(worst <= bound, "a slice did {worst} multiply–adds (bound {bound})");
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut big: Vec<f64> = times.iter().filter(|t| t.1 > 1_500_000).map(|t| t.0).collect();
    big.sort_by(f64::total_cmp);
    eprintln!("slices over 1.5 M multiply–adds: {} of them, median {:.2} ms", big.len(), big.get(big.len() / 2).copied().unwrap_or(f64::NAN));
    eprintln!("slowest slices (ms, multiply–adds, steps done): {:?}", &times[..8]);
    eprintln!("largest setting: {ticks} slices, the largest {worst} multiply–adds, the longest {worst_ms:.2} ms natively");
}

/// Bad values are refused beside their control with a message and change nothing; a sweep over
/// the work budget is refused saying what fits; a bad link falls back with a notice.
#[test]
fn refusals_say_why_and_change_nothing() {
    let mut lab = OptimaLab::open("");
    let before = lab.query();
    for (k, v, says) in [
        ("seeds", "101", "between 10 and 100"),
        ("seeds", "abc", ""),
        ("sizes", "w3", "unknown network sizes"),
        ("data.kind", "sine", "unknown data set"),
        ("activation", "linear", "unknown activation"),
        ("data.n", "5000", "between 20 and 1000"),
        ("runs.0.optimizer.kind", "newton", ""),
        ("runs.0.optimizer.lr", "-1", ""),
        ("nope", "1", "unknown setting"),
    ] {
        let e = lab.set(k, v).expect_err(k);
        assert!(e.message().contains(says), "{k}={v}: {}", e.message());
        assert_eq!(lab.query(), before, "{k}={v} changed the state");
    }
    assert!(lab.action("add").is_err());
    let mut lab = OptimaLab::open("sizes=w8_256&data.n=1000&seeds=100&budget=100");
    assert!(lab.take_notices().is_empty());
    let before = lab.query();
    let e = lab.set("budget", "20000").unwrap_err();
    assert_eq!(e.kind(), crate::lab::error::ErrorKind::Refused);
    assert!(e.message().contains("over this experiment's budget") && e.message().ends_with("With the rest as it is: steps per run ≤ 234"), "{}", e.message());
    assert_eq!(lab.query(), before);
    lab.set("budget", "234").expect("what the message offers fits");
    let mut linked = OptimaLab::open("sizes=w8_256&data.n=1000&seeds=100&budget=20000");
    let notes = linked.take_notices();
    assert!(notes.iter().any(|n| n.contains("budget")), "{notes:?}");
    assert_eq!(linked.state, OptimaState::default());
    // Settings round-trip through the link.
    let mut lab = OptimaLab::open("");
    lab.set("data.noise", "0.25").unwrap();
    lab.set("activation", "relu").unwrap();
    lab.set("runs.0.optimizer.lr", "0.003").unwrap();
    lab.set("speed", "10").unwrap();
    let back = OptimaLab::open(&lab.query());
    assert_eq!(back.state, lab.state);
}

/// The CSV of each view holds the sweep's own numbers: the histogram's bins count every finished
/// run once, the summary's quantiles are the core's; the finding quotes them; every view draws.
#[test]
fn the_csv_numbers_are_the_sweeps_own_and_every_view_draws() {
    let mut lab = OptimaLab::open(SMALL);
    for v in lab.views() {
        let f = lab.figure(v.id).unwrap();
        assert!(f.placeholder.as_deref().is_some_and(|m| m.contains("press ▶ Play") && m.contains("40 runs")), "{:?}", f.placeholder);
    }
    lab.action("play").unwrap();
    run(&mut lab, 100);
    let sw = lab.sweep.as_ref().unwrap();
    let hist = lab.table("optima_hist").unwrap();
    for r in sw.results() {
        let label = super::widget::size_label(&r.hidden);
        let rows: Vec<&Vec<Cell>> = hist.rows.iter().filter(|row| matches!(&row[0], Cell::Text(s) if **s == *label)).collect();
        assert_eq!(rows.len(), super::views::BINS);
        assert_eq!(rows.iter().map(|row| row[4].as_num()).sum::<f64>(), 10.0, "{label}: every run in one bin");
        for l in &r.losses {
            let bin = rows.iter().find(|row| row[2].as_num() <= *l && *l <= row[3].as_num()).expect("a bin holds the loss");
            assert!(bin[4].as_num() >= 1.0);
        }
    }
    let sum = lab.table("optima_summary").unwrap();
    let best = sw.best();
    for (row, r) in sum.rows.iter().zip(sw.results()) {
        assert_eq!((row[1].as_num(), row[2].as_num()), (r.params as f64, 10.0));
        assert_eq!([row[4].as_num(), row[5].as_num(), row[6].as_num(), row[7].as_num()], [r.quantile(0.0), r.quantile(0.1), r.quantile(0.5), r.quantile(0.9)]);
        assert_eq!(row[8].as_num(), r.share_near(best, 2.0));
        assert_eq!(row[9].as_num(), best);
    }
    let finding = super::views::finding(sw).expect("a finding");
    let (big, small) = (&sum.rows[3], &sum.rows[0]);
    let want = format!("1×32: {:.0} % of runs within 2× of the best loss", 100.0 * big[8].as_num());
    assert!(finding.starts_with(&want) && finding.contains(&format!("1×2: {:.0} %", 100.0 * small[8].as_num())), "{finding}");
    assert!(lab.status().contains(&finding));
    for v in lab.views() {
        let svg = crate::lab::export::svg_view(&lab, v.id, 800, 400).unwrap_or_else(|e| panic!("{}: {e}", v.id));
        assert!(svg.contains("<text") && svg.len() > 3_000, "{}: {} bytes", v.id, svg.len());
        let f = lab.figure(v.id).unwrap();
        assert!(f.placeholder.is_none() && f.footer.as_ref().is_some_and(|l| l[0] == finding), "{}", v.id);
    }
}

/// Writes the views after each preset has run as PPM files into `$DESCENT_LAB_BITMAPS`
/// (`cargo test --lib optima_views_after_the_preset -- --ignored`).
#[test]
#[ignore]
fn optima_views_after_the_preset() {
    let dir = std::env::var_os("DESCENT_LAB_BITMAPS").expect("DESCENT_LAB_BITMAPS");
    for p in PRESETS {
        let mut lab = OptimaLab::open(&format!("preset={}", p.id));
        run(&mut lab, 1000);
        eprintln!("{}", lab.status());
        for (w, h) in [(1200u32, 500u32), (640, 400)] {
            for v in lab.views() {
                let rgb = crate::lab::export::bitmap_view(&lab, v.id, w, h).expect("draws");
                let mut ppm = format!("P6\n{w} {h}\n255\n").into_bytes();
                ppm.extend_from_slice(&rgb);
                std::fs::write(std::path::Path::new(&dir).join(format!("{}_{}_{w}.ppm", p.id, v.id)), ppm).expect("write");
            }
        }
        eprintln!("{}", lab.table("optima_summary").unwrap().to_csv());
    }
}

/// Prints each size's numbers for a state given as a link (`OPTIMA_QUERY="sizes=d2_32&seeds=30"
/// cargo test --lib optima_explore -- --ignored --nocapture`) on three data and weight seeds.
#[test]
#[ignore]
fn optima_explore() {
    let q = std::env::var("OPTIMA_QUERY").unwrap_or_default();
    for (d, w) in [(1, 1), (2, 101), (3, 201)] {
        let mut s = OptimaLab::open(&q).state;
        s.data.seed = d;
        s.seed = w;
        let t0 = std::time::Instant::now();
        let sw = trained(&s).expect("trains");
        let (st, best) = super::views::stats(&sw);
        eprintln!("data seed {d}, weight seed {w}: {:.1} s natively, best {best:.4}", t0.elapsed().as_secs_f64());
        for x in st {
            eprintln!("  {:>6} P {:>5}: best {:.4} q10 {:.4} median {:.4} q90 {:.4} | q90/q10 {:.2} q90 − q10 {:.4} | near 2× best {:.0} % | diverged {}", x.label, x.params, x.best, x.q10, x.median, x.q90, x.q90 / x.q10, x.q90 - x.q10, 100.0 * x.near, x.diverged);
        }
    }
}
