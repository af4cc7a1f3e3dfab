#!/usr/bin/env python3
"""Start-up of one process, several commands interleaved run by run.

Usage: benches/startup.py RUNS -- CMD1 ARGS... -- CMD2 ARGS... [-- CMD3 ...]

hyperfine times all runs of one command, then all of the next; on a noisy 2-core machine a burst
of load during one block skews the comparison. Here the commands take turns (A B A B ...), so any
disturbance hits them alike. Each run is started with posix_spawn (output to /dev/null) and reaped
with wait4, which reports the child's own CPU time beside the wall time. Prints, per command, the
median and the 10th-90th percentile of both, and each command's median relative to the first's.
"""

import os
import statistics
import sys
import time


def main() -> None:
    argv = sys.argv[1:]
    if len(argv) < 4 or argv[1] != "--":
        sys.exit(__doc__)
    runs = int(argv[0])
    cmds, cur = [], None
    for a in argv[1:]:
        if a == "--":
            cur = []
            cmds.append(cur)
        else:
            cur.append(a)
    devnull = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1),
               (os.POSIX_SPAWN_DUP2, devnull, 2)]
    wall = [[] for _ in cmds]
    cpu = [[] for _ in cmds]
    for i in range(runs + 20):
        for k, cmd in enumerate(cmds):
            t0 = time.perf_counter_ns()
            pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=actions)
            _, status, ru = os.wait4(pid, 0)
            t1 = time.perf_counter_ns()
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"{cmd[0]} failed (status {status})")
            if i >= 20:  # the first runs warm the page cache
                wall[k].append((t1 - t0) / 1e6)
                cpu[k].append((ru.ru_utime + ru.ru_stime) * 1e3)

    def pct(xs, p):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(p * len(xs)))]

    base_wall = statistics.median(wall[0])
    base_cpu = statistics.median(cpu[0])
    for k, cmd in enumerate(cmds):
        mw, mc = statistics.median(wall[k]), statistics.median(cpu[k])
        name = " ".join(c if len(c) < 40 else c[:12] + "…" for c in cmd)
        print(f"{name}\n  wall median {mw:.3f} ms (p10 {pct(wall[k], .1):.3f}, p90 {pct(wall[k], .9):.3f})"
              f"  cpu median {mc:.3f} ms  | {mw / base_wall:.2f}x wall, {mc / base_cpu:.2f}x cpu of the first")


if __name__ == "__main__":
    main()
