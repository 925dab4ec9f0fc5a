package org.novalab.api.identity;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.ErrorMapper;

/**
 * Admits a request only with a valid {@code X-Auth-Token}; puts its {@link AuthContext} on the routing context.
 * Compute and image routes need a project-scoped token; Keystone's own routes also take an unscoped one
 * ({@link #acceptingUnscoped()}). Token lookups touch the database, so they run on a worker thread.
 */
public final class AuthFilter implements Handler<RoutingContext> {
    private static final String KEY = "novalab.auth";
    private final Vertx vertx;
    private final IdentityService identity;
    private final boolean unscopedAccepted;

    public AuthFilter(Vertx vertx, IdentityService identity) {
        this(vertx, identity, false);
    }

    private AuthFilter(Vertx vertx, IdentityService identity, boolean unscopedAccepted) {
        this.vertx = vertx;
        this.identity = identity;
        this.unscopedAccepted = unscopedAccepted;
    }

    /** The same filter for Keystone's routes, where a token scoped to no project is valid too. */
    public AuthFilter acceptingUnscoped() {
        return new AuthFilter(vertx, identity, true);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String token = ctx.request().getHeader("X-Auth-Token");
        vertx.executeBlocking(() -> {
            AuthContext context = identity.validate(token);
            if (!unscopedAccepted && !context.scoped()) {
                throw ApiException.unauthorized("The request you have made requires a project-scoped token.");
            }
            return context;
        }, false).onComplete(result -> {
            if (result.failed()) {
                ErrorMapper.respond(ctx, result.cause());
            } else {
                ctx.put(KEY, result.result());
                ctx.next();
            }
        });
    }

    public static AuthContext of(RoutingContext ctx) {
        AuthContext auth = ctx.get(KEY);
        if (auth == null) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        return auth;
    }

    /** The authenticated caller, when the request passed this filter. */
    public static Optional<AuthContext> callerOf(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(KEY));
    }

    public static AuthContext requireWriter(RoutingContext ctx) {
        AuthContext auth = of(ctx);
        if (!auth.canWrite()) {
            throw ApiException.forbidden("Policy does not allow this change: the reader role may only look.");
        }
        return auth;
    }

    public static AuthContext requireAdmin(RoutingContext ctx, String action) {
        AuthContext auth = of(ctx);
        if (!auth.isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow " + action + " to be performed.");
        }
        return auth;
    }

    /** Runs {@code proceed} for an admin; anyone else's request fails with the policy's 403. */
    public static void whenAdmin(RoutingContext ctx, String action, Runnable proceed) {
        try {
            requireAdmin(ctx, action);
        } catch (ApiException e) {
            ctx.fail(e);
            return;
        }
        proceed.run();
    }
}
