#!/usr/bin/env python3
"""MacroNet's two benchmarked networks in plain PyTorch eager, timed like the JMH benchmarks.

The side-by-side reference of issue 11: the same architectures, losses and optimiser as
macronet-core (org.macronet.flow, org.macronet.macro), written the way one writes them in PyTorch,
so that MacroNetBenchmark / ImageStepBenchmark can be compared with "the same network in PyTorch".

  dense  the oscillator defaults (OscillatorExperiment.Options.defaults): X and Y 2-D, K = 1, each
         encoder 20 x [ActNorm -> affine coupling (MLP 1-32-32-2, GELU, soft clamp 2) -> reversal];
         loss lambda * mean pseudo-Huber(|m_X - m_Y|^2, delta 0.1) + NLL_X + NLL_Y, lambda 100;
         Adam, global gradient-norm clip 100; batches of 512.
  image  the Turing full preset (TuringExperiment.defaultModel): rules 4-D through the dense default
         flow, patterns 1x64x64 through 4 levels of squeeze -> 2 x [ActNorm -> invertible 1x1 conv
         (LU, Haar start) -> conv affine coupling (3x3 circular -> GELU -> 1x1 -> GELU -> 3x3 circular,
         32 hidden)], half the channels factored out per level, a dense head (4 blocks, MLP width 64)
         on the coarsest 512 values; K = 3, plain squared match term, lambda 300; batches of 64.

Timed like the JMH benchmarks: a training step is forward of both encoders, loss, backward,
clipping and the Adam update on already standardised batches (lr = 0.1 x the preset's, as the
benchmarks use); encoding is MacroNet.encode: standardise, forward without gradients, the first K
latent coordinates back as numpy (images: averaged over 8 circular shifts). Each figure is the median
of --repeats timings after warm-up, in pairs (or rows, images) per second.

  python3 reference.py                      # table of PyTorch figures, one thread
  python3 reference.py --json out.json      # also as JSON (scripts/bench-vs-pytorch.sh reads it)
  python3 reference.py --compare jmh.json --json out.json   # no timing: the table with JMH's figures
  python3 reference.py --only dense --json out.json         # one network only (merged into an existing out.json)
  python3 reference.py --compare j1.json,j2.json --json p1.json,p2.json   # rounds: medians, median ratio

Needs torch (Debian: apt-get install python3-torch, for /usr/bin/python3) and numpy.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

LOG_2PI = math.log(2 * math.pi)


def build():
    """Defines the modules (imports torch only when timing)."""
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    class ActNorm(nn.Module):
        """y = (x + b) * exp(s) per channel (axis 1); initialised from the first batch (Glow)."""

        def __init__(self, channels):
            super().__init__()
            self.bias = nn.Parameter(torch.zeros(channels))
            self.logscale = nn.Parameter(torch.zeros(channels))
            self.ready = False  # a Python flag: checking a tensor would cost a sync per layer and step

        def _view(self, v, x):
            return v if x.dim() == 2 else v.view(1, -1, 1, 1)

        def forward(self, x):
            if not self.ready:
                with torch.no_grad():
                    dims = [0] if x.dim() == 2 else [0, 2, 3]
                    self.bias.copy_(-x.mean(dims))
                    self.logscale.copy_(-0.5 * torch.log(x.var(dims, unbiased=False) + 1e-6))
                self.ready = True
            pixels = x[0, 0].numel()
            y = (x + self._view(self.bias, x)) * self._view(self.logscale.exp(), x)
            return y, (self.logscale.sum() * pixels).expand(x.shape[0])

    class Mlp(nn.Module):
        """in -> hidden... -> out, GELU between, the last layer zero (a fresh coupling is the identity)."""

        def __init__(self, widths):
            super().__init__()
            self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
            nn.init.zeros_(self.layers[-1].weight)
            nn.init.zeros_(self.layers[-1].bias)

        def forward(self, x):
            for i, layer in enumerate(self.layers):
                x = layer(x)
                if i < len(self.layers) - 1:
                    x = F.gelu(x)
            return x

    class AffineCoupling(nn.Module):
        """RealNVP on [B, D]: y_b = x_b * exp(s) + t, (t, s_raw) = MLP(x_a), s = a * tanh(s_raw / a)."""

        def __init__(self, dim, hidden, layers, clamp):
            super().__init__()
            self.split, self.rest, self.clamp = dim // 2, dim - dim // 2, clamp
            self.net = Mlp([self.split] + [hidden] * layers + [2 * self.rest])

        def forward(self, x):
            xa, xb = x[:, :self.split], x[:, self.split:]
            st = self.net(xa)
            t, s = st[:, :self.rest], self.clamp * torch.tanh(st[:, self.rest:] / self.clamp)
            return torch.cat([xa, xb * torch.exp(s) + t], 1), s.sum(1)

    class Reverse(nn.Module):
        def forward(self, x):
            return x.flip(1), None

    class Sequence(nn.ModuleList):
        def forward(self, x):
            log_det = None
            for layer in self:
                x, ld = layer(x)
                if ld is not None:
                    log_det = ld if log_det is None else log_det + ld
            return x, log_det

    def dense_flow(dim, blocks=20, hidden=32, layers=2, clamp=2.0):
        """DenseFlowSpec: blocks x [ActNorm -> affine coupling -> reversal]."""
        mods = []
        for _ in range(blocks):
            mods += [ActNorm(dim), AffineCoupling(dim, hidden, layers, clamp), Reverse()]
        return Sequence(mods)

    class Squeeze(nn.Module):
        """[B, C, H, W] -> [B, 4C, H/2, W/2]; channel 4c + 2i + j holds channel c at (2h + i, 2w + j)."""

        def forward(self, x):
            b, c, h, w = x.shape
            x = x.reshape(b, c, h // 2, 2, w // 2, 2).permute(0, 1, 3, 5, 2, 4)
            return x.reshape(b, 4 * c, h // 2, w // 2), None

    def haar(c4):
        c = c4 // 4
        signs = [[1, 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]]
        w = torch.zeros(c4, c4, dtype=torch.float64)
        for band in range(4):
            for ch in range(c):
                for sub in range(4):
                    w[band * c + ch, ch * 4 + sub] = 0.5 * signs[band][sub]
        return w

    class InvConv1x1(nn.Module):
        """Glow's 1x1 convolution, W = P L (U + diag(sign exp(s))), log|det| = H W sum(s)."""

        def __init__(self, initial):
            super().__init__()
            c = initial.shape[0]
            p, l, u = torch.lu_unpack(*torch.linalg.lu_factor(initial))
            d = torch.diagonal(u)
            self.register_buffer("p", p.float())
            self.register_buffer("sign", torch.sign(d).float())
            self.register_buffer("lower_mask", torch.tril(torch.ones(c, c), -1))
            self.register_buffer("upper_mask", torch.triu(torch.ones(c, c), 1))
            self.register_buffer("eye", torch.eye(c))
            self.register_buffer("zero_bias", torch.zeros(c))
            self.lower = nn.Parameter((l * self.lower_mask).float())
            self.upper = nn.Parameter((u * self.upper_mask).float())
            self.logdiag = nn.Parameter(torch.log(d.abs()).float())

        def forward(self, x):
            l = self.lower * self.lower_mask + self.eye
            u = self.upper * self.upper_mask + torch.diag(self.sign * self.logdiag.exp())
            w = self.p @ l @ u
            y = F.conv2d(x, w.view(*w.shape, 1, 1), self.zero_bias)
            return y, (self.logdiag.sum() * x[0, 0].numel()).expand(x.shape[0])

    class ConvNet(nn.Module):
        """3x3 (circular) -> GELU -> 1x1 -> GELU -> 3x3 (circular), the last conv zero."""

        def __init__(self, cin, hidden, cout):
            super().__init__()
            self.c1 = nn.Conv2d(cin, hidden, 3)
            self.c2 = nn.Conv2d(hidden, hidden, 1)
            self.c3 = nn.Conv2d(hidden, cout, 3)
            nn.init.zeros_(self.c3.weight)
            nn.init.zeros_(self.c3.bias)

        def forward(self, x):
            x = F.gelu(self.c1(F.pad(x, (1, 1, 1, 1), mode="circular")))
            x = F.gelu(self.c2(x))
            return self.c3(F.pad(x, (1, 1, 1, 1), mode="circular"))

    class ConvAffineCoupling(nn.Module):
        def __init__(self, channels, hidden, clamp):
            super().__init__()
            self.split, self.rest, self.clamp = channels // 2, channels - channels // 2, clamp
            self.net = ConvNet(self.split, hidden, 2 * self.rest)

        def forward(self, x):
            xa, xb = x[:, :self.split], x[:, self.split:]
            st = self.net(xa)
            t, s = st[:, :self.rest], self.clamp * torch.tanh(st[:, self.rest:] / self.clamp)
            return torch.cat([xa, xb * torch.exp(s) + t], 1), s.sum((1, 2, 3))

    class MultiScale(nn.Module):
        """ConvFlowSpec(levels, steps, hidden, clamp, head, haar) on [B, C, H, W] -> flat [B, C H W]."""

        def __init__(self, channels, size, levels=4, steps=2, hidden=32, clamp=2.0):
            super().__init__()
            self.levels = nn.ModuleList()
            c = channels
            for _ in range(levels):
                c *= 4
                mods = [Squeeze()]
                for k in range(steps):
                    mods += [ActNorm(c), InvConv1x1(haar(c) if k == 0 else torch.eye(c, dtype=torch.float64)),
                             ConvAffineCoupling(c, hidden, clamp)]
                self.levels.append(Sequence(mods))
                c //= 2
            self.head = dense_flow(channels * size * size >> (levels - 1), blocks=4, hidden=64)

        def forward(self, x):
            b = x.shape[0]
            parts, log_det = [], None
            for i, level in enumerate(self.levels):
                x, ld = level(x)
                log_det = ld if log_det is None else log_det + ld
                if i < len(self.levels) - 1:
                    half = x.shape[1] // 2
                    parts.append(x[:, half:].reshape(b, -1))
                    x = x[:, :half]
            coarse, ld = self.head(x.reshape(b, -1))
            return torch.cat([coarse] + parts[::-1], 1), log_det + ld

    class Net(nn.Module):
        def __init__(self, enc_x, enc_y, k, image=None):
            super().__init__()
            self.enc_x, self.enc_y, self.k, self.image = enc_x, enc_y, k, image

        def encode_y(self, y):
            return self.enc_y(y if self.image is None else y.view(y.shape[0], *self.image))

    def nll(z, log_det):
        return (0.5 * z.square().sum(1) - log_det).mean() + 0.5 * z.shape[1] * LOG_2PI

    def loss(net, x, y, lam, delta):
        zx, ldx = net.enc_x(x)
        zy, ldy = net.encode_y(y)
        d2 = (zx[:, :net.k] - zy[:, :net.k]).square().sum(1)
        if delta > 0:
            dd = delta * delta
            term = (2 * dd * (torch.sqrt(1 + d2 / dd) - 1)).mean()
        else:
            term = d2.mean()
        return lam * term + nll(zx, ldx) + nll(zy, ldy)

    def dense_net():
        return Net(dense_flow(2), dense_flow(2), 1)

    def image_net(size=64):
        return Net(dense_flow(4), MultiScale(1, size), 3, image=(1, size, size))

    return torch, dense_net, image_net, loss


