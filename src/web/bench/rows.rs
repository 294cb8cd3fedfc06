//! A benchmark's rows as the runner prints them (`tests/bench/run.mjs`), and their median.

use wasm_bindgen::prelude::*;

use crate::web::boundary::js_err;

/// One row of a benchmark table, for the runner.
#[derive(serde::Serialize)]
pub struct Row {
    pub what: String,
    pub value: f64,
    pub unit: &'static str,
    pub target: &'static str,
    pub digits: u32,
}

pub fn rows_to_js(rows: &[Row]) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(rows).map_err(|e| js_err(e.to_string()))
}

pub fn median(mut v: Vec<f64>) -> f64 {
    crate::order::sort_f64(&mut v);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}
