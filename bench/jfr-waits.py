#!/usr/bin/env python3
"""Summarizes JFR thread parks (jdk.ThreadPark; the 'profile' settings record parks of 10 ms and more):
the total time and count of parks inside Hallmark's group commit (GroupCommit.awaitDurable, a wait for
H2's CHECKPOINT SYNC), by the first Hallmark frame that caused them, and of the other parks by the
first Hallmark frame on their stack.
usage: jfr-waits.py recording.jfr [N]"""
import collections, re, subprocess, sys
rec = sys.argv[1]; n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
out = subprocess.run(["jfr", "print", "--events", "jdk.ThreadPark", "--stack-depth", "80", rec],
                     capture_output=True, text=True, check=True).stdout
UNITS = {"s": 1000.0, "ms": 1.0, "us": 0.001, "ns": 1e-6}
time, count = collections.Counter(), collections.Counter()
for event in out.split("jdk.ThreadPark {")[1:]:
    frames = [re.sub(r"\s+line:.*", "", l.strip()) for l in event.splitlines() if "line:" in l]
    m = re.search(r"duration = ([\d.]+) (\w+)", event)
    ms = float(m.group(1)) * UNITS.get(m.group(2), 1.0) if m else 0.0
    durable = any("GroupCommit.awaitDurable" in f for f in frames)
    caller = next((f for f in frames if "dev.hallmark" in f and "storage.GroupCommit" not in f), None)
    if caller is None:
        continue  # idle pool threads and the like
    key = ("group commit  " if durable else "other park    ") + caller
    time[key] += ms; count[key] += 1
total = sum(v for k, v in time.items() if k.startswith("group commit"))
waits = sum(v for k, v in count.items() if k.startswith("group commit"))
print(f"group-commit waits: {waits}, {total / 1000:.1f} s in all")
for key, ms in time.most_common(n):
    print(f"{ms / 1000:8.1f} s {count[key]:6d}  {key}")
