//! The web layer: wasm-bindgen bindings, canvas plumbing and the error boundary (wasm32 only).
//!
//! The page talks to one class, [`handle::Lab`], whatever the lab: it opens a widget by name
//! from the URL query, asks it for views and controls, forwards input, and calls `render`.

pub mod backend;
#[cfg(feature = "bench")]
pub mod bench;
pub mod boundary;
pub mod canvas;
pub mod handle;
pub mod layers;
pub mod page_backend;
pub mod raster_layer;
pub mod registry;
pub mod svg;
