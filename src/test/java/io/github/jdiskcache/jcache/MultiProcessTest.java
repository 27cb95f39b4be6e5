package io.github.jdiskcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.testing.ChildJvm;

/** JCache through the default provider in several real JVMs sharing one directory. */
class MultiProcessTest {
    @TempDir
    Path work;

    private List<String> options() {
        return List.of("-D" + DefaultDirectory.PROPERTY + "=" + work.resolve("caches"));
    }

    private String run(String... args) throws Exception {
        return ChildJvm.start(work, options(), JCacheWorker.class, args).awaitSuccess(3, TimeUnit.MINUTES);
    }

    @Test
    void aLaterJvmReadsWhatAnEarlierOneWrote() throws Exception {
        run("write", "persisted", "100");
        List<String> values = run("read", "persisted", "100").lines().toList();
        assertEquals(100, values.size(), "the second JVM finds every entry: " + values);
        assertEquals("value-0", values.get(0));
        assertEquals("value-99", values.get(99));
    }

    @Test
    void twoJvmsRacingPutIfAbsentGiveExactlyOneWinnerPerKey() throws Exception {
        ChildJvm first = ChildJvm.start(work, options(), JCacheWorker.class, "claim", "claims", "1000", "first");
        ChildJvm second = ChildJvm.start(work, options(), JCacheWorker.class, "claim", "claims", "1000", "second");
        Set<String> firstWon = new HashSet<>(first.awaitSuccess(3, TimeUnit.MINUTES).lines().toList());
        Set<String> secondWon = new HashSet<>(second.awaitSuccess(3, TimeUnit.MINUTES).lines().toList());
        Set<String> both = new HashSet<>(firstWon);
        both.retainAll(secondWon);
        assertEquals(Set.of(), both, "no key may have two winners");
        assertEquals(1000, firstWon.size() + secondWon.size(), "every key has a winner");
        List<String> stored = run("read", "claims", "1000").lines().toList();
        for (int i = 0; i < 1000; i++) {
            String owner = stored.get(i);
            assertTrue((owner.equals("first") ? firstWon : secondWon).contains("key-" + i),
                    "key-" + i + " holds the value of the JVM that won it");
        }
    }

    @Test
    void twoJvmsIncrementingWithInvokeEndOnTheExactTotal() throws Exception {
        List<ChildJvm> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(ChildJvm.start(work, options(), JCacheWorker.class, "increment", "counters", "hits", "500"));
        }
        for (ChildJvm child : children) {
            child.awaitSuccess(3, TimeUnit.MINUTES);
        }
        try (javax.cache.CacheManager manager = new io.github.jdiskcache.jcache.spi.DiskCachingProvider()
                .getCacheManager(work.resolve("caches").toUri(), getClass().getClassLoader())) {
            assertEquals(1000L, manager.getCache("counters").get("hits"));
        }
    }
}
