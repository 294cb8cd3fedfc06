//! Unit tests of the MLP lab widget (moved from `widget.rs` unchanged but for today's control keys).

use super::presets::PRESETS;
use super::state::MlpLabState;
use super::widget::MlpLab;
use crate::lab::widget::Widget;
use crate::mlp::{InitKind, Task};
use plotters::prelude::{IntoDrawingArea, SVGBackend};

/// Draws every view on SVG; the surface raster (blitted, so not in the SVG) is appended as a checksum.
fn draw_all(lab: &mut MlpLab) -> Vec<(String, String)> {
    let ids: Vec<&str> = lab.views().iter().map(|v| v.id).collect();
    let mut out = Vec::new();
    for id in ids {
        let mut svg = String::new();
        let mut raster = 0u64;
        {
            let area = SVGBackend::with_string(&mut svg, (480, 360)).into_drawing_area();
            crate::lab::export::draw_view(lab, id, &area, &crate::render::theme::Theme::new(1.0), &mut |r, _, _, _, _| {
                assert_eq!(r.rgba.len(), r.cols * r.rows * 4);
                raster = r.rgba.iter().fold(1469598103934665603u64, |h, &b| (h ^ b as u64).wrapping_mul(1099511628211));
                Ok(())
            })
            .unwrap_or_else(|e| panic!("view {id}: {e}"));
            area.present().expect("present");
        }
        svg.push_str(&format!("<!-- raster {raster} -->"));
        out.push((id.to_string(), svg));
    }
    out
}

#[test]
fn a_link_reproduces_the_state_and_the_training() {
    let mut a = MlpLab::open("preset=adam_vs_momentum");
    assert!(a.take_notices().is_empty());
    a.set("runs.1.optimizer.lr", "0.03").expect("lr");
    a.set("data.noise", "0.1").expect("noise");
    a.set("runs.0.batch_size", "32").expect("batch");
    a.set("runs.1.schedule.kind", "step").expect("schedule");
    a.set("runs.1.schedule.gamma", "0.3").expect("gamma");
    let q = a.query();
    let mut b = MlpLab::open(&q);
    assert!(b.take_notices().is_empty(), "{q}");
    assert_eq!(a.state, b.state, "{q}");
    a.train(25);
    b.train(25);
    for (x, y) in a.runs.iter().zip(&b.runs) {
        let (x, y) = (x.trainer.as_ref().expect("run"), y.trainer.as_ref().expect("run"));
        assert_eq!(x.network().params(), y.network().params(), "same seed, same weights after training");
    }
    // A preset link with an override: the preset's other settings stay.
    let c = MlpLab::open("preset=zero_init&budget=123");
    assert_eq!(c.state.budget, 123);
    assert_eq!(c.state.runs[1].init.kind, InitKind::Zero);
}

#[test]
fn every_preset_is_valid_and_trains() {
    for p in PRESETS {
        let mut lab = MlpLab::open(&format!("preset={}", p.id));
        assert!(lab.take_notices().is_empty(), "{}", p.id);
        assert_eq!(lab.state.preset, p.id);
        lab.state.check().unwrap_or_else(|e| panic!("{}: {e}", p.id));
        assert!(lab.runs.iter().all(|r| r.trainer.is_some() && r.error.is_none()), "{}", p.id);
        lab.train(5);
        for (i, r) in lab.runs.iter().enumerate() {
            let t = r.trainer.as_ref().expect("trainer");
            if let Some(h) = t.halted() {
                // Only the deliberately too-large learning rate may stop, and it must say so.
                assert!(p.id == "learning_rates" && i == 2 && h.message.starts_with("diverged at step"), "{}: {}", p.id, h.message);
            } else {
                assert_eq!(t.step_count(), 5, "{}", p.id);
            }
        }
        assert!(!p.lesson.is_empty() && lab.status().contains(p.lesson));
    }
}

