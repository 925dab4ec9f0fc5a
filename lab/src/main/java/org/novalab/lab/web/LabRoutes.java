package org.novalab.lab.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Optional;
import org.novalab.api.openapi.OpenApiDocument;
import org.novalab.api.server.ApiExtension;
import org.novalab.lab.classroom.Classroom;

/**
 * The lab's part of a server ({@link ApiExtension}, registered as a service): the classroom page and its JSON,
 * showing every server and, through the door, the evidence of the compute hosts this server runs.
 */
public final class LabRoutes implements ApiExtension {
    @Override
    public void mount(Context context) {
        // the page: static files from the classpath's ui/ directory, no build step
        context.router().getWithRegex("/ui").handler(ctx -> ctx.redirect("/ui/"));
        // GET and HEAD only, so the route is an endpoint /openapi.json documents (a route without methods is a filter)
        context.router().route("/ui/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(StaticHandler.create("ui").setCachingEnabled(false));
        Classroom classroom = new Classroom(context.compute(), java.util.Set.copyOf(context.hosts().hosts()),
                new StoreCatalog(context.images()), context.servers());
        new ClassroomRoutes(context.blocking(), context.auth(), classroom, context.changes()).mount(context.router());
    }

    /** The routes above, documented beside them; merged into the server's /openapi.json. */
    @Override
    public Optional<JsonObject> openApi() {
        return Optional.of(OpenApiDocument.fragment(LabRoutes.class, "/openapi/lab.json"));
    }
}
