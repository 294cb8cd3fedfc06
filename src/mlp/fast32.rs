//! The single-precision training path ("fast", issue 12): forward and backward passes over `f32`
//! with the batch as the inner, contiguous dimension, in register-blocked kernels over 4-lane
//! vectors (wasm simd128 in the browser, plain `[f32; 4]` natively — the same IEEE operations in
//! the same order, so native tests check the arithmetic the browser does).
//!
//! What stays in double precision: the parameters the optimizer updates (rounded to f32 for each
//! pass, 1 rounding per parameter), the optimizer itself, the loss and its gradient on the network's
//! outputs (the outputs are widened to f64, so both losses and every task work unchanged), and the
//! gradient handed to the optimizer (the f32 sums widened). What is f32: the activations, the
//! pre-activations, the back-propagated δ and the sums of the weight gradients.
//!
//! Layout: every layer's values are `width × np` (one row per neuron, examples along the row),
//! np = n rounded up to a multiple of [`PANEL_BLOCK`]. The padding columns of the inputs are 0 and
//! those of every δ are 0, so they add nothing to any gradient.
//!
//! Kernels:
//! - [`panel`]: out[r][i] = init[r] + Σ_c M(r, c)·in[c][i], tiles of 4 rows × 8 examples (8 vector
//!   accumulators; each weight loaded once as a splat for 2 vector multiply–adds). Forward
//!   (M = W) and δ back through a layer (M = Wᵀ, read in place: no transposed copy).
//! - [`grad_tile`]: G[r][c] = Σ_i δ[r][i]·a[c][i], tiles of 4 × 2 (8 vector accumulators),
//!   reduced across the lanes at the end of each block of examples.

use super::activation::Activation;
use super::error::MlpError;
use super::fastmath32::tanh32;
use super::loss::{Loss, Task};
use super::network::Network;

/// Which arithmetic training uses (serde names "f64", "f32").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Double precision everywhere ("exact": the path compared against PyTorch's float64).
    #[default]
    F64,
    /// Single-precision passes with f64 parameters and optimizer (this module).
    F32,
}

impl Precision {
    /// "f64" / "f32".
    pub fn name(self) -> &'static str {
        match self {
            Precision::F64 => "f64",
            Precision::F32 => "f32",
        }
    }
}

/// The widest tile along the examples (4 vectors): the trainer's slices of rows are multiples of it.
pub const LANE_BLOCK: usize = 16;
/// What [`panel`] and the weight gradients need of their rows, and what the examples are padded
/// to: a multiple of 8 (the 4 × 2 tiles cover 8 examples).
pub(crate) const PANEL_BLOCK: usize = 8;
/// Examples per block of the kernels (the input panel of a block stays in the cache).
const EX_BLOCK: usize = 512;

