package org.novalab.api.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.regex.Pattern;
import org.novalab.api.compute.ComputeRoutes;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.ErrorMapper;
import org.novalab.api.http.Reply;
import org.novalab.api.http.RequestId;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.identity.IdentityRoutes;
import org.novalab.api.image.ImageRoutes;

/** The whole HTTP surface: identity, compute, image, plus /openapi.json and /metrics, with one error path. */
final class ApiRouter {
    private static final Pattern UPLOAD = Pattern.compile("(/image)?/v2/images/[^/]+/(file|stage)");

    private ApiRouter() {
    }

    static Router create(Vertx vertx, long bodyLimit, AuthFilter auth, IdentityRoutes identity, ComputeRoutes compute,
            ImageRoutes images, PrometheusMeterRegistry metrics, Buffer openapi) {
        Router router = Router.router(vertx);
        RouteTemplates.Lazy routes = new RouteTemplates.Lazy(router);
        router.route().handler(new RequestId()).handler(new AccessLog(routes)).handler(new HttpMetrics(metrics, routes));
        BodyHandler body = BodyHandler.create(false).setBodyLimit(bodyLimit);
        router.route().handler(ctx -> {
            if (ctx.request().uri().toLowerCase(java.util.Locale.ROOT).contains("%00")) {
                // no id or filter can hold one, and PostgreSQL refuses to even look one up
                ctx.fail(ApiException.badRequest("Malformed request: the path or query string holds %00, a NUL "
                        + "character"));
            } else if (!decodableQuery(ctx)) {
                // every route reads its query through Netty's decoder, which throws on a broken escape
                ctx.fail(ApiException.badRequest("Malformed request: the query string has a percent escape that is "
                        + "not two hex digits"));
            } else if (isForm(ctx.request().getHeader("Content-Type"))) {
                // no route reads a form, and Vert.x would decode one (failing on a GET) before any route refused it
                ctx.fail(new ApiException(415, "Unsupported Content-Type " + ctx.request().getHeader("Content-Type")
                        + ": novalab reads JSON bodies (and image data as application/octet-stream)"));
            } else if (ctx.request().method() == HttpMethod.PUT && UPLOAD.matcher(ErrorMapper.pathOf(ctx)).matches()) {
                ctx.request().pause(); // streamed by the upload handler once the caller is authenticated
                ctx.next();
            } else {
                body.handle(ctx);
            }
        });
        router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .end(openapi));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        identity.mount(router);
        compute.mount(router);
        router.get("/image").handler(ctx -> Blocking.send(ctx, Reply.of(300, ImageRoutes.versions(BaseUrl.of(ctx) + "/image"))));
        router.get("/image/").handler(ctx -> Blocking.send(ctx, Reply.of(300, ImageRoutes.versions(BaseUrl.of(ctx) + "/image"))));
        router.get("/image/versions").handler(ctx -> Blocking.send(ctx, Reply.ok(ImageRoutes.versions(BaseUrl.of(ctx) + "/image"))));
        router.route("/v2/*").handler(auth);
        router.route("/image/v2/*").handler(auth);
        ImageRoutes.PREFIXES.forEach(prefix -> images.mount(router, prefix));
        router.route().failureHandler(ApiRouter::failure);
        router.errorHandler(404, ctx -> ErrorMapper.respond(ctx,
                ApiException.notFound("The resource could not be found: " + ctx.request().method() + " "
                        + ErrorMapper.pathOf(ctx))));
        router.errorHandler(405, ctx -> ErrorMapper.respond(ctx,
                new ApiException(405, "The method " + ctx.request().method() + " is not allowed on "
                        + ErrorMapper.pathOf(ctx))));
        // the router's own 400: a path or query it could not decode while matching routes
        router.errorHandler(400, ctx -> ErrorMapper.respond(ctx, ApiException.badRequest("Malformed request: "
                + (ctx.failure() == null ? "the path or query cannot be decoded" : ctx.failure().getMessage()))));
        return router;
    }

    private static void failure(RoutingContext ctx) {
        if (ctx.failure() != null) {
            ErrorMapper.respond(ctx, ctx.failure());
            return;
        }
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        String message = switch (status) {
            case 413 -> "Request entity is too large: the body exceeds the server's limit";
            case 404 -> "The resource could not be found.";
            case 405 -> "Method not allowed.";
            case 400 -> "Bad request.";
            default -> "The server has either erred or is incapable of performing the requested operation.";
        };
        ErrorMapper.respond(ctx, new ApiException(status, message));
    }

    private static boolean decodableQuery(RoutingContext ctx) {
        try {
            ctx.request().params();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isForm(String contentType) {
        String type = contentType == null ? "" : contentType.trim().toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded");
    }
}
