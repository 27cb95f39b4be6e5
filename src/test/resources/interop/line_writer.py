"""A writer for jdiskcache's heap-tier tests: one diskcache operation per line of stdin.

Usage: line_writer.py DIRECTORY SHARDS. Lines: "set KEY VALUE" (str values), "checkpoint",
"quit". After each line it prints "ok" and flushes, so the Java side knows the write committed.
"""
import sys

import diskcache

cache = diskcache.FanoutCache(sys.argv[1], shards=int(sys.argv[2]))
for line in sys.stdin:
    words = line.split()
    if words[0] == "set":
        if not cache.set(words[1], words[2], retry=True):
            raise SystemExit("set failed: " + line)
    elif words[0] == "checkpoint":
        for shard in cache._shards:
            shard._sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    elif words[0] == "quit":
        break
    print("ok", flush=True)
cache.close()