#[cfg(target_arch = "wasm32")]
mod v4 {
    use core::arch::wasm32::*;
    /// Four f32 lanes (wasm simd128).
    #[derive(Clone, Copy)]
    pub struct V(v128);
    impl V {
        #[inline(always)]
        pub fn splat(x: f32) -> V {
            V(f32x4_splat(x))
        }
        /// Loads 4 floats from `p` (unaligned).
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> V {
            V(v128_load(p as *const v128))
        }
        /// Loads one float from `p` into every lane.
        #[inline(always)]
        pub unsafe fn load_splat(p: *const f32) -> V {
            V(v128_load32_splat(p as *const u32))
        }
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            v128_store(p as *mut v128, self.0)
        }
        /// self + a·b (rounded twice: a product, then a sum).
        #[inline(always)]
        pub fn mul_add(self, a: V, b: V) -> V {
            V(f32x4_add(self.0, f32x4_mul(a.0, b.0)))
        }
        #[inline(always)]
        pub fn add(self, o: V) -> V {
            V(f32x4_add(self.0, o.0))
        }
        /// (l0 + l1) + (l2 + l3).
        #[inline(always)]
        pub fn sum(self) -> f32 {
            (f32x4_extract_lane::<0>(self.0) + f32x4_extract_lane::<1>(self.0))
                + (f32x4_extract_lane::<2>(self.0) + f32x4_extract_lane::<3>(self.0))
        }
        #[inline(always)]
        pub fn mul(self, o: V) -> V {
            V(f32x4_mul(self.0, o.0))
        }
        #[inline(always)]
        pub fn sub(self, o: V) -> V {
            V(f32x4_sub(self.0, o.0))
        }
        /// [`super::tanh32`] on every lane: the same operations in the same order (so the same
        /// bits), on 4 lanes at once.
        #[inline(always)]
        pub fn tanh(self) -> V {
            self.tanh_with(&TanhConsts::new())
        }
        /// [`V::tanh`] with its constants given: a loop that builds them once with
        /// [`TanhConsts::hoisted`] keeps them in registers (V8 otherwise rebuilds each of them
        /// from immediates on every pass: 10 % of the function, measured in Chromium).
        #[inline(always)]
        pub fn tanh_with(self, c: &TanhConsts) -> V {
            let x = self.0;
            // The caps as tanh32 takes them: a NaN lane passes through pmin (it returns its first
            // operand when unordered) and stays NaN to the end.
            let a = f32x4_pmin(f32x4_abs(x), c.cap);
            let t = f32x4_mul(a, a);
            let [p0, p1, p2, p3, p4, p5] = c.p;
            let [q0, q1, q2, q3] = c.q;
            let h = |acc: v128, k: v128| f32x4_add(f32x4_mul(acc, t), k);
            let p = h(h(h(h(h(p5, p4), p3), p2), p1), p0);
            let q = h(h(h(q3, q2), q1), q0);
            let v = f32x4_pmin(f32x4_div(f32x4_mul(a, p), q), c.one);
            // v ≥ +0, so or-ing in x's sign bit is tanh32's copysign.
            V(v128_or(v, v128_and(x, c.sign)))
        }
    }

    /// The constants of [`V::tanh_with`], one per lane.
    #[derive(Clone, Copy)]
    pub struct TanhConsts {
        cap: v128,
        one: v128,
        sign: v128,
        p: [v128; 6],
        q: [v128; 4],
    }
    impl TanhConsts {
        #[inline(always)]
        pub fn new() -> Self {
            use super::super::fastmath32::{TANH_CAP, TANH_P, TANH_Q};
            TanhConsts {
                cap: f32x4_splat(TANH_CAP),
                one: f32x4_splat(1.0),
                sign: f32x4_splat(-0.0),
                p: TANH_P.map(|v| f32x4_splat(v)),
                q: TANH_Q.map(|v| f32x4_splat(v)),
            }
        }
        /// The constants read back from memory, so that the compiler cannot fold them into each
        /// use: built once before a loop, they stay in registers.
        #[inline(always)]
        pub fn hoisted() -> Self {
            core::hint::black_box(Self::new())
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod v4 {
    /// Four f32 lanes (portable: the same operations lane by lane).
    #[derive(Clone, Copy)]
    pub struct V([f32; 4]);
    impl V {
        #[inline(always)]
        pub fn splat(x: f32) -> V {
            V([x; 4])
        }
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> V {
            V([*p, *p.add(1), *p.add(2), *p.add(3)])
        }
        #[inline(always)]
        pub unsafe fn load_splat(p: *const f32) -> V {
            V([*p; 4])
        }
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            for (k, v) in self.0.iter().enumerate() {
                *p.add(k) = *v;
            }
        }
        #[inline(always)]
        pub fn mul_add(self, a: V, b: V) -> V {
            let mut o = self.0;
            for k in 0..4 {
                o[k] += a.0[k] * b.0[k];
            }
            V(o)
        }
        #[inline(always)]
        pub fn add(self, o: V) -> V {
            self.mul_add(o, V::splat(1.0))
        }
        #[inline(always)]
        pub fn sum(self) -> f32 {
            (self.0[0] + self.0[1]) + (self.0[2] + self.0[3])
        }
        #[inline(always)]
        pub fn mul(self, o: V) -> V {
            V([self.0[0] * o.0[0], self.0[1] * o.0[1], self.0[2] * o.0[2], self.0[3] * o.0[3]])
        }
        #[inline(always)]
        pub fn sub(self, o: V) -> V {
            V([self.0[0] - o.0[0], self.0[1] - o.0[1], self.0[2] - o.0[2], self.0[3] - o.0[3]])
        }
        /// [`super::tanh32`] on every lane.
        #[inline(always)]
        pub fn tanh(self) -> V {
            V(self.0.map(super::tanh32))
        }
        #[inline(always)]
        pub fn tanh_with(self, _: &TanhConsts) -> V {
            self.tanh()
        }
    }

    /// Nothing to hoist in the portable form.
    #[derive(Clone, Copy)]
    pub struct TanhConsts;
    impl TanhConsts {
        #[inline(always)]
        pub fn hoisted() -> Self {
            TanhConsts
        }
    }
}

use v4::{TanhConsts, V};

/// A matrix M read in place: M(r, c) = data[r·rs + c·cs].
#[derive(Clone, Copy)]
pub(crate) struct Strided<'a> {
    pub(crate) data: &'a [f32],
    pub(crate) rs: usize,
    pub(crate) cs: usize,
}