def median_rate(fn, items, warmup, repeats):
    """Median items/s of `repeats` timed calls of fn() after `warmup` untimed ones."""
    for _ in range(warmup):
        fn()
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        rates.append(items / (time.perf_counter() - t0))
    return statistics.median(rates)


def run(args):
    import numpy as np
    torch, dense_net, image_net, loss = build()
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.manual_seed(20240611)
    rng = np.random.default_rng(20240611)
    results = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    torch.ones(2, 2) @ torch.ones(2, 2)  # loads the BLAS
    nets = {}

    def trainer(net, batches, lam, delta, lr, clip=100.0):
        params = [p for p in net.parameters() if p.requires_grad]
        opt = torch.optim.Adam(params, lr=lr)

        def step_all():
            total = 0.0
            for bx, by in batches:
                x, y = torch.from_numpy(bx), torch.from_numpy(by)
                value = loss(net, x, y, lam, delta)
                opt.zero_grad()
                value.backward()
                norm = torch.nn.utils.clip_grad_norm_(params, clip)
                if math.isfinite(float(norm)):
                    opt.step()
                total += value.item()
            return total
        return step_all

    def count(net):
        return sum(p.numel() for p in net.parameters() if p.requires_grad)

    if args.only != "image":
        dense(args, torch, np, rng, dense_net, loss, trainer, count, nets, results)
    if args.only != "dense":
        image(args, torch, np, rng, image_net, loss, trainer, count, nets, results)
    results["parameters"] = nets
    results["blas"] = blas_libraries()
    return results


