package org.novalab.lab.web;

import io.vertx.ext.web.handler.StaticHandler;
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
        context.router().route("/ui/*").handler(StaticHandler.create("ui").setCachingEnabled(false));
        Classroom classroom = new Classroom(context.compute(), java.util.Set.copyOf(context.hosts().hosts()),
                new StoreCatalog(context.images()), context.servers());
        new ClassroomRoutes(context.blocking(), context.auth(), classroom, context.changes()).mount(context.router());
    }
}
