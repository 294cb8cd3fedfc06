//! Tests of the theory core (issue 14, item 8, the parts that need no lab yet).

use super::*;
use crate::mlp::{Activation, InitConfig, Network, Workspace};
use crate::rng::{normal, seeded};

fn net(sizes: &[usize], act: Activation, seed: u64) -> Network {
    let mut n = Network::new(sizes, act).expect("network");
    n.initialize(&InitConfig::default(), &mut seeded(seed));
    // Non-zero biases, so their columns of J are tested too.
    let p = n.params().len();
    let mut r = seeded(seed + 100);
    for s in n.layers().to_vec() {
        for b in &mut n.params_mut()[s.b_range()] {
            *b = 0.1 * normal(&mut r);
        }
    }
    assert_eq!(n.params().len(), p);
    n
}

fn inputs(n: usize, d: usize, seed: u64) -> Vec<f64> {
    let mut r = seeded(seed);
    (0..n * d).map(|_| normal(&mut r)).collect()
}

/// J from back-propagation equals central finite differences of the network's own forward pass,
/// with 1, 2 and 3 hidden layers (2-9-1, 2-7-5-1, 2-6-5-4-1) and through skip connections
/// (2-5-5-5-1 with skips at the 2nd and 3rd hidden layer).
#[test]
fn the_jacobian_equals_finite_differences() {
    let shapes: [(&[usize], bool); 4] = [(&[2, 9, 1], false), (&[2, 7, 5, 1], false), (&[2, 6, 5, 4, 1], false), (&[2, 5, 5, 5, 1], true)];
    let cases = [Activation::Tanh, Activation::Sigmoid, Activation::Gelu, Activation::Relu, Activation::Linear].into_iter().flat_map(|a| shapes.map(|(s, r)| (a, s, r)));
    for (act, sizes, residual) in cases {
        let mut network = net(sizes, act, 3);
        network.set_residual(residual);
        let (n, d) = (6, 2);
        let x = inputs(n, d, 4);
        let j = jacobian(&network, &x, n).expect("J");
        let p = network.params().len();
        assert_eq!(j.len(), n * p);
        let h = 1e-6;
        let mut ws = Workspace::new();
        for k in 0..p {
            let w = network.params()[k];
            network.params_mut()[k] = w + h;
            let up = network.forward(&mut ws, &x, n).unwrap().to_vec();
            network.params_mut()[k] = w - h;
            let down = network.forward(&mut ws, &x, n).unwrap().to_vec();
            network.params_mut()[k] = w;
            for i in 0..n {
                let fd = (up[i] - down[i]) / (2.0 * h);
                let tol = 1e-6 * (1.0 + fd.abs());
                // ReLU's kink: a finite difference across it is not a derivative; none of these
                // random points sits within h of one (checked by the tolerance holding).
                assert!((j[i * p + k] - fd).abs() < tol, "{act:?} {sizes:?} (skips: {residual}): J[{i}, {k}] = {} vs finite difference {fd}", j[i * p + k]);
            }
        }
    }
    let two_out = net(&[2, 3, 2], Activation::Tanh, 1);
    assert!(jacobian(&two_out, &[0.0, 0.0], 1).is_err(), "one output only");
}

/// A linear model (one layer, no hidden units): the linearisation is exact, J = [X 1], and the
/// NTK's singular values are those of [X 1] from the shrinkage lab's SVD.
#[test]
fn for_a_linear_model_the_linearisation_is_exact_and_the_ntk_is_x_x_transpose() {
    let (n, d) = (9, 3);
    let network = net(&[d, 1], Activation::Tanh, 5);
    let x = inputs(n, d, 6);
    let mut lin = Linearised::at(&network, &x, n).expect("linearised");
    let xt: Vec<f64> = (0..n).flat_map(|i| x[i * d..(i + 1) * d].iter().copied().chain([1.0])).collect();
    assert_eq!(lin.j, xt, "J = [X 1] exactly");
    let y: Vec<f64> = (0..n).map(|i| (i as f64).sin()).collect();
    for _ in 0..50 {
        lin.gd_step(&y, 0.05);
    }
    let mut moved = network.clone();
    moved.params_mut().copy_from_slice(&lin.w);
    let f = moved.forward(&mut Workspace::new(), &x, n).unwrap().to_vec();
    for (a, b) in f.iter().zip(lin.outputs()) {
        assert!((a - b).abs() < 1e-12, "network {a} vs its linearisation {b}");
    }
    let xm = nalgebra::DMatrix::from_row_slice(n, d + 1, &xt);
    let shrink = crate::shrinkage::svd(&xm, &y).expect("svd");
    let s = lin.spectrum().singular_values();
    for (k, (a, b)) in s.iter().zip(&shrink.s).enumerate() {
        assert!((a - b).abs() < 1e-10 * shrink.s[0], "singular value {k}: NTK {a} vs shrinkage {b}");
    }
    assert!(s[d + 1..].iter().all(|&v| v < 1e-6), "rank d + 1: {s:?}");
}

