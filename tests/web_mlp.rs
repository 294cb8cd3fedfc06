//! wasm-bindgen tests of the MLP lab in headless Chromium (`make test-wasm`): the `Lab` handle
//! opens the lab, draws every view on real canvases at device resolution, training changes the
//! decision surface, bad input is an error, and the URL round-trips.
#![cfg(target_arch = "wasm32")]

use descent_lab::web::handle::{available_labs, Lab};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

const VIEWS: [&str; 6] = ["surface", "loss", "accuracy", "layers", "init", "sweep"];

fn canvas() -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

fn pixels(c: &HtmlCanvasElement) -> Vec<u8> {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    ctx.get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64).unwrap().data().0
}

/// Pixels that differ from the top-left (background) pixel.
fn ink(c: &HtmlCanvasElement) -> usize {
    let data = pixels(c);
    let (r, g, b) = (data[0] as i32, data[1] as i32, data[2] as i32);
    data.chunks(4).filter(|p| (p[0] as i32 - r).abs() + (p[1] as i32 - g).abs() + (p[2] as i32 - b).abs() > 30).count()
}

fn open(query: &str, dpr: f64) -> (Lab, Vec<HtmlCanvasElement>) {
    let mut lab = Lab::open("mlp", query).unwrap();
    let mut out = Vec::new();
    for id in VIEWS {
        let c = canvas();
        lab.attach(id, c.clone()).unwrap();
        lab.resize(id, 400.0, 300.0, dpr).unwrap();
        out.push(c);
    }
    (lab, out)
}

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

#[wasm_bindgen_test]
fn mlp_lab_is_available() {
    assert!(available_labs().contains(&"mlp".to_string()));
}

#[wasm_bindgen_test]
fn every_view_draws_at_device_resolution() {
    let (mut lab, canvases) = open("", 2.0);
    lab.render().unwrap();
    for (id, c) in VIEWS.iter().zip(&canvases) {
        assert_eq!((c.width(), c.height()), (800, 600), "{id}: backing store is css × dpr");
        let n = ink(c);
        assert!(n > 800 * 600 / 100, "{id}: only {n} pixels drawn");
    }
}

#[wasm_bindgen_test]
fn training_changes_the_surface_and_the_loss_curve() {
    let (mut lab, canvases) = open("speed=50", 1.0);
    lab.render().unwrap();
    let before: Vec<Vec<u8>> = canvases.iter().map(pixels).collect();
    lab.action("play").unwrap();
    assert!(lab.busy());
    for _ in 0..5 {
        lab.tick(10.0);
    }
    lab.render().unwrap();
    for (i, id) in VIEWS.iter().enumerate().take(4) {
        assert_ne!(before[i], pixels(&canvases[i]), "{id} did not change after training");
    }
    assert!(lab.status().contains("training"), "{}", lab.status());
    // The surface raster is blitted under the points: most of the canvas is tinted, not white.
    let p = pixels(&canvases[0]);
    let white = p.chunks(4).filter(|q| q[0] == 255 && q[1] == 255 && q[2] == 255).count();
    assert!(white < p.len() / 4 / 2, "{white} of {} pixels white: no surface raster", p.len() / 4);
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_and_the_url_round_trips() {
    let mut lab = Lab::open("mlp", "preset=adam_vs_momentum").unwrap();
    assert!(lab.set("r0.lr", "-1").is_err());
    assert!(lab.set("hidden", "16,0").is_err());
    assert!(lab.set("r0.kind", "newton").is_err());
    assert!(lab.set("csv", "1,2,zero\n").is_err());
    assert!(lab.action("warp").is_err());
    lab.set("r1.lr", "0.02").unwrap();
    lab.set("data.kind", "xor").unwrap();
    let q = lab.query();
    let b = Lab::open("mlp", &q).unwrap();
    assert_eq!(b.query(), q);
    assert!(lab.take_notices().is_empty());
}

/// Rough figures (printed, never asserted as timings): training steps per second for the
/// issue's benchmark network and the time of a 200×200 surface redraw.
#[wasm_bindgen_test]
fn speed_figures() {
    // 2-16-16-2 tanh (softmax over 2 classes), 500 points, no validation split, full-batch Adam.
    let mut lab = Lab::open("mlp", "hidden=16,16&activation=tanh&data.n=500&data.val_fraction=0&runs.0.optimizer.kind=adam&speed=5000&budget=100000").unwrap();
    lab.action("play").unwrap();
    let t0 = now();
    let mut frames = 0;
    while now() - t0 < 1000.0 {
        lab.tick(10.0);
        frames += 1;
    }
    let secs = (now() - t0) / 1000.0;
    let status = lab.status();
    let steps: f64 = status.trim_start_matches("Step ").split(' ').next().unwrap().parse().unwrap();
    let c = canvas();
    lab.attach("surface", c.clone()).unwrap();
    lab.resize("surface", 300.0, 280.0, 1.0).unwrap();
    let t1 = now();
    let n = 10;
    for _ in 0..n {
        lab.tick(0.0); // one step: the surface must be recomputed
        lab.render_view("surface").unwrap();
    }
    let per = (now() - t1) / n as f64;
    web_sys::console::log_1(&format!("MLP lab: {:.0} steps/s (2-16-16-2 tanh, 500 points, full-batch Adam, {frames} ticks); surface redraw {per:.1} ms", steps / secs).into());
    assert!(steps > 0.0);
}

/// The f32 path's 4-lane tanh (simd128 here, with its hoisted constants and its NaN-through cap)
/// gives the scalar tanh32's bits on 400,000 numbers in [−25, 25] and the special values — the
/// test that can only fail where the lanes are real simd128 (natively they are tanh32 itself).
#[wasm_bindgen_test]
fn the_simd_tanh_gives_the_scalar_bits() {
    assert_eq!(descent_lab::web::bench::mlp::check_tanh_lanes(), 0);
}
