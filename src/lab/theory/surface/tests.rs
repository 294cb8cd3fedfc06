//! Tests of the surface experiment: the slice's centre, the trajectory, reproducibility, time
//! slicing, refusals, and the presets' claims on several seeds.

use super::presets::PRESETS;
use super::widget::SurfaceLab;
use crate::lab::widget::Widget;

/// Every preset's lesson holds on the preset and on other data and weight seeds.
#[test]
fn every_presets_claim_holds_on_several_seeds() {
    for p in PRESETS {
        for (seed, data_seed) in [(None, None), (Some(2), Some(2)), (Some(3), Some(7)), (Some(11), Some(5))] {
            let mut s = (p.build)();
            if let (Some(a), Some(b)) = (seed, data_seed) {
                s.seed = a;
                s.data.seed = b;
            }
            let v = (p.claim)(&s);
            assert!(v.is_ok(), "{} with seeds {seed:?}/{data_seed:?}: {}", p.id, v.unwrap_err());
            eprintln!("{} {seed:?}/{data_seed:?}: {}", p.id, v.unwrap());
        }
    }
}

/// Ticks `lab` until it is idle, each tick allowed `slice` polls of the clock.
pub fn run(lab: &mut SurfaceLab, slice: usize) -> usize {
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

/// Measures of a finished slice (exploration of what the presets may claim).
#[cfg(test)]
pub fn measures(grid: &[f64], side: usize) -> (usize, f64, f64) {
    let v = |i: usize, j: usize| grid[j * side + i];
    let c = side / 2;
    let (mut concave, mut uphill, mut interior) = (0usize, 0usize, 0usize);
    for j in 1..side - 1 {
        for i in 1..side - 1 {
            interior += 1;
            let x = v(i, j);
            if v(i - 1, j) + v(i + 1, j) < 2.0 * x || v(i, j - 1) + v(i, j + 1) < 2.0 * x {
                concave += 1;
            }
            let step = |k: usize| if k > c { k - 1 } else if k < c { k + 1 } else { k };
            if (i, j) != (c, c) && x >= v(step(i), step(j)) {
                uphill += 1;
            }
        }
    }
    (super::presets::local_minima(grid, side), concave as f64 / interior as f64, uphill as f64 / (interior - 1) as f64)
}

/// Prints the measures for plain and residual, deep and wide nets on several seeds
/// (`cargo test --lib surface::tests::explore -- --ignored --nocapture`).
#[test]
#[ignore]
fn explore() {
    use super::state::SurfaceState;
    for (depth, width, radius) in [(6usize, 16usize, 1.0), (8, 16, 1.0), (2, 8, 1.0), (2, 64, 1.0)] {
        for seed in 1..=4u64 {
            let mut s = SurfaceState { depth, width, seed, radius, compare: true, budget: 500, grid: 31, ..SurfaceState::default() };
            s.data.seed = seed;
            let st = super::presets::computed(&s).expect("computed");
            let mut line = format!("d{depth} w{width} seed {seed}:");
            for n in &st.nets {
                let (m, conc, up) = measures(&n.grid, s.grid);
                let rise = super::presets::largest_rise(&n.curve);
                line.push_str(&format!(" [{}] 𝓛* {:.2e} minima {m} concave {conc:.2} uphill {up:.2} rise {rise:.1e} range {:.2e}", n.label(), n.trained_loss, super::views::grid_range(&n.grid).1));
            }
            println!("{line}");
        }
    }
}

/// The slice's centre is the trained network: the f32 grid point at (0, 0) equals 𝓛(w*) computed
/// in f64 within the plane's stated tolerance 1e-4·max(𝓛, 0.1) (`crate::theory::slice32`), for
/// both direction kinds, plain and skips, classification and regression; with principal
/// directions the projected trajectory ends at (0, 0) (w* − w* = 0) and starts away from it.
#[test]
fn the_slice_at_the_origin_is_the_trained_loss_and_the_path_ends_at_w_star() {
    use super::state::{DirectionKind, SurfaceState};
    use crate::mlp::DataKind;
    for (k, (directions, kind)) in [(DirectionKind::Filter, DataKind::Spiral), (DirectionKind::Principal, DataKind::Circles), (DirectionKind::Principal, DataKind::Sine), (DirectionKind::Filter, DataKind::Xor)].into_iter().enumerate() {
        let mut s = SurfaceState { directions, depth: 3, width: 12, grid: 11, budget: 60, seed: k as u64 + 1, ..SurfaceState::default() };
        s.data.kind = kind;
        s.data.n = 80;
        let st = super::presets::computed(&s).expect("computed");
        for n in &st.nets {
            assert_eq!(n.stage, super::study::Stage::Done, "{:?}", n.failure);
            let centre = n.grid[5 * 11 + 5];
            assert_eq!((super::study::coord(&s, 5), super::study::coord(&s, 0)), (0.0, -1.0));
            let tol = 1e-4 * n.trained_loss.max(0.1);
            assert!((centre - n.trained_loss).abs() <= tol, "{kind:?} {}: {centre} vs {}", n.label(), n.trained_loss);
            // 𝓛(w*) in f64 is the loss the trainer reports at its weights.
            let (w, last) = (n.trainer.network().params(), n.checkpoints.last().unwrap());
            assert_eq!(w, &last[..]);
            let end = *n.path.last().unwrap();
            let start = n.path[0];
            if directions == DirectionKind::Principal {
                assert_eq!(end, (0.0, 0.0), "the trajectory ends at w*");
                // Scaled so the path's largest coordinate is 1.
                let extent = n.path.iter().fold(0.0f64, |m, p| m.max(p.0.abs()).max(p.1.abs()));
                assert!((extent - 1.0).abs() < 1e-12, "{extent}");
                assert!(start.0.hypot(start.1) > 0.5, "w₀ lies away from w* on the plane: {start:?}");
            } else {
                assert_eq!(end, (0.0, 0.0));
            }
            // The interpolation's t = 1 is w* and t = 0 is w₀, in f64.
            let at = |t: f64| n.curve.iter().find(|p| (p.0 - t).abs() < 1e-9).unwrap().1;
            assert!((at(1.0) - n.trained_loss).abs() <= 1e-12 * n.trained_loss.max(1.0));
            assert!((at(0.0) - n.loss_at(&n.checkpoints[0])).abs() <= 1e-12 * at(0.0).max(1.0));
        }
    }
}

/// The same state computes the same numbers; another weight seed or direction seed does not.
#[test]
fn reproducible_from_the_seeds() {
    use super::state::SurfaceState;
    let s = SurfaceState { depth: 2, width: 8, grid: 11, budget: 40, ..SurfaceState::default() };
    let (a, b) = (super::presets::computed(&s).unwrap(), super::presets::computed(&s).unwrap());
    for (x, y) in a.nets.iter().zip(&b.nets) {
        assert_eq!(x.grid, y.grid);
        assert_eq!(x.curve, y.curve);
        assert_eq!(x.path, y.path);
        assert_eq!(x.losses, y.losses);
    }
    // Plain and skips start from the same w₀.
    assert_eq!(a.nets[0].checkpoints[0], a.nets[1].checkpoints[0]);
    let other = super::presets::computed(&SurfaceState { direction_seed: 2, ..s.clone() }).unwrap();
    assert_eq!(other.nets[0].losses, a.nets[0].losses, "the direction seed does not change training");
    assert_ne!(other.nets[0].grid, a.nets[0].grid);
    let other = super::presets::computed(&SurfaceState { seed: 2, ..s }).unwrap();
    assert_ne!(other.nets[0].checkpoints[0], a.nets[0].checkpoints[0]);
}

/// Settings over the budget are refused beside their control with the reason and change nothing;
/// from a link they fall back to the default with a notice; everything else round-trips.
#[test]
fn over_budget_settings_are_refused_and_change_nothing() {
    let mut lab = SurfaceLab::open("width=64&depth=2&data.n=200");
    assert!(lab.take_notices().is_empty());
    let before = lab.query();
    let e = lab.set("depth", "8").unwrap_err();
    assert_eq!(e.kind(), crate::lab::error::ErrorKind::Refused);
    assert!(e.message().contains("over this experiment's budget of 20,000") && e.message().contains("use width ≤ 36 at depth 8"), "{}", e.message());
    assert_eq!(lab.query(), before, "a refused value changes nothing");
    let e = lab.set("data.n", "1000").unwrap_err();
    assert!(e.message().contains("N·P") && e.message().contains("N ≤ 446 at this size"), "{}", e.message());
    assert_eq!(lab.query(), before);
    assert!(lab.set("grid", "500").unwrap_err().message().contains("between 11 and 101"));
    assert!(lab.set("radius", "-1").is_err());
    assert!(lab.set("radius", "NaN").is_err());
    assert!(lab.set("depth", "0").is_err());
    assert!(lab.set("activation", "linear").is_err());
    assert!(lab.set("data.kind", "function").is_err());
    assert!(lab.set("runs.0.optimizer.kind", "newton").is_err(), "needs the Hessian");
    assert!(lab.action("add").is_err());
    assert_eq!(lab.query(), before);
    let mut linked = SurfaceLab::open("width=64&depth=8");
    let notes = linked.take_notices();
    assert!(notes.iter().any(|n| n.contains("budget")), "{notes:?}");
    assert_eq!(linked.state, super::state::SurfaceState::default());
    lab.set("directions", "principal").unwrap();
    lab.set("radius", "1.5").unwrap();
    lab.set("skips", "true").unwrap();
    lab.set("data.kind", "sine").unwrap();
    lab.set("runs.0.optimizer.lr", "0.003").unwrap();
    let back = SurfaceLab::open(&lab.query());
    assert_eq!(back.state, lab.state);
}

/// No tick does more than one slice of work between polls of the clock: a training slice (the
/// trainer's 2 M multiply–adds, plus the checkpoint), then one f64 loss (interpolation) or at most
/// `MAX_PASS_MACS` of grid points; the status shows the progress and the views a placeholder
/// until their surface is done. A step is one step; reset goes back to step 0.
#[test]
fn every_tick_slice_stays_small_and_the_transport_works() {
    // N·P close to the budget: 200 points, 2-36-…-36-2 at depth 8 (P = 9,690).
    let mut lab = SurfaceLab::open("width=36&depth=8&data.n=200&budget=20&grid=11&compare=true");
    let p = super::settings::params(&lab.state);
    let pass = 200 * p;
    assert!(pass <= super::settings::MAX_PASS_MACS && pass > super::settings::MAX_PASS_MACS / 2, "{pass}");
    lab.action("step").unwrap();
    run(&mut lab, 1);
    assert_eq!(lab.step(), 1);
    lab.action("play").unwrap();
    let mut worst = 0u64;
    let mut saw_progress = false;
    let mut saw_placeholder = false;
    while lab.busy() {
        let start = crate::work::total();
        let mut polls = 0;
        lab.tick(0.0, &mut || {
            polls += 1;
            true
        });
        assert!(polls <= 1, "{polls} polls");
        worst = worst.max(crate::work::total() - start);
        saw_progress |= lab.status().contains("computing the surface…");
        saw_placeholder |= lab.figure("slice_compare").is_some_and(|f| f.placeholder.as_deref().is_some_and(|m| m.contains("computing the surface")));
    }
    assert!(saw_progress && saw_placeholder);
    eprintln!("largest tick: {worst} multiply–adds (one pass N·P = {pass})");
    // A training slice is the trainer's (≤ 2 M plus a step's last pass); the surface's one f64 loss
    // or grid points of ≤ MAX_PASS_MACS.
    assert!(worst <= 3 * super::settings::MAX_PASS_MACS as u64, "one tick did {worst} multiply–adds");
    assert_eq!(lab.step(), 20);
    for v in lab.views() {
        assert!(lab.figure(v.id).is_some_and(|f| f.placeholder.is_none()), "{} draws once done", v.id);
    }
    lab.action("reset").unwrap();
    assert_eq!(lab.step(), 0);
    assert!(!lab.busy());
}

/// Each view's CSV holds the experiment's own numbers.
#[test]
fn the_csv_numbers_are_the_experiments_own() {
    let mut lab = SurfaceLab::open("width=8&depth=2&budget=30&grid=11");
    lab.action("play").unwrap();
    run(&mut lab, 20);
    let st = lab.study.as_ref().unwrap();
    let t = lab.table("slice_compare").unwrap();
    let grid: Vec<f64> = t.rows.iter().filter(|r| matches!(&r[0], crate::lab::export::Cell::Text(s) if &**s == "with skips") && matches!(&r[1], crate::lab::export::Cell::Text(s) if &**s == "grid")).map(|r| r[4].as_num()).collect();
    assert_eq!(grid, st.nets[1].grid);
    let t = lab.table("slice").unwrap();
    assert_eq!(t.rows.len(), 121 + st.nets[0].path.len(), "the plain network (skips off) only");
    let t = lab.table("interpolation").unwrap();
    let curve: Vec<(f64, f64)> = t.rows.iter().filter(|r| matches!(&r[0], crate::lab::export::Cell::Text(s) if s.starts_with("plain"))).map(|r| (r[1].as_num(), r[2].as_num())).collect();
    assert_eq!(curve, st.nets[0].curve);
    let t = lab.table("surface_loss").unwrap();
    assert_eq!(t.rows.len(), st.nets.iter().map(|n| n.losses.len()).sum::<usize>());
    for v in lab.views() {
        let svg = crate::lab::export::svg_view(&lab, v.id, 640, 400).unwrap_or_else(|e| panic!("{}: {e}", v.id));
        assert!(svg.contains("<text") && svg.len() > 3_000, "{}: {} bytes", v.id, svg.len());
    }
}

/// The slices are the renderer's grid heatmap: each panel shades exactly the network's grid of
/// losses, both panels of the comparison on one colour scale, and the bitmap is mostly coloured
/// with the trajectory's vermillion on it.
#[test]
fn the_slices_are_heatmaps_of_the_grid_on_one_scale() {
    let mut lab = SurfaceLab::open("width=8&depth=2&budget=30&grid=11");
    lab.action("play").unwrap();
    run(&mut lab, 20);
    let st = lab.study.as_ref().unwrap();
    let Some(crate::render::plane::Plane::Grid(map)) = lab.figure("slice_compare").and_then(|f| f.plane) else { panic!("slice_compare is not a grid heatmap") };
    assert_eq!(map.panels.len(), 2);
    for (p, n) in map.panels.iter().zip(&st.nets) {
        assert_eq!((p.nx, p.ny, &p.values), (11, 11, &n.grid));
        assert_eq!(p.x_range, (-st.state.radius, st.state.radius));
    }
    let all: Vec<f64> = st.nets.iter().flat_map(|n| n.grid.iter().copied()).collect();
    let (lo, hi) = super::views::grid_range(&all);
    let sc = map.scaling();
    assert!(((sc.lo as f64 - lo) / lo).abs() < 1e-6 && ((sc.hi as f64 - hi) / hi).abs() < 1e-6, "one scale over both grids: {sc:?} vs {lo} … {hi}");
    for v in ["slice", "slice_compare"] {
        let (w, h) = (900u32, 500u32);
        let rgb = crate::lab::export::bitmap_view(&lab, v, w, h).unwrap();
        let n = (w * h) as usize;
        let coloured = (0..n).filter(|&i| rgb[3 * i].max(rgb[3 * i + 1]).max(rgb[3 * i + 2]) - rgb[3 * i].min(rgb[3 * i + 1]).min(rgb[3 * i + 2]) > 12).count();
        assert!(coloured > n / 3, "{v}: {coloured} of {n} pixels coloured");
        let path = (0..n).filter(|&i| (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) == (213, 94, 0)).count();
        assert!(path > 20, "{v}: {path} pixels of the trajectory");
    }
}

/// Writes every view after each preset has run, as PPM files in $SURFACE_PPM (to look at them:
/// `SURFACE_PPM=/tmp/surface-ppm cargo test --lib surface::tests::dump_preset_views -- --ignored`).
#[test]
#[ignore]
fn dump_preset_views() {
    let Ok(dir) = std::env::var("SURFACE_PPM") else { return };
    std::fs::create_dir_all(&dir).expect("dir");
    let queries = PRESETS.iter().map(|p| (p.id.to_string(), format!("preset={}", p.id))).chain([("principal".to_string(), "directions=principal&depth=4&width=16&radius=1.3".to_string())]);
    for (name, q) in queries {
        let mut lab = SurfaceLab::open(&q);
        if !lab.playing() {
            lab.action("play").unwrap();
        }
        run(&mut lab, 100);
        for v in lab.views() {
            let (w, h) = if v.wide { (1400, 620) } else { (800, 640) };
            let rgb = crate::lab::export::bitmap_view(&lab, v.id, w, h).expect("bitmap");
            let mut ppm = format!("P6\n{w} {h}\n255\n").into_bytes();
            ppm.extend_from_slice(&rgb);
            std::fs::write(std::path::Path::new(&dir).join(format!("{name}_{}.ppm", v.id)), ppm).expect("write");
            if v.wide {
                // As on a phone: panels stacked, legends in a band.
                let (w, h) = (360, 760);
                let rgb = crate::lab::export::bitmap_view(&lab, v.id, w, h).expect("bitmap");
                let mut ppm = format!("P6\n{w} {h}\n255\n").into_bytes();
                ppm.extend_from_slice(&rgb);
                std::fs::write(std::path::Path::new(&dir).join(format!("{name}_{}_narrow.ppm", v.id)), ppm).expect("write");
            }
        }
    }
}

/// The longest tick (one poll) in wall time, at the largest networks the budget allows, with
/// principal directions (the Gram matrix of the trajectory in one slice), printed
/// (`cargo test --lib surface::tests::time_the_longest_tick -- --ignored --nocapture`; the machine
/// is shared, so a tick may also include another process's time).
#[test]
#[ignore]
fn time_the_longest_tick() {
    for q in ["width=50&depth=8&data.n=100&budget=30&grid=21&directions=principal&compare=false", "width=64&depth=2&data.n=200&data.kind=sine&budget=30&grid=101&compare=false"] {
        let mut lab = SurfaceLab::open(q);
        assert!(lab.take_notices().is_empty(), "{q}");
        lab.action("play").unwrap();
        let (mut longest, mut at) = (0.0f64, String::new());
        let t0 = std::time::Instant::now();
        let mut times = Vec::new();
        let mut plane = Vec::new();
        while lab.busy() {
            let choosing = lab.study.as_ref().is_ok_and(|s| s.nets.iter().any(|n| n.stage == super::study::Stage::Plane));
            let s = std::time::Instant::now();
            lab.tick(0.0, &mut || true);
            let dt = s.elapsed().as_secs_f64();
            times.push(dt);
            if choosing {
                plane.push(dt * 1e3);
            }
            if dt > longest {
                longest = dt;
                at = lab.status();
            }
        }
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize] * 1e3;
        println!(
            "{q}: P = {}, {} ticks in {:.0} ms; median {:.2} ms, 99th percentile {:.2} ms, longest {:.2} ms (after it: {}); the plane's slices {plane:.2?} ms",
            super::settings::params(&lab.state),
            times.len(),
            t0.elapsed().as_secs_f64() * 1e3,
            pct(0.5),
            pct(0.99),
            longest * 1e3,
            at.chars().take(80).collect::<String>()
        );
    }
}
