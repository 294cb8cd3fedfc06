//! The spectrum of a network's Jacobian J(w) on the training inputs, computed in slices: J a few
//! rows at a time (back-propagation per example), then the kernel JJᵀ tile by tile, then its
//! eigen-decomposition (one piece of work: nalgebra's symmetric eigen-solver, about 11 ms
//! natively at N = 200 and under 1 ms at N ≤ 60).

use crate::mlp::Network;
use crate::theory::{jacobian, GramBuild, Spectrum};

/// One kernel's computation, resumable slice by slice.
pub struct KernelJob {
    net: Network,
    x: Vec<f64>,
    n: usize,
    p: usize,
    /// J, N × P row-major, the rows done so far.
    j: Vec<f64>,
    gram: GramBuild,
    spectrum: Option<Spectrum>,
}

impl KernelJob {
    /// The job for the network `net` as it is now, on the `n` inputs `x` (n × inputs).
    pub fn new(net: &Network, x: &[f64], n: usize) -> Self {
        let p = net.params().len();
        KernelJob { net: net.clone(), x: x.to_vec(), n, p, j: Vec::with_capacity(n * p), gram: GramBuild::new(n, p), spectrum: None }
    }

    /// Does about `max_macs` multiply–adds of the job (at least one row, tile or the
    /// decomposition); true when the spectrum is ready.
    pub fn advance(&mut self, max_macs: usize) -> bool {
        if self.spectrum.is_some() {
            return true;
        }
        let (n, p, d) = (self.n, self.p, self.net.inputs());
        let done = self.j.len() / p.max(1);
        if done < n {
            // A row costs a forward pass, the backward pass and writing the row: 3·P multiply–adds,
            // but scalar and per example, about as long as 10·P in the vectorised kernel tiles.
            let rows = (max_macs / (10 * p).max(1)).clamp(1, n - done);
            let part = jacobian(&self.net, &self.x[done * d..(done + rows) * d], rows).unwrap_or_else(|_| vec![f64::NAN; rows * p]);
            crate::work::add(3 * rows * p);
            self.j.extend_from_slice(&part);
            return false;
        }
        if self.gram.progress().0 < n {
            self.gram.advance(&self.j, max_macs);
            return false;
        }
        self.spectrum = Some(self.gram.spectrum());
        true
    }

    /// What is being computed: ("J" | "JJᵀ" | "eigen", done, of).
    pub fn progress(&self) -> (&'static str, usize, usize) {
        let rows = self.j.len() / self.p.max(1);
        if rows < self.n {
            ("rows of J", rows, self.n)
        } else if self.gram.progress().0 < self.n {
            let (d, n) = self.gram.progress();
            ("rows of JJᵀ", d, n)
        } else {
            ("eigenvalues of JJᵀ", 0, 1)
        }
    }

    /// The Jacobian and its kernel's spectrum (once [`KernelJob::advance`] returned true).
    pub fn finish(self) -> Option<(Vec<f64>, Spectrum)> {
        let s = self.spectrum?;
        Some((self.j, s))
    }
}
