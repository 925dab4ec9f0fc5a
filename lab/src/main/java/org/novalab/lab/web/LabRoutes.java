package org.novalab.lab.web;

import io.vertx.ext.web.handler.StaticHandler;
import org.novalab.api.http.ApiException;
import org.novalab.api.server.ApiExtension;
import org.novalab.disk.Disks;
import org.novalab.lab.classroom.Classroom;

/**
 * The lab's part of a server ({@link ApiExtension}, registered as a service): the classroom page and its JSON,
 * acting on the server's own compute host; a server without one (tests with a fake driver) answers 503 there.
 */
public final class LabRoutes implements ApiExtension {
    @Override
    public void mount(Context context) {
        // the page: static files from the classpath's ui/ directory, no build step
        context.router().getWithRegex("/ui").handler(ctx -> ctx.redirect("/ui/"));
        context.router().route("/ui/*").handler(StaticHandler.create("ui").setCachingEnabled(false));
        if (context.host().isEmpty()) {
            context.router().route(ClassroomRoutes.PREFIX + "/*").handler(ctx -> ctx.fail(new ApiException(503,
                    "This server has no compute host: the classroom needs one.")));
            return;
        }
        var host = context.host().get();
        Classroom classroom = new Classroom(host.driver().config().instancesDir(), host.hypervisor(),
                host.secrets(), Disks.java(), new StoreCatalog(context.images()));
        new ClassroomRoutes(context.blocking(), context.auth(), classroom).mount(context.router());
    }
}
