package org.novalab.api.identity;

import java.util.Arrays;

/** Keystone's default roles: reader may look, member may change its project, admin may do anything. */
public enum Role {
    ADMIN("admin"), MEMBER("member"), READER("reader");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    /** Keystone shows roles by id and name; novalab's roles are fixed, so both are the name. */
    public String id() {
        return id;
    }

    public static Role of(String name) {
        return Arrays.stream(values()).filter(r -> r.id.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role " + name));
    }

    public static boolean exists(String name) {
        return Arrays.stream(values()).anyMatch(r -> r.id.equals(name));
    }
}
