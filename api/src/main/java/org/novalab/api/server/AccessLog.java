package org.novalab.api.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.novalab.api.http.RequestId;
import org.novalab.api.identity.AuthFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per answered request, written when the answer is: method, route, status, milliseconds, request id,
 * project and user, and the caller's global request id when it sent one. Built only from the route's pattern and
 * ids, so no token, password, passphrase or query string can reach it. Logger {@code novalab.access}.
 */
final class AccessLog implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger("novalab.access");
    private final Router router;
    private volatile RouteTemplates routes;

    AccessLog(Router router) {
        this.router = router;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(ignored -> {
            if (LOG.isInfoEnabled()) {
                LOG.info(line(ctx, (System.nanoTime() - start) / 1e6));
            }
        });
        ctx.next();
    }

    private String line(RoutingContext ctx, double millis) {
        String route = routes().nameOf(ctx.request().method(), ctx.request().path());
        StringBuilder line = new StringBuilder(160)
                .append(ctx.request().method().name()).append(' ')
                .append(route).append(' ')
                .append(ctx.response().getStatusCode()).append(' ')
                .append(String.format(Locale.ROOT, "%.2f", millis)).append(" ms ")
                .append(RequestId.of(ctx));
        AuthFilter.callerOf(ctx).ifPresentOrElse(
                caller -> line.append(" project=").append(orDash(caller.projectId()))
                        .append(" user=").append(orDash(caller.userId())),
                () -> line.append(" project=- user=-"));
        RequestId.globalOf(ctx).ifPresent(global -> line.append(" global_request_id=").append(global));
        return line.toString();
    }

    /** Read at the first answer: every feature has mounted its routes before the server listens. */
    private RouteTemplates routes() {
        RouteTemplates known = routes;
        if (known == null) {
            known = RouteTemplates.of(router);
            routes = known;
        }
        return known;
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