/// Gradient descent on the linearised network after q steps equals the closed-form spectral
/// filter on the NTK: per eigendirection the residual shrinks by (1 − 2αs²/N)^q, i.e. the part
/// of y fitted is the GD filter 1 − (1 − α′s²)^q of lecture 001 with α′ = 2α/N.
#[test]
fn gd_on_the_linearisation_is_the_spectral_filter_on_the_ntk() {
    let (n, d) = (12, 2);
    let network = net(&[d, 16, 16, 1], Activation::Tanh, 7);
    let x = inputs(n, d, 8);
    let y: Vec<f64> = (0..n).map(|i| (x[i * d] * 2.0).sin() + 0.3 * x[i * d + 1]).collect();
    let mut lin = Linearised::at(&network, &x, n).expect("linearised");
    let spectrum = lin.spectrum();
    let alpha = 0.9 * n as f64 / (2.0 * spectrum.eigenvalues[0]);
    for q in 1..=40u32 {
        lin.gd_step(&y, alpha);
        if q % 10 == 0 {
            let measured: Vec<f64> = lin.outputs().iter().zip(&y).map(|(f, y)| f - y).collect();
            let predicted = lin.predicted_residual(&spectrum, &y, alpha, q);
            for (m, p) in measured.iter().zip(&predicted) {
                assert!((m - p).abs() < 1e-10, "q = {q}: measured residual {m} vs closed form {p}");
            }
        }
    }
    // The factor per direction is the shrinkage lab's GD filter with α′ = 2α/N.
    let s = spectrum.singular_values();
    let a2 = 2.0 * alpha / n as f64;
    let fitted = 1.0 - (1.0 - a2 * s[0] * s[0]).powi(7);
    assert!((fitted - crate::shrinkage::gd_filter(s[0], a2, 7.0)).abs() < 1e-14);
    assert!(spectrum.condition(1e-12) >= 1.0);
}

/// The kernel built row block by row block equals JJᵀ, and its spectrum equals `ntk_spectrum`'s.
#[test]
fn the_sliced_gram_equals_the_whole_product() {
    // 29 rows in 8 × 8 tiles (the smallest): 4 + 3 + 2 + 1 tiles on or above the diagonal,
    // thin ones (5 rows, by dot products) included.
    let (n, d) = (29, 1);
    let network = net(&[d, 40, 1], Activation::Tanh, 9);
    let x = inputs(n, d, 10);
    let j = jacobian(&network, &x, n).expect("J");
    let p = network.params().len();
    let mut g = GramBuild::new(n, p);
    let mut slices = 0;
    while !g.advance(&j, 3 * p) {
        slices += 1;
    }
    assert_eq!(slices, 9, "one tile per slice: the budget per slice is honoured");
    let a = g.spectrum();
    let b = ntk_spectrum(&j, n);
    let direct = nalgebra::DMatrix::from_row_slice(n, p, &j);
    let k = &direct * direct.transpose();
    for r in 0..n {
        for c in 0..n {
            assert!((g.kernel()[r * n + c] - k[(r, c)]).abs() < 1e-12 * k[(r, r)].max(1.0), "K[{r}, {c}]");
        }
    }
    for (k, (u, v)) in a.eigenvalues.iter().zip(&b.eigenvalues).enumerate() {
        assert!((u - v).abs() < 1e-10 * b.eigenvalues[0], "eigenvalue {k}: {u} vs {v}");
    }
}

