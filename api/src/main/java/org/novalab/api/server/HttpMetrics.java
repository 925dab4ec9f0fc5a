package org.novalab.api.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.novalab.api.image.ImageTraffic;

/**
 * {@code http_server_requests_seconds}: every answered request's latency, by method, route template (from
 * {@link RouteTemplates}, so never an id, and every unknown path is one label) and status. The bytes of image data
 * that Glance's upload, stage and download routes move are counted beside it.
 */
final class HttpMetrics implements Handler<RoutingContext> {
    /** Glance's image data routes, under {@code /v2} and {@code /image/v2}. */
    private static final String FILE = "/v2/images/:id/file";
    private static final String STAGE = "/v2/images/:id/stage";

    private final MeterRegistry registry;
    private final RouteTemplates.Lazy routes;
    private final Counter received;
    private final Counter sent;

    HttpMetrics(MeterRegistry registry, RouteTemplates.Lazy routes) {
        this.registry = registry;
        this.routes = routes;
        this.received = Counter.builder("novalab.image.received").baseUnit("bytes")
                .description("Image data uploaded or staged through Glance's API").register(registry);
        this.sent = Counter.builder("novalab.image.sent").baseUnit("bytes")
                .description("Image data downloaded through Glance's API").register(registry);
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(ignored -> {
            HttpMethod method = ctx.request().method();
            String route = routes.get().nameOf(method, ctx.request().path());
            Timer.builder("http.server.requests").description("HTTP requests answered, by route template")
                    .tag("method", method.name()).tag("route", route)
                    .tag("status", Integer.toString(ctx.response().getStatusCode()))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry).record(Duration.ofNanos(System.nanoTime() - start));
            if (method == HttpMethod.PUT && (route.endsWith(FILE) || route.endsWith(STAGE))) {
                received.increment(ctx.request().bytesRead());
            } else if (method == HttpMethod.GET && route.endsWith(FILE)) {
                // the download writes from a worker, which Vert.x's own byte count misses
                sent.increment(ImageTraffic.sentOf(ctx));
            }
        });
        ctx.next();
    }
}
