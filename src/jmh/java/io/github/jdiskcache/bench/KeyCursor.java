package io.github.jdiskcache.bench;

/**
 * One thread's walk through {@link Workload#indexes}: uniform random entry indexes, precomputed.
 * Each cursor starts at its own offset so threads do not hit the same keys in lockstep.
 */
public final class KeyCursor {
    private final int[] indexes;
    private final int mask;
    private int position;

    public KeyCursor(Workload workload, int start) {
        this.indexes = workload.indexes;
        this.mask = indexes.length - 1;
        this.position = start & mask;
    }

    /** The next random entry index. */
    public int next() {
        int index = indexes[position];
        position = (position + 1) & mask;
        return index;
    }

    /** How many keys this cursor has handed out (mod the array length): a step counter for values. */
    public int position() {
        return position;
    }
}
