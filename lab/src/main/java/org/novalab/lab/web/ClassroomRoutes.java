package org.novalab.lab.web;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.novalab.api.compute.InstanceChanges;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthFilter;
import org.novalab.compute.InstanceNotFound;
import org.novalab.lab.BackingVsConvertLab;
import org.novalab.lab.JsonReport;
import org.novalab.lab.classroom.Classroom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classroom page's admin-only JSON under {@code /novalab/v1/classroom} (the page itself, static HTML + JS from
 * the classpath, is mounted by {@link LabRoutes}):
 * <pre>
 * GET  /novalab/v1/classroom/instances         {"instances": [{"uuid", "name", "status", "host", "fault", ...}]}
 * GET  /novalab/v1/classroom/instances/{uuid}  flow, tree, chain (img info), disks, clusters, xml, secrets, console
 * GET  /novalab/v1/classroom/events            text/event-stream: "instance" {"uuid"} whenever a server's row changes
 * POST /novalab/v1/classroom/lab               application/x-ndjson: one "case" line per observation, then the
 *                                              "report" (one run at a time; 409 while one runs)
 * </pre>
 */
public final class ClassroomRoutes {
    public static final String PREFIX = "/novalab/v1/classroom";
    private static final Logger LOG = LoggerFactory.getLogger(ClassroomRoutes.class);
    /** Proxies close idle streams; a comment line now and then keeps the page's stream open. */
    private static final long KEEPALIVE_MILLIS = 15_000;

    private final Blocking blocking;
    private final AuthFilter auth;
    private final Classroom classroom;
    private final InstanceChanges changes;
    private final AtomicBoolean labRunning = new AtomicBoolean();

    public ClassroomRoutes(Blocking blocking, AuthFilter auth, Classroom classroom, InstanceChanges changes) {
        this.blocking = blocking;
        this.auth = auth;
        this.classroom = classroom;
        this.changes = changes;
    }

    public void mount(Router router) {
        router.route(PREFIX + "/*").handler(auth);
        router.get(PREFIX + "/instances").handler(ctx -> admin(ctx, "classroom",
                () -> Reply.ok(json(classroom.instances()))));
        router.get(PREFIX + "/instances/:uuid").handler(ctx -> admin(ctx, "classroom", () -> {
            try {
                return Reply.ok(json(classroom.describe(UUID.fromString(ctx.pathParam("uuid")))));
            } catch (IllegalArgumentException | InstanceNotFound e) {
                throw ApiException.notFound("Instance " + ctx.pathParam("uuid") + " could not be found.");
            }
        }));
        router.get(PREFIX + "/events").handler(ctx -> AuthFilter.whenAdmin(ctx, "classroom", () -> events(ctx)));
        router.post(PREFIX + "/lab").handler(ctx -> AuthFilter.whenAdmin(ctx, "the lab", () -> runLab(ctx)));
    }

    /**
     * Server-sent events: the instance store announces each committed change of a row; the announcement is only
     * handed to this stream's event loop (the thread that made the change, a build's, goes straight on).
     */
    private void events(RoutingContext ctx) {
        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8").putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        Context loop = ctx.vertx().getOrCreateContext();
        Runnable stop = changes.listen(uuid -> loop.runOnContext(v -> {
            if (!response.ended() && !response.closed()) {
                response.write("event: instance\ndata: {\"uuid\":\"" + uuid + "\"}\n\n");
            }
        }));
        long keepalive = ctx.vertx().setPeriodic(KEEPALIVE_MILLIS, id -> {
            if (!response.ended() && !response.closed()) {
                response.write(": keepalive\n\n");
            }
        });
        response.closeHandler(v -> {
            stop.run();
            ctx.vertx().cancelTimer(keepalive);
        });
        response.write("retry: 2000\nevent: hello\ndata: {}\n\n");
    }

    /** The lab, streamed: each observation as it is made, so the page can show progress, then the whole report. */
    private void runLab(RoutingContext ctx) {
        if (!labRunning.compareAndSet(false, true)) {
            ctx.fail(ApiException.conflict("The lab is already running; wait for its table."));
            return;
        }
        // no-cache, not no-store: Chromium reports a fully read no-store stream as aborted (playwright#42742)
        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader("Content-Type", "application/x-ndjson").putHeader("Cache-Control", "no-cache");
        Context loop = ctx.vertx().getOrCreateContext();
        ctx.vertx().executeBlocking(() -> JsonReport.tree(BackingVsConvertLab.run(
                new BackingVsConvertLab.Options(Optional.empty(), false), (result, done, total) -> {
                    String line = JsonReport.caseNode(result).put("type", "case").put("done", done)
                            .put("total", total).toString();
                    loop.runOnContext(v -> write(response, line));
                })), false).onComplete(r -> {
                    labRunning.set(false);
                    if (r.succeeded()) {
                        write(response, r.result().put("type", "report").toString());
                    } else {
                        LOG.warn("the classroom's lab run failed: {}", r.cause().toString());
                        write(response, new JsonObject().put("type", "error").put("message",
                                "The lab failed: " + r.cause().getMessage()).encode());
                    }
                    if (!response.ended()) {
                        response.end();
                    }
                });
    }

    private static void write(HttpServerResponse response, String line) {
        if (!response.ended() && !response.closed()) {
            response.write(line + "\n");
        }
    }

    private void admin(RoutingContext ctx, String action, Callable<Reply> work) {
        AuthFilter.whenAdmin(ctx, action, () -> blocking.reply(ctx, work));
    }

    private static JsonObject json(com.fasterxml.jackson.databind.node.ObjectNode node) {
        return new JsonObject(node.toString());
    }
}
