//! Property test of every lab's widget API, driven the way a page (or a hostile link) could drive
//! it: random sequences of `set` (valid, invalid and hostile values for the widget's own controls
//! and for keys it does not have), `action`, `pointer` and `tick` calls.
//!
//! After every call: no panic; the widget's link reopens without a notice (the state is valid)
//! and reproduces itself (the URL round trip); a refused `set` changes nothing; a `tick` whose
//! time budget is already spent returns after a bounded amount of work, counted in multiply–adds
//! (`descent_lab::work`), not in milliseconds.
//!
//! `FUZZ_SEQUENCES` (default 400) scales the count: the optimizer lab runs 5× that many sequences,
//! the MLP lab 1×, the shrinkage lab ¼× (a call at N = 4,000 points recomputes an SVD and long GD
//! runs, ~0.8 s), i.e. 2,500 sequences of 12 calls by default; e.g. `FUZZ_SEQUENCES=20000 cargo
//! test --test widget_fuzz` for a long run. Each failure names its reproducible seed.

use descent_lab::lab::mlp::MlpLab;
use descent_lab::lab::optimizer::OptimizerLab;
use descent_lab::lab::shrinkage::ShrinkageLab;
use descent_lab::lab::theory::TheoryLab;
use descent_lab::lab::widget::{ControlKind, Frame, Pointer, PointerKind, Widget};
use descent_lab::landscape::ViewBox;
use descent_lab::render::chart::ChartFrame;
use descent_lab::render::landscape::PlotFrame;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const CALLS_PER_SEQUENCE: usize = 12;

/// Most multiply–adds one `tick` may do once its time is spent: one slice each of the init
/// statistics, of training and of the width sweep (4 M each for the first two, a slice may finish
/// the unit it started), well under the 2.9 G of one full-batch step of the largest network.
const MAX_TICK_MACS: u64 = 150_000_000;

fn sequences() -> u64 {
    std::env::var("FUZZ_SEQUENCES").ok().and_then(|v| v.parse().ok()).unwrap_or(400)
}

/// Values no control should accept (or should survive): non-numbers, extremes, markup, huge text.
fn hostile(rng: &mut ChaCha8Rng) -> String {
    let pool = [
        "NaN", "inf", "-inf", "1e308", "-1e308", "1e-320", "", " ", "-0", "abc", "0x10", "1,5", "½", "∞", "true", "null",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "%00", "\u{0}", "🙂",
        "9999999999999999999999", "-1", "1e6", "2.5",
    ];
    if rng.gen_bool(0.1) {
        "9".repeat(rng.gen_range(50..5000))
    } else {
        pool[rng.gen_range(0..pool.len())].to_string()
    }
}

/// A value for one control: mostly inside its range, sometimes at or beyond the edges.
fn value_for(kind: &ControlKind, rng: &mut ChaCha8Rng) -> String {
    if rng.gen_bool(0.2) {
        return hostile(rng);
    }
    match kind {
        ControlKind::Slider { min, max, log, .. } => {
            let (a, b) = (*min, *max);
            let v = match rng.gen_range(0..10) {
                0 => a,
                1 => b,
                2 => a - (b - a).abs() - 1.0,
                3 => b * 10.0 + 1.0,
                _ if *log && a > 0.0 => (a.ln() + rng.gen::<f64>() * (b.ln() - a.ln())).exp(),
                _ => a + rng.gen::<f64>() * (b - a),
            };
            format!("{v}")
        }
        ControlKind::Number { min, max, integer } => {
            let hi = max.min(1e6);
            let v = min + rng.gen::<f64>() * (hi - min);
            if *integer {
                format!("{}", v.round())
            } else {
                format!("{v}")
            }
        }
        ControlKind::Select { options } => {
            if options.is_empty() || rng.gen_bool(0.1) {
                "no-such-option".into()
            } else {
                options[rng.gen_range(0..options.len())].0.clone()
            }
        }
        ControlKind::Checkbox => ["true", "false", "yes", "1"][rng.gen_range(0..4)].into(),
        ControlKind::File { .. } => {
            let rows = ["x,y", "0.1,0.2", "0.3,nan", "a,b", "1e9,1", "0.5,-0.5", ""];
            (0..rng.gen_range(0..8)).map(|_| rows[rng.gen_range(0..rows.len())]).collect::<Vec<_>>().join("\n")
        }
        ControlKind::Input { .. } => {
            let formulas = ["x^2 + y^2", "a*x^2 + b*y^2", "log(x) + y^2", "1/(x*y)", "sin(3x)*cos(2y)", "x^4 - 2x^2 + y^2", "(1-x", "x +* y", "k*x^2 + (y - m)^2", "sqrt(x^2+y^2)"];
            formulas[rng.gen_range(0..formulas.len())].to_string()
        }
        ControlKind::Button | ControlKind::Text => hostile(rng),
    }
}

