//! The single-precision path ([`crate::mlp::fast32`]) against the double-precision one: the same
//! gradients up to f32 rounding at every batch size (the padding to 16 examples adds nothing),
//! and the same loss curves (same data, seed and steps) for every activation, both losses and
//! several widths, minibatch and full batch, to a stated tolerance.

use crate::mlp::data::{DataConfig, DataKind};
use crate::mlp::{fast32, Activation, InitConfig, Loss, MlpConfig, Network, Precision, Task, Trainer, Workspace};
use crate::optim::{AdamConfig, OptimizerConfig};

/// ‖a − b‖∞ / max(‖b‖∞, 1e-3).
fn rel_inf(a: &[f64], b: &[f64]) -> f64 {
    let d = a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max);
    let m = b.iter().map(|y| y.abs()).fold(0.0, f64::max);
    d / m.max(1e-3)
}

#[test]
fn gradients_match_f64_at_every_batch_size() {
    let data = DataConfig { kind: DataKind::Spiral, n: 600, arms: 3, ..DataConfig::default() }.generate().expect("data");
    for act in Activation::ALL {
        for (hidden, loss, classes) in [(vec![16, 16], Loss::CrossEntropy, true), (vec![5, 33, 7], Loss::Mse, true), (vec![16, 16], Loss::Mse, false)] {
            let mut sizes = vec![2];
            sizes.extend(&hidden);
            sizes.push(if classes { 3 } else { 1 });
            let task = if classes { Task::Classification { classes: 3 } } else { Task::Regression };
            let mut net = Network::new(&sizes, act).expect("net");
            net.initialize(&InitConfig::default(), &mut crate::rng::seeded(7));
            let (mut ws, mut ws32) = (Workspace::new(), fast32::Workspace32::new());
            // Sizes below, at and across the padding (16) and the kernels' example block (256).
            for n in [1usize, 3, 4, 15, 16, 17, 33, 255, 256, 257, 600] {
                let (x, y) = (&data.x()[..2 * n], &data.y()[..n]);
                let l64 = net.loss_and_grad(&mut ws, x, y, n, task, loss).expect("f64");
                let g64 = net.grads().to_vec();
                let l32 = fast32::loss_and_grad(&mut net, &mut ws32, x, y, n, task, loss).expect("f32");
                let g32 = net.grads().to_vec();
                // f32 rounding (u = 6e-8) over sums of up to 600 × 33 terms and a few layers: the
                // loss to 1e-5 relative, the gradient to 1e-4 of its largest entry (measured: ≤ 2e-6).
                assert!(((l32 - l64) / l64.abs().max(1e-3)).abs() < 1e-5, "{act:?} {hidden:?} n={n}: loss {l32} vs {l64}");
                let e = rel_inf(&g32, &g64);
                assert!(e < 1e-4, "{act:?} {hidden:?} {loss:?} n={n}: gradient off by {e:e}");
                let out64 = net.forward(&mut ws, x, n).expect("f64").to_vec();
                let out32 = fast32::forward(&net, &mut ws32, x, n).expect("f32").to_vec();
                assert!(rel_inf(&out32, &out64) < 1e-5, "{act:?} n={n}: outputs");
            }
        }
    }
}

#[test]
fn loss_curves_match_f64() {
    // Same data, seed and steps in both precisions: the minibatch losses of every step agree to 1e-4
    // relative over 150 steps (f32 rounding, ~1e-7 per pass, compounds through the optimizer's
    // trajectory; measured at most 1.2e-6, GELU on the sine data).
    for act in Activation::ALL {
        for (kind, hidden, batch) in [(DataKind::Circles, vec![16, 16], 0), (DataKind::Spiral, vec![32, 8], 64), (DataKind::Sine, vec![24], 0)] {
            let cfg = MlpConfig {
                hidden,
                activation: act,
                batch_size: batch,
                optimizer: OptimizerConfig::Adam(AdamConfig { lr: 0.01, ..AdamConfig::default() }),
                data: DataConfig { kind, n: 300, ..DataConfig::default() },
                ..MlpConfig::default()
            };
            let mut a = Trainer::new(cfg.clone()).expect("valid");
            let mut b = Trainer::new(cfg).expect("valid");
            b.set_precision(Precision::F32);
            assert_eq!(b.precision(), Precision::F32);
            let mut worst: f64 = 0.0;
            for step in 0..150 {
                let (la, lb) = (a.step().expect("f64 step"), b.step().expect("f32 step"));
                let e = ((la - lb) / la.abs().max(1e-3)).abs();
                worst = worst.max(e);
                assert!(e < 1e-4, "{act:?} {kind:?} step {step}: f64 {la} vs f32 {lb}");
            }
            let (sa, sb) = (a.snapshot(), b.snapshot());
            assert!(((sa.train_loss - sb.train_loss) / sa.train_loss.max(1e-3)).abs() < 1e-4, "{act:?} {kind:?}: {sa:?} vs {sb:?}");
            eprintln!("{act:?} {kind:?}: worst relative loss difference {worst:.1e}");
        }
    }
}