def dense(args, torch, np, rng, dense_net, loss, trainer, count, nets, results):
    """The oscillator network: training step and encoding."""
    # Dense: 8 batches of 512 oscillator-like pairs (4096 samples per call, as MacroNetBenchmark).
    batch, samples = 512, 4096
    net = dense_net()
    q = rng.standard_normal((samples, 2)).astype(np.float32)
    pairs = [(q[i:i + batch], np.ascontiguousarray(q[i:i + batch, ::-1])) for i in range(0, samples, batch)]
    with torch.no_grad():
        loss(net, torch.from_numpy(pairs[0][0]), torch.from_numpy(pairs[0][1]), 100.0, 0.1)  # ActNorm init
    nets["dense"] = count(net)
    results["dense_train_pairs_per_s"] = median_rate(trainer(net, pairs, 100.0, 0.1, 1e-4), samples,
                                                     args.warmup, args.repeats)
    mean, std = q.mean(0), q.std(0)
    raw = [(q[i:i + batch] * 3.0 + 1.0) for i in range(0, samples, batch)]

    def encode_dense():
        with torch.no_grad():
            for rows in raw:
                z, _ = net.enc_x(torch.from_numpy(((rows - mean) / std).astype(np.float32)))
                z[:, :net.k].double().numpy().copy()
    results["dense_encode_rows_per_s"] = median_rate(encode_dense, samples, args.warmup, args.repeats)