/// The invariants that must hold after every call.
fn check<W: Widget>(w: &W, reopen: &dyn Fn(&str) -> (String, Vec<String>), what: &str) {
    let q = w.query();
    let (q2, notices) = reopen(&q);
    assert!(notices.is_empty(), "{what}: the widget's own link reopens with notices {notices:?}\nlink: {q}");
    assert_eq!(q2, q, "{what}: the link does not reproduce itself");
    assert!(!w.status().is_empty(), "{what}: empty status");
    // The state file says the same as the link.
    let file = descent_lab::lab::state_file::to_json("lab", &q);
    let from_file = descent_lab::lab::state_file::from_json(&file, "lab").unwrap_or_else(|e| panic!("{what}: the state file is refused: {e}\n{file}"));
    let (q3, notices) = reopen(&from_file);
    assert!(notices.is_empty() && q3 == q, "{what}: the state file does not reproduce the state ({notices:?})\nlink: {q}\nfrom the file: {q3}");
    // Every view's numbers export: one cell per column on every row.
    for v in w.views() {
        let t = w.table(v.id).unwrap_or_else(|| panic!("{what}: view {} has no table", v.id));
        assert!(t.rows.iter().all(|r| r.len() == t.columns.len()), "{what}: view {}: a row's length differs from the header's", v.id);
    }
}

/// `frames`: where the page drew each view (the renderer's answer, which the page's handle passes
/// with every pointer event); without one, pointer events on that view do nothing.
fn drive<W: Widget>(name: &str, weight: f64, open: &dyn Fn(&str) -> W, reopen: &dyn Fn(&str) -> (String, Vec<String>), frames: &[(&str, Frame)]) {
    let frames: std::collections::HashMap<&str, Frame> = frames.iter().copied().collect();
    // The last three are the MLP lab's largest network on its largest data set, its largest
    // init statistics and the shrinkage lab's largest problem (other labs refuse their keys
    // with a notice).
    let starts = [
        "",
        "preset=nonexistent",
        "a=1&b=2",
        "%zz=%%",
        "budget=1e99",
        "hidden=512,512&data.n=10000",
        "deep.width=280&deep.depth=24&deep.batch=4096",
        // The shrinkage lab's largest problem at its largest N (p + 1 = 53 columns: 5000·53² + 6·53³ ≤ 1.5·10⁷).
        "data.n=5000&data.p=52",
        // The optimizer lab's typed landscape, undefined left of x = 0 (other labs refuse the keys).
        "landscape.kind=typed&landscape.formula=log(x)%2Ba*y^2&landscape.params.a=2",
    ];
    for seq in 0..((sequences() as f64 * weight).ceil() as u64) {
        let seed = 0xF022_0000 ^ seq;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let start = if rng.gen_bool(0.7) { String::new() } else { starts[rng.gen_range(0..starts.len())].to_string() };
        let mut w = open(&start);
        w.take_notices();
        let mut log = vec![format!("open({start:?})")];
        let mut now = 0.0;
        for _ in 0..CALLS_PER_SEQUENCE {
            let controls = w.controls();
            let call = rng.gen_range(0..10);
            let before = w.query();
            let what = match call {
                0..=4 if !controls.is_empty() => {
                    let c = &controls[rng.gen_range(0..controls.len())];
                    if matches!(c.kind, ControlKind::Button) {
                        let r = w.action(&c.key);
                        format!("action({}) → {}", c.key, r.is_ok())
                    } else {
                        let v = value_for(&c.kind, &mut rng);
                        let r = w.set(&c.key, &v);
                        if r.is_err() {
                            assert_eq!(w.query(), before, "{name} seed {seed}: a refused set({}, {v:?}) changed the state; {log:?}", c.key);
                        }
                        format!("set({}, {:?}) → {}", c.key, v.chars().take(30).collect::<String>(), r.is_ok())
                    }
                }
                5 => {
                    let key = ["", "r99.lr", "runs.0", "../x", "<b>", "lambda", "preset"][rng.gen_range(0..7)];
                    let v = hostile(&mut rng);
                    let r = w.set(key, &v);
                    if r.is_err() {
                        assert_eq!(w.query(), before, "{name} seed {seed}: a refused set({key}) changed the state");
                    }
                    format!("set({key:?}, hostile) → {}", r.is_ok())
                }
                6 => {
                    let r = w.action(["play", "pause", "step", "reset", "nope", "r0.remove", "r9.dup"][rng.gen_range(0..7)]);
                    format!("action → {}", r.is_ok())
                }
                7 => {
                    let views = w.views();
                    let view = if views.is_empty() { "none" } else { views[rng.gen_range(0..views.len())].id };
                    let kinds = [PointerKind::Down, PointerKind::Move, PointerKind::Up, PointerKind::Leave, PointerKind::Wheel, PointerKind::Double];
                    let p = Pointer {
                        kind: kinds[rng.gen_range(0..kinds.len())],
                        x: rng.gen_range(-50.0..900.0),
                        y: rng.gen_range(-50.0..700.0),
                        delta: [-1.0, 0.0, 1.0][rng.gen_range(0..3)],
                        shift: rng.gen_bool(0.3),
                        frame: frames.get(view).copied(),
                        dpr: 1.0,
                    };
                    let _ = w.pointer(view, p);
                    format!("pointer({view}, {:?})", p.kind)
                }
                _ => {
                    now += rng.gen_range(0.0..200.0);
                    // A budget already spent: the tick may poll it but must not run on.
                    let mut polls = 0u32;
                    let before = descent_lab::work::total();
                    let _ = w.tick(now, &mut || {
                        polls += 1;
                        true
                    });
                    assert!(polls <= 1_000, "{name} seed {seed}: a tick polled its spent budget {polls} times");
                    // Work in operations: at most a few slices (init statistics, training, sweep)
                    // of a few million multiply–adds each, whatever the network and data sizes.
                    let work = descent_lab::work::total() - before;
                    assert!(work <= MAX_TICK_MACS, "{name} seed {seed}: a tick with its budget spent did {work} multiply–adds");
                    // A frame's budget that runs out after a few polls (a real frame's does):
                    // between two polls, no more than one spent tick's work.
                    let mut polls = 0u64;
                    let before = descent_lab::work::total();
                    let _ = w.tick(now + 16.0, &mut || {
                        polls += 1;
                        polls > 6
                    });
                    let work = descent_lab::work::total() - before;
                    assert!(work <= polls * MAX_TICK_MACS, "{name} seed {seed}: a tick that polled {polls} times did {work} multiply–adds");
                    "tick".to_string()
                }
            };
            log.push(what);
            check(&w, reopen, &format!("{name} seed {seed} after {log:?}"));
            w.take_notices();
        }
    }
}

