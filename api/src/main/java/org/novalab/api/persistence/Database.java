package org.novalab.api.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * novalab's store: Flyway brings the schema up to date, then Hibernate (native bootstrap) validates its mappings
 * against it. Work runs in short transactions through {@link #read} and {@link #write}; callers are blocking
 * threads (Vert.x workers, the build executor), never the event loop.
 */
public final class Database implements AutoCloseable {
    private final SessionFactory sessions;
    private final Optional<Path> embeddedIn;

    private Database(SessionFactory sessions, Optional<Path> embeddedIn) {
        this.sessions = sessions;
        this.embeddedIn = embeddedIn;
    }

    /**
     * @param maxConcurrentUsers threads that may hold a transaction at the same time; every caller holds at most one,
     *                           so a pool this large never runs dry (Hibernate's built-in pool fails, it does not wait)
     */
    public static Database open(DatabaseConfig given, List<Class<?>> entities, int maxConcurrentUsers) {
        DatabaseConfig config = given.resolved();
        given.embeddedIn().ifPresent(stateDir -> UncleanShutdownRepair.beforeOpen(stateDir, config));
        Flyway.configure()
                .dataSource(config.url(), config.user(), config.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        if (given.embeddedIn().isPresent()) { // the resolved config is a plain URL, user and password
            try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password())) {
                IdentityColumns.realign(c);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot realign the identity columns of " + config, e);
            }
        }
        Configuration cfg = new Configuration();
        entities.forEach(cfg::addAnnotatedClass);
        cfg.setProperty("hibernate.connection.url", config.url());
        cfg.setProperty("hibernate.connection.username", config.user());
        cfg.setProperty("hibernate.connection.password", config.password());
        cfg.setProperty("hibernate.connection.pool_size", Integer.toString(maxConcurrentUsers));
        cfg.setProperty("hibernate.hbm2ddl.auto", "validate");
        cfg.setProperty("hibernate.jdbc.batch_size", "50");
        cfg.setProperty("hibernate.order_inserts", "true");
        cfg.setProperty("hibernate.default_batch_fetch_size", "100");
        cfg.setProperty("hibernate.show_sql", "false");
        return new Database(cfg.buildSessionFactory(), given.embeddedIn());
    }

    /** A read-only transaction: entities are not snapshotted for dirty checking and nothing is flushed. */
    public <T> T read(Function<Session, T> work) {
        return sessions.fromTransaction(s -> {
            s.setDefaultReadOnly(true);
            s.setHibernateFlushMode(FlushMode.MANUAL);
            return work.apply(s);
        });
    }

    public <T> T write(Function<Session, T> work) {
        return sessions.fromTransaction(work);
    }

    public void run(Consumer<Session> work) {
        sessions.inTransaction(work);
    }

    /** Closes every connection, so H2 closes its file; the embedded database is then marked closed cleanly. */
    @Override
    public void close() {
        sessions.close();
        embeddedIn.ifPresent(UncleanShutdownRepair::afterClose);
    }
}
