package io.github.jdiskcache.annotation;

import java.lang.annotation.Annotation;
import java.util.Set;

/** What is known about a parameter of an annotated method before any call: type, annotations, position. */
record CacheParameter(Class<?> rawType, Set<Annotation> annotations, int position) {
}
