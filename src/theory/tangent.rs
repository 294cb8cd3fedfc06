//! The network's first-order change along a direction of the weights, by forward-mode
//! differentiation: J(w)·d at any inputs without forming J (two forward passes' work), which is
//! how f_lin(x; w) = f(x; w₀) + J(w₀)(w − w₀) is drawn over a fine grid of x.

use crate::mlp::{MlpError, Network};

/// J(w)·`dir` at the `n` inputs `x` (n × n_in, example-major) for a one-output network: the
/// tangent of each layer, ż_l = Ẇ_l a_{l−1} + W_l ȧ_{l−1} + ḃ_l, ȧ_l = σ'(z_l) ⊙ ż_l (ȧ_{−1} = 0);
/// with a skip connection at layer l ([`Network::skips`]) a_l and ȧ_l also carry a_{l−1}, ȧ_{l−1}.
pub fn jvp(net: &Network, x: &[f64], n: usize, dir: &[f64]) -> Result<Vec<f64>, MlpError> {
    if net.outputs() != 1 {
        return Err(MlpError::Shape(format!("a tangent per example needs one output (this network has {})", net.outputs())));
    }
    let d = net.inputs();
    if x.len() < n * d || dir.len() != net.params().len() {
        return Err(MlpError::Shape(format!("expected {} inputs and {} directions, got {} and {}", n * d, net.params().len(), x.len(), dir.len())));
    }
    let layers = net.layers();
    let act = net.activation();
    let last = layers.len() - 1;
    let p = net.params();
    let mut out = Vec::with_capacity(n);
    crate::work::add(2 * n * net.forward_macs());
    for i in 0..n {
        let mut a: Vec<f64> = x[i * d..(i + 1) * d].to_vec();
        let mut da = vec![0.0; d];
        for (l, s) in layers.iter().enumerate() {
            let (w, b) = (&p[s.w_range()], &p[s.b_range()]);
            let (dw, db) = (&dir[s.w_range()], &dir[s.b_range()]);
            let mut z = vec![0.0; s.fan_out];
            let mut dz = vec![0.0; s.fan_out];
            for o in 0..s.fan_out {
                let (wr, dwr) = (&w[o * s.fan_in..(o + 1) * s.fan_in], &dw[o * s.fan_in..(o + 1) * s.fan_in]);
                z[o] = b[o] + wr.iter().zip(&a).map(|(w, v)| w * v).sum::<f64>();
                dz[o] = db[o] + dwr.iter().zip(&a).map(|(w, v)| w * v).sum::<f64>() + wr.iter().zip(&da).map(|(w, v)| w * v).sum::<f64>();
            }
            if l == last {
                out.push(dz[0]);
            } else {
                let s_z: Vec<f64> = z.iter().map(|&v| act.apply(v)).collect();
                let ds: Vec<f64> = dz.iter().zip(z.iter().zip(&s_z)).map(|(t, (&zv, &sv))| t * act.derivative(zv, sv)).collect();
                if net.skips(l) {
                    a = s_z.iter().zip(&a).map(|(s, p)| s + p).collect();
                    da = ds.iter().zip(&da).map(|(s, p)| s + p).collect();
                } else {
                    (a, da) = (s_z, ds);
                }
            }
        }
    }
    Ok(out)
}
