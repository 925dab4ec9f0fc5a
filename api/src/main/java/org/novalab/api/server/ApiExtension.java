package org.novalab.api.server;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Optional;
import org.novalab.api.compute.InstanceChanges;
import org.novalab.api.compute.InstanceOverviews;
import org.novalab.api.http.Blocking;
import org.novalab.api.identity.AuthFilter;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.ComputeHosts;
import org.novalab.image.ImageService;

/**
 * Routes another module adds to a running server, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.novalab.api.server.ApiExtension}): the lab's classroom page, say. The api never
 * names the modules that extend it, so it depends on none of them.
 */
public interface ApiExtension {
    void mount(Context context);

    /**
     * The OpenAPI fragment that documents the routes {@link #mount} adds (paths, tags, components), merged into
     * GET /openapi.json at start; a route missing from it fails the coverage test ({@code OpenApiCoverage}).
     */
    default Optional<JsonObject> openApi() {
        return Optional.empty();
    }

    /**
     * What an extension may use: the router (mounted after the OpenStack APIs), the worker pool, the token filter,
     * the door to the compute hosts, the server's image service, every server's row and where changes of those rows
     * are announced.
     */
    record Context(Router router, Blocking blocking, AuthFilter auth, ComputeApi compute, ComputeHosts hosts,
                   ImageService images, InstanceOverviews servers, InstanceChanges changes) {
    }
}
