//! Tests of the MLP core that span several files.

mod bench;
mod fast32;
mod gradcheck;
mod training;
