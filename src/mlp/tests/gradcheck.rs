//! Backpropagation = central finite differences, for every activation and both losses.

use crate::mlp::{Activation, InitConfig, InitKind, Loss, Network, Task, Workspace};
use crate::rng::{normal, seeded};

/// Compares every ∂L/∂θ of a 3-4-5-K network on 7 random examples with
/// (L(θ + h e_p) − L(θ − h e_p)) / 2h, h = 1e-6.
/// Central differences have truncation error O(h²) ≈ 1e-12 and rounding error ≈ ε·L/h ≈ 1e-10, so a
/// mixed tolerance 1e-7·(1 + |g|) is far above both yet far below any real backprop mistake.
fn check(act: Activation, task: Task, loss: Loss) {
    let k = task.outputs();
    let mut net = Network::new(&[3, 4, 5, k], act).expect("valid sizes");
    let mut rng = seeded(11);
    net.initialize(&InitConfig { kind: InitKind::Custom, scale: 0.8, ..InitConfig::default() }, &mut rng);
    // Non-zero biases so that the bias paths are exercised too.
    for s in net.layers().to_vec() {
        for p in &mut net.params_mut()[s.b_range()] {
            *p = 0.3 * normal(&mut rng);
        }
    }
    let n = 7;
    let x: Vec<f64> = (0..n * 3).map(|_| normal(&mut rng)).collect();
    let y: Vec<f64> = match task {
        Task::Regression => (0..n).map(|_| normal(&mut rng)).collect(),
        Task::Classification { classes } => (0..n).map(|i| (i % classes) as f64).collect(),
    };
    assert_backprop_is_finite_differences(&mut net, &x, &y, n, task, loss, &format!("{act:?} {loss:?}"));
}

/// Every ∂L/∂θ of `net` on (x, y) against (L(θ + h e_p) − L(θ − h e_p)) / 2h, h = 1e-6, within
/// 1e-7·(1 + |g|) (see [`check`] for why).
fn assert_backprop_is_finite_differences(net: &mut Network, x: &[f64], y: &[f64], n: usize, task: Task, loss: Loss, what: &str) {
    let mut ws = Workspace::new();
    net.loss_and_grad(&mut ws, x, y, n, task, loss).expect("shapes ok");
    let analytic = net.grads().to_vec();
    let h = 1e-6;
    for p in 0..analytic.len() {
        let orig = net.params()[p];
        net.params_mut()[p] = orig + h;
        let lp = net.loss_and_grad(&mut ws, x, y, n, task, loss).expect("ok");
        net.params_mut()[p] = orig - h;
        let lm = net.loss_and_grad(&mut ws, x, y, n, task, loss).expect("ok");
        net.params_mut()[p] = orig;
        let fd = (lp - lm) / (2.0 * h);
        let g = analytic[p];
        assert!((fd - g).abs() < 1e-7 * (1.0 + g.abs()), "{what} param {p}: backprop {g} vs finite difference {fd}");
    }
}

#[test]
fn backprop_matches_finite_differences_all_activations_and_losses() {
    for act in Activation::ALL {
        check(act, Task::Regression, Loss::Mse);
        check(act, Task::Classification { classes: 3 }, Loss::CrossEntropy);
        check(act, Task::Classification { classes: 2 }, Loss::Mse);
    }
}

#[test]
fn relu_gradcheck_avoids_kinks() {
    // ReLU is not differentiable at 0; the check above would only fail if some z sat within h of 0.
    // With continuous random inputs that has probability ~0, this test documents the assumption.
    check(Activation::Relu, Task::Classification { classes: 4 }, Loss::CrossEntropy);
}

/// Skip connections (a_l = a_{l−1} + σ(z_l) for hidden layers after the first whose input has
/// their width): the forward pass is that definition, computed here by hand for one example; and
/// back-propagation through the skips equals central finite differences (same tolerance as
/// above), for every activation and both losses, on a 3-5-5-5-4-K network (skips at the 2nd and
/// 3rd hidden layer only).
#[test]
fn residual_forward_is_as_defined_and_backprop_matches_finite_differences() {
    for act in Activation::ALL {
        for (task, loss) in [(Task::Regression, Loss::Mse), (Task::Classification { classes: 3 }, Loss::CrossEntropy)] {
            let k = task.outputs();
            let mut net = Network::new(&[3, 5, 5, 5, 4, k], act).expect("valid sizes");
            net.set_residual(true);
            assert_eq!((0..5).map(|l| net.skips(l)).collect::<Vec<_>>(), [false, true, true, false, false]);
            let mut rng = seeded(21);
            net.initialize(&InitConfig { kind: InitKind::Custom, scale: 0.6, ..InitConfig::default() }, &mut rng);
            for s in net.layers().to_vec() {
                for p in &mut net.params_mut()[s.b_range()] {
                    *p = 0.3 * normal(&mut rng);
                }
            }
            let n = 6;
            let x: Vec<f64> = (0..n * 3).map(|_| normal(&mut rng)).collect();
            // The definition, by hand, for example 0.
            let mut a = x[..3].to_vec();
            for (l, s) in net.layers().iter().enumerate() {
                let (w, b) = (&net.params()[s.w_range()], &net.params()[s.b_range()]);
                let z: Vec<f64> = (0..s.fan_out).map(|j| b[j] + (0..s.fan_in).map(|i| w[j * s.fan_in + i] * a[i]).sum::<f64>()).collect();
                a = match l {
                    4 => z,
                    1 | 2 => z.iter().zip(&a).map(|(z, p)| p + act.apply(*z)).collect(),
                    _ => z.iter().map(|z| act.apply(*z)).collect(),
                };
            }
            let mut ws = Workspace::new();
            let out = net.forward(&mut ws, &x, n).expect("forward")[..k].to_vec();
            for (o, h) in out.iter().zip(&a) {
                assert!((o - h).abs() <= 1e-14 * (1.0 + h.abs()), "{act:?}: forward {o} vs definition {h}");
            }
            let mut plain = net.clone();
            plain.set_residual(false);
            assert_ne!(plain.forward(&mut Workspace::new(), &x, n).expect("forward")[..k].to_vec(), out, "skips change the output");
            let y: Vec<f64> = match task {
                Task::Regression => (0..n).map(|_| normal(&mut rng)).collect(),
                Task::Classification { classes } => (0..n).map(|i| (i % classes) as f64).collect(),
            };
            assert_backprop_is_finite_differences(&mut net, &x, &y, n, task, loss, &format!("{act:?} {loss:?} with skips"));
        }
    }
}
