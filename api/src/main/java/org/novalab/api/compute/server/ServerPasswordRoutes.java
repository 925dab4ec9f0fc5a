package org.novalab.api.compute.server;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.persistence.Database;

/**
 * {@code /servers/{id}/os-server-password}: the administrator password a guest encrypted with the server's public key
 * and posted to Nova's metadata service, as Nova keeps it (GET answers it, or "" when there is none; DELETE forgets
 * it, 204, and changes nothing in the guest). novalab runs no metadata service, so its guests post none: the
 * answer is "" until one did.
 */
public final class ServerPasswordRoutes {
    private static final String POLICY = "os_compute_api:os-server-password:";
    private final ServerQueries queries;
    private final ServerRows rows;
    private final Blocking blocking;

    public ServerPasswordRoutes(ServerQueries queries, Database db, Clock clock, Blocking blocking) {
        this.queries = queries;
        this.rows = new ServerRows(db, clock);
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/servers/:id/os-server-password").handler(this::show);
        router.delete(v + "/servers/:id/os-server-password").handler(this::clear);
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
            NovaPolicy.readerOrAdmin(caller, i.projectId(), POLICY + "show");
            return Reply.ok(new JsonObject().put("password", i.password() == null ? "" : i.password()));
        });
    }

    private void clear(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
            NovaPolicy.memberOrAdmin(caller, i.projectId(), POLICY + "clear");
            rows.change(i.uuid(), "clear password", null, false, row -> {
                row.clearPassword();
                return row;
            });
            return Reply.noContent();
        });
    }
}
