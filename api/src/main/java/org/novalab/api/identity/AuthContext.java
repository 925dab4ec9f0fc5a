package org.novalab.api.identity;

import java.time.Instant;
import java.util.Set;

/** Who is calling: the validated token's user, project scope and roles. */
public record AuthContext(String userId, String userName, String projectId, String projectName, Set<Role> roles,
        Instant issuedAt, Instant expiresAt, String auditId, String methods) {
    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** Members and admins may change things; readers may only look. */
    public boolean canWrite() {
        return isAdmin() || roles.contains(Role.MEMBER);
    }
}
