//! Contract tests of the Shrinkage lab widget, by theme: links and presets, settings and their
//! messages, control keys, the work done in slices, and the data view's pointer input.

mod keys;
mod links;
mod pointer;
mod settings;
mod typed;
mod work;
