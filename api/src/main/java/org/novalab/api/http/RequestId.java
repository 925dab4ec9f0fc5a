package org.novalab.api.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * OpenStack's request ids, as oslo.middleware gives them: every answer carries a fresh local id in
 * {@code x-openstack-request-id} (and, on the compute API, {@code x-compute-request-id}); an id the caller sends in
 * {@code X-OpenStack-Request-ID} is kept as the global request id when it has the {@code req-<uuid>} form, so one
 * action can be followed across services. An id is a correlation handle, not a secret.
 */
public final class RequestId implements Handler<RoutingContext> {
    public static final String HEADER = "x-openstack-request-id";
    public static final String COMPUTE_HEADER = "x-compute-request-id";
    /** The MDC key that names the request a log line belongs to (the json log's {@code request_id}). */
    public static final String MDC_KEY = "request_id";
    private static final String LOCAL = "novalab.request-id";
    private static final String GLOBAL = "novalab.global-request-id";
    private static final Pattern VALID =
            Pattern.compile("req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Override
    public void handle(RoutingContext ctx) {
        String id = generate();
        ctx.put(LOCAL, id);
        String global = ctx.request().getHeader(HEADER);
        if (isValid(global)) {
            ctx.put(GLOBAL, global);
        }
        boolean compute = isCompute(ctx.request().path());
        ctx.addHeadersEndHandler(ignored -> {
            ctx.response().putHeader(HEADER, id);
            if (compute) {
                ctx.response().putHeader(COMPUTE_HEADER, id);
            }
        });
        ctx.next();
    }

    /** This request's own id; every request that reached the router has one. */
    public static String of(RoutingContext ctx) {
        String id = ctx.get(LOCAL);
        return id == null ? "-" : id;
    }

    /** The caller's id for the action this request belongs to, when it sent a valid one. */
    public static Optional<String> globalOf(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(GLOBAL));
    }

    /** oslo.context's form, {@code req-} and a lower-case UUID; anything else a caller sends is ignored. */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** A random version-4 UUID; ids need to be unique, not unguessable, so no SecureRandom on the event loop. */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return "req-" + new UUID(high, low);
    }

    private static boolean isCompute(String path) {
        return path != null && (path.equals("/") || path.startsWith("/v2.1"));
    }
}
