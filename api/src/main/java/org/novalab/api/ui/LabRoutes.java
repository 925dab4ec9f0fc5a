package org.novalab.api.ui;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.virsh.VirshRoutes;
import org.novalab.compute.ComputeHost;
import org.novalab.disk.Disks;
import org.novalab.image.ImageService;
import org.novalab.lab.classroom.Classroom;
import org.novalab.storage.pool.Pool;

/**
 * Mounts the teaching surface on a server's router: the classroom page and its JSON, and the virsh endpoints. Both
 * act on the server's own compute host; a server without one (tests with a fake driver) answers 503 there.
 */
public final class LabRoutes {
    private LabRoutes() {
    }

    /**
     * @param host     the compute host the Nova API spawns on, or null when the server has none
     * @param images   the Glance store, to tell which image an instance's {@code _base} file came from
     * @param poolDir  the image pool's directory ({@code <state>/pool/images}), for its objects
     */
    public static void mount(Router router, Blocking blocking, AuthFilter auth, ComputeHost host, ImageService images,
                             Path poolDir) {
        // the page: static files from the classpath's ui/ directory, no build step
        router.getWithRegex("/ui").handler(ctx -> ctx.redirect("/ui/"));
        router.route("/ui/*").handler(StaticHandler.create("ui").setCachingEnabled(false));
        if (host == null) {
            for (String prefix : new String[] {ClassroomRoutes.PREFIX, VirshRoutes.PREFIX}) {
                router.route(prefix + "/*").handler(ctx -> ctx.fail(new ApiException(503,
                        "This server has no compute host: the classroom and virsh need one.")));
            }
            return;
        }
        Classroom classroom = new Classroom(host.driver().config().instancesDir(), host.hypervisor(),
                host.secrets(), Disks.java(), new StoreCatalog(images, () -> Pool.open(poolDir, "images")));
        new ClassroomRoutes(blocking, auth, classroom).mount(router);
        new VirshRoutes(blocking, auth, host.hypervisor(), host.secrets()).mount(router);
    }
}
