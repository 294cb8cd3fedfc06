//! Relative updates (lecture 003, "NN perturbation bounds"): how far one optimizer step may go
//! before the gradient changes a lot.
//!
//! For a network whose output is, to zeroth order, a product over its layers, the lecture models
//! the relative change of the gradient after a step ΔW as
//!
//!   ‖∇𝓛(W + ΔW) − ∇𝓛(W)‖ / ‖∇𝓛(W)‖  ≲  Π_l (1 + ‖ΔW_l‖/‖W_l‖) − 1,
//!
//! so an optimizer should keep each layer's relative update ‖ΔW_l‖/‖W_l‖ small — and, per neuron,
//! Nero rotates each neuron's weight vector on its sphere by a small angle (about half a degree
//! per step at its default α = 0.01).
//!
//! [`measure_step`] takes one step of a [`Trainer`] (its optimizer, schedule and minibatch) and
//! measures both sides on the full training set. Layer l's parameters are W_l with b_l (norms
//! over both), so the model accounts for every parameter the step moves; the gradient is that of
//! the training loss without any L2 term.

use crate::mlp::{MlpError, Network, Trainer, Workspace};

/// What one step did.
#[derive(Clone, Debug, PartialEq)]
pub struct RelativeStep {
    /// The step measured (the trainer's step count before it).
    pub step: u64,
    /// ‖∇𝓛(W + ΔW) − ∇𝓛(W)‖ / ‖∇𝓛(W)‖ on the full training set.
    pub measured: f64,
    /// Π_l (1 + ‖ΔW_l‖/‖W_l‖) − 1.
    pub model: f64,
    /// ‖ΔW_l‖/‖W_l‖ per layer (weights with biases).
    pub per_layer: Vec<f64>,
    /// Per layer, the median over its neurons of the angle (degrees) between the neuron's
    /// incoming weight vector before and after the step (biases not included).
    pub neuron_angle_deg: Vec<f64>,
}

/// The full-batch gradient of the training loss at the network's weights.
fn full_gradient(trainer: &Trainer, net: &mut Network) -> Result<Vec<f64>, MlpError> {
    let d = trainer.train_set();
    let task = trainer.task();
    let loss = trainer.config().loss.resolve(task).ok_or_else(|| MlpError::Config("the loss does not fit the task".into()))?;
    net.loss_and_grad(&mut Workspace::new(), d.x(), d.y(), d.len(), task, loss)?;
    Ok(net.grads().to_vec())
}

fn norm(v: impl Iterator<Item = f64>) -> f64 {
    v.map(|x| x * x).sum::<f64>().sqrt()
}

