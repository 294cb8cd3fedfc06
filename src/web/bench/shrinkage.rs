//! The shrinkage lab's benchmark: the SVD of a new data set.

use wasm_bindgen::prelude::*;

use super::now;
use super::rows::{median, rows_to_js, Row};
use crate::web::boundary::js_err;

/// Shrinkage lab: the SVD of a new N = 2,000, p = 200 data set (design matrix built first).
#[wasm_bindgen(js_name = benchShrinkage)]
pub fn bench_shrinkage() -> Result<JsValue, JsError> {
    use crate::shrinkage::{design_matrix, generate, svd, DataConfig};
    let cfg = DataConfig { n: 2000, p: 200, ..DataConfig::default() };
    let data = generate(&cfg).map_err(js_err)?;
    let x = design_matrix(&cfg.features(), &data.x);
    let mut times = Vec::new();
    for _ in 0..5 {
        let t0 = now();
        let s = svd(&x, &data.y).map_err(js_err)?;
        times.push(now() - t0);
        std::hint::black_box(s.s.len());
    }
    rows_to_js(&[Row { what: "Shrinkage: SVD of a new data set (N = 2,000, p = 200; QR then SVD of R)".into(), value: median(times), unit: "ms", target: "≤ 200", digits: 1 }])
}