#[test]
fn the_optimizers_weight_decay_and_the_l2_term_are_two_settings() {
    let mut lab = MlpLab::open("");
    lab.set("runs.0.optimizer.kind", "adamw").unwrap();
    lab.set("runs.0.optimizer.weight_decay", "0.05").unwrap();
    lab.set("runs.0.l2", "0.002").unwrap();
    let r = &lab.state.runs[0];
    assert_eq!(r.weight_decay, 0.002, "r0.l2 sets the loss term");
    let wd = r.optimizer.hyperparameters().into_iter().find(|h| h.key == "weight_decay").unwrap().value;
    assert_eq!(wd, 0.05, "r0.weight_decay sets the optimizer's own decay");
    let keys: Vec<String> = lab.controls().into_iter().map(|c| c.key).collect();
    for k in ["runs.0.l2", "runs.0.optimizer.weight_decay"] {
        assert_eq!(keys.iter().filter(|x| *x == k).count(), 1, "{k} must be exactly one control");
    }
    // The round trip keeps both, and a link made before the rename still sets the L2 term.
    let back = MlpLab::open(&lab.query());
    assert_eq!(back.state, lab.state);
    let old = MlpLab::open("runs.0.weight_decay=0.003");
    assert_eq!(old.state.runs[0].weight_decay, 0.003);
}

#[test]
fn absurd_values_are_refused_and_change_nothing() {
    let mut lab = MlpLab::open("");
    let before = lab.state.clone();
    for (k, v) in [
        ("runs.0.optimizer.lr", "-1"),
        ("runs.0.optimizer.lr", "NaN"),
        ("runs.0.optimizer.lr", "abc"),
        ("runs.0.optimizer.lr", "1e300"),
        ("runs.9.optimizer.lr", "0.1"),
        ("runs.0.optimizer.kind", "newton"),
        ("runs.0.optimizer.kind", "cubic_newton"),
        ("runs.0.optimizer.kind", "magic"),
        ("runs.0.schedule.kind", "sometimes"),
        ("runs.0.schedule.gamma", "0.5"),
        ("runs.0.l2", "-0.1"),
        ("runs.0.l2", "inf"),
        ("runs.0.optimizer.weight_decay", "-1"),
        ("runs.0.batch_size", "2.5"),
        ("runs.0.batch_size", "-3"),
        ("runs.0.init.kind", "ones"),
        ("runs.0.init.scale", "0"),
        ("hidden", "16,0"),
        ("hidden", "1,1,1,1,1,1,1,1,1"),
        ("hidden", "600"),
        ("hidden", "a,b"),
        ("activation", "swish"),
        ("data.n", "5"),
        ("data.n", "1e9"),
        ("data.noise", "-1"),
        ("data.val_fraction", "0.95"),
        ("data.kind", "moons"),
        ("data.arms", "11"),
        ("data.seed", "-1"),
        ("seed", "1e20"),
        ("budget", "0"),
        ("budget", "2.5"),
        ("speed", "inf"),
        ("speed", "0"),
        ("deep.depth", "30"),
        ("deep.width", "0"),
        ("sweep.widths", "8,1000"),
        ("sweep.steps", "0"),
        ("focus", "5"),
        ("nothing", "1"),
    ] {
        let e = lab.set(k, v).expect_err(&format!("{k}={v} accepted"));
        assert!(e.len() > 10, "{k}={v}: unhelpful message “{e}”");
    }
    assert_eq!(lab.state, before);
    // Nesterov look-ahead of lecture 004's EMA momentum needs the objective: refused with a reason.
    lab.set("runs.0.optimizer.kind", "ema_momentum").expect("ema momentum");
    let e = lab.set("runs.0.optimizer.nesterov", "true").expect_err("look-ahead refused");
    assert!(e.contains("look-ahead"), "{e}");
    assert!(lab.action("runs.0.explode").is_err());
    assert!(lab.action("runs.0.remove").is_ok() && lab.action("runs.0.remove").is_err(), "the last run stays");
}

