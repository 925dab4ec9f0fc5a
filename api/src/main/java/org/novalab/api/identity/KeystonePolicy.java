package org.novalab.api.identity;

import io.vertx.ext.web.RoutingContext;
import org.novalab.api.http.ApiException;

/**
 * Keystone's default policy as novalab applies it: an admin manages everything; anyone else may read its own user,
 * list its own projects and groups, see the project its token is scoped to and that project's, its own or its
 * token's domain, and manage its own tokens. Refusals are in Keystone's words, naming the policy rule.
 */
public final class KeystonePolicy {
    private KeystonePolicy() {
    }

    public static AuthContext admin(RoutingContext ctx, String rule) {
        AuthContext caller = AuthFilter.of(ctx);
        if (!caller.isAdmin()) {
            throw refused(rule);
        }
        return caller;
    }

    /** Keystone's {@code admin_required or (role:reader and system_scope:all)}: the catalog's and policies' reads. */
    public static AuthContext adminOrSystemReader(RoutingContext ctx, String rule) {
        AuthContext caller = AuthFilter.of(ctx);
        if (!caller.isAdmin() && !(caller.systemScoped() && caller.has(Role.READER))) {
            throw refused(rule);
        }
        return caller;
    }

    /** The admin, or the user the request is about. */
    public static AuthContext adminOrUser(RoutingContext ctx, String rule, String userId) {
        AuthContext caller = AuthFilter.of(ctx);
        if (!caller.isAdmin() && !caller.userId().equals(userId)) {
            throw refused(rule);
        }
        return caller;
    }

    static AuthContext adminOrScopedProject(RoutingContext ctx, String rule, String projectId) {
        AuthContext caller = AuthFilter.of(ctx);
        if (!caller.isAdmin() && !projectId.equals(caller.projectId())) {
            throw refused(rule);
        }
        return caller;
    }

    static AuthContext adminOrOwnDomain(RoutingContext ctx, String rule, String domainId) {
        AuthContext caller = AuthFilter.of(ctx);
        boolean own = domainId.equals(caller.userDomain().id())
                || (caller.projectDomain() != null && domainId.equals(caller.projectDomain().id()))
                || (caller.domain() != null && domainId.equals(caller.domain().id()));
        if (!caller.isAdmin() && !own) {
            throw refused(rule);
        }
        return caller;
    }

    public static ApiException refused(String rule) {
        return ApiException.forbidden("You are not authorized to perform the requested action: " + rule + ".");
    }
}
