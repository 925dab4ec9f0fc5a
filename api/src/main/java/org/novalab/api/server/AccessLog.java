package org.novalab.api.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.novalab.api.http.ErrorMapper;
import org.novalab.api.http.RequestId;
import org.novalab.api.identity.AuthFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per answered request, written when the answer is: method, route, status, milliseconds, request id,
 * project and user, the caller's global request id when it sent one, and for an error answer its reason (the
 * message the caller got). Built only from the route's pattern and
 * ids, so no token, password, passphrase or query string can reach it. Logger {@code novalab.access}.
 */
final class AccessLog implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger("novalab.access");
    private final RouteTemplates.Lazy routes;

    AccessLog(RouteTemplates.Lazy routes) {
        this.routes = routes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(ignored -> {
            if (LOG.isInfoEnabled()) {
                try (MDC.MDCCloseable request = MDC.putCloseable(RequestId.MDC_KEY, RequestId.of(ctx))) {
                    LOG.info(line(ctx, (System.nanoTime() - start) / 1e6));
                }
            }
        });
        ctx.next();
    }

    private String line(RoutingContext ctx, double millis) {
        String route = routes.get().nameOf(ctx.request().method(), ctx.request().path());
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
        ErrorMapper.reasonOf(ctx).ifPresent(reason -> line.append(" reason=\"").append(quoted(reason)).append('"'));
        return line.toString();
    }

    /** One line, its quotes escaped and its length bounded: the reason is the answer's message, seen by the caller. */
    static String quoted(String reason) {
        String flat = reason.replace('\n', ' ').replace('\r', ' ').replace("\\", "\\\\").replace("\"", "\\\"");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
