#!/usr/bin/env python3
"""Golden numbers for src/optim: the first 3 steps of every optimizer on fixed problems.

Run:  python3 -m venv /tmp/torchenv && /tmp/torchenv/bin/pip install torch
      /tmp/torchenv/bin/python src/optim/golden/make_goldens.py > src/optim/golden/goldens.rs
Produced with torch 2.15.0 (CPU, float64).

* torch.optim methods (SGD, Adagrad, RMSprop, Adam, AdamW, NAdam, Adadelta, Rprop) are run with
  REAL PyTorch: the constructor call is printed above each golden.
* Methods torch does not have are re-implemented below from their formulas (lectures 003/004,
  the Madam and Nero papers), using torch only for autograd gradients / Hessians and
  torch.linalg.eigh. They are independent of the Rust code but written by the same hand, so they
  check transcription and arithmetic, not the reading of the paper.

Problems
  quad2  : f(x, y) = (x-1)^2 + 10 (y+0.5)^2, start (-0.7, 0.4); one Point block.
  saddle2: f(x, y) = (x-1)^2 + 0.5 x y - y^2 + y^4/4, start (0.3, 0.2) (indefinite Hessian).
  layer  : W (2x3, Weight), b (2, Bias); L = 1/2 |W - T|^2 + 1/2 |b - c|^2 + 0.3 * sum(W[0]*W[1]).
Each golden lists the concatenated parameters after steps 1, 2 and 3.
"""
import json
import math

import torch

torch.set_default_dtype(torch.float64)


# ---------------------------------------------------------------- problems
def quad2_init():
    return [torch.tensor([-0.7, 0.4], requires_grad=True)]


def quad2_f(p):
    x, y = p[0][0], p[0][1]
    return (x - 1) ** 2 + 10 * (y + 0.5) ** 2


def saddle2_init():
    return [torch.tensor([0.3, 0.2], requires_grad=True)]


def saddle2_f(p):
    x, y = p[0][0], p[0][1]
    return (x - 1) ** 2 + 0.5 * x * y - y ** 2 + y ** 4 / 4


T = torch.tensor([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]])
C = torch.tensor([0.2, 0.4])


def layer_init():
    return [
        torch.tensor([[0.5, -0.2, 0.1], [0.3, 0.8, -0.6]], requires_grad=True),
        torch.tensor([0.1, -0.3], requires_grad=True),
    ]


def layer_f(p):
    W, b = p
    return 0.5 * ((W - T) ** 2).sum() + 0.5 * ((b - C) ** 2).sum() + 0.3 * (W[0] * W[1]).sum()


PROBLEMS = {"quad2": (quad2_init, quad2_f), "saddle2": (saddle2_init, saddle2_f), "layer": (layer_init, layer_f)}


def flat(params):
    return [float(v) for p in params for v in p.detach().reshape(-1)]


def run_torch(problem, make):
    init, f = PROBLEMS[problem]
    params = init()
    opt = make(params)
    out = []
    for _ in range(3):
        opt.zero_grad()
        f(params).backward()
        opt.step()
        out.append(flat(params))
    return out


# --------------------------------------------- re-implementations (not in torch)
def grad_at(f, x):
    """Gradient of f at the flat 2-vector x (single-block problems)."""
    y = torch.tensor(x, requires_grad=True)
    f([y]).backward()
    return y.grad.clone()


def hess_at(f, x):
    return torch.autograd.functional.hessian(lambda v: f([v]), torch.tensor(x))


def run_flat(problem, update):
    """update(x, g, t, state, f) -> new x, for single-block problems."""
    init, f = PROBLEMS[problem]
    x = init()[0].detach().clone()
    state, out = {}, []
    for t in range(1, 4):
        g = grad_at(f, x)
        x = update(x, g, t, state, f)
        out.append([float(v) for v in x])
    return out


def ema(lr, beta, unbias, nesterov):
    # lecture 004: u <- beta u + (1-beta) grad f(theta - lr u if nesterov else theta); theta -= lr u/(1-beta^t)
    def upd(x, g, t, st, f):
        u = st.get("u", torch.zeros_like(x))
        if nesterov:
            g = grad_at(f, x - lr * u)
        u = beta * u + (1 - beta) * g
        st["u"] = u
        step = lr / (1 - beta ** t) if unbias else lr
        return x - step * u
    return upd


