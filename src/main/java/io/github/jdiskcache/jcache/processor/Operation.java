package io.github.jdiskcache.jcache.processor;

/** What an entry processor did to its entry, applied to the store once the processor returns. */
public enum Operation {
    NONE, ACCESS, CREATE, LOAD, UPDATE, REMOVE
}
