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

/// A one-output network's forward pass at fixed inputs, kept for tangents J(w)·d along many
/// directions d: each hidden layer's output a_l and slope σ'(z_l) at every input, so that a
/// tangent costs only its linear part (no activation evaluated again, about a third of [`jvp`]'s
/// time for a wide tanh layer). [`TangentAt::jvp`] returns exactly what [`jvp`] does (the same
/// sums in the same order, bit for bit). This is how the theory lab redraws f_lin over a fine grid
/// of x every frame while training: the grid and w₀ stay, only d = w − w₀ changes.
#[derive(Clone, Debug)]
pub struct TangentAt {
    net: Network,
    x: Vec<f64>,
    n: usize,
    /// a_l for each hidden layer l (n × fan_out, example-major): what layer l + 1 reads.
    a: Vec<Vec<f64>>,
    /// σ'(z_l) for each hidden layer l (n × fan_out).
    slope: Vec<Vec<f64>>,
}

impl TangentAt {
    /// The forward pass of `net` (one output) at the `n` inputs `x` (n × n_in, example-major).
    pub fn new(net: &Network, x: &[f64], n: usize) -> Result<Self, MlpError> {
        if net.outputs() != 1 {
            return Err(MlpError::Shape(format!("a tangent per example needs one output (this network has {})", net.outputs())));
        }
        let d = net.inputs();
        if x.len() < n * d {
            return Err(MlpError::Shape(format!("expected {} inputs, got {}", n * d, x.len())));
        }
        let layers = net.layers();
        let hidden = &layers[..layers.len() - 1];
        let act = net.activation();
        let p = net.params();
        let mut a_all: Vec<Vec<f64>> = hidden.iter().map(|s| Vec::with_capacity(n * s.fan_out)).collect();
        let mut slope: Vec<Vec<f64>> = hidden.iter().map(|s| Vec::with_capacity(n * s.fan_out)).collect();
        crate::work::add(n * net.forward_macs());
        for i in 0..n {
            // The primal half of `jvp`, with the same sums.
            let mut a: Vec<f64> = x[i * d..(i + 1) * d].to_vec();
            for (l, s) in hidden.iter().enumerate() {
                let (w, b) = (&p[s.w_range()], &p[s.b_range()]);
                let z: Vec<f64> = (0..s.fan_out).map(|o| b[o] + w[o * s.fan_in..(o + 1) * s.fan_in].iter().zip(&a).map(|(w, v)| w * v).sum::<f64>()).collect();
                let s_z: Vec<f64> = z.iter().map(|&v| act.apply(v)).collect();
                slope[l].extend(z.iter().zip(&s_z).map(|(&zv, &sv)| act.derivative(zv, sv)));
                a = if net.skips(l) { s_z.iter().zip(&a).map(|(s, p)| s + p).collect() } else { s_z };
                a_all[l].extend_from_slice(&a);
            }
        }
        Ok(TangentAt { net: net.clone(), x: x[..n * d].to_vec(), n, a: a_all, slope })
    }

    /// Number of inputs n.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether there are no inputs.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// J(w)·`dir` at the inputs, the same numbers as [`jvp`] on the same network and inputs.
    pub fn jvp(&self, dir: &[f64]) -> Result<Vec<f64>, MlpError> {
        let net = &self.net;
        if dir.len() != net.params().len() {
            return Err(MlpError::Shape(format!("expected {} directions, got {}", net.params().len(), dir.len())));
        }
        let d = net.inputs();
        let layers = net.layers();
        let last = layers.len() - 1;
        let p = net.params();
        crate::work::add(2 * self.n * net.forward_macs());
        let mut out = Vec::with_capacity(self.n);
        for i in 0..self.n {
            let mut da = vec![0.0; d];
            for (l, s) in layers.iter().enumerate() {
                let (fi, fo) = (s.fan_in, s.fan_out);
                let a = if l == 0 { &self.x[i * d..(i + 1) * d] } else { &self.a[l - 1][i * fi..(i + 1) * fi] };
                let (w, db, dw) = (&p[s.w_range()], &dir[s.b_range()], &dir[s.w_range()]);
                let dz: Vec<f64> = (0..fo)
                    .map(|o| {
                        let (wr, dwr) = (&w[o * fi..(o + 1) * fi], &dw[o * fi..(o + 1) * fi]);
                        db[o] + dwr.iter().zip(a).map(|(w, v)| w * v).sum::<f64>() + wr.iter().zip(&da).map(|(w, v)| w * v).sum::<f64>()
                    })
                    .collect();
                if l == last {
                    out.push(dz[0]);
                } else {
                    let ds: Vec<f64> = dz.iter().zip(&self.slope[l][i * fo..(i + 1) * fo]).map(|(t, g)| t * g).collect();
                    da = if net.skips(l) { ds.iter().zip(&da).map(|(s, p)| s + p).collect() } else { ds };
                }
            }
        }
        Ok(out)
    }
}
