//! Optimizers over parameter blocks, shared by the optimizer lab and the MLP lab (lectures 002–004).
