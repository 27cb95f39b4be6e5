package io.github.jdiskcache.integration.spring;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application (child JVM of {@link SpringCacheTest}) whose JCache provider is chosen by
 * configuration alone: {@code --spring.profiles.active=jdiskcache} or {@code hazelcast} picks
 * {@code prices-<profile>.properties} in {@code integration/spring/}. It asks its service for
 * the same prices at every run, prints {@code answers:} with what it got, {@code computed:} with
 * how many answers the service computed (4 over empty caches: apple, plum twice around its
 * eviction, EUR), and {@code provider:} with the JCache provider's class.
 */
@SpringBootApplication
@EnableCaching
public class PriceApp {

    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PriceApp.class)
                .properties("spring.config.name=prices", "spring.config.location=classpath:/integration/spring/")
                .run(args)) {
            PriceList prices = context.getBean(PriceList.class);
            List<String> answers = new ArrayList<>();
            answers.add(prices.price("apple"));
            answers.add(prices.price("apple"));
            answers.add(prices.reprice("pear", "99"));
            answers.add(prices.price("pear"));
            answers.add(prices.price("plum"));
            prices.withdraw("plum");
            answers.add(prices.price("plum"));
            answers.add(prices.rate("EUR"));
            answers.add(prices.rate("EUR"));
            System.out.println("answers: " + answers);
            System.out.println("computed: " + prices.computations());
            JCacheCacheManager manager = (JCacheCacheManager) context.getBean(CacheManager.class);
            System.out.println("provider: " + manager.getCacheManager().getCachingProvider().getClass().getName());
        }
    }
}
