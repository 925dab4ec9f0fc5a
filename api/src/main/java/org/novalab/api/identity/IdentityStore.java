package org.novalab.api.identity;

import java.util.function.Function;
import org.hibernate.Session;
import org.novalab.api.persistence.Database;

/**
 * The identity tables, read or changed in one transaction. Every change clears the token cache, so a token is
 * checked against identity as it is now: a deleted or disabled user, project or domain, a revoked grant, a user
 * taken out of a group, all take effect at the token's next use.
 */
public final class IdentityStore {
    private final Database db;
    private final ValidatedTokens validated;

    IdentityStore(Database db, ValidatedTokens validated) {
        this.db = db;
        this.validated = validated;
    }

    public <T> T read(Function<Session, T> work) {
        return db.read(work);
    }

    public <T> T change(Function<Session, T> work) {
        try {
            return db.write(work);
        } finally {
            validated.clear();
        }
    }
}
