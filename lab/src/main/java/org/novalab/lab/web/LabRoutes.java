package org.novalab.lab.web;

import io.vertx.ext.web.handler.StaticHandler;
import org.novalab.api.server.ApiExtension;
import org.novalab.lab.classroom.Classroom;

/**
 * The lab's part of a server ({@link ApiExtension}, registered as a service): the classroom page and its JSON,
 * showing the server's first compute host through the door (a host on a fake driver answers 503 there).
 */
public final class LabRoutes implements ApiExtension {
    @Override
    public void mount(Context context) {
        // the page: static files from the classpath's ui/ directory, no build step
        context.router().getWithRegex("/ui").handler(ctx -> ctx.redirect("/ui/"));
        context.router().route("/ui/*").handler(StaticHandler.create("ui").setCachingEnabled(false));
        String host = context.hosts().hosts().stream().findFirst().orElse("");
        Classroom classroom = new Classroom(context.compute(), host, new StoreCatalog(context.images()));
        new ClassroomRoutes(context.blocking(), context.auth(), classroom).mount(context.router());
    }
}
