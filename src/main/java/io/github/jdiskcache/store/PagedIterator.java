package io.github.jdiskcache.store;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** An iterator that fetches one page at a time, so iterating never loads a whole shard. */
abstract class PagedIterator implements Iterator<Object> {
    private List<Object> page = List.of();
    private int position;
    private boolean exhausted;

    /** The next page, possibly empty when every row of it was filtered out; null when there are no more rows. */
    abstract List<Object> nextPage();

    @Override
    public boolean hasNext() {
        while (position >= page.size()) {
            if (exhausted) {
                return false;
            }
            List<Object> next = nextPage();
            if (next == null) {
                exhausted = true;
                return false;
            }
            page = next;
            position = 0;
        }
        return true;
    }

    @Override
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.get(position++);
    }
}
