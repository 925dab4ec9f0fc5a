package org.novalab.api.compute.server;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * {@code /servers/{id}/ips} and {@code /ips/{network}}: a server's addresses by network. novalab attaches no network,
 * so a server has none, and no network is one it is a member of.
 */
public final class ServerAddressRoutes {
    private static final String POLICY = "os_compute_api:ips:";
    private final ServerQueries queries;
    private final Blocking blocking;

    public ServerAddressRoutes(ServerQueries queries, Blocking blocking) {
        this.queries = queries;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/servers/:id/ips").handler(this::index);
        router.get(v + "/servers/:id/ips/:network").handler(this::show);
    }

    private void index(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
            NovaPolicy.readerOrAdmin(caller, i.projectId(), POLICY + "index");
            return Reply.ok(new JsonObject().put("addresses", new JsonObject()));
        });
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
            NovaPolicy.readerOrAdmin(caller, i.projectId(), POLICY + "show");
            throw ApiException.notFound("Instance is not a member of specified network");
        });
    }
}
