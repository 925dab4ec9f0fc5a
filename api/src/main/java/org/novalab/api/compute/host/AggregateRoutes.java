package org.novalab.api.compute.host;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * {@code GET /os-aggregates} (admin): novalab groups its compute hosts in no host aggregates (every host is in the
 * default zone), so the list is empty, and there is no API to make one. Clients that look up a host's aggregates
 * (the openstack client's {@code hypervisor show}) find none, which is the truth.
 */
public final class AggregateRoutes {
    private final Blocking blocking;

    public AggregateRoutes(Blocking blocking) {
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/os-aggregates").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.admin(caller, "os_compute_api:os-aggregates:index");
            return Reply.ok(new JsonObject().put("aggregates", new JsonArray()));
        });
    }
}
