//! # Descent Lab
//!
//! Optimization for machine learning, seen and touched in the browser.
//!
//! The crate is layered as in `DESIGN.md`; dependencies point one way, top to bottom:
//!
//! | layer | folders | may use |
//! | --- | --- | --- |
//! | numeric core | [`landscape`], [`optim`], [`param`], [`shrinkage`], [`mlp`], [`rng`] | std, serde, rand, nalgebra |
//! | lab logic | [`lab`] (widget state, URL codec, racing/training orchestration) | the core |
//! | render | [`render`] (plotters charts on any backend, RGBA rasters) | the core, plotters |
//! | web | `web` (wasm-bindgen handles, canvas plumbing, error boundary; wasm32 only) | everything above |
//!
//! Everything except `web` builds and tests natively with `cargo test`.

pub mod expr;
pub mod lab;
pub mod landscape;
pub mod mlp;
pub mod optim;
pub mod order;
pub mod param;
pub mod render;
pub mod rng;
pub mod shrinkage;
pub mod theory;
pub mod work;

#[cfg(target_arch = "wasm32")]
pub mod web;
