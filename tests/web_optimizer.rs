//! wasm-bindgen tests of the web layer, run in headless Chromium (`make test-wasm`): the `Lab`
//! handle opens the optimizer lab, draws on real canvases, refuses bad input with errors, and
//! the error boundary records panics.
#![cfg(target_arch = "wasm32")]

use descent_lab::web::handle::{available_labs, Lab};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_width(w);
    c.set_height(h);
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

/// Number of pixels that differ from the top-left pixel.
fn ink(c: &HtmlCanvasElement) -> usize {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = ctx.get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64).unwrap().data().0;
    let (r, g, b) = (data[0] as i32, data[1] as i32, data[2] as i32);
    data.chunks(4).filter(|p| (p[0] as i32 - r).abs() + (p[1] as i32 - g).abs() + (p[2] as i32 - b).abs() > 30).count()
}

fn open_with_canvases(query: &str, dpr: f64) -> (Lab, Vec<(String, HtmlCanvasElement)>) {
    let mut lab = Lab::open("optimizer", query).unwrap();
    let mut out = Vec::new();
    for id in ["landscape", "loss", "gradnorm", "distance", "lr", "stream"] {
        let c = canvas(10, 10);
        lab.attach(id, c.clone()).unwrap();
        lab.resize(id, 400.0, 280.0, dpr).unwrap();
        out.push((id.to_string(), c));
    }
    (lab, out)
}

#[wasm_bindgen_test]
fn optimizer_lab_is_available() {
    assert!(available_labs().contains(&"optimizer".to_string()));
}

#[wasm_bindgen_test]
fn every_view_draws_on_a_real_canvas_at_device_resolution() {
    let (mut lab, canvases) = open_with_canvases("", 2.0);
    lab.render().unwrap();
    for (id, c) in &canvases {
        assert_eq!((c.width(), c.height()), (800, 560), "{id}: backing store is css × dpr");
        let n = ink(c);
        assert!(n > 800 * 560 / 100, "{id}: only {n} pixels drawn");
    }
}

#[wasm_bindgen_test]
fn a_hyperparameter_changes_the_picture_and_bad_values_are_errors() {
    let (mut lab, canvases) = open_with_canvases("", 1.0);
    lab.render().unwrap();
    let loss = &canvases[1].1;
    let ctx: CanvasRenderingContext2d = loss.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let before = ctx.get_image_data(0.0, 0.0, 400.0, 280.0).unwrap().data().0;
    lab.set("r1.lr", "0.3").unwrap();
    lab.render().unwrap();
    let after = ctx.get_image_data(0.0, 0.0, 400.0, 280.0).unwrap().data().0;
    assert_ne!(before, after);
    assert!(lab.set("r1.lr", "-1").is_err());
    assert!(lab.set("r1.lr", "NaN").is_err());
    assert!(lab.set("no.such", "1").is_err());
    assert!(lab.pointer("landscape", "teleport", 1.0, 1.0, 0.0, false).is_err());
    assert!(lab.pointer("landscape", "down", f64::NAN, 1.0, 0.0, false).is_err());
    assert!(lab.resize("landscape", -5.0, 10.0, 1.0).is_err());
    assert!(Lab::open("nonexistent", "").is_err());
}

#[wasm_bindgen_test]
fn the_url_round_trips_through_the_handle() {
    let mut a = Lab::open("optimizer", "preset=noise_ball").unwrap();
    a.set("noise.sigma", "0.75").unwrap();
    let b = Lab::open("optimizer", &a.query()).unwrap();
    assert_eq!(a.query(), b.query());
    let mut bad = Lab::open("optimizer", "budget=abc&nope=1").unwrap();
    assert_eq!(bad.take_notices().len(), 2);
}

#[wasm_bindgen_test]
fn playing_advances_in_ticks() {
    let (mut lab, _c) = open_with_canvases("preset=plateau", 1.0);
    assert!(lab.busy());
    for _ in 0..3 {
        lab.tick(16.0);
    }
    lab.render().unwrap();
    assert!(lab.status().starts_with("Iteration "));
}

#[wasm_bindgen_test]
fn panics_are_recorded_for_the_error_panel() {
    use wasm_bindgen::closure::Closure;
    // The page installs the lab's hook at module start; the test harness has its own, so
    // install ours explicitly here.
    descent_lab::web::boundary::start();
    assert!(descent_lab::web::boundary::last_panic().is_none());
    // Call the panicking export through JS, as the page does: the trap surfaces as a JS
    // exception (caught here), and the hook has recorded the message for the error panel.
    let f = Closure::<dyn Fn()>::new(descent_lab::web::boundary::debug_panic);
    let func: &js_sys::Function = f.as_ref().unchecked_ref();
    let r = func.call0(&wasm_bindgen::JsValue::NULL);
    assert!(r.is_err(), "the panic must surface as an exception");
    assert!(descent_lab::web::boundary::last_panic().unwrap().contains("deliberate panic"));
}