def newton(lr, saddle_free, floor, line_search, c=1e-4, rho=0.5):
    def upd(x, g, t, st, f):
        lam, Q = torch.linalg.eigh(hess_at(f, x))
        mag = lam.abs().clamp(min=floor)
        lt = mag if saddle_free else torch.where(lam >= 0, mag, -mag)
        d = Q @ ((Q.T @ g) / lt)
        step = lr
        if line_search:
            f0, slope = float(f([x])), float(g @ d)
            for _ in range(60):
                if float(f([x - step * d])) <= f0 - c * step * slope:
                    break
                step *= rho
        return x - step * d
    return upd


def cubic(lr, M):
    # s = argmin g.s + 1/2 s.H.s + M/6 |s|^3 via (H + M r/2 I) s = -g, |s| = r (secular equation, bisection)
    def upd(x, g, t, st, f):
        lam, Q = torch.linalg.eigh(hess_at(f, x))
        gt = Q.T @ g
        norm_s = lambda r: float(torch.sqrt(((gt / (lam + 0.5 * M * r)) ** 2).sum()))
        lo = max(0.0, -2 * float(lam.min()) / M) + 1e-9
        hi = max(lo, 1.0)
        while norm_s(hi) > hi:
            hi *= 2
        for _ in range(300):
            mid = 0.5 * (lo + hi)
            if norm_s(mid) > mid:
                lo = mid
            else:
                hi = mid
        r = 0.5 * (lo + hi)
        s = Q @ (-gt / (lam + 0.5 * M * r))
        return x + lr * s
    return upd


def sign_sgd(lr):
    return lambda x, g, t, st, f: x - lr * torch.sign(g)


def gd_inv_l(L):
    return lambda x, g, t, st, f: x - g / L


def mirror(lr, a1, a2):
    return lambda x, g, t, st, f: x - lr * g / torch.tensor([a1, a2])


class MadamRef(torch.optim.Optimizer):
    """Madam from the paper's description: per block, max = p_scale * rms(p0);
    v = beta v + (1-beta) g^2; gn = g / sqrt(v / (1 - beta^t)) (NaN -> 0) clamped to +-g_bound;
    p *= exp(-lr gn sign(p)); p clamped to +-max."""

    def __init__(self, params, lr=0.01, p_scale=3.0, g_bound=10.0, beta=0.999):
        super().__init__(params, dict(lr=lr, p_scale=p_scale, g_bound=g_bound, beta=beta))

    @torch.no_grad()
    def step(self):
        for gr in self.param_groups:
            for p in gr["params"]:
                s = self.state[p]
                if not s:
                    s["max"] = gr["p_scale"] * float(torch.sqrt((p * p).mean()))
                    s["t"], s["v"] = 0, torch.zeros_like(p)
                s["t"] += 1
                s["v"] = gr["beta"] * s["v"] + (1 - gr["beta"]) * p.grad ** 2
                gn = p.grad / torch.sqrt(s["v"] / (1 - gr["beta"] ** s["t"]))
                gn = torch.nan_to_num(gn, nan=0.0).clamp(-gr["g_bound"], gr["g_bound"])
                p.mul_(torch.exp(-gr["lr"] * gn * torch.sign(p)))
                p.clamp_(-s["max"], s["max"])


class NeroRef(torch.optim.Optimizer):
    """Nero from the paper's description: neurons = rows of a 2-D tensor, entries of a 1-D one;
    2-D tensors are centred and normalised per row at the start and after each step."""

    def __init__(self, params, lr=0.01, beta=0.999, constraints=True):
        super().__init__(params, dict(lr=lr, beta=beta, constraints=constraints))

    @staticmethod
    def norms(x):
        return x.norm(dim=1, keepdim=True) if x.dim() > 1 else x.abs()

    @torch.no_grad()
    def step(self):
        for gr in self.param_groups:
            for p in gr["params"]:
                s = self.state[p]
                con = gr["constraints"] and p.dim() > 1
                if not s:
                    if con:
                        p.sub_(p.mean(dim=1, keepdim=True)).div_(self.norms(p))
                    s["t"], s["v"] = 0, torch.zeros_like(self.norms(p))
                    sc = float(self.norms(p).mean())
                    s["scale"] = sc if sc != 0 else 0.01
                s["t"] += 1
                s["v"] = gr["beta"] * s["v"] + (1 - gr["beta"]) * self.norms(p.grad) ** 2
                gn = torch.nan_to_num(p.grad / torch.sqrt(s["v"] / (1 - gr["beta"] ** s["t"])), nan=0.0)
                p.sub_(gr["lr"] * s["scale"] * gn)
                if con:
                    p.sub_(p.mean(dim=1, keepdim=True)).div_(self.norms(p))