/// Takes one step of `trainer` and measures it; `Ok(None)` if the trainer has halted (diverged
/// or finished) and took no step.
pub fn measure_step(trainer: &mut Trainer) -> Result<Option<RelativeStep>, MlpError> {
    let step = trainer.step_count();
    let before = trainer.network().clone();
    let g0 = full_gradient(trainer, &mut before.clone())?;
    trainer.step();
    if trainer.step_count() == step {
        return Ok(None);
    }
    let after = trainer.network().clone();
    let g1 = full_gradient(trainer, &mut after.clone())?;
    let g_norm = norm(g0.iter().copied());
    let measured = norm(g0.iter().zip(&g1).map(|(a, b)| b - a)) / g_norm;
    let (w0, w1) = (before.params(), after.params());
    let mut per_layer = Vec::new();
    let mut neuron_angle_deg = Vec::new();
    for s in before.layers() {
        let ranges = [s.w_range(), s.b_range()];
        let size = norm(ranges.iter().flat_map(|r| w0[r.clone()].iter().copied()));
        let change = norm(ranges.iter().flat_map(|r| r.clone().map(|i| w1[i] - w0[i])));
        per_layer.push(change / size);
        let mut angles: Vec<f64> = (0..s.fan_out)
            .map(|row| {
                let r = s.w_offset + row * s.fan_in..s.w_offset + (row + 1) * s.fan_in;
                let (a, b) = (&w0[r.clone()], &w1[r]);
                let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
                let cos = dot / (norm(a.iter().copied()) * norm(b.iter().copied()));
                cos.clamp(-1.0, 1.0).acos().to_degrees()
            })
            .collect();
        angles.sort_by(f64::total_cmp);
        neuron_angle_deg.push(angles.get(angles.len() / 2).copied().unwrap_or(f64::NAN));
    }
    let model = per_layer.iter().map(|r| 1.0 + r).product::<f64>() - 1.0;
    Ok(Some(RelativeStep { step, measured, model, per_layer, neuron_angle_deg }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlp::{Activation, DataConfig, DataKind, InitConfig, InitKind, MlpConfig};
    use crate::optim::OptimizerConfig;

    fn trainer(optimizer: &str, lr: f64, seed: u64) -> Trainer {
        let mut optimizer: OptimizerConfig = serde_json::from_value(serde_json::json!({ "kind": optimizer })).expect("optimizer");
        optimizer.set("lr", lr).expect("lr");
        let cfg = MlpConfig {
            hidden: vec![16, 16],
            activation: Activation::Tanh,
            init: InitConfig { kind: InitKind::Kaiming, ..InitConfig::default() },
            optimizer,
            seed,
            data: DataConfig { kind: DataKind::Circles, n: 200, seed, ..DataConfig::default() },
            ..MlpConfig::default()
        };
        Trainer::new(cfg).expect("trainer")
    }

    /// The two sides are what they say: recomputed here from two independent gradients and the
    /// two weight vectors, and the model is the product over the layers.
    #[test]
    fn the_measured_change_and_the_model_are_their_definitions() {
        let mut t = trainer("adam", 0.01, 3);
        t.run_steps(5);
        let w0 = t.network().params().to_vec();
        let g0 = full_gradient(&t, &mut t.network().clone()).expect("g0");
        let m = measure_step(&mut t).expect("measured").expect("a step");
        let g1 = full_gradient(&t, &mut t.network().clone()).expect("g1");
        let diff: f64 = g0.iter().zip(&g1).map(|(a, b)| (a - b) * (a - b)).sum::<f64>().sqrt();
        let g: f64 = g0.iter().map(|a| a * a).sum::<f64>().sqrt();
        assert!((m.measured - diff / g).abs() <= 1e-12 * m.measured, "{} vs {}", m.measured, diff / g);
        assert_eq!(m.step, 5);
        let w1 = t.network().params();
        let l0 = t.network().layers()[0];
        let all: Vec<usize> = l0.w_range().chain(l0.b_range()).collect();
        let rel = all.iter().map(|&i| (w1[i] - w0[i]).powi(2)).sum::<f64>().sqrt() / all.iter().map(|&i| w0[i].powi(2)).sum::<f64>().sqrt();
        assert!((m.per_layer[0] - rel).abs() <= 1e-12 * rel);
        let product = m.per_layer.iter().fold(1.0, |p, r| p * (1.0 + r)) - 1.0;
        assert!((m.model - product).abs() <= 1e-15 && m.per_layer.len() == 3 && m.neuron_angle_deg.len() == 3);
    }

    /// Small relative steps change the gradient little, large ones a lot: the measured change
    /// grows with the step size as the model does, for SGD and Adam, on three seeds.
    #[test]
    fn the_gradient_changes_more_as_the_relative_update_grows() {
        for seed in [1, 2, 3] {
            for (opt, small, large) in [("sgd", 0.01, 1.0), ("adam", 1e-4, 0.05)] {
                let m = |lr: f64| {
                    let mut t = trainer(opt, lr, seed);
                    t.run_steps(3);
                    measure_step(&mut t).expect("measured").expect("a step")
                };
                let (a, b) = (m(small), m(large));
                assert!(a.model < b.model && a.measured < b.measured, "{opt} seed {seed}: {a:?} vs {b:?}");
                assert!(a.measured < 0.05, "{opt} seed {seed}: a tiny step changed the gradient by {}", a.measured);
            }
        }
    }

    /// Nero at its default α = 0.01 turns each neuron by about half a degree per step (lecture 003:
    /// "½ a degree of rotation per neuron per iteration"; 0.01 rad = 0.573°): at the first step,
    /// where its second-moment estimate is the squared gradient itself, the median neuron of the
    /// hidden 16 × 16 layer turns by α within 5 %; over 50 steps every layer's relative update
    /// stays between 0.3α and 1.5α (Nero scales each neuron's step to its norm), on three seeds.
    #[test]
    fn nero_rotates_each_neuron_by_about_half_a_degree() {
        let alpha = 0.01f64;
        for seed in [1, 2, 3] {
            let mut t = trainer("nero", alpha, seed);
            for k in 0..50 {
                let m = measure_step(&mut t).expect("measured").expect("a step");
                if k == 0 {
                    let a = m.neuron_angle_deg[1];
                    assert!((a / alpha.to_degrees() - 1.0).abs() < 0.05, "seed {seed}: {a}° at the first step");
                }
                for (l, r) in m.per_layer.iter().enumerate() {
                    assert!((0.3 * alpha..1.5 * alpha).contains(r), "seed {seed}, step {}, layer {}: relative update {r}", m.step, l + 1);
                }
            }
        }
    }
}
