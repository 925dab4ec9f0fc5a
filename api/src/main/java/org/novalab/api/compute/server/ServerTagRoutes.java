package org.novalab.api.compute.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.compute.ServerTags;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.persistence.Database;

/**
 * {@code /servers/{id}/tags} (2.26): list, replace, clear, and one tag's check, add (201 with its Location, 204 when
 * it was there) and removal; at most 50 tags of 1 to 60 characters without {@code /} or {@code ,}; changes while the
 * server is active, paused, suspended or stopped, by the project's members.
 */
public final class ServerTagRoutes {
    private static final String POLICY = "os_compute_api:os-server-tags:";
    private final ServerQueries queries;
    private final ServerRows rows;
    private final Blocking blocking;

    public ServerTagRoutes(ServerQueries queries, Database db, Clock clock, Blocking blocking) {
        this.queries = queries;
        this.rows = new ServerRows(db, clock);
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/servers/:id/tags").handler(this::index);
        router.put(v + "/servers/:id/tags").handler(this::replace);
        router.delete(v + "/servers/:id/tags").handler(this::clear);
        router.get(v + "/servers/:id/tags/:tag").handler(this::show);
        router.put(v + "/servers/:id/tags/:tag").handler(this::add);
        router.delete(v + "/servers/:id/tags/:tag").handler(this::remove);
    }

    /** Tags arrived in 2.26: before, these routes do not exist for the caller. */
    private static void require226(RoutingContext ctx) {
        if (!Microversion.of(ctx).atLeast(26)) {
            throw ApiException.notFound("The resource could not be found.");
        }
    }

    private InstanceEntity server(RoutingContext ctx, AuthContext caller, String rule, boolean write) {
        require226(ctx);
        InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
        if (write) {
            NovaPolicy.memberOrAdmin(caller, i.projectId(), POLICY + rule);
        } else {
            NovaPolicy.readerOrAdmin(caller, i.projectId(), POLICY + rule);
        }
        return i;
    }

    private void index(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("tags",
                json(server(ctx, caller, "index", false).tags()))));
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = server(ctx, caller, "show", false);
            String tag = ctx.pathParam("tag");
            if (!i.tags().contains(tag)) {
                throw ApiException.notFound("Server " + i.uuid() + " has no tag '" + tag + "'");
            }
            return Reply.noContent();
        });
    }

    private void replace(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            require226(ctx);
            JsonObject body = JsonBody.object(ctx);
            NovaSchema.allowOnly(body, Set.of("tags"), null);
            NovaSchema.require(body, "tags", null);
            Set<String> tags = ServerTags.parseList(body.getValue("tags"));
            InstanceEntity i = server(ctx, caller, "update_all", true);
            rows.change(i.uuid(), "update tags", ServerRows.SETTLED, false, row -> {
                row.replaceTags(tags);
                return null;
            });
            return Reply.ok(new JsonObject().put("tags", json(tags)));
        });
    }

    private void clear(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = server(ctx, caller, "delete_all", true);
            rows.change(i.uuid(), "delete tags", ServerRows.SETTLED, false, row -> {
                row.replaceTags(Set.of());
                return null;
            });
            return Reply.noContent();
        });
    }

    private void add(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            require226(ctx);
            // Nova's schema for this body is null: nothing, or JSON null
            String text = ctx.body() == null ? null : ctx.body().asString();
            if (text != null && !text.isBlank() && !text.strip().equals("null")) {
                Object value = io.vertx.core.json.Json.decodeValue(text);
                throw ApiException.badRequest(NovaSchema.notOfType(value, "null"));
            }
            InstanceEntity i = server(ctx, caller, "update", true);
            String tag = ctx.pathParam("tag");
            boolean added = rows.change(i.uuid(), "update tag", ServerRows.SETTLED, false, row -> {
                ServerTags.pathTag(tag);
                Set<String> tags = row.tags();
                if (tags.size() >= ServerTags.MAX_COUNT) {
                    throw ApiException.badRequest("The number of tags exceeded the per-server limit "
                            + ServerTags.MAX_COUNT);
                }
                if (!tags.add(tag)) {
                    return false;
                }
                row.replaceTags(tags);
                return true;
            });
            if (!added) {
                return Reply.noContent();
            }
            return new Reply(201, null, Map.of("Location", base + "/v2.1/servers/" + i.uuid() + "/tags/"
                    + java.net.URLEncoder.encode(tag, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")));
        });
    }

    private void remove(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = server(ctx, caller, "delete", true);
            String tag = ctx.pathParam("tag");
            rows.change(i.uuid(), "delete tag", ServerRows.SETTLED, false, row -> {
                Set<String> tags = row.tags();
                if (!tags.remove(tag)) {
                    throw ApiException.notFound("Instance " + i.uuid() + " has no tag '" + tag + "'");
                }
                row.replaceTags(tags);
                return null;
            });
            return Reply.noContent();
        });
    }

    private static JsonArray json(Set<String> tags) {
        return new JsonArray(new ArrayList<Object>(new TreeSet<>(tags)));
    }
}