def image(args, torch, np, rng, image_net, loss, trainer, count, nets, results):
    """The Turing network: training step and encoding with the 8 averaging shifts."""
    # Image: 4 batches of 64 (rule, pattern) pairs per call, as ImageStepBenchmark.
    ib, steps, size = 64, 4, 64
    net = image_net(size)
    rules = rng.standard_normal((steps * ib, 4)).astype(np.float32)
    pats = rng.standard_normal((steps * ib, size * size)).astype(np.float32)
    ibatches = [(rules[i:i + ib], pats[i:i + ib]) for i in range(0, steps * ib, ib)]
    with torch.no_grad():
        loss(net, torch.from_numpy(ibatches[0][0]), torch.from_numpy(ibatches[0][1]), 300.0, 0.0)
    nets["image"] = count(net)
    results["image_train_images_per_s"] = median_rate(trainer(net, ibatches, 300.0, 0.0, 1e-4), steps * ib,
                                                      max(1, args.warmup // 2), args.repeats)
    enc_rows = pats[:256].astype(np.float64) * 0.1 + 0.25
    shifts = [(0, 0)] + [tuple(int(v) for v in rng.integers(0, size, 2)) for _ in range(7)]
    pmean, pstd = enc_rows.mean(), enc_rows.std()

    def encode_images():
        with torch.no_grad():
            m = 0
            for dy, dx in shifts:
                imgs = np.roll(enc_rows.reshape(-1, size, size), (dy, dx), (1, 2)).reshape(len(enc_rows), -1)
                z, _ = net.encode_y(torch.from_numpy(((imgs - pmean) / pstd).astype(np.float32)))
                m = m + z[:, :net.k].double().numpy() / len(shifts)
            return m
    results["image_encode_images_per_s"] = median_rate(encode_images, len(enc_rows), max(1, args.warmup // 2),
                                                       args.repeats)


def blas_libraries():
    """The BLAS libraries this process has loaded (Linux), e.g. Debian's reference libblas.so.3."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return sorted(paths)
    except OSError:
        return []


# Benchmark names: ours (JMH) and the PyTorch figure it is compared with.
PAIRS = [("dense training step (batch 512)", "MacroNetBenchmark.trainStep", {"batch": "512", "threads": "1"},
          "dense_train_pairs_per_s", "pairs/s"),
         ("dense encoding", "MacroNetBenchmark.encode", {"batch": "512", "threads": "1"}, "dense_encode_rows_per_s",
          "rows/s"),
         # Both cores on our side (the two encoders on two threads) against PyTorch's one thread.
         ("dense training step, 2 threads", "MacroNetBenchmark.trainStep", {"batch": "512", "threads": "2"},
          "dense_train_pairs_per_s", "pairs/s"),
         ("image training step (batch 64)", "ImageStepBenchmark.imageTrainStep", {"workers": "1"},
          "image_train_images_per_s", "images/s"),
         ("image encoding (8 shifts)", "ImageStepBenchmark.imageEncode", {"workers": "1"},
          "image_encode_images_per_s", "images/s"),
         # Both cores on our side (two data-parallel workers) against PyTorch's one thread.
         ("image training step, 2 workers", "ImageStepBenchmark.imageTrainStep", {"workers": "2"},
          "image_train_images_per_s", "images/s"),
         ("image encoding, 2 workers", "ImageStepBenchmark.imageEncode", {"workers": "2"},
          "image_encode_images_per_s", "images/s")]


def jmh_medians(path):
    """{(benchmark suffix, params): median of the measured iterations} from JMH's JSON output."""
    out = {}
    with open(path) as f:
        for entry in json.load(f):
            raw = [v for fork in entry["primaryMetric"]["rawData"] for v in fork]
            out[(entry["benchmark"], tuple(sorted((entry.get("params") or {}).items())))] = statistics.median(raw)
    return out


def table(pys, jmhs, sizes):
    """The side-by-side table of one or more rounds (lists of PyTorch figures and JMH medians, one per round):
    each side's median over the rounds, and the median of the per-round ratios (with their range)."""
    py = pys[0]
    rounds = len(pys)
    rows = [("", "MacroNet (JMH median)", "PyTorch %s eager (median)" % py.get("torch", "?"),
             "ratio" if rounds == 1 else "ratio (median, range)")]
    for label, bench, params, key, unit in PAIRS:
        ours, theirs, ratios = [], [], []
        for r in range(rounds):
            mine = None
            for (name, p), v in (jmhs[r] or {}).items():
                if name.endswith("." + bench) and all(dict(p).get(k) == val for k, val in params.items()):
                    mine = v
            other = pys[r].get(key)
            if mine:
                ours.append(mine)
            if other:
                theirs.append(other)
            if mine and other:
                ratios.append(mine / other)
        ratio = "-"
        if ratios:
            ratio = "%.2fx" % statistics.median(ratios)
            if rounds > 1:
                ratio += " (%.2f-%.2f)" % (min(ratios), max(ratios))
        rows.append((label, "%.0f %s" % (statistics.median(ours), unit) if ours else "-",
                     "%.0f %s" % (statistics.median(theirs), unit) if theirs else "-", ratio))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    counts = py.get("parameters", {})
    for name in ("dense", "image"):
        mine = (sizes or {}).get(name)
        lines.append("trainable parameters, %s: MacroNet %s, PyTorch %s%s" % (
            name, mine if mine is not None else "?", counts.get(name, "?"),
            "" if mine is None or name not in counts else (" (same)" if mine == counts[name] else " (DIFFERENT)")))
    lines.append("threads: %s; ratio > 1: MacroNet is faster%s" % (
        py.get("threads", "?"), "" if rounds == 1 else "; %d rounds, each side measured in turn" % rounds))
    blas = py.get("blas") or []
    lines.append("PyTorch's BLAS: %s" % (", ".join(blas) or "?"))
    if any("/blas/libblas.so" in p for p in blas) and not any("openblas" in p.lower() or "mkl" in p.lower()
                                                              for p in blas):
        lines.append("  (Debian's reference BLAS: slow matrix products, PyTorch's dense figures are low; install "
                     "libopenblas0-pthread or set PYTORCH_BLAS, see README)")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=1, help="intra-op threads (default 1, as the benchmarks)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed calls before timing (default 3)")
    ap.add_argument("--repeats", type=int, default=7, help="timed calls; the median is reported (default 7)")
    ap.add_argument("--json", help="write the PyTorch figures here (merged into the file when it exists), or with "
                    "--compare read them (a comma-separated list: one file per round)")
    ap.add_argument("--compare", metavar="JMH_JSON", help="JMH's -rf json output (a comma-separated list: one file "
                    "per round, as --json): print the side-by-side table")
    ap.add_argument("--only", choices=("dense", "image"), help="time one network only")
    ap.add_argument("--sizes", metavar="FILE", help="'name count' lines of MacroNet's parameter counts")
    args = ap.parse_args()
    sizes = None
    if args.sizes:
        with open(args.sizes) as f:
            sizes = {n: int(c) for n, c in (line.split() for line in f if line.strip())}
    if args.compare:
        jmh_files, py_files = args.compare.split(","), args.json.split(",")
        if len(jmh_files) != len(py_files):
            ap.error("--compare and --json need one file each per round")
        pys = []
        for name in py_files:
            with open(name) as f:
                pys.append(json.load(f))
        print(table(pys, [jmh_medians(name) for name in jmh_files], sizes))
        return
    py = run(args)
    if args.json:
        if args.only and os.path.exists(args.json):
            with open(args.json) as f:
                old = json.load(f)
            py["parameters"] = {**old.get("parameters", {}), **py["parameters"]}
            py = {**old, **py}
        with open(args.json, "w") as f:
            json.dump(py, f, indent=2)
    print(table([py], [None], sizes))


if __name__ == "__main__":
    sys.exit(main())