O = torch.optim
# (name, problem, config json for the Rust side, python source of the run, runner)
CASES = [
    ("sgd_plain", "quad2", {"kind": "sgd", "lr": 0.04}, "O.SGD(p, lr=0.04)"),
    ("sgd_momentum_wd", "quad2", {"kind": "sgd", "lr": 0.04, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.1},
     "O.SGD(p, lr=0.04, momentum=0.9, dampening=0.1, weight_decay=0.1)"),
    ("sgd_nesterov_wd", "quad2", {"kind": "sgd", "lr": 0.04, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1},
     "O.SGD(p, lr=0.04, momentum=0.9, nesterov=True, weight_decay=0.1)"),
    ("adagrad", "quad2", {"kind": "adagrad", "lr": 0.5, "lr_decay": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 0.2, "eps": 1e-10},
     "O.Adagrad(p, lr=0.5, lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.2)"),
    ("rmsprop", "quad2", {"kind": "rmsprop", "lr": 0.05, "weight_decay": 0.1},
     "O.RMSprop(p, lr=0.05, weight_decay=0.1)"),
    ("rmsprop_centered_momentum", "quad2", {"kind": "rmsprop", "lr": 0.05, "alpha": 0.9, "momentum": 0.5, "centered": True},
     "O.RMSprop(p, lr=0.05, alpha=0.9, momentum=0.5, centered=True)"),
    ("adam_wd", "quad2", {"kind": "adam", "lr": 0.1, "weight_decay": 0.1},
     "O.Adam(p, lr=0.1, weight_decay=0.1)"),
    ("adam_amsgrad", "quad2", {"kind": "adam", "lr": 0.1, "beta1": 0.8, "beta2": 0.9, "amsgrad": True},
     "O.Adam(p, lr=0.1, betas=(0.8, 0.9), amsgrad=True)"),
    ("adamw", "quad2", {"kind": "adamw", "lr": 0.1, "weight_decay": 0.5},
     "O.AdamW(p, lr=0.1, weight_decay=0.5)"),
    ("adamw_amsgrad", "quad2", {"kind": "adamw", "lr": 0.1, "beta2": 0.9, "weight_decay": 0.5, "amsgrad": True},
     "O.AdamW(p, lr=0.1, betas=(0.9, 0.9), weight_decay=0.5, amsgrad=True)"),
    ("nadam_wd", "quad2", {"kind": "nadam", "lr": 0.1, "weight_decay": 0.1},
     "O.NAdam(p, lr=0.1, weight_decay=0.1)"),
    ("nadam_decoupled", "quad2", {"kind": "nadam", "lr": 0.1, "weight_decay": 0.5, "momentum_decay": 0.01, "decoupled_weight_decay": True},
     "O.NAdam(p, lr=0.1, weight_decay=0.5, momentum_decay=0.01, decoupled_weight_decay=True)"),
    ("adadelta", "quad2", {"kind": "adadelta", "weight_decay": 0.1},
     "O.Adadelta(p, weight_decay=0.1)"),
    ("adadelta_eps", "quad2", {"kind": "adadelta", "lr": 0.5, "rho": 0.5, "eps": 0.01},
     "O.Adadelta(p, lr=0.5, rho=0.5, eps=0.01)"),
    ("rprop", "quad2", {"kind": "rprop", "lr": 0.5},
     "O.Rprop(p, lr=0.5)"),
    ("rprop_clamped", "quad2", {"kind": "rprop", "lr": 0.5, "eta_minus": 0.3, "eta_plus": 1.5, "step_min": 0.2, "step_max": 0.7},
     "O.Rprop(p, lr=0.5, etas=(0.3, 1.5), step_sizes=(0.2, 0.7))"),
    ("adam_layer", "layer", {"kind": "adam", "lr": 0.1, "weight_decay": 0.1},
     "O.Adam(p, lr=0.1, weight_decay=0.1)"),
    ("sgd_layer", "layer", {"kind": "sgd", "lr": 0.1, "momentum": 0.9},
     "O.SGD(p, lr=0.1, momentum=0.9)"),
    # ---- not in torch.optim: re-implementations above
    ("madam_layer", "layer", {"kind": "madam", "lr": 0.1}, "MadamRef(p, lr=0.1)"),
    ("madam_bounds", "layer", {"kind": "madam", "lr": 0.5, "p_scale": 1.2, "g_bound": 0.8, "beta": 0.9},
     "MadamRef(p, lr=0.5, p_scale=1.2, g_bound=0.8, beta=0.9)"),
    ("nero_layer", "layer", {"kind": "nero", "lr": 0.1}, "NeroRef(p, lr=0.1)"),
    ("nero_unconstrained", "layer", {"kind": "nero", "lr": 0.1, "beta": 0.9, "constraints": False},
     "NeroRef(p, lr=0.1, beta=0.9, constraints=False)"),
    ("nero_point", "quad2", {"kind": "nero", "lr": 0.1}, "NeroRef(p, lr=0.1)"),
]
FLAT_CASES = [
    ("ema", "quad2", {"kind": "ema_momentum", "lr": 0.04, "beta": 0.9}, "ema(0.04, 0.9, True, False)"),
    ("ema_biased", "quad2", {"kind": "ema_momentum", "lr": 0.04, "beta": 0.9, "bias_correction": False}, "ema(0.04, 0.9, False, False)"),
    ("ema_nesterov", "quad2", {"kind": "ema_momentum", "lr": 0.04, "beta": 0.9, "nesterov": True}, "ema(0.04, 0.9, True, True)"),
    ("sign_sgd", "quad2", {"kind": "sign_sgd", "lr": 0.3}, "sign_sgd(0.3)"),
    ("gd_inv_l", "quad2", {"kind": "gd_inv_l", "l": 20.0}, "gd_inv_l(20.0)"),
    ("mirror_diag", "quad2", {"kind": "mirror_descent", "lr": 0.3, "map": "diagonal_quadratic", "a1": 2.0, "a2": 20.0}, "mirror(0.3, 2.0, 20.0)"),
    ("mirror_euclid", "quad2", {"kind": "mirror_descent", "lr": 0.04}, "mirror(0.04, 1.0, 1.0)"),
    ("newton_plain", "saddle2", {"kind": "newton"}, "newton(1.0, False, 1e-4, False)"),
    ("newton_damped", "saddle2", {"kind": "newton", "lr": 0.5}, "newton(0.5, False, 1e-4, False)"),
    ("newton_saddle_free", "saddle2", {"kind": "newton", "saddle_free": True}, "newton(1.0, True, 1e-4, False)"),
    ("newton_sf_armijo", "saddle2", {"kind": "newton", "saddle_free": True, "line_search": True}, "newton(1.0, True, 1e-4, True)"),
    ("newton_quad", "quad2", {"kind": "newton"}, "newton(1.0, False, 1e-4, False)"),
    ("cubic_m1", "saddle2", {"kind": "cubic_newton", "m": 1.0}, "cubic(1.0, 1.0)"),
    ("cubic_m10", "saddle2", {"kind": "cubic_newton", "m": 10.0, "lr": 0.8}, "cubic(0.8, 10.0)"),
]