#[test]
fn optimizer_lab_survives_random_and_hostile_calls() {
    drive(
        "optimizer",
        5.0,
        &|q| OptimizerLab::open(q),
        &|q| {
            let mut w = OptimizerLab::open(q);
            (w.query(), w.take_notices())
        },
        // Where the page drew the landscape; without it pointer events do nothing.
        &[("landscape", Frame::Landscape(PlotFrame { px: [40, 10, 840, 610], view: ViewBox::new(-2.0, 2.0, -1.0, 3.0) }))],
    );
}

#[test]
fn shrinkage_lab_survives_random_and_hostile_calls() {
    drive(
        "shrinkage",
        0.25,
        &|q| ShrinkageLab::open(q),
        &|q| {
            let mut w = ShrinkageLab::open(q);
            (w.query(), w.take_notices())
        },
        // Where the page drew the data view; without it pointer events (pick, drag, shift+click
        // to add a point) do nothing.
        &[("data", Frame::Chart(ChartFrame { x_px: (40, 840), y_px: (10, 610), x_range: (-1.2, 1.2, false), y_range: (-2.0, 2.0, false) }))],
    );
}

#[test]
fn mlp_lab_survives_random_and_hostile_calls() {
    drive(
        "mlp",
        1.0,
        &|q| MlpLab::open(q),
        &|q| {
            let mut w = MlpLab::open(q);
            (w.query(), w.take_notices())
        },
        &[],
    );
}

#[test]
fn theory_lab_survives_random_and_hostile_calls() {
    drive(
        "theory",
        0.5,
        &|q| TheoryLab::open(q),
        &|q| {
            let mut w = TheoryLab::open(q);
            (w.query(), w.take_notices())
        },
        &[],
    );
}
