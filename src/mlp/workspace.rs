//! Preallocated buffers for forward and backward passes, reused between steps (no allocation per step).

/// Scratch memory for one network: pre-activations, activations, back-propagated deltas and
/// transposed weights. Grows only when a larger batch than ever before is seen.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// Rows (examples) the buffers currently hold.
    pub(crate) rows: usize,
    /// Pre-activations z_l = W_l a_{l−1} + b_l, one n×fan_out buffer per layer.
    pub(crate) z: Vec<Vec<f64>>,
    /// Activations a_l = σ(z_l) (output layer: a = z), one n×fan_out buffer per layer.
    pub(crate) a: Vec<Vec<f64>>,
    /// Two ping-pong buffers of n×max_width for ∂L/∂z going backwards.
    pub(crate) delta: [Vec<f64>; 2],
    /// Transposed weights Wᵀ (fan_in×fan_out) per layer, refreshed at each forward pass.
    pub(crate) wt: Vec<Vec<f64>>,
    /// Scratch for a transposed weight gradient (max fan_in×fan_out).
    pub(crate) gwt: Vec<f64>,
    /// Stamp of the network whose transposed weights `wt` holds (0: none).
    pub(crate) wt_stamp: u64,
    /// Networks with skip connections: ∂L/∂a of the layer below during the backward pass, and
    /// σ(z) of a layer whose output also carries its input (sized by the first backward pass of
    /// such a network; empty otherwise).
    pub(crate) skip_grad: Vec<f64>,
    pub(crate) skip_act: Vec<f64>,
}

impl Workspace {
    /// Empty workspace; buffers are sized on first use by [`Workspace::ensure`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes sure the buffers fit a network with layer sizes `sizes` = [n_in, h₁, …, n_out] and
    /// `rows` examples. Allocates only if something is larger than before.
    pub fn ensure(&mut self, sizes: &[usize], rows: usize) {
        let layers = sizes.len().saturating_sub(1);
        let rows = rows.max(self.rows);
        let max_width = sizes.iter().copied().max().unwrap_or(1);
        if self.z.len() != layers {
            self.wt_stamp = 0;
            self.z = vec![Vec::new(); layers];
            self.a = vec![Vec::new(); layers];
            self.wt = vec![Vec::new(); layers];
        }
        for l in 0..layers {
            let need = rows * sizes[l + 1];
            if self.z[l].len() < need {
                self.z[l].resize(need, 0.0);
                self.a[l].resize(need, 0.0);
            }
            // Wᵀ is allocated by the first transposition of its layer (`Network::forward` or
            // `Network::transpose_part`), so a deep network's tens of MB are not allocated at
            // once; one of the wrong size is dropped (and every Wᵀ made stale).
            let wneed = sizes[l] * sizes[l + 1];
            if !self.wt[l].is_empty() && self.wt[l].len() != wneed {
                self.wt_stamp = 0;
                self.wt[l] = Vec::new();
            }
            if self.gwt.len() < wneed {
                self.gwt.resize(wneed, 0.0);
            }
        }
        for d in self.delta.iter_mut() {
            if d.len() < rows * max_width {
                d.resize(rows * max_width, 0.0);
            }
        }
        self.rows = rows;
    }
}