/// The forward-mode tangent J(w)·d equals the Jacobian (by back-propagation) times d, also
/// through skip connections (2-6-6-6-1).
#[test]
fn the_tangent_equals_the_jacobian_times_the_direction() {
    for (act, residual) in [Activation::Tanh, Activation::Relu, Activation::Gelu].into_iter().flat_map(|a| [(a, false), (a, true)]) {
        let mut network = if residual { net(&[2, 6, 6, 6, 1], act, 11) } else { net(&[2, 9, 6, 1], act, 11) };
        network.set_residual(residual);
        let (n, d) = (7, 2);
        let x = inputs(n, d, 12);
        let p = network.params().len();
        let dir = inputs(p, 1, 13);
        let j = jacobian(&network, &x, n).expect("J");
        let t = jvp(&network, &x, n, &dir).expect("J·d");
        for i in 0..n {
            let want: f64 = j[i * p..(i + 1) * p].iter().zip(&dir).map(|(a, b)| a * b).sum();
            assert!((t[i] - want).abs() < 1e-12 * (1.0 + want.abs()), "{act:?} (skips: {residual}) example {i}: {} vs {want}", t[i]);
        }
    }
    assert!(jvp(&net(&[2, 3, 1], Activation::Tanh, 1), &[0.0, 0.0], 1, &[0.0; 3]).is_err(), "wrong direction length");
}

/// The tangent from a kept forward pass ([`TangentAt`]) is [`jvp`]'s, bit for bit, along
/// several directions, through every activation and skip connections.
#[test]
fn the_kept_forward_pass_gives_the_same_tangents_bit_for_bit() {
    for (act, residual) in Activation::ALL.into_iter().flat_map(|a| [(a, false), (a, true)]) {
        let mut network = if residual { net(&[2, 6, 6, 6, 1], act, 21) } else { net(&[1, 40, 1], act, 21) };
        network.set_residual(residual);
        let (n, d) = (9, network.inputs());
        let x = inputs(n, d, 22);
        let kept = TangentAt::new(&network, &x, n).expect("forward pass");
        assert_eq!(kept.len(), n);
        let p = network.params().len();
        for seed in [23, 24, 25] {
            let dir = inputs(p, 1, seed);
            let want = jvp(&network, &x, n, &dir).expect("J·d");
            let got = kept.jvp(&dir).expect("J·d");
            assert_eq!(got.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), want.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), "{act:?} (skips: {residual})");
        }
        assert!(kept.jvp(&[0.0; 3]).is_err(), "wrong direction length");
    }
    assert!(TangentAt::new(&net(&[2, 3, 1], Activation::Tanh, 1), &[0.0], 1).is_err(), "too few inputs");
}

/// Issue 14 item 9: the Jacobian spectrum for N = 200, P ≈ 10,000 recomputes within 200 ms of
/// work. Measured natively (test profile, opt-level 2); the page's wasm is slower (about 2×).
/// Run with `cargo test --lib the_jacobian_spectrum_at_n_200 -- --ignored --nocapture`.
#[test]
#[ignore]
fn the_jacobian_spectrum_at_n_200_p_10k_is_fast() {
    use std::time::Instant;
    // 1-98-98-1: P = 9,997, the lab's largest N·P at N = 200 (its activations budget refuses
    // one hidden layer of 3,333 on 200 points).
    let n = 200;
    let network = net(&[1, 98, 98, 1], Activation::Tanh, 21);
    let p = network.params().len();
    assert_eq!(p, 9_997);
    let x = inputs(n, 1, 22);
    let mut best = [f64::INFINITY; 3];
    for _ in 0..5 {
        let t = Instant::now();
        let j = jacobian(&network, &x, n).expect("J");
        let tj = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let mut g = GramBuild::new(n, p);
        let mut longest = 0.0f64;
        loop {
            let s = Instant::now();
            let done = g.advance(&j, 2_000_000);
            longest = longest.max(s.elapsed().as_secs_f64() * 1e3);
            if done {
                break;
            }
        }
        let tk = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let sp = g.spectrum();
        let te = t.elapsed().as_secs_f64() * 1e3;
        assert!(sp.eigenvalues[0] > 0.0);
        eprintln!("J {tj:.1} ms, JJᵀ {tk:.1} ms (longest slice {longest:.2} ms), eigen {te:.1} ms");
        best = [best[0].min(tj), best[1].min(tk), best[2].min(te)];
    }
    let total = best.iter().sum::<f64>();
    eprintln!("best: J {:.1} ms + JJᵀ {:.1} ms + eigen {:.1} ms = {total:.1} ms", best[0], best[1], best[2]);
    assert!(total < 200.0, "{total} ms");
}
