"""Python side of jdiskcache's interop tests: drives diskcache's FanoutCache on a directory
that the Java store also uses. Run with Debian's interpreter (/usr/bin/python3) and its
python3-diskcache package.

Usage: diskcache_interop.py [--shards N] COMMAND [DIR] < input > output

  version        prints "diskcache VERSION"
  write DIR      input lines "KEY VALUE EXPIRE TAG": sets each (EXPIRE: seconds or none:)
  delete DIR     input lines "KEY": deletes each; prints "KEY true|false"
  read DIR       input lines "KEY": prints "KEY VALUE EXPIRE_TIME TAG MODE HASH_SHARD IN_SHARDS"
                 VALUE is missing: when FanoutCache.get found nothing; MODE is the Cache.mode
                 column (-1 when no row); HASH_SHARD is the shard diskcache routes KEY to;
                 IN_SHARDS lists the shards whose Cache table has a row for KEY (comma
                 separated, "-" for none)
  check DIR      prints "len N", then "warning MESSAGE" for each warning of FanoutCache.check()
  keys DIR       prints every key Python's iteration yields, one token a line
  same DIR       input lines "KEY EXPECTED": prints "KEY ok" when FanoutCache.get(KEY) is the same
                 data as EXPECTED (same types all the way down, dicts in order, floats by repr),
                 else "KEY mismatch TOKEN"

Every key, value, expire time and tag is one whitespace-free token TYPE:PAYLOAD, so that
types survive the trip exactly:
  str:HEX (UTF-8)   bytes:HEX   int:DECIMAL   float:HEX (float.hex / Double.toHexString)
  none: (None)      missing: (output only)
  py:HEX            any other value: UTF-8 text of a Python expression over literals, set(),
                    frozenset(), inf and nan (evaluated without other builtins); output: its repr

The cache is FanoutCache(DIR, shards=N), N = 8 unless --shards says otherwise. Its timeout is raised from 10 ms to 10 s
and every call passes retry=True: FanoutCache silently drops writes (set returns False)
and reads (get returns the default) on a lock timeout, which would make the tests flaky.
Exit status: 0 ok, 1 error (traceback on stderr), 2 usage, 3 diskcache not importable.
"""

import os
import sqlite3
import sys
import warnings

from plain_data import same

try:
    import diskcache
except ImportError as error:
    print('cannot import diskcache (%s); install Debian package python3-diskcache '
          '(apt-get install python3-diskcache)' % error, file=sys.stderr)
    sys.exit(3)

SHARDS = 8
TIMEOUT = 10.0
MISSING = object()
NAMES = {'__builtins__': {'set': set, 'frozenset': frozenset}, 'inf': float('inf'), 'nan': float('nan')}

# Cache.check() collects warnings with catch_warnings(record=True), which inherits these
# filters: 'always' makes sure no repeated warning is swallowed by the once-per-location rule.
warnings.simplefilter('always')


def decode(token):
    kind, _, payload = token.partition(':')
    if kind == 'str':
        return bytes.fromhex(payload).decode('utf-8')
    if kind == 'bytes':
        return bytes.fromhex(payload)
    if kind == 'int':
        return int(payload)
    if kind == 'float':
        return float.fromhex(payload)
    if kind == 'none':
        return None
    if kind == 'py':
        return eval(bytes.fromhex(payload).decode('utf-8'), NAMES)
    raise ValueError('unknown token %r' % token)


def encode(value):
    if value is MISSING:
        return 'missing:'
    if value is None:
        return 'none:'
    kind = type(value)  # exact types: bool is not int, a str subclass is not str
    if kind is str:
        return 'str:' + value.encode('utf-8').hex()
    if kind is bytes:
        return 'bytes:' + value.hex()
    if kind is int:
        return 'int:%d' % value
    if kind is float:
        return 'float:' + value.hex()
    return 'py:' + repr(value).encode('utf-8').hex()


def input_rows():
    """Whitespace-separated tokens of each non-empty stdin line."""
    return [line.split() for line in sys.stdin.read().splitlines() if line.strip()]


def open_cache(directory):
    return diskcache.FanoutCache(directory, shards=SHARDS, timeout=TIMEOUT)


def write(directory):
    with open_cache(directory) as cache:
        for key, value, expire, tag in input_rows():
            stored = cache.set(decode(key), decode(value), expire=decode(expire), tag=decode(tag), retry=True)
            if stored is not True:
                raise RuntimeError('set(%s) returned %r' % (key, stored))


def delete(directory):
    with open_cache(directory) as cache:
        for (key,) in input_rows():
            print(key, 'true' if cache.delete(decode(key), retry=True) else 'false')


def rows_by_shard(directory, db_key, raw):
    """Shard index -> Cache.mode of every shard database holding a row for (db_key, raw)."""
    modes = {}
    for index in range(SHARDS):
        connection = sqlite3.connect(os.path.join(directory, '%03d' % index, 'cache.db'))
        try:
            row = connection.execute('SELECT mode FROM Cache WHERE key = ? AND raw = ?', (db_key, raw)).fetchone()
        finally:
            connection.close()
        if row is not None:
            modes[index] = row[0]
    return modes


def read(directory):
    with open_cache(directory) as cache:
        for (token,) in input_rows():
            key = decode(token)
            result = cache.get(key, default=MISSING, expire_time=True, tag=True, retry=True)
            if not isinstance(result, tuple):
                # FanoutCache.get returns the bare default when it swallowed an error.
                raise RuntimeError('get(%s) returned %r instead of a tuple' % (token, result))
            value, expire_time, tag = result
            modes = rows_by_shard(directory, *cache.disk.put(key))
            mode = modes[min(modes)] if modes else -1
            in_shards = ','.join(str(index) for index in sorted(modes)) or '-'
            print(token, encode(value), encode(expire_time), encode(tag), mode,
                  cache.disk.hash(key) % SHARDS, in_shards)


def check(directory):
    with open_cache(directory) as cache:
        warns = cache.check()
        print('len %d' % len(cache))
        for warning in warns:
            print('warning', str(warning.message).replace('\n', ' '))


def same_values(directory):
    with open_cache(directory) as cache:
        for key, expected in input_rows():
            value = cache.get(decode(key), default=MISSING, retry=True)
            print(key, 'ok' if same(value, decode(expected)) else 'mismatch ' + encode(value))


def keys(directory):
    with open_cache(directory) as cache:
        for key in cache:
            print(encode(key))


def main(argv):
    global SHARDS
    if argv[1:2] == ['--shards'] and len(argv) > 2:
        SHARDS = int(argv[2])
        argv = argv[:1] + argv[3:]
    if argv[1:] == ['version']:
        print('diskcache', diskcache.__version__)
        return 0
    commands = {'write': write, 'delete': delete, 'read': read, 'check': check, 'keys': keys,
                'same': same_values}
    if len(argv) != 3 or argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    commands[argv[1]](argv[2])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