/// With skip connections the f32 path computes what the f64 one does (same tolerances as above).
#[test]
fn residual_networks_match_f64_in_f32() {
    let data = DataConfig { kind: DataKind::Spiral, n: 300, arms: 3, ..DataConfig::default() }.generate().expect("data");
    for act in Activation::ALL {
        let mut net = Network::new(&[2, 16, 16, 16, 3], act).expect("net");
        net.set_residual(true);
        net.initialize(&InitConfig::default(), &mut crate::rng::seeded(9));
        let (mut ws, mut ws32) = (Workspace::new(), fast32::Workspace32::new());
        let task = Task::Classification { classes: 3 };
        for n in [1usize, 17, 300] {
            let (x, y) = (&data.x()[..2 * n], &data.y()[..n]);
            let l64 = net.loss_and_grad(&mut ws, x, y, n, task, Loss::CrossEntropy).expect("f64");
            let g64 = net.grads().to_vec();
            let l32 = fast32::loss_and_grad(&mut net, &mut ws32, x, y, n, task, Loss::CrossEntropy).expect("f32");
            assert!(((l32 - l64) / l64.abs().max(1e-3)).abs() < 1e-5, "{act:?} n={n}: loss {l32} vs {l64}");
            let e = rel_inf(net.grads(), &g64);
            assert!(e < 1e-4, "{act:?} n={n}: gradient off by {e:e}");
            let out64 = net.forward(&mut ws, x, n).expect("f64").to_vec();
            let out32 = fast32::forward(&net, &mut ws32, x, n).expect("f32").to_vec();
            assert!(rel_inf(&out32, &out64) < 1e-5, "{act:?} n={n}: outputs");
        }
    }
}

/// The fused passes (products and σ, products and σ' in one pass over the tiles) give the bits of
/// the products followed by the separate pass, for every activation they take, at row counts and
/// example counts that reach each tile shape (4 × 8, 1 × 16 and the last 1 × 8) and the block of
/// examples; and they decline (computing nothing) for the others.
#[test]
fn the_fused_activation_passes_give_the_separate_passes_bits() {
    use crate::mlp::fast32::{activate, activate_back, panel, panel_activate, panel_activate_back, Strided};
    let mut rng = crate::rng::seeded(3);
    let mut r = move || rand::Rng::gen_range(&mut rng, -2.0f32..2.0);
    for (rows, cols, np) in [(16usize, 2usize, 504usize), (7, 16, 24), (5, 3, 1032), (1, 9, 8)] {
        let inp: Vec<f32> = (0..cols * np).map(|_| r()).collect();
        let w: Vec<f32> = (0..rows * cols).map(|_| r()).collect();
        let bias: Vec<f32> = (0..rows).map(|_| r()).collect();
        let a_in: Vec<f32> = (0..rows * np).map(|_| r() * 0.5).collect();
        let m = Strided { data: &w, rs: cols, cs: 1 };
        for act in Activation::ALL {
            let (mut z0, mut a0) = (vec![0f32; rows * np], vec![0f32; rows * np]);
            panel(&mut z0, &inp, m, rows, cols, np, np, Some(&bias));
            activate(act, &z0, &mut a0);
            let (mut z1, mut a1) = (vec![9f32; rows * np], vec![9f32; rows * np]);
            let fused = panel_activate(act, &mut z1, &mut a1, &inp, m, rows, cols, np, Some(&bias));
            assert_eq!(fused, matches!(act, Activation::Tanh | Activation::Sigmoid), "{act:?}");
            if fused {
                assert!(z0.iter().zip(&z1).all(|(x, y)| x.to_bits() == y.to_bits()), "{act:?} {rows}×{cols}×{np}: z");
                assert!(a0.iter().zip(&a1).all(|(x, y)| x.to_bits() == y.to_bits()), "{act:?} {rows}×{cols}×{np}: σ(z)");
            } else {
                assert!(z1.iter().chain(&a1).all(|&v| v == 9.0), "{act:?}: declined but wrote");
            }
            let mut d0 = vec![0f32; rows * np];
            panel(&mut d0, &inp, m, rows, cols, np, np, None);
            activate_back(act, &z0, &a_in, &mut d0);
            let mut d1 = vec![9f32; rows * np];
            let fused = panel_activate_back(act, &mut d1, &a_in, &inp, m, rows, cols, np);
            assert_eq!(fused, matches!(act, Activation::Tanh | Activation::Sigmoid), "{act:?} back");
            if fused {
                assert!(d0.iter().zip(&d1).all(|(x, y)| x.to_bits() == y.to_bits()), "{act:?} {rows}×{cols}×{np}: δ");
            }
        }
    }
}
