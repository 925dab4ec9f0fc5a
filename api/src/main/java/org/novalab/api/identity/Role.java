package org.novalab.api.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * Keystone's default roles, the ones policy knows: reader may look, member may change its project, admin may do
 * anything. Their rows in the roles table have their names as ids; that admin implies member and member implies
 * reader, as Keystone's bootstrap sets up, are rows of the role inference rules ({@link RoleInferences}).
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

    public static Optional<Role> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
