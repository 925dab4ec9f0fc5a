package org.novalab.api.persistence;

import org.hibernate.exception.ConstraintViolationException;

/** Tells a refused insert (a unique key another writer took first) from any other database failure. */
public final class Constraints {
    private Constraints() {
    }

    /** True when {@code failure} was caused by a violated constraint, however Hibernate or JPA wrapped it. */
    public static boolean violated(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException || t instanceof java.sql.SQLIntegrityConstraintViolationException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("23"))) {
                return true;
            }
            if (t.getCause() == t) {
                return false;
            }
        }
        return false;
    }
}
