//! Least squares, ridge, PCA and gradient descent as spectral filters (lecture 001).
