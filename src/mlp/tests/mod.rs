//! Tests of the MLP core that span several files.

mod gradcheck;
