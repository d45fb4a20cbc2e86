#!/usr/bin/env python3
"""Seeded JSON Lines for the summary workload: user (50,000, skewed), event (8 kinds), status and a numeric
latency_ms with a long tail, so that per-user percentiles and distinct counts have something to find.
usage: gen-summary.py <output.jsonl> [records]"""
import itertools
import random
import sys

path, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
rng = random.Random(11)
users = [f"u{i}" for i in range(1, 50_001)]
rng.shuffle(users)
weights = list(itertools.accumulate(1.0 / (r ** 0.9) for r in range(1, len(users) + 1)))
events = ["login", "logout", "view", "click", "purchase", "search", "upload", "download"]
chunk = 200_000
with open(path + ".tmp", "w", encoding="utf-8", buffering=8 << 20) as out:
    for base in range(0, n, chunk):
        k = min(chunk, n - base)
        us = rng.choices(users, cum_weights=weights, k=k)
        ev = rng.choices(events, k=k)
        lines = []
        for j in range(k):
            latency = round(rng.lognormvariate(4.0, 0.8), 1)
            status = "fail" if rng.random() < 0.1 else "success"
            t = (base + j) * 2592000 // n
            d, s = divmod(t, 86400)
            lines.append(f'{{"user":"{us[j]}","event":"{ev[j]}","status":"{status}",'
                         f'"timestamp":"2024-06-{d + 1:02d}T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z","latency_ms":{latency}}}\n')
        out.write("".join(lines))
import os
os.replace(path + ".tmp", path)
