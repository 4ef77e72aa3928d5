#!/usr/bin/python3
"""Generate the PyTorch reference data that dl's tests compare against.

Run from this directory with Debian's python3-torch (1.13):

    /usr/bin/python3 gen.py

It rewrites layers.json, losses.json, optim.json, schedules.json and
conv.json here.
CI never runs it: the JSON files are committed. Everything is float64 and
every input is fixed (seeded torch.Generator or literal values), so the output
is reproducible. Conventions shared with the Go tests:

  * A layer's backward pass is driven by an upstream gradient "gout" (the
    tensor passed to out.backward), so dx = J^T gout.
  * dl.Linear stores its weight as in×out (y = x W + b); PyTorch stores
    out×in (y = x W^T + b). The files hold dl's layout: "w" = weight.T.
  * Optimizer runs minimise f(W, b) on a fixed problem (see optim_problem)
    and record the flattened parameters [W..., b...] after every step.
"""
import json
import math

import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

G = torch.Generator().manual_seed(20261128)


def randn(*shape, scale=1.0):
    return torch.randn(*shape, generator=G) * scale


def rand(*shape):
    return torch.rand(*shape, generator=G)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def tens(t):
    return {"shape": list(t.shape), "data": flat(t)}


def dump(name, obj):
    with open(name, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")


# ---------------------------------------------------------------- layers


def run_layer(fn, x, gout):
    x = x.clone().requires_grad_(True)
    out = fn(x)
    out.backward(gout)
    return out, x.grad


def layers():
    cases = []

    # Linear
    x = randn(4, 3)
    lin = torch.nn.Linear(3, 2)
    with torch.no_grad():
        lin.weight.copy_(randn(2, 3))
        lin.bias.copy_(randn(2))
    gout = randn(4, 2)
    w0, b0 = lin.weight.detach().clone(), lin.bias.detach().clone()
    out, dx = run_layer(lin, x, gout)
    cases.append({"name": "linear", "x": tens(x), "w": tens(w0.T), "b": tens(b0),
                  "gout": tens(gout), "out": tens(out), "dx": tens(dx),
                  "dw": tens(lin.weight.grad.T), "db": tens(lin.bias.grad)})

    # Residual(Linear(3, 3)): out = x + lin(x)
    x = randn(4, 3)
    lin = torch.nn.Linear(3, 3)
    with torch.no_grad():
        lin.weight.copy_(randn(3, 3))
        lin.bias.copy_(randn(3))
    gout = randn(4, 3)
    w0, b0 = lin.weight.detach().clone(), lin.bias.detach().clone()
    out, dx = run_layer(lambda t: t + lin(t), x, gout)
    cases.append({"name": "residual_linear", "x": tens(x), "w": tens(w0.T), "b": tens(b0),
                  "gout": tens(gout), "out": tens(out), "dx": tens(dx),
                  "dw": tens(lin.weight.grad.T), "db": tens(lin.bias.grad)})

    # Activations (no parameters).
    x = randn(4, 6, scale=2.0)
    gout = randn(4, 6)
    acts = [
        ("sigmoid", {}, torch.sigmoid),
        ("tanh", {}, torch.tanh),
        ("relu", {}, torch.relu),
        ("leaky_relu", {"alpha": 0.1}, lambda t: torch.nn.functional.leaky_relu(t, 0.1)),
        ("elu", {"alpha": 1.0}, lambda t: torch.nn.functional.elu(t, 1.0)),
        ("elu", {"alpha": 0.5}, lambda t: torch.nn.functional.elu(t, 0.5)),
        ("softmax", {}, lambda t: torch.softmax(t, dim=1)),
        ("log_softmax", {}, lambda t: torch.log_softmax(t, dim=1)),
        # Maxout(k): last dim k*m -> m, out[..., i] = max_j x[..., j*m + i].
        ("maxout", {"k": 2}, lambda t: t.reshape(4, 2, 3).max(dim=1).values),
        ("maxout", {"k": 3}, lambda t: t.reshape(4, 3, 2).max(dim=1).values),
    ]
    for name, args, fn in acts:
        g = gout
        if name == "maxout":
            g = gout[:, : 6 // args["k"]]
        out, dx = run_layer(fn, x, g)
        cases.append({"name": name, "args": args, "x": tens(x), "gout": tens(g),
                      "out": tens(out), "dx": tens(dx)})

    # Flatten: (N, 2, 3) -> (N, 6)
    x3 = randn(4, 2, 3)
    out, dx = run_layer(lambda t: torch.flatten(t, 1), x3, gout)
    cases.append({"name": "flatten", "args": {}, "x": tens(x3), "gout": tens(gout),
                  "out": tens(out), "dx": tens(dx)})

    # BatchNorm1d: three training steps, then eval.
    bn = torch.nn.BatchNorm1d(3, eps=1e-5, momentum=0.1)
    with torch.no_grad():
        bn.weight.copy_(1 + 0.5 * randn(3))
        bn.bias.copy_(randn(3))
    gamma0, beta0 = bn.weight.detach().clone(), bn.bias.detach().clone()
    steps = []
    bn.train()
    for s in range(3):
        x = randn(5, 3, scale=1.0 + s) + float(s)
        gout = randn(5, 3)
        bn.zero_grad()
        out, dx = run_layer(bn, x, gout)
        steps.append({"x": tens(x), "gout": tens(gout), "out": tens(out), "dx": tens(dx),
                      "dgamma": tens(bn.weight.grad), "dbeta": tens(bn.bias.grad),
                      "running_mean": tens(bn.running_mean), "running_var": tens(bn.running_var)})
    bn.eval()
    x = randn(4, 3)
    gout = randn(4, 3)
    bn.zero_grad()
    out, dx = run_layer(bn, x, gout)
    ev = {"x": tens(x), "gout": tens(gout), "out": tens(out), "dx": tens(dx),
          "dgamma": tens(bn.weight.grad), "dbeta": tens(bn.bias.grad)}
    bnc = {"n": 3, "eps": 1e-5, "momentum": 0.1, "gamma": tens(gamma0), "beta": tens(beta0),
           "train_steps": steps, "eval": ev}
    return {"torch": torch.__version__, "cases": cases, "batchnorm1d": bnc}


# ---------------------------------------------------------------- losses


def losses():
    cases = []
    pred = randn(4, 3, scale=1.5)
    target = randn(4, 3)
    r = pred - target

    def add(name, args, reduction, fn, p, t):
        p = p.clone().requires_grad_(True)
        v = fn(p, t)
        v.backward()
        cases.append({"name": name, "args": args, "reduction": reduction,
                      "pred": tens(p), "target": tens(t),
                      "value": float(v), "grad": tens(p.grad)})

    F = torch.nn.functional
    for red in ("mean", "sum"):
        add("mse", {}, red, lambda p, t: F.mse_loss(p, t, reduction=red), pred, target)
        add("l1", {}, red, lambda p, t: F.l1_loss(p, t, reduction=red), pred, target)
        for d in (1.0, 0.5):
            add("huber", {"xi": d}, red, lambda p, t: F.huber_loss(p, t, reduction=red, delta=d), pred, target)

    # The slide's robust-loss table, rho(x) with x = pred - target,
    # differentiated by torch's autograd.
    def reduce(v, red):
        return v.mean() if red == "mean" else v.sum()

    def rho_least_squares(x):
        return x ** 2 / 2

    def rho_lp(p):
        return lambda x: x.abs() ** p / p

    def rho_fair(xi):
        return lambda x: xi ** 2 * (x.abs() / xi - torch.log(1 + x.abs() / xi))

    def rho_cauchy(xi):
        return lambda x: xi ** 2 / 2 * torch.log(1 + x ** 2 / xi ** 2)

    def rho_huber(xi):
        return lambda x: torch.where(x.abs() <= xi, x ** 2 / 2, xi * (x.abs() - xi / 2))

    def rho_tukey(xi):
        return lambda x: torch.where(x.abs() <= xi,
                                     x ** 6 / 6 - xi ** 2 * x ** 4 / 2 + xi ** 4 * x ** 2 / 2,
                                     torch.full_like(x, xi ** 6 / 6))

    robust = [
        ("least_squares", {}, rho_least_squares),
        ("lp", {"p": 1.5}, rho_lp(1.5)),
        ("lp", {"p": 3.0}, rho_lp(3.0)),
        ("fair", {"xi": 1.5}, rho_fair(1.5)),
        ("cauchy", {"xi": 1.5}, rho_cauchy(1.5)),
        ("huber_slide", {"xi": 1.0}, rho_huber(1.0)),
        ("tukey", {"xi": 2.0}, rho_tukey(2.0)),
    ]
    for red in ("mean", "sum"):
        for name, args, rho in robust:
            add(name, args, red, lambda p, t, rho=rho: reduce(rho(p - t), red), pred, target)

    # Binary cross-entropy on probabilities and on logits.
    probs = torch.sigmoid(randn(6, 1, scale=2.0))
    ybin = torch.tensor([[0.0], [1.0], [1.0], [0.0], [0.3], [1.0]])
    logits = torch.tensor([[-3.0], [0.0], [2.5], [40.0], [-0.7], [-60.0]])
    for red in ("mean", "sum"):
        add("bce", {}, red, lambda p, t: F.binary_cross_entropy(p, t, reduction=red), probs, ybin)
        add("bce_with_logits", {}, red,
            lambda p, t: F.binary_cross_entropy_with_logits(p, t, reduction=red), logits, ybin)

    # Multi-class: logits N x C and integer labels (stored as float64).
    z = randn(5, 4, scale=2.0)
    z[4] = torch.tensor([1000.0, -1000.0, 999.0, 0.0])  # stability
    labels = torch.tensor([0, 3, 1, 2, 2])
    for red in ("mean", "sum"):
        add("cross_entropy", {}, red, lambda p, t: F.cross_entropy(p, labels, reduction=red),
            z, labels.double())
        logp = torch.log_softmax(randn(5, 4), dim=1)
        add("nll", {}, red, lambda p, t: F.nll_loss(p, labels, reduction=red), logp, labels.double())
    return {"torch": torch.__version__, "cases": cases}


# ---------------------------------------------------------------- optimizers


def optim_problem():
    """f(W, b) = 1/2 ||A theta - c||^2 + q * sum(theta^4),  theta = [W.flat, b].

    A non-diagonal quadratic plus a quartic term, so that gradients are
    neither constant nor linear in theta.
    """
    A = randn(7, 9, scale=0.5)
    c = randn(7)
    W0 = randn(2, 3)
    b0 = randn(3)
    return {"A": tens(A), "c": tens(c), "q": 0.05, "W0": tens(W0), "b0": tens(b0)}


def objective(prob, W, b):
    A = torch.tensor(prob["A"]["data"]).reshape(prob["A"]["shape"])
    c = torch.tensor(prob["c"]["data"])
    th = torch.cat([W.reshape(-1), b])
    return 0.5 * ((A @ th - c) ** 2).sum() + prob["q"] * (th ** 4).sum()


def run_torch_opt(prob, make, steps=50, sched=None):
    W = torch.tensor(prob["W0"]["data"]).reshape(2, 3).requires_grad_(True)
    b = torch.tensor(prob["b0"]["data"]).requires_grad_(True)
    opt = make([W, b])
    s = sched(opt) if sched else None
    traj, lrs = [], []
    for _ in range(steps):
        opt.zero_grad()
        objective(prob, W, b).backward()
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if s:
            s.step()
        traj.append(flat(torch.cat([W.reshape(-1), b])))
    return traj, lrs


def optim():
    prob = optim_problem()
    O = torch.optim
    lr = 0.05
    runs = [
        ("sgd", {"lr": lr}, lambda p: O.SGD(p, lr=lr)),
        ("sgd", {"lr": lr, "weight_decay": 0.1}, lambda p: O.SGD(p, lr=lr, weight_decay=0.1)),
        ("sgd_momentum", {"lr": lr, "momentum": 0.9}, lambda p: O.SGD(p, lr=lr, momentum=0.9)),
        ("sgd_momentum", {"lr": lr, "momentum": 0.9, "weight_decay": 0.1},
         lambda p: O.SGD(p, lr=lr, momentum=0.9, weight_decay=0.1)),
        ("sgd_nesterov", {"lr": lr, "momentum": 0.9}, lambda p: O.SGD(p, lr=lr, momentum=0.9, nesterov=True)),
        ("sgd_nesterov", {"lr": lr, "momentum": 0.8, "weight_decay": 0.1},
         lambda p: O.SGD(p, lr=lr, momentum=0.8, nesterov=True, weight_decay=0.1)),
        ("adagrad", {"lr": 0.1, "eps": 1e-10}, lambda p: O.Adagrad(p, lr=0.1)),
        ("adagrad", {"lr": 0.1, "eps": 1e-10, "weight_decay": 0.1}, lambda p: O.Adagrad(p, lr=0.1, weight_decay=0.1)),
        ("adadelta", {"lr": 1.0, "rho": 0.9, "eps": 1e-6}, lambda p: O.Adadelta(p)),
        ("adadelta", {"lr": 1.0, "rho": 0.95, "eps": 1e-6, "weight_decay": 0.1},
         lambda p: O.Adadelta(p, rho=0.95, weight_decay=0.1)),
        ("adadelta", {"lr": 0.5, "rho": 0.9, "eps": 1e-6}, lambda p: O.Adadelta(p, lr=0.5)),
        ("rmsprop", {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}, lambda p: O.RMSprop(p, lr=0.01)),
        ("rmsprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-3}, lambda p: O.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-3)),
        ("rmsprop", {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.1},
         lambda p: O.RMSprop(p, lr=0.01, weight_decay=0.1)),
        ("adam", {"lr": lr, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, lambda p: O.Adam(p, lr=lr)),
        ("adam", {"lr": lr, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6},
         lambda p: O.Adam(p, lr=lr, betas=(0.8, 0.99), eps=1e-6)),
        ("adam", {"lr": lr, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1},
         lambda p: O.Adam(p, lr=lr, weight_decay=0.1)),
        ("adamw", {"lr": lr, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1},
         lambda p: O.AdamW(p, lr=lr, weight_decay=0.1)),
        ("adamw", {"lr": lr, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01},
         lambda p: O.AdamW(p, lr=lr)),
    ]
    out = []
    for name, opts, make in runs:
        traj, _ = run_torch_opt(prob, make)
        out.append({"name": name, "opts": opts, "traj": traj})

    # Runs whose learning rate changes (StepLR, halving every 10 steps):
    # where PyTorch's parametrisation differs from the slide's, the
    # difference shows up only when the learning rate changes.
    sched = lambda o: O.lr_scheduler.StepLR(o, step_size=10, gamma=0.5)
    scheduled = [
        ("sgd_momentum", {"lr": lr, "momentum": 0.9}, lambda p: O.SGD(p, lr=lr, momentum=0.9)),
        ("sgd_nesterov", {"lr": lr, "momentum": 0.9}, lambda p: O.SGD(p, lr=lr, momentum=0.9, nesterov=True)),
        ("adamw", {"lr": lr, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1},
         lambda p: O.AdamW(p, lr=lr, weight_decay=0.1)),
        ("adam", {"lr": lr, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, lambda p: O.Adam(p, lr=lr)),
    ]
    for name, opts, make in scheduled:
        traj, lrs = run_torch_opt(prob, make, sched=sched)
        out.append({"name": name, "opts": opts, "step_lr": {"step_size": 10, "gamma": 0.5},
                    "lrs": lrs, "traj": traj})

    # Gradient clipping on the problem's gradient at theta0 (scaled up).
    clips = []
    for scale, max_norm in ((1.0, 0.5), (1.0, 100.0), (10.0, 1.0)):
        W = (torch.tensor(prob["W0"]["data"]).reshape(2, 3) * scale).requires_grad_(True)
        b = (torch.tensor(prob["b0"]["data"]) * scale).requires_grad_(True)
        objective(prob, W, b).backward()
        g0 = flat(torch.cat([W.grad.reshape(-1), b.grad]))
        total = torch.nn.utils.clip_grad_norm_([W, b], max_norm)
        clips.append({"max_norm": max_norm, "grad": g0, "total_norm": float(total),
                      "clipped": flat(torch.cat([W.grad.reshape(-1), b.grad]))})
    return {"torch": torch.__version__, "problem": prob, "runs": out, "clip_grad_norm": clips}


def schedules():
    O = torch.optim
    out = []

    def lrs(make, n=30, base=0.1):
        p = torch.zeros(1, requires_grad=True)
        opt = O.SGD([p], lr=base)
        s = make(opt)
        seq = []
        for _ in range(n):
            seq.append(opt.param_groups[0]["lr"])
            opt.step()
            s.step()
        return seq

    out.append({"name": "step", "args": {"step_size": 7, "gamma": 0.3},
                "lrs": lrs(lambda o: O.lr_scheduler.StepLR(o, 7, 0.3))})
    out.append({"name": "exponential", "args": {"gamma": 0.9},
                "lrs": lrs(lambda o: O.lr_scheduler.ExponentialLR(o, 0.9))})
    out.append({"name": "cosine", "args": {"t_max": 20, "eta_min": 0.001},
                "lrs": lrs(lambda o: O.lr_scheduler.CosineAnnealingLR(o, 20, 0.001), n=21)})
    return {"torch": torch.__version__, "base_lr": 0.1, "schedules": out}


# ---------------------------------------------------------------- convolutions


# (N, C, H, W, F, k, stride, padding): batch 1, odd and non-square sizes,
# stride > 1, padding, a 1x1 kernel.
CONV_GEOMETRIES = [
    (1, 1, 6, 6, 2, 3, 1, 0),
    (2, 3, 7, 5, 4, 3, 2, 1),
    (3, 2, 5, 6, 3, 1, 1, 0),
    (2, 2, 8, 7, 3, 5, 3, 2),
    (4, 1, 9, 9, 6, 5, 1, 2),
]

# (N, C, H, W, kernel, stride, padding)
POOL_GEOMETRIES = [
    (1, 1, 4, 4, 2, 2, 0),
    (2, 3, 5, 7, 2, 2, 0),
    (2, 2, 7, 6, 3, 2, 1),
    (3, 1, 5, 5, 3, 1, 1),
]


def conv():
    """Conv2d (weights in PyTorch's layout F x C x k x k, which dl uses too),
    max and average pooling, and BatchNorm2d over three training steps and
    an eval step."""
    F = torch.nn.functional
    convs = []
    for n, c, h, w, f, k, s, p in CONV_GEOMETRIES:
        x = randn(n, c, h, w)
        wt = randn(f, c, k, k, scale=0.5)
        for bias in (True, False):
            b = randn(f) if bias else None
            wv = wt.clone().requires_grad_(True)
            bv = b.clone().requires_grad_(True) if bias else None
            oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
            gout = randn(n, f, oh, ow)
            out, dx = run_layer(lambda t: F.conv2d(t, wv, bv, stride=s, padding=p), x, gout)
            case = {"stride": s, "padding": p, "x": tens(x), "w": tens(wt), "gout": tens(gout),
                    "out": tens(out), "dx": tens(dx), "dw": tens(wv.grad)}
            if bias:
                case.update({"b": tens(b), "db": tens(bv.grad)})
            convs.append(case)
    pools = []
    for n, c, h, w, k, s, p in POOL_GEOMETRIES:
        x = randn(n, c, h, w)
        oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
        gout = randn(n, c, oh, ow)
        for kind, fn in (("max", F.max_pool2d), ("avg", F.avg_pool2d)):
            out, dx = run_layer(lambda t: fn(t, k, s, p), x, gout)
            pools.append({"kind": kind, "kernel": k, "stride": s, "padding": p, "x": tens(x),
                          "gout": tens(gout), "out": tens(out), "dx": tens(dx)})
    bn = torch.nn.BatchNorm2d(3, eps=1e-5, momentum=0.1)
    with torch.no_grad():
        bn.weight.copy_(1 + 0.5 * randn(3))
        bn.bias.copy_(randn(3))
    gamma0, beta0 = bn.weight.detach().clone(), bn.bias.detach().clone()
    steps = []
    bn.train()
    for st in range(3):
        x = randn(2 + st, 3, 4, 3, scale=1.0 + st) + float(st)
        gout = randn(*x.shape)
        bn.zero_grad()
        out, dx = run_layer(bn, x, gout)
        steps.append({"x": tens(x), "gout": tens(gout), "out": tens(out), "dx": tens(dx),
                      "dgamma": tens(bn.weight.grad), "dbeta": tens(bn.bias.grad),
                      "running_mean": tens(bn.running_mean), "running_var": tens(bn.running_var)})
    bn.eval()
    x = randn(2, 3, 3, 4)
    gout = randn(2, 3, 3, 4)
    bn.zero_grad()
    out, dx = run_layer(bn, x, gout)
    ev = {"x": tens(x), "gout": tens(gout), "out": tens(out), "dx": tens(dx),
          "dgamma": tens(bn.weight.grad), "dbeta": tens(bn.bias.grad)}
    bnc = {"n": 3, "eps": 1e-5, "momentum": 0.1, "gamma": tens(gamma0), "beta": tens(beta0),
           "train_steps": steps, "eval": ev}
    return {"torch": torch.__version__, "conv2d": convs, "pool2d": pools, "batchnorm2d": bnc}


if __name__ == "__main__":
    # Order matters: all inputs come from one generator stream.
    dump("layers.json", layers())
    dump("losses.json", losses())
    dump("optim.json", optim())
    dump("schedules.json", schedules())
    dump("conv.json", conv())