def rust_f64(v):
    r = repr(float(v))
    return r if ("." in r or "e" in r) else r + ".0"


def main():
    print("// @generated by src/optim/golden/make_goldens.py with torch", torch.__version__, "(float64). Do not edit.")
    print("// Each entry: (name, problem, optimizer config as JSON, parameters after steps 1..3).")
    print("pub(super) const GOLDENS: &[(&str, &str, &str, [&[f64]; 3])] = &[")
    for name, problem, cfg, src in CASES:
        out = run_torch(problem, lambda p, src=src: eval(src))
        emit(name, problem, cfg, src, out, "PyTorch" if src.startswith("O.") else "reference re-implementation")
    for name, problem, cfg, src in FLAT_CASES:
        out = run_flat(problem, eval(src))
        emit(name, problem, cfg, src, out, "formula re-implementation")
    print("];")


def emit(name, problem, cfg, src, out, origin):
    print(f"    // {origin}: {src} on {problem}, 3 x (zero_grad; loss.backward(); step)")
    steps = ", ".join("&[" + ", ".join(rust_f64(v) for v in s) + "]" for s in out)
    print(f"    ({json.dumps(name)}, {json.dumps(problem)}, {json.dumps(json.dumps(cfg))}, [{steps}]),")


if __name__ == "__main__":
    main()