/// One tile of [`panel`]: R rows × NV vectors of examples starting at (r0, i0).
///
/// Safety: the caller guarantees every index is in bounds (checked once in [`panel`]).
#[inline(always)]
unsafe fn panel_tile<const R: usize, const NV: usize, E: Fn(V, usize)>(
    put: &E,
    inp: *const f32,
    m: *const f32,
    rs: usize,
    cs: usize,
    cols: usize,
    ld: usize,
    r0: usize,
    i0: usize,
    bias: Option<&[f32]>,
) {
    let mut acc = [[V::splat(0.0); NV]; R];
    if let Some(b) = bias {
        for (r, a) in acc.iter_mut().enumerate() {
            *a = [V::splat(*b.get_unchecked(r0 + r)); NV];
        }
    }
    for c in 0..cols {
        let row = inp.add(c * ld + i0);
        let mut x = [V::splat(0.0); NV];
        for (v, xv) in x.iter_mut().enumerate() {
            *xv = V::load(row.add(4 * v));
        }
        for (r, a) in acc.iter_mut().enumerate() {
            let w = V::load_splat(m.add((r0 + r) * rs + c * cs));
            for v in 0..NV {
                a[v] = a[v].mul_add(w, x[v]);
            }
        }
    }
    for (r, a) in acc.iter().enumerate() {
        let o = (r0 + r) * ld + i0;
        for (v, av) in a.iter().enumerate() {
            put(*av, o + 4 * v);
        }
    }
}

/// out[r][i] = bias[r] (or 0) + Σ_c M(r, c)·inp[c][i] for r < rows, i < np (a multiple of
/// [`PANEL_BLOCK`]); `out` and `inp` have rows of length `ld` ≥ np.
pub(crate) fn panel(out: &mut [f32], inp: &[f32], m: Strided, rows: usize, cols: usize, np: usize, ld: usize, bias: Option<&[f32]>) {
    assert!(out.len() >= rows * ld);
    let o = out.as_mut_ptr();
    // SAFETY: [`panel_with`] calls `put` with offsets r·ld + i < rows·ld ≤ out.len(), 4 apart.
    panel_with(inp, m, rows, cols, np, ld, bias, &|v: V, k: usize| unsafe { v.store(o.add(k)) });
}

