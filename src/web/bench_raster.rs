//! The raster benchmark of issue 12, item 4 (`tests/bench/raster.mjs`): the lab's heatmap with
//! contours at 800×600 and 1600×1200 samples and its MLP decision surface at 200×200, each timed
//! with and without putting it on a canvas, so the page can print them beside plain-JS baselines
//! doing the same maths at the same sample count. Nothing here is used by the page itself.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::boundary::js_err;
use super::canvas::CanvasView;
use crate::landscape::LandscapeConfig;
use crate::render::colormap::ColorMap;
use crate::render::heatmap::{Heatmap, Scaling};
use crate::render::landscape::RasterCache;
use crate::render::mlp::SurfaceCache;

fn now() -> f64 {
    super::handle::now_ms()
}

/// `reps` repetitions of the three rasters. `heat` is an 800×600-CSS-pixel canvas at
/// devicePixelRatio 2 (1600×1200 device pixels), `surface` a 200×200 canvas. Per repetition, in ms:
/// `[heat 800×600 computed, … on the canvas, heat 1600×1200 computed, … on the canvas,
/// surface 200×200 computed, … on the canvas, and the parts of the 800×600 heatmap computed one at a
/// time: values, colour scale fitted, shading (colours and contours)]`. "Computed" is the lab's raster code alone (values,
/// log colour scale, contours / forward passes, softmax, colours) into its RGBA buffer; "on the
/// canvas" adds drawing it and waiting until the canvas has rasterised it (one pixel read back).
/// The heatmap is Rosenbrock over its default view; the surface a 2-16-16-2 tanh network after 50
/// full-batch Adam steps on the circles data (500 points), over [−1.5, 1.5]².
#[wasm_bindgen(js_name = benchRasters)]
pub fn bench_rasters(heat: HtmlCanvasElement, surface: HtmlCanvasElement, reps: u32) -> Result<Vec<f64>, JsError> {
    use crate::mlp::{Activation, DataConfig, DataKind, Grid, MlpConfig, Trainer};
    let mut hv = CanvasView::new(heat).map_err(js_err)?;
    hv.resize(800.0, 600.0, 2.0).map_err(js_err)?;
    let (w, h) = hv.device_size();
    let mut sv = CanvasView::new(surface).map_err(js_err)?;
    sv.resize(200.0, 200.0, 1.0).map_err(js_err)?;
    let land = LandscapeConfig::Rosenbrock.build().map_err(js_err)?;
    let view = land.default_view();
    let data = DataConfig { kind: DataKind::Circles, n: 500, val_fraction: 0.0, ..DataConfig::default() };
    let cfg = MlpConfig { hidden: vec![16, 16], activation: Activation::Tanh, batch_size: 0, data, ..MlpConfig::default() };
    let mut trainer = Trainer::new(cfg).map_err(js_err)?;
    trainer.run_steps(50);
    let net = trainer.network();
    if net.outputs() != 2 {
        return Err(js_err(format!("the benchmark network has {} outputs, not 2", net.outputs())));
    }
    let grid = Grid { x_min: -1.5, x_max: 1.5, y_min: -1.5, y_max: 1.5, nx: 200, ny: 200 };
    let mut cache = RasterCache::default();
    let mut surf = SurfaceCache::new();
    let (mut values, mut heatmap, cmap) = (Vec::new(), Heatmap::default(), ColorMap::viridis_light());
    let mut out = Vec::new();
    for _ in 0..reps {
        for block in [2, 1] {
            cache.invalidate();
            let t0 = now();
            let r = cache.raster(&land, &view, w as usize, h as usize, block);
            let t1 = now();
            hv.begin_drawing();
            hv.blit_raster(&r, 0, 0, w, h).map_err(js_err)?;
            hv.end_drawing();
            hv.flush();
            out.extend([t1 - t0, now() - t0]);
        }
        surf.invalidate();
        let t0 = now();
        let rgba = surf.shade(net, &grid, 200, 200).map_err(js_err)?;
        let t1 = now();
        sv.blit(rgba, 200, 200, 0, 0).map_err(js_err)?;
        sv.flush();
        out.extend([t1 - t0, now() - t0]);
        let (cw, ch) = (w as usize / 2, h as usize / 2);
        values.resize(cw * ch, 0.0);
        let t0 = now();
        land.value_grid(&view, cw, ch, &mut values);
        let t1 = now();
        let scaling = Scaling::fit(&values, Some(land.min_value() as f32));
        let t2 = now();
        heatmap.shade(&values, cw, ch, &scaling, 24, &cmap);
        out.extend([t1 - t0, t2 - t1, now() - t2]);
    }
    Ok(out)
}
