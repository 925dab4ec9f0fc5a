package org.novalab.api.identity;

import java.time.Instant;
import java.util.List;

/**
 * Who is calling: the validated token's user, its scope (a project, a domain, the system, or none for an unscoped
 * token) and its effective roles there (assigned, through groups, and implied).
 */
public record AuthContext(Ref user, Ref userDomain, Ref project, Ref projectDomain, Ref domain, boolean system,
        List<Ref> roles, Instant issuedAt, Instant expiresAt, String auditId, List<String> methods,
        ApplicationCredential applicationCredential) {
    /** An id and a name, as Keystone shows users, projects, domains and roles inside a token. */
    public record Ref(String id, String name) {
    }

    /**
     * The application credential a token was made from, as its body names it; a restricted one may not make further
     * application credentials.
     */
    public record ApplicationCredential(String id, String name, boolean restricted) {
    }

    public AuthContext {
        roles = List.copyOf(roles);
        methods = List.copyOf(methods);
    }

    /** A token a user made itself (not from an application credential). */
    public AuthContext(Ref user, Ref userDomain, Ref project, Ref projectDomain, Ref domain, boolean system,
            List<Ref> roles, Instant issuedAt, Instant expiresAt, String auditId, List<String> methods) {
        this(user, userDomain, project, projectDomain, domain, system, roles, issuedAt, expiresAt, auditId, methods,
                null);
    }

    /** Whether the token came from an application credential that may not make others. */
    public boolean restrictedApplicationCredential() {
        return applicationCredential != null && applicationCredential.restricted();
    }

    public String userId() {
        return user.id();
    }

    public String userName() {
        return user.name();
    }

    /** The scoped project's id; null unless the token is scoped to a project. */
    public String projectId() {
        return project == null ? null : project.id();
    }

    public String projectName() {
        return project == null ? null : project.name();
    }

    /** Scoped to a project: what Nova and Glance need. */
    public boolean scoped() {
        return project != null;
    }

    public boolean domainScoped() {
        return domain != null;
    }

    public boolean systemScoped() {
        return system;
    }

    /** Scoped to nothing: no roles, no catalog. */
    public boolean unscoped() {
        return project == null && domain == null && !system;
    }

    public boolean has(Role role) {
        return roles.stream().anyMatch(r -> r.id().equals(role.id()));
    }

    /**
     * The cloud's admin: the admin role on a project (Keystone's legacy policy, which novalab follows) or on the
     * system. The admin role on a domain makes no cloud admin: it is that domain's.
     */
    public boolean isAdmin() {
        return has(Role.ADMIN) && (project != null || system);
    }

    /** Members and admins may change things; readers may only look. */
    public boolean canWrite() {
        return isAdmin() || has(Role.MEMBER);
    }
}