/// [`panel`], handing each 4 sums (and the offset r·ld + i of the first, i a multiple of 4, all
/// below rows·ld) to `put` while they are in registers instead of storing them, so that a pass
/// that follows the products (an activation, its derivative) needs no second pass over memory.
#[inline(always)]
fn panel_with<E: Fn(V, usize)>(inp: &[f32], m: Strided, rows: usize, cols: usize, np: usize, ld: usize, bias: Option<&[f32]>, put: &E) {
    assert!(np % PANEL_BLOCK == 0 && np <= ld);
    assert!(inp.len() >= cols * ld);
    assert!(rows == 0 || cols == 0 || m.data.len() > (rows - 1) * m.rs + (cols - 1) * m.cs);
    assert!(bias.map_or(true, |b| b.len() >= rows));
    let (x, w) = (inp.as_ptr(), m.data.as_ptr());
    let mut ib = 0;
    while ib < np {
        let ie = (ib + EX_BLOCK).min(np);
        let mut r0 = 0;
        // SAFETY: r0 + R ≤ rows, i0 + 4·NV ≤ ie ≤ np ≤ ld and c < cols, with the lengths asserted above.
        unsafe {
            while r0 + 4 <= rows {
                for i0 in (ib..ie).step_by(8) {
                    panel_tile::<4, 2, E>(put, x, w, m.rs, m.cs, cols, ld, r0, i0, bias);
                }
                r0 += 4;
            }
            while r0 < rows {
                let mut i0 = ib;
                while i0 + 16 <= ie {
                    panel_tile::<1, 4, E>(put, x, w, m.rs, m.cs, cols, ld, r0, i0, bias);
                    i0 += 16;
                }
                if i0 < ie {
                    // The last 8 of a row whose length is 8 more than a multiple of 16.
                    panel_tile::<1, 2, E>(put, x, w, m.rs, m.cs, cols, ld, r0, i0, bias);
                }
                r0 += 1;
            }
        }
        ib = ie;
    }
}

/// One tile of [`weight_grad`]: adds Σ_{i in ib..ie} d[r][i]·a[c][i] to g[r·gs + c] for R × C.
#[inline(always)]
unsafe fn grad_tile<const R: usize, const C: usize>(
    g: *mut f32,
    gs: usize,
    d: *const f32,
    a: *const f32,
    ld: usize,
    r0: usize,
    c0: usize,
    ib: usize,
    ie: usize,
) {
    let mut acc = [[V::splat(0.0); C]; R];
    let mut i = ib;
    while i < ie {
        let mut x = [V::splat(0.0); C];
        for (c, xv) in x.iter_mut().enumerate() {
            *xv = V::load(a.add((c0 + c) * ld + i));
        }
        for (r, ar) in acc.iter_mut().enumerate() {
            let dv = V::load(d.add((r0 + r) * ld + i));
            for c in 0..C {
                ar[c] = ar[c].mul_add(dv, x[c]);
            }
        }
        i += 4;
    }
    for (r, ar) in acc.iter().enumerate() {
        for (c, av) in ar.iter().enumerate() {
            *g.add((r0 + r) * gs + c0 + c) += av.sum();
        }
    }
}

/// g[r·cols + c] = Σ_i d[r][i]·a[c][i] (rows × cols, row-major like W) and gb[r] = Σ_i d[r][i].
fn weight_grad(g: &mut [f32], gb: &mut [f32], d: &[f32], a: &[f32], rows: usize, cols: usize, np: usize, ld: usize) {
    assert!(np % PANEL_BLOCK == 0 && np <= ld);
    assert!(g.len() >= rows * cols && gb.len() >= rows && d.len() >= rows * ld && a.len() >= cols * ld);
    g[..rows * cols].iter_mut().for_each(|v| *v = 0.0);
    for (r, b) in gb[..rows].iter_mut().enumerate() {
        let mut acc = [V::splat(0.0); 4];
        let row = &d[r * ld..r * ld + np];
        let chunks = row.chunks_exact(16);
        let tail = chunks.remainder();
        for ch in chunks {
            for (k, av) in acc.iter_mut().enumerate() {
                // SAFETY: a chunk of 16 holds 4 vectors.
                *av = av.add(unsafe { V::load(ch.as_ptr().add(4 * k)) });
            }
        }
        // np = 16·m + 8: the last two vectors.
        for (k, av) in acc.iter_mut().enumerate().take(tail.len() / 4) {
            // SAFETY: the remainder holds tail.len() / 4 whole vectors.
            *av = av.add(unsafe { V::load(tail.as_ptr().add(4 * k)) });
        }
        *b = (acc[0].add(acc[1])).add(acc[2].add(acc[3])).sum();
    }
    let (gp, dp, ap) = (g.as_mut_ptr(), d.as_ptr(), a.as_ptr());
    let mut ib = 0;
    while ib < np {
        let ie = (ib + EX_BLOCK).min(np);
        // SAFETY: r0 + R ≤ rows, c0 + C ≤ cols, ie ≤ np ≤ ld, with the lengths asserted above.
        unsafe {
            let mut r0 = 0;
            while r0 + 4 <= rows {
                let mut c0 = 0;
                while c0 + 2 <= cols {
                    grad_tile::<4, 2>(gp, cols, dp, ap, ld, r0, c0, ib, ie);
                    c0 += 2;
                }
                while c0 < cols {
                    grad_tile::<4, 1>(gp, cols, dp, ap, ld, r0, c0, ib, ie);
                    c0 += 1;
                }
                r0 += 4;
            }
            while r0 < rows {
                let mut c0 = 0;
                while c0 + 4 <= cols {
                    grad_tile::<1, 4>(gp, cols, dp, ap, ld, r0, c0, ib, ie);
                    c0 += 4;
                }
                while c0 < cols {
                    grad_tile::<1, 1>(gp, cols, dp, ap, ld, r0, c0, ib, ie);
                    c0 += 1;
                }
                r0 += 1;
            }
        }
        ib = ie;
    }
}

