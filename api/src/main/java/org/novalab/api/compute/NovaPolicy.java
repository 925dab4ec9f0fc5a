package org.novalab.api.compute;

import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;

/**
 * Nova's default policies as novalab applies them: a rule either passes or the request is refused with Nova's 403
 * ("Policy doesn't allow os_compute_api:os-keypairs:show to be performed.").
 */
public final class NovaPolicy {
    private NovaPolicy() {
    }

    public static ApiException refusal(String rule) {
        return ApiException.forbidden("Policy doesn't allow " + rule + " to be performed.");
    }

    public static void require(boolean allowed, String rule) {
        if (!allowed) {
            throw refusal(rule);
        }
    }

    /** {@code rule:context_is_admin}. */
    public static void admin(AuthContext caller, String rule) {
        require(caller.isAdmin(), rule);
    }

    /** {@code admin or user_id:%(user_id)s}. */
    public static void adminOrUser(AuthContext caller, String userId, String rule) {
        require(caller.isAdmin() || caller.userId().equals(userId), rule);
    }

    /** {@code PROJECT_READER_OR_ADMIN}: any role in the project, or admin. */
    public static void readerOrAdmin(AuthContext caller, String projectId, String rule) {
        require(caller.isAdmin() || caller.projectId().equals(projectId), rule);
    }

    /** {@code PROJECT_MEMBER_OR_ADMIN}: member (not only reader) of the project, or admin. */
    public static void memberOrAdmin(AuthContext caller, String projectId, String rule) {
        require(caller.isAdmin() || (caller.canWrite() && caller.projectId().equals(projectId)), rule);
    }
}
