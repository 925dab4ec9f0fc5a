package org.novalab.api.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code [database] connection} as Nova writes it, mapped to what novalab connects with. A SQLAlchemy URL
 * ({@code postgresql://user:pass@host:port/db}, also with a driver: {@code postgresql+psycopg2://}) becomes
 * {@code jdbc:postgresql://host:port/db} plus its user and password; a JDBC URL ({@code jdbc:postgresql:…},
 * {@code jdbc:h2:…}) is taken as it is. novalab has PostgreSQL and H2 drivers only: SQLite and MySQL are refused.
 *
 * @param user     null when the URL names none (then NOVALAB_DB_USER may)
 * @param password null when the URL holds none (then NOVALAB_DB_PASSWORD may)
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {
    private static final Pattern SQLALCHEMY = Pattern.compile(
            "(?<dialect>[A-Za-z0-9]+)(\\+(?<driver>[A-Za-z0-9_]+))?://((?<user>[^:@/]*)(:(?<password>[^@/]*))?@)?"
                    + "(?<rest>.*)");
    private static final Pattern JDBC_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    static final String MASK = "****";

    public static DatabaseUrl parse(String url) {
        if (url.startsWith("jdbc:")) {
            return new DatabaseUrl(url, null, null);
        }
        Matcher m = SQLALCHEMY.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a SQLAlchemy URL (postgresql://user:password@host:port/db) "
                    + "or a JDBC URL (jdbc:postgresql://host/db, jdbc:h2:...)"); // not echoed: it may hold a password
        }
        String dialect = m.group("dialect").toLowerCase(Locale.ROOT);
        switch (dialect) {
            case "postgresql" -> {
            }
            case "sqlite" -> throw new IllegalArgumentException("novalab has no SQLite: leave it unset for the "
                    + "embedded H2 database in the state dir, or give jdbc:h2:... or postgresql://...");
            default -> throw new IllegalArgumentException("novalab connects to PostgreSQL (postgresql://...) or H2 "
                    + "(jdbc:h2:...), not " + dialect + " (in a JDBC URL: jdbc:postgresql://host/db)");
        }
        String rest = m.group("rest");
        // SQLAlchemy's postgresql:///db (no host: the local socket) is the local server for the JDBC driver
        String jdbc = "jdbc:postgresql://" + (rest.startsWith("/") ? "localhost" + rest : rest);
        return new DatabaseUrl(jdbc, decode(m.group("user")), decode(m.group("password")));
    }

    /** The URL with its password (in the authority or a {@code password=} parameter) replaced by {@value #MASK}. */
    public static String masked(String url) {
        Matcher m = SQLALCHEMY.matcher(url);
        String out = url;
        if (!url.startsWith("jdbc:") && m.matches() && m.group("password") != null) {
            out = url.substring(0, m.start("password")) + MASK + url.substring(m.end("password"));
        }
        return JDBC_PASSWORD.matcher(out).replaceAll("$1" + MASK);
    }

    private static String decode(String part) {
        return part == null || part.isEmpty() ? null : URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + masked(jdbcUrl) + ", user=" + user + "]";
    }
}
