package org.novalab.api.compute.server;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.group.ServerGroupService;
import org.novalab.api.compute.IpAddressText;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.compute.ServerView;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.persistence.Database;

/**
 * {@code PUT /servers/{id}}: a new name, access addresses ({@code accessIPv4}/{@code accessIPv6}, checked as
 * addresses), {@code OS-DCF:diskConfig}, from 2.19 a description (null removes it), from 2.90 a host name; by the
 * project's members, in any state. The answer is the server (before 2.75 without the extension attributes).
 */
public final class ServerUpdateRoutes {
    private static final String POLICY = "os_compute_api:servers:update";
    private final ServerQueries queries;
    private final ServerGroupService groups;
    private final ServerRows rows;
    private final Blocking blocking;

    public ServerUpdateRoutes(ServerQueries queries, ServerGroupService groups, Database db, Clock clock,
            Blocking blocking) {
        this.queries = queries;
        this.groups = groups;
        this.rows = new ServerRows(db, clock);
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.put(v + "/servers/:id").handler(this::update);
    }

    /** The fields a request changes; a field not given stays. */
    private record Change(String name, boolean hasDescription, String description, String hostname, String accessIpV4,
            String accessIpV6, String diskConfig) {
    }

    private void update(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            Change change = parse(JsonBody.object(ctx), v);
            InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
            NovaPolicy.require(caller.isAdmin() || (caller.canWrite() && caller.projectId().equals(i.projectId())),
                    POLICY);
            InstanceEntity updated = rows.change(i.uuid(), "update", null, false, row -> {
                if (change.name() != null) {
                    row.rename(change.name());
                }
                if (change.hasDescription()) {
                    row.describe(change.description());
                }
                if (change.hostname() != null) {
                    row.hostname(change.hostname());
                }
                if (change.accessIpV4() != null || change.accessIpV6() != null) {
                    row.accessIps(change.accessIpV4() != null ? change.accessIpV4() : row.accessIpV4(),
                            change.accessIpV6() != null ? change.accessIpV6() : row.accessIpV6());
                }
                if (change.diskConfig() != null) {
                    row.autoDiskConfig(change.diskConfig().equals("AUTO"));
                }
                return row;
            });
            return Reply.ok(new JsonObject().put("server", ServerView.withGroups(ServerView.updated(base, updated,
                    queries.fault(updated), v, caller), groups.groupsOf(List.of(updated.uuid()))
                    .getOrDefault(updated.uuid(), List.of()), v)));
        });
    }

    private static Change parse(JsonObject body, Microversion v) {
        NovaSchema.allowOnly(body, Set.of("server"), null);
        NovaSchema.require(body, "server", null);
        JsonObject server = NovaSchema.object(body.getValue("server"), "server");
        Set<String> fields = new HashSet<>(List.of("name", "OS-DCF:diskConfig", "accessIPv4", "accessIPv6"));
        if (v.atLeast(19)) {
            fields.add("description");
        }
        if (v.atLeast(90)) {
            fields.add("hostname");
        }
        NovaSchema.allowOnly(server, fields, "server");
        String name = server.containsKey("name") ? NovaSchema.name(server.getValue("name"), "name") : null;
        String description = NovaSchema.description(server.getValue("description"), "description", 255);
        String hostname = server.containsKey("hostname") ? NovaSchema.hostname(server.getValue("hostname"), "hostname")
                : null;
        String disk = server.containsKey("OS-DCF:diskConfig") ? NovaSchema.oneOf(server.getValue("OS-DCF:diskConfig"),
                "OS-DCF:diskConfig", List.of("AUTO", "MANUAL")) : null;
        String v4 = server.containsKey("accessIPv4")
                ? IpAddressText.accessIp(server.getValue("accessIPv4"), "accessIPv4", true) : null;
        String v6 = server.containsKey("accessIPv6")
                ? IpAddressText.accessIp(server.getValue("accessIPv6"), "accessIPv6", false) : null;
        return new Change(name, server.containsKey("description"), description, hostname, v4, v6, disk);
    }
}
