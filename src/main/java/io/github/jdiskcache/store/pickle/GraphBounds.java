package io.github.jdiskcache.store.pickle;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Bounds on a loaded value, checked before it is handed out, since Java's {@code equals},
 * {@code hashCode} and {@code toString} walk collections recursively and without sharing: through
 * the memo a few hundred bytes can nest a list ten thousand deep, hold itself, or share one list
 * twice at every level so that the walk visits 2^100 nodes. Refused: a cycle, nesting deeper than
 * {@link PlainData#MAX_DEPTH}, and a value whose walk (every path counted) exceeds
 * {@link #limitFor} nodes. The check itself is linear: each collection is walked once.
 */
final class GraphBounds {
    /** Nodes per input byte a shared structure may expand to; a value written without sharing has at most one. */
    private static final long NODES_PER_BYTE = 64;
    private static final long MIN_LIMIT = 1 << 20;

    private GraphBounds() {
    }

    static long limitFor(int pickleLength) {
        return Math.max(MIN_LIMIT, NODES_PER_BYTE * pickleLength);
    }

    static PickleRefusedException expandsTooFar(long limit) {
        return new PickleRefusedException("pickle expansion", "refusing a pickle whose shared parts expand to more than "
                + limit + " nodes (a recursive walk of it would run away)");
    }

    private static final class Frame {
        final Object node;
        final Iterator<?> children;
        long size = 1;

        Frame(Object node) {
            this.node = node;
            this.children = children(node);
        }
    }

    static void check(Object root, long limit) {
        if (!isCollection(root)) {
            return;
        }
        Map<Object, Long> walked = new IdentityHashMap<>();
        Set<Object> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Frame> path = new ArrayDeque<>();
        path.push(new Frame(root));
        onPath.add(root);
        while (!path.isEmpty()) {
            Frame frame = path.peek();
            if (frame.children.hasNext()) {
                Object child = frame.children.next();
                Long known = walked.get(child);
                if (!isCollection(child)) {
                    frame.size++;
                } else if (known != null) {
                    frame.size += known;
                } else if (onPath.contains(child)) {
                    throw new PickleRefusedException("recursive pickle", "refusing a pickle that holds itself "
                            + "(a recursive walk of it would not end)");
                } else if (path.size() >= PlainData.MAX_DEPTH) {
                    throw new PickleRefusedException("pickle nesting", "refusing a pickle nested deeper than "
                            + PlainData.MAX_DEPTH + " levels");
                } else {
                    path.push(new Frame(child));
                    onPath.add(child);
                }
                if (frame.size > limit) {
                    throw expandsTooFar(limit);
                }
            } else {
                path.pop();
                onPath.remove(frame.node);
                walked.put(frame.node, frame.size);
                Frame parent = path.peek();
                if (parent != null) {
                    parent.size += frame.size;
                    if (parent.size > limit) {
                        throw expandsTooFar(limit);
                    }
                }
            }
        }
    }

    private static boolean isCollection(Object value) {
        return value instanceof Collection<?> || value instanceof Map<?, ?>;
    }

    /** A collection's elements; a map's keys and values, alternating. */
    private static Iterator<?> children(Object collection) {
        if (collection instanceof Collection<?> elements) {
            return elements.iterator();
        }
        Iterator<? extends Map.Entry<?, ?>> entries = ((Map<?, ?>) collection).entrySet().iterator();
        return new Iterator<Object>() {
            private Object value;
            private boolean valueNext;

            @Override
            public boolean hasNext() {
                return valueNext || entries.hasNext();
            }

            @Override
            public Object next() {
                if (valueNext) {
                    valueNext = false;
                    return value;
                }
                Map.Entry<?, ?> entry = entries.next();
                value = entry.getValue();
                valueNext = true;
                return entry.getKey();
            }
        };
    }
}
