//! The raster benchmark of issue 12, item 4 (`tests/bench/raster.mjs`): the lab's heatmap with
//! contours at 800×600 and 1600×1200 samples (in the optimizer lab's module) and its MLP decision
//! surface at 200×200 (in the MLP lab's), each timed with and without putting it on a canvas, so
//! the page can print them beside plain-JS baselines doing the same maths at the same sample count.
//! "Computed" is the lab's raster code alone (values, log colour scale, contours / forward passes,
//! softmax, colours) into its RGBA buffer; "on the canvas" adds drawing it and waiting until the
//! canvas has rasterised it (one pixel read back).

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::now;
use crate::web::{boundary::js_err, canvas::CanvasView};

/// `reps` repetitions of the heatmap. `heat` is an 800×600-CSS-pixel canvas at devicePixelRatio 2
/// (1600×1200 device pixels). Per repetition, in ms: `[800×600 computed, … on the canvas,
/// 1600×1200 computed, … on the canvas, and the parts of the 800×600 heatmap computed one at a
/// time: values, colour scale fitted, shading (colours and contours)]`. The heatmap is Rosenbrock
/// over its default view.
#[cfg(feature = "optimizer")]
#[wasm_bindgen(js_name = benchHeatmaps)]
pub fn bench_heatmaps(heat: HtmlCanvasElement, reps: u32) -> Result<Vec<f64>, JsError> {
    use crate::landscape::LandscapeConfig;
    use crate::render::colormap::ColorMap;
    use crate::render::heatmap::{Heatmap, Scaling};
    use crate::render::landscape::RasterCache;
    let mut hv = CanvasView::new(heat).map_err(js_err)?;
    hv.resize(800.0, 600.0, 2.0).map_err(js_err)?;
    let (w, h) = hv.device_size();
    let land = LandscapeConfig::Rosenbrock.build().map_err(js_err)?;
    let view = land.default_view();
    let mut cache = RasterCache::default();
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

/// `reps` repetitions of the decision surface on `surface`, a 200×200 canvas. Per repetition, in
/// ms: `[computed, on the canvas]`. The surface is that of a 2-16-16-2 tanh network after 50
/// full-batch Adam steps on the circles data (500 points), over [−1.5, 1.5]².
#[cfg(feature = "mlp")]
#[wasm_bindgen(js_name = benchSurface)]
pub fn bench_surface(surface: HtmlCanvasElement, reps: u32) -> Result<Vec<f64>, JsError> {
    use crate::mlp::{Activation, DataConfig, DataKind, Grid, MlpConfig, Trainer};
    use crate::render::mlp::SurfaceCache;
    let mut sv = CanvasView::new(surface).map_err(js_err)?;
    sv.resize(200.0, 200.0, 1.0).map_err(js_err)?;
    let data = DataConfig { kind: DataKind::Circles, n: 500, val_fraction: 0.0, ..DataConfig::default() };
    let cfg = MlpConfig { hidden: vec![16, 16], activation: Activation::Tanh, batch_size: 0, data, ..MlpConfig::default() };
    let mut trainer = Trainer::new(cfg).map_err(js_err)?;
    trainer.run_steps(50);
    let net = trainer.network();
    if net.outputs() != 2 {
        return Err(js_err(format!("the benchmark network has {} outputs, not 2", net.outputs())));
    }
    let grid = Grid { x_min: -1.5, x_max: 1.5, y_min: -1.5, y_max: 1.5, nx: 200, ny: 200 };
    let mut surf = SurfaceCache::new();
    let mut out = Vec::new();
    for _ in 0..reps {
        surf.invalidate();
        let t0 = now();
        let rgba = surf.shade(net, &grid, 200, 200).map_err(js_err)?;
        let t1 = now();
        sv.blit(rgba, 200, 200, 0, 0).map_err(js_err)?;
        sv.flush();
        out.extend([t1 - t0, now() - t0]);
    }
    Ok(out)
}
