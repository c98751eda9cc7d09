#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which genuine pairs fail at a given FMR, and how they are spread over identities.

Input: a descriptor file as pair-metrics.py takes ("<path> v0 v1 …" / "<path> FAIL"). Prints the threshold at the
FMR (lowest threshold whose FMR is <= it, as `portico-cli eval`), every failing genuine pair with its score, the
misses per identity, and the FNMR at 1e-2 / 1e-3 / 1e-4 with the identities named by --exclude left out (a
diagnostic, not a result). Usage: pair-misses.py FILE [--fmr 1e-3] [--exclude ID ...]
"""
import argparse
import collections
import importlib.util
import itertools
import math
import pathlib

_spec = importlib.util.spec_from_file_location('pair_metrics', pathlib.Path(__file__).with_name('pair-metrics.py'))
pair_metrics = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pair_metrics)


def scores(images):
    genuine, impostor = [], []
    for (na, va), (nb, vb) in itertools.combinations(images, 2):
        s = -math.inf if va is None or vb is None else sum(x * y for x, y in zip(va, vb))
        if na.split('/')[0] == nb.split('/')[0]:
            genuine.append((s, na, nb))
        else:
            impostor.append(s)
    impostor.sort(reverse=True)
    return genuine, impostor


def bar(impostor, fmr):
    allowed = int(math.floor(fmr * len(impostor)))
    return impostor[allowed] if allowed < len(impostor) else -math.inf


ap = argparse.ArgumentParser()
ap.add_argument('file')
ap.add_argument('--fmr', type=float, default=1e-3)
ap.add_argument('--exclude', nargs='*', default=[])
a = ap.parse_args()
images = pair_metrics.load_named(a.file)
genuine, impostor = scores(images)
t = bar(impostor, a.fmr)
misses = sorted(g for g in genuine if g[0] <= t)
print(f"threshold at FMR {a.fmr:g}: {t:.4f}; {len(misses)} of {len(genuine)} genuine pairs fail")
for s, na, nb in misses:
    print(f"  {s:7.3f} {na} {nb}")
per = collections.Counter(na.split('/')[0] for _, na, _ in misses)
print("misses per identity:", ", ".join(f"{k} {v}" for k, v in per.most_common()))
if a.exclude:
    kept = [im for im in images if im[0].split('/')[0] not in a.exclude]
    g, i = scores(kept)
    rates = " ".join(f"fnmr@{f:g} {sum(1 for x in g if x[0] <= bar(i, f)) / len(g):.4f}" for f in (1e-2, 1e-3, 1e-4))
    print(f"without {' '.join(a.exclude)}: genuine {len(g)} impostor {len(i)} {rates}")
