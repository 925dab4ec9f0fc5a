package org.novalab.api.identity;

import java.time.Instant;
import java.util.List;

/**
 * Who is calling: the validated token's user, its project scope (none for an unscoped token) and its effective
 * roles (assigned and implied).
 */
public record AuthContext(Ref user, Ref userDomain, Ref project, Ref projectDomain, List<Ref> roles,
        Instant issuedAt, Instant expiresAt, String auditId, List<String> methods) {
    /** An id and a name, as Keystone shows users, projects, domains and roles inside a token. */
    public record Ref(String id, String name) {
    }

    public AuthContext {
        roles = List.copyOf(roles);
        methods = List.copyOf(methods);
    }

    public String userId() {
        return user.id();
    }

    public String userName() {
        return user.name();
    }

    /** The scoped project's id; null for an unscoped token. */
    public String projectId() {
        return project == null ? null : project.id();
    }

    public String projectName() {
        return project == null ? null : project.name();
    }

    public boolean scoped() {
        return project != null;
    }

    public boolean has(Role role) {
        return roles.stream().anyMatch(r -> r.id().equals(role.id()));
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }

    /** Members and admins may change things; readers may only look. */
    public boolean canWrite() {
        return isAdmin() || has(Role.MEMBER);
    }
}
