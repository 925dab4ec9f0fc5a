package org.novalab.lab.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthFilter;
import org.novalab.compute.InstanceNotFound;
import org.novalab.lab.BackingVsConvertLab;
import org.novalab.lab.JsonReport;
import org.novalab.lab.classroom.Classroom;

/**
 * The classroom page's admin-only JSON under {@code /novalab/v1/classroom} (the page itself, static HTML + JS from
 * the classpath, is mounted by {@link LabRoutes}):
 * <pre>
 * GET  /novalab/v1/classroom/instances         {"instances": [{"uuid", "name", "domain", "status"}]}
 * GET  /novalab/v1/classroom/instances/{uuid}  flow, tree, chain (img info), clusters, xml, secret (uuid only), console
 * POST /novalab/v1/classroom/lab               the lab's JSON report (one run at a time; 409 while one runs)
 * </pre>
 */
public final class ClassroomRoutes {
    public static final String PREFIX = "/novalab/v1/classroom";

    private final Blocking blocking;
    private final AuthFilter auth;
    private final Classroom classroom;
    private final AtomicBoolean labRunning = new AtomicBoolean();

    public ClassroomRoutes(Blocking blocking, AuthFilter auth, Classroom classroom) {
        this.blocking = blocking;
        this.auth = auth;
        this.classroom = classroom;
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
        router.post(PREFIX + "/lab").handler(ctx -> admin(ctx, "the lab", this::runLab));
    }

    private Reply runLab() throws Exception {
        if (!labRunning.compareAndSet(false, true)) {
            throw ApiException.conflict("The lab is already running; wait for its table.");
        }
        try {
            return Reply.ok(json(JsonReport.tree(BackingVsConvertLab.run(
                    new BackingVsConvertLab.Options(Optional.empty(), false)))));
        } finally {
            labRunning.set(false);
        }
    }

    private void admin(RoutingContext ctx, String action, Callable<Reply> work) {
        AuthFilter.whenAdmin(ctx, action, () -> blocking.reply(ctx, work));
    }

    private static JsonObject json(com.fasterxml.jackson.databind.node.ObjectNode node) {
        return new JsonObject(node.toString());
    }
}