/// The heatmap's simd128 paths (issue 12, item 4) against their scalar forms, in the browser where
/// they run: the colour index and contour level of every sample give the same bytes as
/// `Heatmap::shade_scalar`, and `Scaling::fit` finds the same finite minimum and maximum as a plain
/// fold. Rosenbrock over its default view at 203 × 61 samples (not a multiple of 16: the scalar
/// tail runs too), with NaN, +∞ and −∞ samples sprinkled in.
#[wasm_bindgen_test]
fn the_heatmaps_simd_passes_match_the_scalar_ones() {
    use descent_lab::landscape::LandscapeConfig;
    use descent_lab::render::colormap::ColorMap;
    use descent_lab::render::heatmap::{Heatmap, Scaling};
    let land = LandscapeConfig::Rosenbrock.build().unwrap();
    let (w, h) = (203, 61);
    let mut v = vec![0f32; w * h];
    land.value_grid(&land.default_view(), w, h, &mut v);
    for (k, bad) in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY].into_iter().enumerate() {
        for i in (k * 7..v.len()).step_by(97) {
            v[i] = bad;
        }
    }
    let fin = v.iter().copied().filter(|x| x.is_finite());
    let (lo, hi) = (fin.clone().fold(f32::INFINITY, f32::min), fin.fold(f32::NEG_INFINITY, f32::max));
    let fit = Scaling::fit(&v, None);
    assert_eq!((fit.lo, fit.hi), (lo, hi), "the finite range");
    assert!(fit.log, "Rosenbrock spans decades");
    let cmap = ColorMap::viridis_light();
    for scaling in [fit, Scaling { log: false, ..fit }, Scaling { lo: lo + 50.0, hi: hi * 0.5, log: true }] {
        for levels in [24, 0] {
            let (mut fast, mut slow) = (Heatmap::default(), Heatmap::default());
            fast.shade(&v, w, h, &scaling, levels, &cmap);
            slow.shade_scalar(&v, w, h, &scaling, levels, &cmap);
            let diff = fast.rgba().iter().zip(slow.rgba()).filter(|(a, b)| a != b).count();
            assert_eq!(diff, 0, "{scaling:?}, {levels} levels: {diff} bytes differ");
        }
    }
}

/// Rosenbrock's raster values two pixels at a time (f64x2 on simd128 in the browser) are its
/// value at each pixel centre, rounded to f32 (the native test `value_grid_matches_value_at_pixel_centres`
/// allows 1e-6 relative for the rounding; the same here), for an odd width (the last pixel of a
/// row alone) and an even one.
#[wasm_bindgen_test]
fn rosenbrocks_paired_raster_values_are_its_values() {
    use descent_lab::landscape::LandscapeConfig;
    let land = LandscapeConfig::Rosenbrock.build().unwrap();
    let view = land.default_view();
    for (w, h) in [(37, 23), (40, 7)] {
        let mut out = vec![f32::NAN; w * h];
        land.value_grid(&view, w, h, &mut out);
        for j in 0..h {
            for i in 0..w {
                let [x, y] = view.pixel_center(i, j, w, h);
                let v = land.value(x, y);
                let got = out[j * w + i] as f64;
                assert!((got - v).abs() <= 1e-6 * v.abs().max(1.0), "{w}×{h}: pixel ({i},{j}): grid {got} vs value {v}");
            }
        }
    }
}

/// A new opaque heatmap at one sample per device pixel is put straight on the canvas (issue 12,
/// item 4) instead of through the off-screen canvas: the canvas shows the same pixels either way,
/// clipped to the plot (here 3 columns and 2 rows of samples fall outside it), and what lies
/// outside the plot is left alone.
#[wasm_bindgen_test]
fn a_heatmap_put_straight_on_the_canvas_draws_what_the_staged_copy_draws() {
    use descent_lab::landscape::LandscapeConfig;
    use descent_lab::render::landscape::RasterCache;
    use descent_lab::web::canvas::CanvasView;
    let land = LandscapeConfig::Rosenbrock.build().unwrap();
    let mut cache = RasterCache::default();
    let r = cache.raster(&land, &land.default_view(), 120, 80, 1);
    assert!(r.opaque && r.block == 1);
    let pixels = |opaque: bool| {
        let c = canvas(140, 100);
        let mut v = CanvasView::new(c.clone()).unwrap();
        v.resize(140.0, 100.0, 1.0).unwrap();
        let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
        ctx.set_fill_style_str("rgb(255,0,0)");
        ctx.fill_rect(0.0, 0.0, 140.0, 100.0);
        let raster = descent_lab::render::landscape::Raster { opaque, ..r };
        v.blit_raster(&raster, 7, 5, 117, 78).unwrap();
        let data = ctx.get_image_data(0.0, 0.0, 140.0, 100.0).unwrap().data().0;
        c.remove();
        data
    };
    let (direct, staged) = (pixels(true), pixels(false));
    assert!(direct == staged, "the canvas differs between the two paths");
    // Inside the plot the heatmap, outside it the red underneath.
    let at = |x: usize, y: usize| &direct[(y * 140 + x) * 4..][..4];
    assert_eq!(at(7, 5), &r.rgba[..4]);
    assert_eq!(at(6, 5), &[255, 0, 0, 255]);
    assert_eq!(at(7 + 117, 40), &[255, 0, 0, 255], "clipped on the right");
    assert_eq!(at(40, 5 + 78), &[255, 0, 0, 255], "clipped below");
}

