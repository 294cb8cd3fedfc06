//! Lab logic: each widget's state (a serde struct that round-trips through the URL) and orchestration.

pub mod url;
pub mod widget;
pub mod mlp;
