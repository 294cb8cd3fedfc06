//! The Shrinkage lab in a real browser: open it through the page's handle, attach canvases,
//! render every view, and check that pixels were drawn and that input changes them.
#![cfg(target_arch = "wasm32")]

use descent_lab::web::handle::Lab;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

const VIEWS: [&str; 5] = ["filters", "data", "errors", "spectrum", "precision"];

fn canvas() -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

/// Pixels that differ from white, and a checksum of the whole canvas.
fn ink(c: &HtmlCanvasElement) -> (usize, u64) {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = ctx.get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64).unwrap().data();
    let mut inked = 0;
    let mut h: u64 = 1469598103934665603;
    for px in data.chunks(4) {
        if (255 - px[0] as i32) + (255 - px[1] as i32) + (255 - px[2] as i32) > 30 {
            inked += 1;
        }
        for &b in px {
            h = (h ^ b as u64).wrapping_mul(1099511628211);
        }
    }
    (inked, h)
}

fn open_with_canvases(query: &str) -> (Lab, Vec<(&'static str, HtmlCanvasElement)>) {
    let mut lab = Lab::open("shrinkage", query).unwrap_or_else(|_| panic!("shrinkage lab did not open"));
    let mut cs = Vec::new();
    for v in VIEWS {
        let c = canvas();
        lab.attach(v, c.clone()).unwrap_or_else(|_| panic!("attach {v}"));
        lab.resize(v, 480.0, 300.0, 2.0).unwrap_or_else(|_| panic!("resize {v}"));
        cs.push((v, c));
    }
    (lab, cs)
}

#[wasm_bindgen_test]
fn every_view_draws_at_the_device_pixel_ratio() {
    let (mut lab, cs) = open_with_canvases("");
    while lab.busy() {
        lab.tick(20.0);
    }
    lab.render().unwrap_or_else(|_| panic!("render failed"));
    for (v, c) in &cs {
        assert_eq!((c.width(), c.height()), (960, 600), "{v}: backing store not scaled by dpr");
        let (n, _) = ink(c);
        assert!(n > 960 * 600 / 100, "{v}: only {n} pixels inked");
    }
    assert!(lab.status().contains("w_iterated"), "{}", lab.status());
}

#[wasm_bindgen_test]
fn sliders_and_pointer_input_change_the_pictures() {
    let (mut lab, cs) = open_with_canvases("");
    lab.render().unwrap_or_else(|_| panic!("render failed"));
    let before: Vec<u64> = cs.iter().map(|(_, c)| ink(c).1).collect();
    lab.set("lambda", "10").unwrap_or_else(|_| panic!("set λ"));
    lab.render().unwrap_or_else(|_| panic!("render failed"));
    assert_ne!(ink(&cs[0].1).1, before[0], "filters view did not change with λ");
    assert_ne!(ink(&cs[1].1).1, before[1], "data view did not change with λ");
    // Shift+click in the middle of the data view adds a point.
    let q0 = lab.query();
    lab.pointer("data", "down", 240.0, 60.0, 0.0, true).unwrap_or_else(|_| panic!("pointer"));
    lab.pointer("data", "up", 240.0, 60.0, 0.0, false).unwrap_or_else(|_| panic!("pointer"));
    assert!(lab.query().contains("points="), "no point added: {q0}");
    assert!(lab.set("n", "0").is_err());
    assert!(lab.pointer("data", "fly", 0.0, 0.0, 0.0, false).is_err());
}

#[wasm_bindgen_test]
fn presets_open_from_links() {
    let (mut lab, cs) = open_with_canvases("preset=diverge");
    while lab.busy() {
        lab.tick(20.0);
    }
    lab.render().unwrap_or_else(|_| panic!("render failed"));
    assert!(lab.status().contains("diverged"), "{}", lab.status());
    assert!(ink(&cs[0].1).0 > 1000);
    assert!(lab.take_notices().is_empty());
}