#[test]
fn a_runs_card_is_the_shared_optimizer_card_with_the_runs_own_settings() {
    let mut lab = MlpLab::open("");
    let keys: Vec<String> = lab.controls().into_iter().map(|c| c.key).collect();
    let at = |k: &str| keys.iter().position(|c| c == k).unwrap_or_else(|| panic!("{k} in {keys:?}"));
    let card = ["runs.0.optimizer.kind", "runs.0.rule", "runs.0.optimizer.lr", "runs.0.schedule.kind", "runs.0.init.kind", "runs.0.l2", "runs.0.batch_size", "runs.0.result", "runs.0.duplicate", "runs.0.remove"];
    assert!(card.windows(2).all(|w| at(w[0]) < at(w[1])), "card order: {keys:?}");
    assert!(at("add") < at("focus") && at("focus") < at("data.kind"), "the run shown follows the transport");
    let menu = lab.controls().into_iter().find(|c| c.key == "runs.0.optimizer.kind").expect("menu").kind;
    assert!(matches!(&menu, crate::lab::widget::ControlKind::Select { options } if options.iter().all(|(k, _)| k != "newton")), "{menu:?}");
    let n = lab.state.runs.len();
    lab.action("runs.0.duplicate").expect("duplicate");
    assert_eq!(lab.state.runs.len(), n + 1);
    lab.set("focus", &n.to_string()).expect("show the last run");
    lab.action(&format!("runs.{n}.remove")).expect("remove");
    assert!(lab.state.focus < lab.state.runs.len(), "the run shown is still a run");
    assert!(lab.set("runs.0.optimizer.kind", "newton").expect_err("newton").contains("Hessian"));
}

#[test]
fn csv_upload_bad_row_is_named_and_data_kept() {
    let mut lab = MlpLab::open("");
    let n_before = lab.runs[0].trainer.as_ref().expect("run").train_set().len();
    let e = lab.set("csv", "x1,x2,label\n0.1,0.2,0\n0.3,oops,1\n").expect_err("bad row");
    assert!(e.contains("row 3"), "{e}");
    assert!(lab.csv.is_none());
    assert_eq!(lab.runs[0].trainer.as_ref().expect("run").train_set().len(), n_before);
    // A good file replaces the data (classification with 3 classes → 3 outputs).
    let rows: String = (0..30).map(|i| format!("{},{},{}\n", (i as f64 / 10.0).sin(), (i as f64 / 7.0).cos(), i % 3)).collect();
    lab.set("csv", &rows).expect("good csv");
    assert_eq!(lab.task(), Task::Classification { classes: 3 });
    assert_eq!(lab.runs[0].trainer.as_ref().expect("run").network().outputs(), 3);
    assert!(!lab.take_notices().is_empty(), "tells that uploads are not in the link");
    lab.action("reset_data").expect("reset");
    assert!(lab.csv.is_none());
    assert_eq!(lab.task(), Task::Classification { classes: 2 });
}

#[test]
fn networks_too_large_to_stay_interactive_are_refused_with_the_reason() {
    // Beside the control: the hidden layers' weights are capped, and so is the init view's net.
    let mut lab = MlpLab::open("");
    let before = lab.query();
    let e = lab.set("hidden", "512,512,512").expect_err("524,288 weights");
    assert!(e.contains("524,288 weights") && e.contains("at most 300,000"), "{e}");
    assert_eq!(lab.query(), before, "a refused value changes nothing");
    lab.set("hidden", "512,512").expect("262,144 weights are allowed");
    let e = lab.set("deep.width", "512").and_then(|_| lab.set("deep.depth", "24")).expect_err("6.5 M weights");
    assert!(e.contains("at most 2000000"), "{e}");
    // From a link: a notice, and the default network.
    let mut l = MlpLab::open("hidden=512,512,512,512,512,512,512,512&data.n=10000");
    let notices = l.take_notices();
    assert!(notices.iter().any(|n| n.contains("weights between them")), "{notices:?}");
    assert_eq!(l.state.hidden, MlpLabState::default().hidden);
}

