package org.novalab.api.identity;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Keystone's default roles, the ones policy knows: reader may look, member may change its project, admin may do
 * anything. Each implies the ones below it (admin implies member implies reader), as Keystone's bootstrap sets up.
 * Their rows in the roles table have their names as ids.
 */
public enum Role {
    ADMIN("admin"), MEMBER("member"), READER("reader");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The roles this one implies, directly or not: admin gives member and reader, member gives reader. */
    public List<Role> implied() {
        return Arrays.asList(values()).subList(ordinal() + 1, values().length);
    }

    /** The role this one is directly implied by (member: admin), if any. */
    public Optional<Role> priorRole() {
        return ordinal() == 0 ? Optional.empty() : Optional.of(values()[ordinal() - 1]);
    }

    public static Optional<Role> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
