//! Benchmarks run in the browser by `make bench` (tests/bench/*.mjs). Each returns the
//! per-repetition times in milliseconds, measured with `performance.now()`; the runner prints
//! medians. Nothing here is used by the page itself.
//!
//! A lab's wasm module (`scripts/lab-modules.mjs`) carries the benchmarks of its own lab, so that
//! `make bench` times the code a student downloads: each file here is compiled only with its lab.

use wasm_bindgen::prelude::*;

#[cfg(feature = "mlp")]
pub mod mlp;
#[cfg(any(feature = "mlp", feature = "shrinkage"))]
mod rows;
#[cfg(feature = "optimizer")]
pub mod optimizer;
#[cfg(any(feature = "optimizer", feature = "mlp"))]
pub mod rasters;
#[cfg(feature = "shrinkage")]
pub mod shrinkage;

#[cfg(any(feature = "optimizer", feature = "mlp", feature = "shrinkage"))]
fn now() -> f64 {
    super::handle::now_ms()
}

/// Bytes of linear memory the wasm module holds now (for the memory soak of `make bench`).
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) as f64) * 65536.0
}

