package io.github.jdiskcache.integration.hibernate;

import java.util.List;

import jakarta.persistence.QueryHint;

import org.hibernate.jpa.HibernateHints;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.QueryHints;

public interface AuthorRepository extends JpaRepository<Author, Long> {

    /** A query whose results Hibernate's query cache keeps. */
    @QueryHints(@QueryHint(name = HibernateHints.HINT_CACHEABLE, value = "true"))
    List<Author> findByCountryOrderById(String country);
}