#[test]
fn a_diverging_run_stops_and_the_others_continue() {
    let mut lab = MlpLab::open("preset=learning_rates&budget=400");
    assert!(lab.busy(), "a preset link starts training by itself");
    while lab.busy() {
        lab.tick(0.0, &mut || false);
    }
    let t2 = lab.runs[2].trainer.as_ref().expect("run 3");
    let h = t2.halted().expect("α = 1.5 diverges");
    assert!(h.diverged && h.message.starts_with("diverged at step"), "{}", h.message);
    assert!(lab.status().contains(&format!("run 3 diverged at step {}", h.step)), "{}", lab.status());
    assert_eq!(lab.runs[1].trainer.as_ref().expect("run 2").step_count(), 400);
    assert!(lab.runs[1].trainer.as_ref().expect("run 2").halted().is_none());
    draw_all(&mut lab);
}

#[test]
fn every_view_draws_for_classification_and_regression() {
    let mut lab = MlpLab::open("");
    let before = draw_all(&mut lab);
    lab.train(20);
    lab.set("sweep.widths", "4,8").expect("widths");
    lab.set("sweep.steps", "5").expect("steps");
    lab.action("sweep_run").expect("sweep");
    while lab.busy() {
        lab.tick(0.0, &mut || false);
    }
    let after = draw_all(&mut lab);
    for ((id, a), (_, b)) in before.iter().zip(&after) {
        if id != "init" {
            assert_ne!(a, b, "view {id} did not change after training");
        }
    }
    let sweep = &after.iter().find(|(id, _)| id == "sweep").expect("sweep").1;
    assert!(sweep.contains("hidden width"), "sweep plotted");
    let mut reg = MlpLab::open("data.kind=sine&hidden=8,");
    assert!(reg.take_notices().is_empty());
    reg.train(10);
    let views = draw_all(&mut reg);
    assert!(views[0].1.contains("1 · Adam"), "fitted curve legend");
    assert!(views[2].1.contains("Accuracy applies to classification"));
}

#[test]
fn every_input_controls_key_is_its_url_key() {
    use crate::lab::widget::ControlKind;
    let mut links: Vec<String> = PRESETS.iter().map(|p| format!("preset={}", p.id)).collect();
    links.push(String::new());
    // Controls shown only for some values: the spiral's arms, initialisation scales, schedule numbers.
    links.push("data.kind=spiral&runs.0.init.kind=uniform&runs.1.init.kind=custom&deep.init.kind=custom&runs.0.schedule.kind=step&runs.1.schedule.kind=cosine".into());
    for kind in ["exponential", "inverse_time"] {
        links.push(format!("runs.0.schedule.kind={kind}"));
    }
    for o in crate::optim::OptimizerConfig::kinds() {
        links.push(format!("runs.0.optimizer.kind={o}"));
    }
    // Mirror descent's hyperparameter `diagonal` is stored as `map=euclidean|diagonal`: its key
    // comes from the optimizer's own descriptor (src/optim/mirror.rs), not from this lab.
    let not_yet = ["runs.0.optimizer.diagonal"];
    for link in links {
        let lab = MlpLab::open(&link);
        let query = lab.query();
        let keys: Vec<&str> = query.split('&').filter_map(|p| p.split('=').next()).collect();
        for c in lab.controls() {
            if matches!(c.kind, ControlKind::Button | ControlKind::Text | ControlKind::File { .. }) {
                continue;
            }
            let prefix = format!("{}.", c.key);
            assert!(not_yet.contains(&c.key.as_str()) || keys.iter().any(|k| *k == c.key || k.starts_with(&prefix)), "{link}: control {} is not a URL key of {query}", c.key);
        }
        // And an earlier key still names the same control (the page translates it).
        for c in lab.controls() {
            assert!(crate::lab::legacy_keys::current(super::legacy::LEGACY_KEYS, &c.key).is_none(), "{} is also an earlier key", c.key);
        }
    }
}

