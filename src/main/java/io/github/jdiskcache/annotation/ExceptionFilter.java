package io.github.jdiskcache.annotation;

/**
 * The include/exclude rule of {@code cachedExceptions}/{@code nonCachedExceptions},
 * {@code cacheFor}/{@code noCacheFor} and {@code evictFor}/{@code noEvictFor}: a throwable passes when
 * it is an instance of an included class (or nothing is included) and of no excluded class. With
 * both lists empty the annotations differ ({@code @CacheResult} caches every exception, the others
 * act on none), hence {@code whenBothEmpty}.
 */
final class ExceptionFilter {
    private final Class<? extends Throwable>[] included;
    private final Class<? extends Throwable>[] excluded;
    private final boolean whenBothEmpty;

    ExceptionFilter(Class<? extends Throwable>[] included, Class<? extends Throwable>[] excluded,
                    boolean whenBothEmpty) {
        this.included = included.clone();
        this.excluded = excluded.clone();
        this.whenBothEmpty = whenBothEmpty;
    }

    boolean accepts(Throwable thrown) {
        if (included.length == 0 && excluded.length == 0) {
            return whenBothEmpty;
        }
        return (included.length == 0 || isInstanceOfAny(thrown, included)) && !isInstanceOfAny(thrown, excluded);
    }

    private static boolean isInstanceOfAny(Throwable thrown, Class<? extends Throwable>[] types) {
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(thrown)) {
                return true;
            }
        }
        return false;
    }
}
