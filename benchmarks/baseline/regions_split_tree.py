#!/usr/bin/env python3
"""The naive baseline of issue 15: a depth-first split tree over the activation regions of a ReLU
network on a box, that tests BOTH halves of EVERY neuron with an LP (scipy's HiGHS), in floating
point. It is a yardstick for benchmarks/regions.ts, not part of relucert: no exactness, no
certificates, tolerances instead of proofs.

Input (JSON on a file): {"inputs": n, "box": [[lo, hi], ...],
                         "layers": [{"weights": [[...], ...], "bias": [...], "relu": true}, ...]}
(benchmarks/regions.ts writes it from a relucert network: weights as float64).
Output (one JSON line on stdout): regions, lps, seconds, status ("complete" or "timeout").

A node is (layer k, neuron i, the rows A x <= b of its polyhedron, the pre-activation map of
layer k given the pattern so far). For neuron i with pre-activation z = w.x + c, each side
{z >= 0} and {z <= 0} is kept when the LP  max t  s.t. A x + t <= b, (-/+)(w.x + c) + t <= 0,
t <= 1  has optimum t > tol (a nonempty interior); a region is a leaf past the last ReLU layer.
Needs scipy (Debian: python3-scipy).
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import linprog

TOL = 1e-9


def interior(A, b, n):
    """max t s.t. A x + t <= b, t <= 1: True when the open polyhedron is nonempty (float)."""
    A = np.asarray(A)
    rows = np.hstack([A, np.ones((A.shape[0], 1))])
    cost = np.zeros(n + 1)
    cost[n] = -1.0
    bounds = [(None, None)] * n + [(None, 1.0)]
    r = linprog(cost, A_ub=rows, b_ub=np.asarray(b), bounds=bounds, method="highs")
    return r.status == 0 and -r.fun > TOL


def main():
    spec = json.load(open(sys.argv[1]))
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else float("inf")
    n = spec["inputs"]
    layers = [(np.array(l["weights"], dtype=float), np.array(l["bias"], dtype=float), l["relu"]) for l in spec["layers"]]
    A0, b0 = [], []
    for j, (lo, hi) in enumerate(spec["box"]):
        e = np.zeros(n)
        e[j] = -1.0
        A0.append(e.copy()); b0.append(-lo)
        e[j] = 1.0
        A0.append(e.copy()); b0.append(hi)
    start = time.time()
    lps = 0
    regions = 0
    status = "complete"
    # The input map of layer k: x -> P x + q (identity at the network input).
    W, c, _ = layers[0]
    stack = [(0, 0, A0, b0, W, c, [])]
    while stack:
        if time.time() - start > limit:
            status = "timeout"
            break
        k, i, A, b, M, m, on = stack.pop()
        W, c, relu = layers[k]
        if not relu or i >= len(m):
            # The layer is decided: its output map, then the next layer's pre-activations.
            if relu:
                mask = np.array(on, dtype=float)
                M = M * mask[:, None]
                m = m * mask
            if k + 1 == len(layers) or all(not l[2] for l in layers[k + 1:]):
                regions += 1
                continue
            W2, c2, _ = layers[k + 1]
            stack.append((k + 1, 0, A, b, W2 @ M, W2 @ m + c2, []))
            continue
        w, z0 = M[i], m[i]
        lps += 2
        pos = interior(A + [-w], b + [z0], n)
        neg = interior(A + [w], b + [-z0], n)
        # Depth first, positive side first.
        if neg:
            stack.append((k, i + 1, A + [w] if pos else A, b + [-z0] if pos else b, M, m, on + [False]))
        if pos:
            stack.append((k, i + 1, A + [-w] if neg else A, b + [z0] if neg else b, M, m, on + [True]))
    print(json.dumps({"regions": regions, "lps": lps, "seconds": round(time.time() - start, 3), "status": status}))


if __name__ == "__main__":
    main()
