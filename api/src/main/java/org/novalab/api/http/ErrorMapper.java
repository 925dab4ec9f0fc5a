package org.novalab.api.http;

import java.util.Optional;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers. Known refusals keep their status and message; anything
 * unexpected is logged with its stack trace and answered 500 with a generic message, never the trace itself.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    static final String GENERIC = "The server has either erred or is incapable of performing the requested operation.";

    private ErrorMapper() {
    }

    /** Status and message for a failure. */
    private static final String REASON = "novalab.error.reason";

    public static ApiException map(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof ApiException api) {
            return api;
        }
        if (t instanceof DecodeException) {
            return ApiException.badRequest("Malformed request body: not valid JSON");
        }
        if (t instanceof HttpException http && http.getStatusCode() >= 400 && http.getStatusCode() < 500) {
            // Vert.x's own refusal of what it could not read (a query string with a broken percent escape)
            return new ApiException(http.getStatusCode(), "Malformed request: " + cut(http.getCause() != null
                    ? http.getCause().getMessage() : http.getMessage()));
        }
        ApiException domain = DomainErrors.map(t);
        if (domain != null) {
            return domain;
        }
        LOG.error("unexpected failure", t);
        return new ApiException(500, GENERIC);
    }

    /** The refusal for a known failure (API or domain), or null for an unexpected one; logs nothing. */
    public static ApiException mapQuietly(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof ApiException api) {
            return api;
        }
        return DomainErrors.map(t);
    }

    /** The message of the error answer sent for this request, for the access log. */
    public static Optional<String> reasonOf(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(REASON));
    }

    public static void respond(RoutingContext ctx, Throwable failure) {
        respond(ctx, map(failure));
    }

    public static void respond(RoutingContext ctx, ApiException error) {
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        if (!ctx.request().isEnded()) {
            // A refused upload: discard the rest of its body, since a client still sending would not read the answer.
            ctx.request().handler(ignored -> { }).endHandler(ignored -> { });
            ctx.request().resume();
        }
        ErrorStyle style = styleFor(pathOf(ctx));
        ctx.put(REASON, error.getMessage());
        ctx.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json");
        if (error.status() == 401 && style == ErrorStyle.KEYSTONE) {
            ctx.response().putHeader("WWW-Authenticate", "Keystone uri=\"" + BaseUrl.of(ctx) + "/identity\"");
        }
        ctx.response().end(style.render(error.status(), error.getMessage()).encode());
    }

    /** The request's normalised path, or its path as sent when that has an escape that cannot be decoded. */
    public static String pathOf(RoutingContext ctx) {
        try {
            return ctx.normalizedPath();
        } catch (IllegalArgumentException e) {
            return ctx.request().path();
        }
    }

    private static String cut(String text) {
        String shown = String.valueOf(text);
        return shown.length() > 120 ? shown.substring(0, 120) + "..." : shown;
    }

    public static ErrorStyle styleFor(String path) {
        if (path.startsWith("/identity")) {
            return ErrorStyle.KEYSTONE;
        }
        if (path.equals("/volume") || path.startsWith("/volume/")) {
            return ErrorStyle.CINDER;
        }
        if (path.equals("/placement") || path.startsWith("/placement/")) {
            return ErrorStyle.PLACEMENT;
        }
        if (path.startsWith("/v2/") || path.equals("/v2") || path.startsWith("/image")) {
            return ErrorStyle.GLANCE;
        }
        return ErrorStyle.NOVA;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof java.util.concurrent.CompletionException
                || current instanceof java.util.concurrent.ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
