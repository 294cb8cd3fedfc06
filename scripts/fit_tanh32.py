#!/usr/bin/env python3
"""Fits the coefficients of `tanh32` (src/mlp/fastmath32.rs) and checks them in f32.

tanh x ≈ x·P(x²)/Q(x²) on [0, CAP], P of degree 5 and Q of degree 3 in t = x², P(0) = Q(0) = 1;
beyond CAP the value is 1 in f32. The fit is a near-minimax one for the absolute error: linearised
least squares x·P − tanh·Q = 0 divided by the previous Q (Sanathanan–Koerner iteration), with
Lawson's reweighting (weights multiplied by the error) to even out the error's peaks, on a dense
grid in float64. Then the f32 evaluation the Rust code does (Horner in t, products and sums
rounded separately, the quotient capped at 1) is compared with float64 tanh.

    python3 scripts/fit_tanh32.py        (needs numpy; not part of the build)

Prints the coefficients as f32 bit patterns for the Rust constants, and the f32 errors.
"""
import numpy as np

CAP = 9.4  # tanh(9.4) = 1 − 1.4e-8 rounds to 1 in f32; the fitted quotient there rounds to 1 too
NP, NQ = 6, 4

x = np.unique(np.concatenate([np.linspace(0, CAP, 20000), CAP * np.sin(np.linspace(0, np.pi / 2, 20000))]))[1:]
f = np.tanh(x)
T = CAP * CAP
u = x * x / T  # scaled for conditioning; coefficients are rescaled to t = x² below
Q = np.ones_like(x)
w = np.ones_like(x) / len(x)
for it in range(400):
    # x·(1 + Σ_{k≥1} p_k u^k) − f·(1 + Σ_{k≥1} q_k u^k) = 0, divided by the previous Q.
    A = np.hstack([np.stack([x * u**k for k in range(1, NP)], 1), np.stack([-f * u**k for k in range(1, NQ)], 1)])
    W = np.sqrt(w) / Q
    c, *_ = np.linalg.lstsq(A * W[:, None], (f - x) * W, rcond=None)
    p, q = np.concatenate([[1.0], c[: NP - 1]]), np.concatenate([[1.0], c[NP - 1 :]])
    Q = sum(q[k] * u**k for k in range(NQ))
    e = np.abs(x * sum(p[k] * u**k for k in range(NP)) / Q - f)
    if it > 20:
        w = np.maximum(w * e / e.max(), 1e-30)
        w /= w.sum()
pa = np.array([p[k] / T**k for k in range(NP)], dtype=np.float32)
qa = np.array([q[k] / T**k for k in range(NQ)], dtype=np.float32)


def tanh32(xs):
    xs = np.asarray(xs, dtype=np.float32)
    a = np.abs(xs)
    c = np.where(np.float32(CAP) < a, np.float32(CAP), a)
    t = c * c
    P = pa[-1]
    for k in range(NP - 2, -1, -1):
        P = P * t + pa[k]
    Qv = qa[-1]
    for k in range(NQ - 2, -1, -1):
        Qv = Qv * t + qa[k]
    v = (c * P) / Qv
    v = np.where(np.float32(1) < v, np.float32(1), v)
    return np.copysign(v, xs).astype(np.float32)


print(f"float64 fit on [0, {CAP}]: max |error| {e.max():.3e}")
xs = np.arange(-25, 25, 0.000731).astype(np.float32)
err = np.abs(tanh32(xs).astype(np.float64) - np.tanh(xs.astype(np.float64)))
print(f"f32 evaluation on [-25, 25] (step 0.000731, the Rust test's grid): max |error| {err.max():.3e} at {xs[err.argmax()]}")
g = np.arange(0, 12, 1e-5).astype(np.float32)
v = tanh32(g)
print(f"at the cap: {tanh32([CAP])[0]!r}; values above 1 on [0, 12]: {int((v > 1).sum())}")
small = np.float32(1e-3) * np.arange(1, 1000, dtype=np.float32)
print(f"relative error on (0, 1): {np.abs(tanh32(small) / np.tanh(small.astype(np.float64)) - 1).max():.3e}")
print(f"const TANH_P: [u32; {NP}] = [" + ", ".join(f"0x{v.view(np.uint32):08x}" for v in pa) + "];")
print(f"const TANH_Q: [u32; {NQ}] = [" + ", ".join(f"0x{v.view(np.uint32):08x}" for v in qa) + "];")
print("P:", [float(v) for v in pa])
print("Q:", [float(v) for v in qa])
