"""Python side of jdiskcache's pickle codec tests (PythonPicklesTest). Run with /usr/bin/python3.

Usage: pickle_check.py COMMAND < input > output

  load   input lines "PICKLE_HEX EXPR_HEX": unpickles PICKLE and prints "ok" when it is the same
         data as the Python expression EXPR (same types all the way down, dicts in the same order,
         floats by repr), else "mismatch REPR"
  dump   input lines "EXPR_HEX": prints "P2 P3 P4 P5 O4 O5", the hex of pickle.dumps(value, N)
         for protocols 2 to 5 and of pickletools.optimize of it for 4 and 5 (diskcache's keys)

EXPR is UTF-8 text of a Python expression over literals, set() and the names inf and nan (what
Java's PythonRepr writes); it is the test's own input, evaluated without builtins.
"""

import pickle
import pickletools
import sys

from plain_data import same

NAMES = {'__builtins__': {'set': set}, 'inf': float('inf'), 'nan': float('nan')}


def value(expr_hex):
    return eval(bytes.fromhex(expr_hex).decode('utf-8'), NAMES)


def main(command):
    for line in sys.stdin.read().splitlines():
        if not line.strip():
            continue
        if command == 'load':
            pickled, expr = line.split()
            loaded = pickle.loads(bytes.fromhex(pickled))
            print('ok' if same(loaded, value(expr)) else 'mismatch ' + repr(loaded))
        elif command == 'dump':
            data = value(line)
            raw = [pickle.dumps(data, protocol) for protocol in (2, 3, 4, 5)]
            optimized = [pickletools.optimize(raw[2]), pickletools.optimize(raw[3])]
            print(' '.join(p.hex() for p in raw + optimized))
        else:
            print(__doc__, file=sys.stderr)
            return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ''))