/// `f` on every 4 lanes of `z` into `a` (lengths multiples of 4, as every layer's np is).
#[inline(always)]
fn map4(z: &[f32], a: &mut [f32], f: impl Fn(V) -> V) {
    assert!(z.len() % 4 == 0 && a.len() == z.len());
    for (zc, ac) in z.chunks_exact(4).zip(a.chunks_exact_mut(4)) {
        // SAFETY: chunks of exactly 4.
        unsafe { f(V::load(zc.as_ptr())).store(ac.as_mut_ptr()) };
    }
}

/// a = σ(z) over f32 slices (tanh and the sigmoid through [`V::tanh`], 4 lanes at once; the other
/// arms are straight-line loops the compiler vectorizes).
pub(crate) fn activate(act: Activation, z: &[f32], a: &mut [f32]) {
    const C: f32 = 0.797_884_6;
    const A: f32 = 0.044_715;
    match act {
        Activation::Relu => a.iter_mut().zip(z).for_each(|(a, &z)| *a = z.max(0.0)),
        Activation::Tanh => {
            let k = TanhConsts::hoisted();
            map4(z, a, |z| z.tanh_with(&k))
        }
        Activation::Sigmoid => {
            let (h, k) = (V::splat(0.5), TanhConsts::hoisted());
            map4(z, a, |z| h.add(h.mul(h.mul(z).tanh_with(&k))))
        }
        Activation::Linear => a.copy_from_slice(z),
        Activation::Gelu => a.iter_mut().zip(z).for_each(|(a, &z)| *a = 0.5 * z * (1.0 + tanh32(C * (z + A * z * z * z)))),
    }
}

/// g ← g ⊙ σ'(z) over f32 slices.
pub(crate) fn activate_back(act: Activation, z: &[f32], a: &[f32], g: &mut [f32]) {
    const C: f32 = 0.797_884_6;
    const A: f32 = 0.044_715;
    match act {
        Activation::Relu => g.iter_mut().zip(z).for_each(|(g, &z)| *g = if z > 0.0 { *g } else { 0.0 }),
        Activation::Tanh => g.iter_mut().zip(a).for_each(|(g, &a)| *g *= 1.0 - a * a),
        Activation::Sigmoid => g.iter_mut().zip(a).for_each(|(g, &a)| *g *= a * (1.0 - a)),
        Activation::Linear => {}
        Activation::Gelu => g.iter_mut().zip(z).for_each(|(g, &z)| {
            let t = tanh32(C * (z + A * z * z * z));
            *g *= 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * C * (1.0 + 3.0 * A * z * z);
        }),
    }
}