/// A canvas inside a `.canvas-box` (as the page's views are), in the document.
fn boxed_canvas() -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let b = doc.create_element("div").unwrap();
    b.set_class_name("canvas-box");
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    b.append_child(&c).unwrap();
    doc.body().unwrap().append_child(&b).unwrap();
    c
}

/// The raster layers beside `c` (src/web/raster_layer.rs): per layer, its size and whether it is shown.
fn raster_layers(c: &HtmlCanvasElement) -> Vec<(u32, u32, bool)> {
    // The layers are the canvas' earlier siblings, the first made farthest from it.
    let mut out = Vec::new();
    let mut e = c.previous_element_sibling();
    while let Some(el) = e {
        e = el.previous_element_sibling();
        if el.class_name() == "raster-layer" {
            let l: HtmlCanvasElement = el.dyn_into().unwrap();
            out.push((l.width(), l.height(), !l.has_attribute("hidden")));
        }
    }
    out.reverse();
    out
}

#[wasm_bindgen_test]
fn a_scaled_opaque_raster_goes_on_a_layer_under_a_boxed_canvas_and_leaves_a_hole() {
    use descent_lab::render::landscape::Raster;
    use descent_lab::web::canvas::CanvasView;
    let rgba: Vec<u8> = (0..20 * 10).flat_map(|i| [(i % 256) as u8, 100, 50, 255]).collect();
    let raster = |generation| Raster { rgba: &rgba, cols: 20, rows: 10, block: 2, generation, opaque: true };
    // In a box: the samples go on a 20×10 layer, the canvas gets a transparent hole over them.
    let c = boxed_canvas();
    let mut v = CanvasView::new(c.clone()).unwrap();
    v.resize(60.0, 30.0, 2.0).unwrap();
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    ctx.fill_rect(0.0, 0.0, 120.0, 60.0);
    v.begin_drawing();
    v.blit_raster(&raster(7), 10, 6, 40, 20).unwrap();
    v.end_drawing();
    assert_eq!(raster_layers(&c), vec![(20, 10, true)]);
    let alpha = |x: f64, y: f64| ctx.get_image_data(x, y, 1.0, 1.0).unwrap().data().0[3];
    assert_eq!(alpha(12.0, 8.0), 0, "no hole over the raster");
    assert_eq!(alpha(5.0, 8.0), 255, "the canvas is cleared outside the raster");
    // Two rasters in one drawing (a grid view's panels): two layers, both shown.
    v.begin_drawing();
    v.blit_raster(&raster(7), 10, 6, 40, 20).unwrap();
    v.blit_raster(&raster(8), 60, 6, 40, 20).unwrap();
    v.end_drawing();
    assert_eq!(raster_layers(&c), vec![(20, 10, true), (20, 10, true)]);
    // A drawing with one raster hides the second layer; one with none hides both.
    v.begin_drawing();
    v.blit_raster(&raster(7), 10, 6, 40, 20).unwrap();
    v.end_drawing();
    assert_eq!(raster_layers(&c), vec![(20, 10, true), (20, 10, false)]);
    v.begin_drawing();
    v.end_drawing();
    assert_eq!(raster_layers(&c), vec![(20, 10, false), (20, 10, false)]);
    // The canvas attached again (a PNG export re-attaches it) takes over its layers, none added.
    let w = CanvasView::new(c.clone()).unwrap();
    w.begin_drawing();
    w.blit_raster(&raster(9), 10, 6, 40, 20).unwrap();
    w.end_drawing();
    assert_eq!(raster_layers(&c), vec![(20, 10, true), (20, 10, false)]);
    // Off the box (a canvas for a PNG export): copied onto the canvas, no layer, no hole.
    let lone = canvas(10, 10);
    let mut u = CanvasView::new(lone.clone()).unwrap();
    u.resize(60.0, 30.0, 2.0).unwrap();
    u.begin_drawing();
    u.blit_raster(&raster(10), 10, 6, 40, 20).unwrap();
    u.end_drawing();
    let lctx: CanvasRenderingContext2d = lone.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    // Device pixel (12, 8) is sample (1, 1), number 21.
    assert_eq!(lctx.get_image_data(12.0, 8.0, 1.0, 1.0).unwrap().data().0.to_vec(), vec![21, 100, 50, 255]);
    assert!(lone.previous_element_sibling().map_or(true, |e| e.class_name() != "raster-layer"));
}
