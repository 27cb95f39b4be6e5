package io.github.jdiskcache.integration.spring;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * An ordinary Spring service whose results the cache abstraction keeps. It numbers what it
 * computes, so an answer tells which computation (of which run) produced it.
 */
@Service
public class PriceList {
    private final AtomicInteger computations = new AtomicInteger();

    @Cacheable("prices")
    public String price(String item) {
        return item + " #" + computations.incrementAndGet();
    }

    // #p0: the tests are compiled without -parameters, which Boot's parent POM adds for #item
    @CachePut(cacheNames = "prices", key = "#p0")
    public String reprice(String item, String price) {
        return item + " " + price;
    }

    @CacheEvict("prices")
    public void withdraw(String item) {
    }

    @Cacheable(cacheNames = "rates", sync = true)
    public String rate(String currency) {
        return currency + " #" + computations.incrementAndGet();
    }

    public int computations() {
        return computations.get();
    }
}
