package org.novalab.api.compute.resize;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaTime;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.compute.migration.MigrationEntity;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.persistence.Database;

/**
 * {@code GET /servers/{id}/migrations} and {@code /servers/{id}/migrations/{migration}} (admins, from 2.23): a
 * server's live migrations in progress, as Nova lists them; a resize's or a cold migration's record is never among
 * them (os-migrations lists those), and on one host no live migration ever runs, so the list shows what is there:
 * none in progress.
 */
public final class ServerMigrationRoutes {
    private static final String POLICY = "os_compute_api:servers:migrations:";
    /** Nova's in-progress live migration statuses. */
    private static final List<String> IN_PROGRESS = List.of("queued", "preparing", "running", "post-migrating");
    private final Database db;
    private final ServerQueries queries;
    private final Blocking blocking;

    public ServerMigrationRoutes(Database db, ServerQueries queries, Blocking blocking) {
        this.db = db;
        this.queries = queries;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/servers/:id/migrations").handler(this::index);
        router.get(v + "/servers/:id/migrations/:migration").handler(this::show);
    }

    private void index(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = server(caller, ctx, v, "index");
            List<MigrationEntity> found = db.read(s -> s.createSelectionQuery("from MigrationEntity m where "
                    + "m.instanceUuid = :u and m.migrationType = 'live-migration' and m.status in :st order by m.id",
                    MigrationEntity.class).setParameter("u", i.uuid()).setParameter("st", IN_PROGRESS).list());
            JsonArray list = new JsonArray();
            found.forEach(m -> list.add(view(m, v)));
            return Reply.ok(new JsonObject().put("migrations", list));
        });
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = server(caller, ctx, v, "show");
            String id = ctx.pathParam("migration");
            MigrationEntity m = db.read(s -> {
                try {
                    return s.createSelectionQuery("from MigrationEntity m where m.id = :id and m.instanceUuid = :u",
                            MigrationEntity.class).setParameter("id", Long.parseLong(id))
                            .setParameter("u", i.uuid()).uniqueResult();
                } catch (NumberFormatException e) {
                    return null;
                }
            });
            if (m == null) {
                throw ApiException.notFound("In-progress live migration " + id + " is not found for server "
                        + i.uuid() + ".");
            }
            if (!m.migrationType().equals("live-migration")) {
                throw ApiException.notFound("Migration " + id + " for server " + i.uuid() + " is not live-migration.");
            }
            if (!IN_PROGRESS.contains(m.status())) {
                throw ApiException.notFound("Live migration " + id + " for server " + i.uuid()
                        + " is not in progress.");
            }
            return Reply.ok(new JsonObject().put("migration", view(m, v)));
        });
    }

    /** The server (Nova's 404 first), the admin policy, and the microversion that brought the API (2.23). */
    private InstanceEntity server(AuthContext caller, RoutingContext ctx, Microversion v, String action) {
        if (!v.atLeast(23)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
        NovaPolicy.admin(caller, POLICY + action);
        return i;
    }

    private static JsonObject view(MigrationEntity m, Microversion v) {
        JsonObject o = new JsonObject().put("id", m.id()).put("server_uuid", m.instanceUuid())
                .put("status", m.status()).put("source_compute", m.sourceCompute()).put("source_node", m.sourceNode())
                .put("dest_compute", m.destCompute()).put("dest_node", m.destNode()).put("dest_host", m.destHost())
                .putNull("memory_total_bytes").putNull("memory_processed_bytes")
                .putNull("memory_remaining_bytes").putNull("disk_total_bytes").putNull("disk_processed_bytes")
                .putNull("disk_remaining_bytes").put("created_at", NovaTime.micros(m.createdAt()))
                .put("updated_at", NovaTime.micros(m.updatedAt()));
        if (v.atLeast(59)) {
            o.put("uuid", m.uuid());
        }
        if (v.atLeast(80)) {
            o.put("user_id", m.userId()).put("project_id", m.projectId());
        }
        return o;
    }
}
