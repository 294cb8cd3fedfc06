//! 2-D loss landscapes with analytic value, gradient and Hessian (lectures 002, 003).