/// z = panel products (as [`panel`]) and a = σ(z) in one pass, for the activations whose 4-lane
/// form [`activate`] has (tanh, the sigmoid): the same bits as [`panel`] then [`activate`].
/// Returns false, computing nothing, for the others.
#[allow(clippy::too_many_arguments)]
pub(crate) fn panel_activate(act: Activation, z: &mut [f32], a: &mut [f32], inp: &[f32], m: Strided, rows: usize, cols: usize, np: usize, bias: Option<&[f32]>) -> bool {
    assert!(z.len() >= rows * np && a.len() >= rows * np);
    let (zp, ap, k) = (z.as_mut_ptr(), a.as_mut_ptr(), TanhConsts::hoisted());
    // SAFETY (both arms): `panel_with` hands offsets below rows·np, 4 apart, and both buffers hold rows·np.
    match act {
        Activation::Tanh => panel_with(inp, m, rows, cols, np, np, bias, &|v: V, o: usize| unsafe {
            v.store(zp.add(o));
            v.tanh_with(&k).store(ap.add(o));
        }),
        Activation::Sigmoid => {
            let h = V::splat(0.5);
            panel_with(inp, m, rows, cols, np, np, bias, &|v: V, o: usize| unsafe {
                v.store(zp.add(o));
                h.add(h.mul(h.mul(v).tanh_with(&k))).store(ap.add(o));
            })
        }
        _ => return false,
    }
    true
}

/// δ = (Mᵀ-products, as [`panel`]) ⊙ σ'(z) in one pass for tanh and the sigmoid, whose σ' is a
/// function of a = σ(z): the same bits as [`panel`] then [`activate_back`]. Returns false,
/// computing nothing, for the other activations.
#[allow(clippy::too_many_arguments)]
pub(crate) fn panel_activate_back(act: Activation, d: &mut [f32], a: &[f32], inp: &[f32], m: Strided, rows: usize, cols: usize, np: usize) -> bool {
    assert!(d.len() >= rows * np && a.len() >= rows * np);
    let (dp, ap, one) = (d.as_mut_ptr(), a.as_ptr(), V::splat(1.0));
    // SAFETY (both arms): offsets below rows·np, 4 apart; both buffers hold rows·np.
    match act {
        Activation::Tanh => panel_with(inp, m, rows, cols, np, np, None, &|v: V, o: usize| unsafe {
            let a = V::load(ap.add(o));
            v.mul(one.sub(a.mul(a))).store(dp.add(o));
        }),
        Activation::Sigmoid => panel_with(inp, m, rows, cols, np, np, None, &|v: V, o: usize| unsafe {
            let a = V::load(ap.add(o));
            v.mul(a.mul(one.sub(a))).store(dp.add(o));
        }),
        _ => return false,
    }
    true
}

/// Buffers of the f32 path, reused between steps (grown only for a larger batch or network).
#[derive(Debug, Clone, Default)]
pub struct Workspace32 {
    /// Parameters rounded to f32 (the network's layout), and the network stamp they were made at.
    params: Vec<f32>,
    params_stamp: u64,
    /// Weight and bias gradients in f32 (the network's layout).
    grads: Vec<f32>,
    /// Inputs, features × np.
    x: Vec<f32>,
    /// Per layer: z and a, width × np.
    z: Vec<Vec<f32>>,
    a: Vec<Vec<f32>>,
    /// Two ping-pong δ buffers, max width × np.
    delta: [Vec<f32>; 2],
    /// The outputs widened to f64, batch-major (n × outputs), and ∂L/∂outputs.
    out: Vec<f64>,
    dout: Vec<f64>,
    /// Networks with skip connections ([`Network::skips`]): ∂L/∂a of the layer below and σ(z) of
    /// a skip layer during the backward pass (sized on first use by such a network).
    skip_grad: Vec<f32>,
    skip_act: Vec<f32>,
}

/// How many of `x` the 4-lane tanh of the training kernels ([`V::tanh`]) maps to other bits than
/// the scalar [`tanh32`] (the page's bench checks 0 in the browser, where the lanes are simd128).
pub fn tanh_lanes_mismatches(x: &[f32]) -> usize {
    let mut out = vec![0f32; x.len() / 4 * 4];
    map4(&x[..out.len()], &mut out, V::tanh);
    x.iter().zip(&out).filter(|(&x, &o)| o.to_bits() != tanh32(x).to_bits() && !(o.is_nan() && x.is_nan())).count()
}

