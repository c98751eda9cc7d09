#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Verification error rates of externally computed descriptors, by the rules of core/eval.

Input: lines "<path> v0 v1 …" or "<path> FAIL", path ending in <identity>/<file>. Every pair of images is
scored (cosine of the L2-normalised vectors): same identity = genuine, else impostor. A failure to enrol makes
every pair it is in a non-match. fnmr_at_fmr[x] is the FNMR at the lowest threshold whose FMR is <= x (a pair
matches when score >= threshold), as `portico-cli eval` reports it. Usage: pair-metrics.py FILE [FILE ...]
"""
import itertools
import math
import sys


def load_named(path):
    """[("<identity>/<file>", unit vector or None)] from a descriptor file."""
    out = []
    with open(path) as f:
        for line in f:
            p = line.split()
            if not p:
                continue
            name = '/'.join(p[0].split('/')[-2:])
            if p[1] == 'FAIL':
                out.append((name, None))
                continue
            v = [float(x) for x in p[1:]]
            n = math.sqrt(sum(x * x for x in v))
            out.append((name, [x / n for x in v]))
    return out


def load(path):
    return [(name.split('/')[0], v) for name, v in load_named(path)]


def rates(images):
    genuine, impostor = [], []
    for (ia, va), (ib, vb) in itertools.combinations(images, 2):
        s = -math.inf if va is None or vb is None else sum(x * y for x, y in zip(va, vb))
        (genuine if ia == ib else impostor).append(s)
    impostor.sort(reverse=True)
    result = {}
    for fmr in (1e-2, 1e-3, 1e-4):
        allowed = int(math.floor(fmr * len(impostor)))
        # The threshold must sit above the (allowed+1)-th highest impostor score.
        bar = impostor[allowed] if allowed < len(impostor) else -math.inf
        result[fmr] = sum(1 for g in genuine if g <= bar) / len(genuine)
    best = None
    for t in sorted(set(x for x in genuine + impostor if x > -math.inf)):
        fm = sum(1 for x in impostor if x >= t) / len(impostor)
        fn = sum(1 for x in genuine if x < t) / len(genuine)
        if best is None or abs(fm - fn) < best[0]:
            best = (abs(fm - fn), (fm + fn) / 2)
    return len(genuine), len(impostor), best[1], result


if __name__ == '__main__':
    for name in sys.argv[1:]:
        imgs = load(name)
        g, i, eer, r = rates(imgs)
        fails = sum(1 for _, v in imgs if v is None)
        print(f"{name}: images {len(imgs)} fte {fails / len(imgs):.4f} genuine {g} impostor {i} eer~{eer:.4f} "
              + " ".join(f"fnmr@{k:g} {v:.4f}" for k, v in r.items()))
