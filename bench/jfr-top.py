#!/usr/bin/env python3
"""Summarizes JFR execution samples: top self frames and top frames anywhere on the stack
(inclusive), optionally limited to stacks that contain a filter string.
usage: jfr-top.py recording.jfr [N] [filter]"""
import subprocess, sys, collections, re
rec = sys.argv[1]; n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
flt = sys.argv[3] if len(sys.argv) > 3 else None
out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", rec],
                     capture_output=True, text=True).stdout
self_c, incl, total = collections.Counter(), collections.Counter(), 0
for ev in out.split("jdk.ExecutionSample")[1:]:
    frames = [re.sub(r"\s+line:.*", "", l.strip()) for l in ev.splitlines() if "line:" in l]
    if not frames or (flt and not any(flt in f for f in frames)):
        continue
    total += 1
    self_c[frames[0]] += 1
    for f in set(frames):
        incl[f] += 1
print(f"samples: {total}")
print("--- self ---")
for f, c in self_c.most_common(n): print(f"{100*c/total:5.1f}%  {f}")
print("--- inclusive ---")
for f, c in incl.most_common(n * 2): print(f"{100*c/total:5.1f}%  {f}")
