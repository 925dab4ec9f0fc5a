package org.novalab.api.compute.group;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaQuery;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * {@code /os-server-groups}: create ({@code policies}, one of affinity and anti-affinity, the soft ones from 2.15; from
 * 2.64 {@code policy} and {@code rules} with {@code max_server_per_host} for anti-affinity), list
 * ({@code all_projects} for admins, {@code offset}/{@code limit}), show, delete.
 */
public final class ServerGroupRoutes {
    private static final int MAX_LIMIT = 1000;
    private final ServerGroupService groups;
    private final Blocking blocking;

    public ServerGroupRoutes(ServerGroupService groups, Blocking blocking) {
        this.groups = groups;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.post(v + "/os-server-groups").handler(this::create);
        router.get(v + "/os-server-groups").handler(this::list);
        router.get(v + "/os-server-groups/:id").handler(this::show);
        router.delete(v + "/os-server-groups/:id").handler(this::delete);
    }

    private void create(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            NovaSchema.allowOnly(body, Set.of("server_group"), null);
            NovaSchema.require(body, "server_group", null);
            JsonObject g = NovaSchema.object(body.getValue("server_group"), "server_group");
            List<String> policies = new ArrayList<>(List.of("anti-affinity", "affinity"));
            if (v.atLeast(15)) {
                policies.addAll(List.of("soft-anti-affinity", "soft-affinity"));
            }
            String policy;
            Integer maxPerHost = null;
            if (v.atLeast(64)) {
                NovaSchema.allowOnly(g, Set.of("name", "policy", "rules"), "server_group");
                NovaSchema.require(g, "name", "server_group");
                NovaSchema.require(g, "policy", "server_group");
                policy = NovaSchema.oneOf(g.getValue("policy"), "policy", policies);
                if (g.containsKey("rules")) {
                    JsonObject rules = NovaSchema.object(g.getValue("rules"), "rules");
                    NovaSchema.allowOnly(rules, Set.of("max_server_per_host"), "rules");
                    if (rules.containsKey("max_server_per_host")) {
                        maxPerHost = (int) NovaSchema.integer(rules.getValue("max_server_per_host"),
                                "max_server_per_host", 1, Integer.MAX_VALUE);
                    }
                    if (!rules.isEmpty() && !policy.equals("anti-affinity")) {
                        throw ApiException.badRequest("Only anti-affinity policy supports rules.");
                    }
                }
            } else {
                NovaSchema.allowOnly(g, Set.of("name", "policies"), "server_group");
                NovaSchema.require(g, "name", "server_group");
                NovaSchema.require(g, "policies", "server_group");
                policy = onePolicy(g.getValue("policies"), policies);
            }
            String name = NovaSchema.name(g.getValue("name"), "name");
            ServerGroupEntity created = groups.create(caller, name, policy, maxPerHost);
            return Reply.ok(new JsonObject().put("server_group", view(created, v)));
        });
    }

    /** Before 2.64 a list of exactly one known policy. */
    private static String onePolicy(Object value, List<String> allowed) {
        JsonArray list = NovaSchema.array(value, "policies");
        if (list.isEmpty()) {
            throw NovaSchema.invalid("policies", value, "[] is too short");
        }
        if (list.size() > 1) {
            throw NovaSchema.invalid("policies", value, NovaSchema.repr(value) + " is too long");
        }
        return NovaSchema.oneOf(list.getValue(0), "policies", allowed);
    }

    private void list(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            NovaQuery q = NovaQuery.of(ctx).allowOnly(v, Set.of("all_projects", "limit", "offset"));
            Integer limit = q.nonNegativeInteger("limit");
            Integer offset = q.nonNegativeInteger("offset");
            int max = limit == null || limit == 0 ? MAX_LIMIT : Math.min(limit, MAX_LIMIT);
            JsonArray list = new JsonArray();
            groups.list(caller, q.has("all_projects"), offset == null ? 0 : offset, max)
                    .forEach(g -> list.add(view(g, v)));
            return Reply.ok(new JsonObject().put("server_groups", list));
        });
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("server_group",
                view(groups.get(caller, ctx.pathParam("id"), "show"), v))));
    }

    private void delete(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            groups.delete(caller, ctx.pathParam("id"));
            return Reply.noContent();
        });
    }

    private JsonObject view(ServerGroupEntity g, Microversion v) {
        JsonObject o = new JsonObject().put("id", g.uuid()).put("name", g.name());
        if (v.atLeast(64)) {
            JsonObject rules = new JsonObject();
            if (g.maxServerPerHost() != null) {
                rules.put("max_server_per_host", g.maxServerPerHost());
            }
            o.put("policy", g.policy()).put("rules", rules);
        } else {
            o.put("policies", new JsonArray().add(g.policy())).put("metadata", new JsonObject());
        }
        o.put("members", new JsonArray(new ArrayList<Object>(groups.liveMembers(g))));
        if (v.atLeast(13)) {
            o.put("project_id", g.projectId()).put("user_id", g.userId());
        }
        return o;
    }
}
