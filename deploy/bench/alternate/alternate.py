#!/usr/bin/env python3
"""Alternates `vt-bench import` of two or more builds, a set of runs each in turn, and prints each
set's median job time, so builds are compared in the same minutes of a noisy machine.

    python3 deploy/bench/alternate/alternate.py ROUNDS DIR [DIR ...] -- [vt-bench import options]

Each DIR holds a release build's `vt-bench` and `import-worker` (vt-bench starts the
import-worker beside it). Example, the figures of docs/benchmarks.md:

    python3 deploy/bench/alternate/alternate.py 6 /tmp/before /tmp/after -- --format csv --enrolled 1000000
"""
import json
import os
import statistics
import subprocess
import sys


def main(argv):
    if '--' not in argv or len(argv) < 4:
        sys.exit(__doc__)
    split = argv.index('--')
    rounds, dirs, extra = int(argv[1]), argv[2:split], argv[split + 1:]
    medians = {d: [] for d in dirs}
    rss = {d: [] for d in dirs}
    for r in range(rounds):
        # Alternate the order too: neither build always runs first.
        for d in (dirs if r % 2 == 0 else list(reversed(dirs))):
            out = subprocess.run([os.path.join(d, 'vt-bench'), 'import', '--rows', '100000', '--runs', '7', '--json'] + extra,
                                 capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
            report = json.loads(out)
            medians[d].append(report['medianMs'])
            rss[d].append(report['peakRSSKiB'])
        print(r, {d: medians[d][-1] for d in dirs}, 'load %.2f' % os.getloadavg()[0], flush=True)
    for d in dirs:
        m = statistics.median(medians[d])
        print(d, 'set medians', medians[d], 'median of sets %.1f ms = %d rows/s' % (m, 100000 / m * 1000),
              'peak RSS max %.1f MiB' % (max(rss[d]) / 1024))


if __name__ == '__main__':
    main(sys.argv)
