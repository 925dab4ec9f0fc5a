package org.novalab.api.compute.server;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.InstanceLock;
import org.novalab.api.compute.MetadataItems;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.compute.quota.QuotaService;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.persistence.Database;

/**
 * {@code /servers/{id}/metadata} and {@code /metadata/{key}}: read by the project's readers, changed by its members
 * while the server is settled (active, paused, suspended, stopped, no task), with Nova's key and value limits and the
 * {@code metadata_items} quota counted on what the server would have.
 */
public final class ServerMetadataRoutes {
    private static final String POLICY = "os_compute_api:server-metadata:";
    private final ServerQueries queries;
    private final QuotaService quotas;
    private final ServerRows rows;
    private final Blocking blocking;

    public ServerMetadataRoutes(ServerQueries queries, QuotaService quotas, Database db, Clock clock, Blocking blocking) {
        this.queries = queries;
        this.quotas = quotas;
        this.rows = new ServerRows(db, clock);
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/servers/:id/metadata").handler(this::index);
        router.post(v + "/servers/:id/metadata").handler(ctx -> set(ctx, false));
        router.put(v + "/servers/:id/metadata").handler(ctx -> set(ctx, true));
        router.get(v + "/servers/:id/metadata/:key").handler(this::show);
        router.put(v + "/servers/:id/metadata/:key").handler(this::setOne);
        router.delete(v + "/servers/:id/metadata/:key").handler(this::delete);
    }

    private void index(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
            NovaPolicy.readerOrAdmin(caller, i.projectId(), POLICY + "index");
            return Reply.ok(new JsonObject().put("metadata", json(i.metadata())));
        });
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
            NovaPolicy.readerOrAdmin(caller, i.projectId(), POLICY + "show");
            String key = ctx.pathParam("key");
            String value = i.metadata().get(key);
            if (value == null) {
                throw ApiException.notFound("Metadata item was not found");
            }
            return Reply.ok(new JsonObject().put("meta", new JsonObject().put(key, value)));
        });
    }

    /** {@code POST} adds to and changes the metadata; {@code PUT} replaces all of it. */
    private void set(RoutingContext ctx, boolean replaceAll) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            NovaSchema.allowOnly(body, Set.of("metadata"), null);
            NovaSchema.require(body, "metadata", null);
            Map<String, String> items = MetadataItems.parse(body.getValue("metadata"), "metadata");
            InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
            NovaPolicy.memberOrAdmin(caller, i.projectId(), POLICY + (replaceAll ? "update_all" : "create"));
            Map<String, String> result = update(caller, i, items, replaceAll);
            return Reply.ok(new JsonObject().put("metadata", json(result)));
        });
    }

    private void setOne(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            NovaSchema.allowOnly(body, Set.of("meta"), null);
            NovaSchema.require(body, "meta", null);
            Map<String, String> item = MetadataItems.parse(body.getValue("meta"), "meta");
            if (item.size() != 1) {
                throw NovaSchema.invalid("meta", body.getValue("meta"), NovaSchema.repr(body.getValue("meta"))
                        + (item.isEmpty() ? " does not have enough properties" : " has too many properties"));
            }
            InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
            NovaPolicy.memberOrAdmin(caller, i.projectId(), POLICY + "update");
            if (!item.containsKey(ctx.pathParam("key"))) {
                throw ApiException.badRequest("Request body and URI mismatch");
            }
            update(caller, i, item, false);
            return Reply.ok(new JsonObject().put("meta", json(item)));
        });
    }

    private void delete(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
            NovaPolicy.memberOrAdmin(caller, i.projectId(), POLICY + "delete");
            String key = ctx.pathParam("key");
            if (!i.metadata().containsKey(key)) {
                throw ApiException.notFound("Metadata item was not found");
            }
            rows.change(i.uuid(), "delete metadata", ServerRows.SETTLED, true, row -> {
                InstanceLock.require(caller, row);
                Map<String, String> now = row.metadata();
                if (now.remove(key) == null) {
                    throw ApiException.notFound("Metadata item was not found");
                }
                row.replaceMetadata(now);
                return null;
            });
            return Reply.noContent();
        });
    }

    private Map<String, String> update(AuthContext caller, InstanceEntity i, Map<String, String> items,
            boolean replaceAll) {
        return rows.change(i.uuid(), "update metadata", ServerRows.SETTLED, true, row -> {
            InstanceLock.require(caller, row);
            Map<String, String> next = replaceAll ? new TreeMap<>() : row.metadata();
            next.putAll(items);
            quotas.checkMetadataItems(caller, next.size());
            row.replaceMetadata(next);
            return next;
        });
    }

    private static JsonObject json(Map<String, String> items) {
        return new JsonObject(new LinkedHashMap<String, Object>(items));
    }
}