/// The arithmetic is a setting: f64 by default, f32 from a link or the control; every run trains
/// in it (f32 loss within 1e-4 of f64 after the same steps, not bit-equal), the legends and the
/// layer-sizes line say so, and an unknown precision is refused with nothing changed.
#[test]
fn the_precision_is_a_setting_every_run_trains_in_and_the_legend_shows() {
    use crate::mlp::Precision;
    let mut exact = MlpLab::open("");
    assert_eq!(exact.state.precision, Precision::F64);
    assert!(!exact.run_label(0).contains("f32"));
    let mut fast = MlpLab::open("precision=f32");
    assert!(fast.take_notices().is_empty());
    assert_eq!(fast.state.precision, Precision::F32);
    assert!(fast.query().contains("precision=f32"), "{}", fast.query());
    exact.train(40);
    fast.train(40);
    for (e, f) in exact.runs.iter_mut().zip(fast.runs.iter_mut()) {
        let (e, f) = (e.trainer.as_mut().expect("run"), f.trainer.as_mut().expect("run"));
        assert_eq!((e.precision(), f.precision()), (Precision::F64, Precision::F32));
        assert_eq!(e.step_count(), f.step_count());
        let (le, lf) = (e.snapshot().train_loss, f.snapshot().train_loss);
        assert!((le - lf).abs() <= 1e-4 * le.abs().max(1.0) && le != lf, "f64 {le} vs f32 {lf}");
    }
    assert!(fast.run_label(0).ends_with(", f32"), "{}", fast.run_label(0));
    let arch = fast.controls().into_iter().find(|c| c.key == "arch").expect("layer sizes");
    assert!(arch.value.ends_with("f32)"), "{}", arch.value);
    let control = fast.controls().into_iter().find(|c| c.key == "precision").expect("a precision control");
    assert_eq!(control.value, "f32");
    // Switching back restarts training in f64; nonsense is refused and changes nothing.
    fast.set("precision", "f64").expect("f64");
    assert_eq!(fast.state.precision, Precision::F64);
    let before = fast.state.clone();
    let e = fast.set("precision", "f16").unwrap_err();
    assert!(e.message().contains("f16"), "{e:?}");
    assert_eq!(fast.state, before);
}

/// Skip connections are a setting of the network: every run's network has them, the layer-sizes
/// line counts them (or says why there are none), and they change the training.
#[test]
fn skip_connections_are_a_setting_every_run_uses() {
    let mut plain = MlpLab::open("hidden=16,16,16");
    let mut skips = MlpLab::open("hidden=16,16,16&residual=true");
    assert!(skips.take_notices().is_empty());
    assert!(skips.state.residual && skips.query().contains("residual=true"));
    plain.train(30);
    skips.train(30);
    let arch = |lab: &MlpLab| lab.controls().into_iter().find(|c| c.key == "arch").expect("layer sizes").value;
    assert!(arch(&skips).contains("with 2 skips"), "{}", arch(&skips));
    assert!(!arch(&plain).contains("skip"));
    for (p, s) in plain.runs.iter_mut().zip(skips.runs.iter_mut()) {
        let (p, s) = (p.trainer.as_mut().expect("run"), s.trainer.as_mut().expect("run"));
        assert!(s.network().residual() && !p.network().residual());
        assert_eq!(s.step_count(), 30);
        assert_ne!(p.snapshot().train_loss, s.snapshot().train_loss);
    }
    skips.set("hidden", "8,16").expect("widths");
    assert!(arch(&skips).contains("no skips"), "{}", arch(&skips));
    let before = skips.state.clone();
    assert!(skips.set("residual", "perhaps").is_err());
    assert_eq!(skips.state, before);
}
