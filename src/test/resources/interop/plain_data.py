"""Comparing plain data the way jdiskcache's interop tests need: same types all the way down,
dicts in the same order, floats by repr. Shared by diskcache_interop.py and pickle_check.py."""


def same(a, b):
    if type(a) is not type(b):
        return False
    if type(a) in (list, tuple):
        return len(a) == len(b) and all(map(same, a, b))
    if type(a) is dict:
        return len(a) == len(b) and all(same(k, l) and same(v, w) for (k, v), (l, w) in zip(a.items(), b.items()))
    if type(a) in (set, frozenset):
        return sorted(map(repr, a)) == sorted(map(repr, b))
    if type(a) is float:
        return repr(a) == repr(b)
    return a == b