/// Examples rounded up to [`PANEL_BLOCK`] (500 → 504: 1.6 % fewer products and tanh than
/// rounding up to [`LANE_BLOCK`]).
pub(crate) fn padded(n: usize) -> usize {
    n.div_ceil(PANEL_BLOCK) * PANEL_BLOCK
}

impl Workspace32 {
    /// Empty; sized on first use.
    pub fn new() -> Self {
        Self::default()
    }

    fn ensure(&mut self, sizes: &[usize], n: usize, nparams: usize) {
        let np = padded(n);
        let layers = sizes.len() - 1;
        if self.params.len() != nparams {
            self.params_stamp = 0;
        }
        self.params.resize(nparams, 0.0);
        self.grads.resize(nparams, 0.0);
        let grow = |v: &mut Vec<f32>, len: usize| {
            if v.len() < len {
                v.resize(len, 0.0);
            }
        };
        grow(&mut self.x, sizes[0] * np);
        self.z.resize(layers, Vec::new());
        self.a.resize(layers, Vec::new());
        for l in 0..layers {
            grow(&mut self.z[l], sizes[l + 1] * np);
            grow(&mut self.a[l], sizes[l + 1] * np);
        }
        let w = sizes.iter().copied().max().unwrap_or(1);
        for d in self.delta.iter_mut() {
            grow(d, w * np);
        }
        let k = sizes[layers];
        if self.out.len() < n * k {
            self.out.resize(n * k, 0.0);
            self.dout.resize(n * k, 0.0);
        }
    }

    /// The outputs of the last pass, widened to f64, batch-major (n × outputs).
    pub fn outputs(&self) -> &[f64] {
        &self.out
    }
}

/// Forward pass in f32 over `n` examples `x` (n × inputs, batch-major f64); the outputs, widened
/// to f64 and batch-major, are in [`Workspace32::outputs`] (and returned).
pub fn forward<'w>(net: &Network, ws: &'w mut Workspace32, x: &[f64], n: usize) -> Result<&'w [f64], MlpError> {
    let (fi0, k) = (net.inputs(), net.outputs());
    if x.len() < n * fi0 {
        return Err(MlpError::Shape(format!("expected {} input numbers for {n} examples, got {}", n * fi0, x.len())));
    }
    ws.ensure(net.sizes(), n, net.params().len());
    crate::work::add(n * net.forward_macs());
    let np = padded(n);
    // A large step is computed in slices of a few examples: convert the parameters once per step.
    if ws.params_stamp != net.stamp() {
        for (p, &v) in ws.params.iter_mut().zip(net.params()) {
            *p = v as f32;
        }
        ws.params_stamp = net.stamp();
    }
    // Inputs feature-major, padding 0.
    for c in 0..fi0 {
        let row = &mut ws.x[c * np..(c + 1) * np];
        for (i, r) in row[..n].iter_mut().enumerate() {
            *r = x[i * fi0 + c] as f32;
        }
        row[n..].iter_mut().for_each(|v| *v = 0.0);
    }
    let last = net.num_layers() - 1;
    for (l, s) in net.layers().iter().enumerate() {
        let (fi, fo) = (s.fan_in, s.fan_out);
        let (before, rest) = ws.a.split_at_mut(l);
        let input: &[f32] = if l == 0 { &ws.x } else { &before[l - 1] };
        let z = &mut ws.z[l];
        let m = Strided { data: &ws.params[s.w_range()], rs: fi, cs: 1 };
        let bias = Some(&ws.params[s.b_range()]);
        if l < last {
            if !panel_activate(net.activation(), z, &mut rest[0], input, m, fo, fi, np, bias) {
                panel(z, input, m, fo, fi, np, np, bias);
                activate(net.activation(), &z[..fo * np], &mut rest[0][..fo * np]);
            }
            if net.skips(l) {
                // a_l = a_{l−1} + σ(z_l) (same width, same feature-major layout).
                rest[0][..fo * np].iter_mut().zip(&before[l - 1][..fi * np]).for_each(|(a, &p)| *a += p);
            }
        } else {
            panel(z, input, m, fo, fi, np, np, bias);
        }
    }
    let z = &ws.z[last];
    for i in 0..n {
        for j in 0..k {
            ws.out[i * k + j] = z[j * np + i] as f64;
        }
    }
    Ok(&ws.out[..n * k])
}

