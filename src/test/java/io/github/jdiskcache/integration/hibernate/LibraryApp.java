package io.github.jdiskcache.integration.hibernate;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A Spring Boot application (child JVM of {@link HibernateSecondLevelCacheTest}) on an H2 file
 * database whose Hibernate second-level cache is jdiskcache, configured only by
 * {@code integration/hibernate/library.properties}. With the argument {@code seed} it first stores
 * two authors and their books. Then, in a new transaction, it reads author 1 by id, that author's
 * books and the query for authors from NL, and prints {@code read:} with what it read and
 * {@code statistics:} with Hibernate's statistics of that reading alone.
 */
@SpringBootApplication
public class LibraryApp {

    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LibraryApp.class)
                .properties("spring.config.name=library", "spring.config.location=classpath:/integration/hibernate/")
                .run(args)) {
            AuthorRepository authors = context.getBean(AuthorRepository.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            if (List.of(args).contains("seed")) {
                transaction.executeWithoutResult(status -> seed(context));
            }
            Statistics statistics = context.getBean(EntityManagerFactory.class).unwrap(SessionFactory.class)
                    .getStatistics();
            statistics.clear();
            List<String> read = transaction.execute(status -> {
                List<String> lines = new ArrayList<>();
                Author author = authors.findById(1L).orElseThrow();
                lines.add(author.getName());
                author.getBooks().forEach(book -> lines.add(book.getTitle()));
                authors.findByCountryOrderById("NL").forEach(found -> lines.add(found.getName()));
                return lines;
            });
            System.out.println("read: " + String.join("|", read));
            System.out.println("statistics: statements=" + statistics.getPrepareStatementCount()
                    + " authorHits=" + statistics.getEntityStatistics(Author.class.getName()).getCacheHitCount()
                    + " bookHits=" + statistics.getEntityStatistics(Book.class.getName()).getCacheHitCount()
                    + " booksHits=" + statistics.getCollectionStatistics(Author.class.getName() + ".books")
                            .getCacheHitCount()
                    + " queryHits=" + statistics.getQueryCacheHitCount()
                    + " queryMisses=" + statistics.getQueryCacheMissCount());
        }
    }

    private static void seed(ConfigurableApplicationContext context) {
        EntityManager entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(
                context.getBean(EntityManagerFactory.class));
        Author multatuli = new Author(1L, "Multatuli", "NL");
        Author hella = new Author(2L, "Hella Haasse", "NL");
        entityManager.persist(multatuli);
        entityManager.persist(hella);
        entityManager.persist(new Book(10L, "Max Havelaar", multatuli));
        entityManager.persist(new Book(11L, "Woutertje Pieterse", multatuli));
        entityManager.persist(new Book(20L, "Oeroeg", hella));
    }
}
