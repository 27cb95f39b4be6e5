#!/usr/bin/python3
"""Python's diskcache on the same workload as jdiskcache's StoreBenchmark (issue 5).

Run with Debian's interpreter and package (python3-diskcache):

    /usr/bin/python3 src/jmh/python/diskcache_bench.py                 # 100k entries, 100 B and 1 KiB
    /usr/bin/python3 src/jmh/python/diskcache_bench.py --sizes 1024 --rounds 7

The Java suite (io.github.jdiskcache.bench.Suite) runs it and merges its RESULT/DISK lines into the
combined table.

Workload, as in the Java harness: a fresh temporary folder per store and value size, `entries`
entries "bench:key:<n, 10 digits>" (20 characters) preloaded in transactions of 1000 rows, random
bytes values (64 distinct values of `size` bytes, stored raw), keys drawn uniformly at random.
Operations: get-hit, get-miss (keys never stored), put (overwrite an existing key), remove+put
(delete an existing key, set it again), mix (9 gets then 1 put). Each round times `ops` calls of
one operation (operations interleaved round by round); the figure per round is its mean in µs/op,
and the table shows the median over rounds and the min-max spread (the Java table's definition:
median and min-max of per-iteration means).

Stores: Cache (one SQLite file) and FanoutCache(shards=8), default settings.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

import diskcache

OPS = ["getHit", "getMiss", "put", "removePut", "mix"]
DISTINCT_VALUES = 64
INDEXES = 1 << 16


def key(n):
    return "bench:key:%010d" % n


def open_store(kind, directory):
    if kind == "py-cache":
        return diskcache.Cache(directory)
    if kind == "py-fanout8":
        return diskcache.FanoutCache(directory, shards=8)
    raise ValueError(kind)


def disk_usage(folder):
    apparent = 0
    for root, _, files in os.walk(folder):
        for name in files:
            apparent += os.path.getsize(os.path.join(root, name))
    try:
        out = subprocess.run(["du", "-sk", folder], capture_output=True, text=True, check=True).stdout
        allocated = int(out.split()[0]) * 1024
    except (OSError, subprocess.CalledProcessError, ValueError):
        allocated = -1
    return apparent, allocated


def run(kind, entries, size, rounds, ops_per_round, base):
    rng = random.Random(42)
    values = [rng.randbytes(size) for _ in range(DISTINCT_VALUES)]
    keys = [key(n) for n in range(entries)]
    miss_keys = [key(entries + n) for n in range(entries)]
    indexes = [rng.randrange(entries) for _ in range(INDEXES)]
    directory = tempfile.mkdtemp(prefix="diskcache-bench-", dir=base)
    try:
        cache = open_store(kind, directory)
        started = time.perf_counter()
        for start in range(0, entries, 1000):
            with cache.transact():
                for n in range(start, min(entries, start + 1000)):
                    cache.set(keys[n], values[n % DISTINCT_VALUES])
        load_ms = (time.perf_counter() - started) * 1000
        assert cache.get(keys[entries // 2]) == values[(entries // 2) % DISTINCT_VALUES]
        assert cache.get(miss_keys[0]) is None
        print("[python] %s: %d entries of %d B loaded in %.0f ms into %s"
              % (kind, entries, size, load_ms, directory), file=sys.stderr)

        position = [0]

        def next_indexes(count):
            p = position[0]
            position[0] = (p + count) % INDEXES
            chunk = indexes[p:p + count]
            while len(chunk) < count:
                chunk += indexes[:count - len(chunk)]
            return chunk

        get, set_, delete = cache.get, cache.set, cache.delete

        def get_hit(chunk):
            for i in chunk:
                get(keys[i])

        def get_miss(chunk):
            for i in chunk:
                get(miss_keys[i])

        def put(chunk):
            for step, i in enumerate(chunk):
                set_(keys[i], values[step % DISTINCT_VALUES])

        def remove_put(chunk):
            for step, i in enumerate(chunk):
                delete(keys[i])
                set_(keys[i], values[step % DISTINCT_VALUES])

        def mix(chunk):
            for step, i in enumerate(chunk):
                if step % 10 == 9:
                    set_(keys[i], values[step % DISTINCT_VALUES])
                else:
                    get(keys[i])

        bodies = {"getHit": get_hit, "getMiss": get_miss, "put": put, "removePut": remove_put, "mix": mix}
        for op in OPS:  # one warm-up round each
            bodies[op](next_indexes(ops_per_round))
        samples = {op: [] for op in OPS}
        for _ in range(rounds):
            for op in OPS:
                chunk = next_indexes(ops_per_round)
                t0 = time.perf_counter_ns()
                bodies[op](chunk)
                samples[op].append((time.perf_counter_ns() - t0) / 1000.0 / ops_per_round)
        cache.close()
        apparent, allocated = disk_usage(directory)
        return samples, (apparent, allocated)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def percentile(sorted_values, fraction):
    if len(sorted_values) == 1:
        return sorted_values[0]
    position = fraction * (len(sorted_values) - 1)
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100000)
    parser.add_argument("--sizes", default="100,1024", help="value sizes in bytes, comma-separated")
    parser.add_argument("--stores", default="py-cache,py-fanout8")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--ops", type=int, default=2000, help="calls per round")
    parser.add_argument("--dir", default=tempfile.gettempdir(), help="where the temporary caches go")
    args = parser.parse_args()

    print("# diskcache %s, Python %s, SQLite %s"
          % (diskcache.__version__, sys.version.split()[0], __import__("sqlite3").sqlite_version))
    print("# %-12s %6s %-10s %10s %21s" % ("store", "size", "op", "median", "min-max µs/op"))
    for size in [int(s) for s in args.sizes.split(",")]:
        for kind in args.stores.split(","):
            samples, (apparent, allocated) = run(kind, args.entries, size, args.rounds, args.ops, args.dir)
            for op in OPS:
                values = sorted(samples[op])
                median = percentile(values, 0.5)
                print("# %-12s %6d %-10s %10.2f %10.2f-%-10.2f" % (kind, size, op, median, values[0], values[-1]))
                print("RESULT\t%s\t%d\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%d"
                      % (kind, size, op, median, values[0], values[-1], percentile(values, 0.25),
                         percentile(values, 0.75), len(values)))
            print("DISK\t%s\t%d\t%d\t%d\t%d" % (kind, size, args.entries, apparent, allocated))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