/// Forward pass, loss and backward pass in f32 over `n` examples: returns the mean loss (computed
/// in f64 on the widened outputs) and leaves ∂L/∂θ, widened to f64, in the network's gradient.
pub fn loss_and_grad(
    net: &mut Network,
    ws: &mut Workspace32,
    x: &[f64],
    y: &[f64],
    n: usize,
    task: Task,
    loss: Loss,
) -> Result<f64, MlpError> {
    let k = net.outputs();
    net.check_targets(y, n, task)?;
    forward(net, ws, x, n)?;
    let value = loss.value_and_grad(task, &ws.out[..n * k], y, n, &mut ws.dout[..n * k]);
    crate::work::add(2 * n * net.forward_macs());
    let np = padded(n);
    let layers = net.num_layers();
    // δ of the output layer, feature-major, padding 0.
    {
        let d = &mut ws.delta[0];
        for j in 0..k {
            let row = &mut d[j * np..(j + 1) * np];
            for (i, v) in row[..n].iter_mut().enumerate() {
                *v = ws.dout[i * k + j] as f32;
            }
            row[n..].iter_mut().for_each(|v| *v = 0.0);
        }
    }
    let act = net.activation();
    let mut cur = 0usize;
    for l in (0..layers).rev() {
        let s = net.layers()[l];
        let (fi, fo) = (s.fan_in, s.fan_out);
        let input: &[f32] = if l == 0 { &ws.x } else { &ws.a[l - 1] };
        let [d0, d1] = &mut ws.delta;
        let (dcur, dprev) = if cur == 0 { (&*d0, d1) } else { (&*d1, d0) };
        {
            let (gw, gb) = ws.grads.split_at_mut(s.b_offset);
            weight_grad(&mut gw[s.w_offset..], gb, dcur, input, fo, fi, np, np);
        }
        if l == 0 {
            break;
        }
        // δ_{l−1} = (W_lᵀ δ_l) ⊙ σ'(z_{l−1}); W_lᵀ(r, c) = W_l[c·fi + r].
        let m = Strided { data: &ws.params[s.w_range()], rs: 1, cs: fi };
        if !net.residual() && panel_activate_back(act, dprev, &ws.a[l - 1], dcur, m, fi, fo, np) {
            cur = 1 - cur;
            continue;
        }
        panel(dprev, dcur, m, fi, fo, np, np, None);
        if net.residual() {
            // As in `Network::backward`: ∂L/∂a_l flows on through a skip at layer l; at a skip at
            // layer l − 1 it is kept, and σ' needs σ(z_{l−1}) recomputed.
            for buffer in [&mut ws.skip_grad, &mut ws.skip_act] {
                if buffer.len() < fi * np {
                    buffer.resize(fi * np, 0.0);
                }
            }
            if net.skips(l) {
                dprev[..fi * np].iter_mut().zip(&ws.skip_grad[..fi * np]).for_each(|(d, &g)| *d += g);
            }
            if net.skips(l - 1) {
                ws.skip_grad[..fi * np].copy_from_slice(&dprev[..fi * np]);
                activate(act, &ws.z[l - 1][..fi * np], &mut ws.skip_act[..fi * np]);
                activate_back(act, &ws.z[l - 1][..fi * np], &ws.skip_act[..fi * np], &mut dprev[..fi * np]);
                cur = 1 - cur;
                continue;
            }
        }
        activate_back(act, &ws.z[l - 1][..fi * np], &ws.a[l - 1][..fi * np], &mut dprev[..fi * np]);
        cur = 1 - cur;
    }
    for (g, &v) in net.grads_mut().iter_mut().zip(&ws.grads) {
        *g = v as f64;
    }
    Ok(value)
}
