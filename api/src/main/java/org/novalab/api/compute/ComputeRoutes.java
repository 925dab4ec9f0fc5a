package org.novalab.api.compute;

import static org.novalab.api.http.JsonBody.optionalObject;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.novalab.api.compute.action.InstanceActionRoutes;
import org.novalab.api.compute.admin.ServerStateReset;
import org.novalab.api.compute.aggregate.AggregateRoutes;
import org.novalab.api.compute.diagnostics.DiagnosticsRoutes;
import org.novalab.api.compute.extension.ExtensionRoutes;
import org.novalab.api.compute.flavor.FlavorAccessRoutes;
import org.novalab.api.compute.flavor.FlavorExtraSpecRoutes;
import org.novalab.api.compute.flavor.FlavorManageRoutes;
import org.novalab.api.compute.group.ServerGroupRoutes;
import org.novalab.api.compute.host.AvailabilityZoneRoutes;
import org.novalab.api.compute.host.HostRoutes;
import org.novalab.api.compute.host.HypervisorRoutes;
import org.novalab.api.compute.host.ServiceRoutes;
import org.novalab.api.compute.image.ImageProxyRoutes;
import org.novalab.api.compute.keypair.KeyPairRoutes;
import org.novalab.api.compute.lock.ServerLocks;
import org.novalab.api.compute.migration.MigrationRoutes;
import org.novalab.api.compute.quota.LimitsRoutes;
import org.novalab.api.compute.quota.QuotaRoutes;
import org.novalab.api.compute.adminpass.AdminPasswordChanges;
import org.novalab.api.compute.rescue.RescueBody;
import org.novalab.api.compute.rebuild.RebuildBody;
import org.novalab.api.compute.rebuild.ServerRebuilds;
import org.novalab.api.compute.resize.ResizeBody;
import org.novalab.api.compute.resize.ServerMigrationRoutes;
import org.novalab.api.compute.server.ServerAddressRoutes;
import org.novalab.api.compute.snapshot.SnapshotBody;
import org.novalab.api.compute.server.ServerMetadataRoutes;
import org.novalab.api.compute.server.ServerPasswordRoutes;
import org.novalab.api.compute.server.ServerTagRoutes;
import org.novalab.api.compute.server.ServerUpdateRoutes;
import org.novalab.api.compute.usage.InstanceUsageAuditLogRoutes;
import org.novalab.api.compute.usage.UsageRoutes;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.http.RequestId;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.compute.state.PowerAction;

/** Nova v2.1 subset: version documents, microversions and auth for {@code /v2.1}, servers and their actions. */
public final class ComputeRoutes {
    private static final String V = "/v2.1";
    /**
     * Every action the {@code /servers/{id}/action} switch has a case for: a name outside it is refused before the
     * switch, and the tests hold openapi.json's {@code ServerActionRequest} to exactly these names.
     */
    public static final Set<String> SERVER_ACTIONS = Set.of("os-getConsoleOutput", "os-stop", "os-start", "reboot",
            "pause", "unpause", "suspend", "resume", "os-resetState", "restore", "lock", "unlock", "forceDelete",
            "rebuild", "rescue", "unrescue", "changePassword", SnapshotBody.CREATE_IMAGE, SnapshotBody.CREATE_BACKUP,
            "shelve", "shelveOffload", "unshelve", "resize", "confirmResize", "revertResize", "migrate",
            "os-migrateLive", "evacuate");
    /** Actions whose host work defines the domain again from its root disk (not yet with attached volumes). */
    private static final Set<String> REBUILDS_THE_DOMAIN = Set.of("rebuild", "resize", "shelve", "shelveOffload",
            "rescue", "createImage", "createBackup", "migrate", "evacuate");
    private final NovaServices nova;
    private final ServerService servers;
    private final ServerQueries queries;
    private final FlavorService flavors;
    private final Blocking blocking;
    private final AuthFilter auth;

    public ComputeRoutes(NovaServices nova, Blocking blocking, AuthFilter auth) {
        this.nova = nova;
        this.servers = nova.servers();
        this.queries = nova.queries();
        this.flavors = nova.flavors();
        this.blocking = blocking;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get("/").handler(ctx -> Blocking.send(ctx, Reply.of(200, versions(ctx))));
        router.get(V).handler(this::versionDoc);
        router.get(V + "/").handler(this::versionDoc);
        // the legacy v2.0 API's version document, which Nova's root lists (novalab serves no v2.0 API: its /v2/... is
        // Glance's image API)
        router.get("/v2").handler(ctx -> Blocking.send(ctx, Reply.ok(new JsonObject().put("version", v20(ctx)))));
        router.get("/v2/").handler(ctx -> Blocking.send(ctx, Reply.ok(new JsonObject().put("version", v20(ctx)))));
        router.route(V + "/*").handler(ctx -> {
            Microversion.negotiate(ctx);
            ctx.next();
        }).handler(auth);

        router.post(V + "/servers").handler(this::create);
        router.get(V + "/servers").handler(ctx -> list(ctx, false));
        router.get(V + "/servers/detail").handler(ctx -> list(ctx, true));
        router.get(V + "/servers/:id").handler(this::show);
        new ServerUpdateRoutes(queries, nova.groups(), nova.db(), nova.clock(), blocking).mount(router, V);
        router.delete(V + "/servers/:id").handler(this::delete);
        router.post(V + "/servers/:id/action").handler(this::action);

        new FlavorRoutes(flavors, blocking).mount(router, V);
        new FlavorManageRoutes(flavors, blocking).mount(router, V);
        new FlavorExtraSpecRoutes(flavors, blocking).mount(router, V);
        new FlavorAccessRoutes(flavors, nova.projectExists(), blocking).mount(router, V);
        new KeyPairRoutes(nova.keyPairs(), blocking).mount(router, V);
        new QuotaRoutes(nova.quotas(), nova.projectExists(), blocking).mount(router, V);
        new LimitsRoutes(nova.quotas(), blocking).mount(router, V);
        new AvailabilityZoneRoutes(nova.services(), nova.zones(), blocking).mount(router, V);
        new ServiceRoutes(nova.services(), nova.zones(), blocking).mount(router, V);
        new HypervisorRoutes(nova.services(), nova.hostResources(), nova.db(), blocking).mount(router, V);
        new HostRoutes(nova.services(), nova.zones(), nova.hostResources(), nova.db(), blocking).mount(router, V);
        new ExtensionRoutes(blocking).mount(router, V);
        new AggregateRoutes(nova.aggregates(), blocking).mount(router, V);
        new ServerMetadataRoutes(queries, nova.quotas(), nova.db(), nova.clock(), blocking).mount(router, V);
        new ServerTagRoutes(queries, nova.db(), nova.clock(), blocking).mount(router, V);
        new ServerAddressRoutes(queries, blocking).mount(router, V);
        new ServerPasswordRoutes(queries, nova.db(), nova.clock(), blocking).mount(router, V);
        new DiagnosticsRoutes(queries, nova.compute(), nova.clock(), blocking).mount(router, V);
        new ServerGroupRoutes(nova.groups(), blocking).mount(router, V);
        new InstanceActionRoutes(nova.instances().actions(), queries, blocking).mount(router, V);
        new UsageRoutes(nova.db(), nova.clock(), blocking).mount(router, V);
        new InstanceUsageAuditLogRoutes(nova.db(), nova.services(), nova.clock(), blocking).mount(router, V);
        new ExternalEventRoutes(nova.db(), blocking).mount(router, V);
        new MigrationRoutes(nova.db(), blocking).mount(router, V);
        new ServerMigrationRoutes(nova.db(), queries, blocking).mount(router, V);
        new ImageProxyRoutes(nova.images(), nova.quotas(), blocking).mount(router, V);
    }

    private void create(RoutingContext ctx) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        Microversion version = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            ServerRequest request = ServerRequestParser.parse(body, version, caller);
            ServerService.Created made = servers.create(caller, request, RequestId.of(ctx));
            if (request.returnReservationId()) {
                return Reply.of(202, new JsonObject().put("reservation_id", made.reservationId()));
            }
            InstanceEntity created = made.instances().get(0);
            // as Nova: the groups the request named (or the default one), and the administrator password, the one
            // given or one novalab generates (no guest agent sets it; it is neither stored nor logged)
            Object groups = body.getJsonObject("server").getValue("security_groups");
            JsonObject server = new JsonObject().put("id", created.uuid())
                    .put("links", ServerView.links(base, created.uuid()))
                    .put("OS-DCF:diskConfig", request.autoDiskConfig() ? "AUTO" : "MANUAL")
                    .put("security_groups", groups instanceof JsonArray list ? list.copy()
                            : new JsonArray().add(new JsonObject().put("name", "default")));
            Object given = body.getJsonObject("server").getValue("adminPass");
            server.put("adminPass", given instanceof String password ? password : AdminPassword.generate());
            return Reply.of(202, new JsonObject().put("server", server))
                    .withHeader("Location", base + V + "/servers/" + created.uuid());
        });
    }

    private void list(RoutingContext ctx, boolean detail) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            boolean tagged = v.atLeast(26);
            boolean allTenants = allTenants(ctx);
            if (allTenants) {
                NovaPolicy.admin(caller, "os_compute_api:servers:" + (detail ? "detail" : "index")
                        + ":get_all_tenants");
            }
            NovaQuery q = NovaQuery.of(ctx);
            Instant since = q.dateTime("changes-since");
            Instant before = v.atLeast(66) ? q.dateTime("changes-before") : null;
            if (since != null && before != null && before.isBefore(since)) {
                throw ApiException.badRequest("The value of changes-since must be less than or equal to "
                        + "changes-before.");
            }
            // Nova ignores tenant_id (and its project_id) unless an admin lists all projects' servers
            String project = allTenants ? Optional.ofNullable(param(ctx, "project_id"))
                    .orElse(param(ctx, "tenant_id")) : null;
            ServerQuery query = new ServerQuery(param(ctx, "name"), param(ctx, "status"), param(ctx, "image"),
                    param(ctx, "flavor"), allTenants, intParam(ctx, "limit"),
                    param(ctx, "marker"), param(ctx, "reservation_id"), caller.isAdmin() ? param(ctx, "host") : null,
                    tagged ? tags(ctx, "tags") : List.of(), tagged ? tags(ctx, "tags-any") : List.of(),
                    tagged ? tags(ctx, "not-tags") : List.of(), tagged ? tags(ctx, "not-tags-any") : List.of(),
                    project, since, before);
            ServerPage page = queries.list(caller, query);
            JsonArray list = new JsonArray();
            Map<String, List<String>> groups = detail && v.atLeast(71)
                    ? nova.groups().groupsOf(page.servers().stream().map(InstanceEntity::uuid).toList()) : Map.of();
            Map<String, List<AttachedVolumes.Attached>> volumes = detail ? nova.attachedVolumes().of(
                    page.servers().stream().map(InstanceEntity::uuid).toList()) : Map.of();
            for (InstanceEntity i : page.servers()) {
                list.add(detail ? ServerView.withVolumes(ServerView.withGroups(ServerView.detail(base, i,
                        page.faults().get(i.id()), v, caller), groups.getOrDefault(i.uuid(), List.of()), v),
                        volumes.getOrDefault(i.uuid(), List.of()), v) : ServerView.brief(base, i));
            }
            JsonObject body = new JsonObject().put("servers", list);
            if (page.more() && !page.servers().isEmpty()) {
                String last = page.servers().get(page.servers().size() - 1).uuid();
                int limit = query.limit() == null ? ServerQueries.MAX_LIMIT : query.limit();
                String href = base + V + "/servers" + (detail ? "/detail" : "") + "?limit=" + limit + "&marker=" + last;
                body.put("servers_links", new JsonArray().add(new JsonObject().put("rel", "next").put("href", href)));
            }
            return Reply.ok(body);
        });
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
            JsonObject shown = ServerView.withGroups(ServerView.detail(base, i, queries.fault(i), v, caller),
                    nova.groups().groupsOf(List.of(i.uuid())).getOrDefault(i.uuid(), List.of()), v);
            return Reply.ok(new JsonObject().put("server", ServerView.withVolumes(shown, nova.attachedVolumes()
                    .of(List.of(i.uuid())).getOrDefault(i.uuid(), List.of()), v)));
        });
    }

    private void delete(RoutingContext ctx) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        blocking.reply(ctx, () -> {
            nova.deletes().delete(caller, ctx.pathParam("id"), RequestId.of(ctx));
            return Reply.noContent();
        });
    }

    private void action(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            if (body.size() != 1) {
                throw ApiException.badRequest("An action body names exactly one action");
            }
            String name = body.fieldNames().iterator().next();
            if (!SERVER_ACTIONS.contains(name)) {
                throw ApiException.badRequest("There is no such action: " + name);
            }
            String id = ctx.pathParam("id");
            if (REBUILDS_THE_DOMAIN.contains(name) && !nova.attachedVolumes().of(List.of(id)).isEmpty()) {
                // these build the domain anew from the root disk alone: the attached volumes' disks would be lost
                throw ApiException.conflict("Cannot '" + name + "' instance " + id + " while it has volumes "
                        + "attached: novalab's driver does not carry attached volumes through a " + name
                        + " yet; detach them first");
            }
            switch (name) {
                case "os-getConsoleOutput" -> {
                    JsonObject args = optionalObject(body, name);
                    if (args != null) {
                        NovaSchema.allowOnly(args, Set.of("length"), name);
                    }
                    Integer length = args == null ? null : consoleLength(args.getValue("length"));
                    return Reply.ok(new JsonObject().put("output", servers.consoleOutput(caller, id, length)));
                }
                case "os-stop" -> servers.act(writer(caller), id, PowerAction.STOP, RequestId.of(ctx));
                case "os-start" -> servers.act(writer(caller), id, PowerAction.START, RequestId.of(ctx));
                case "reboot" -> {
                    JsonObject args = JsonBody.requireObject(body, name);
                    String type = JsonBody.requireString(args, "type");
                    if (!type.equals("SOFT") && !type.equals("HARD")) {
                        throw ApiException.badRequest("Invalid input for field 'reboot.type': must be SOFT or HARD");
                    }
                    servers.act(writer(caller), id, type.equals("HARD") ? PowerAction.HARD_REBOOT
                            : PowerAction.REBOOT, RequestId.of(ctx));
                }
                // Nova's PROJECT_MEMBER_OR_ADMIN rules, checked after the 404 of a server the caller cannot see
                case "pause" -> servers.act(caller, id, PowerAction.PAUSE, RequestId.of(ctx),
                        "os_compute_api:os-pause-server:pause");
                case "unpause" -> servers.act(caller, id, PowerAction.UNPAUSE, RequestId.of(ctx),
                        "os_compute_api:os-pause-server:unpause");
                case "suspend" -> servers.act(caller, id, PowerAction.SUSPEND, RequestId.of(ctx),
                        "os_compute_api:os-suspend-server:suspend");
                case "resume" -> servers.act(caller, id, PowerAction.RESUME, RequestId.of(ctx),
                        "os_compute_api:os-suspend-server:resume");
                case "os-resetState" -> nova.stateReset().reset(caller, id, ServerStateReset.parse(body),
                        RequestId.of(ctx));
                case "restore" -> nova.deletes().restore(caller, id, RequestId.of(ctx));
                case "lock" -> nova.locks().lock(caller, id, ServerLocks.reason(body, v), RequestId.of(ctx));
                case "unlock" -> nova.locks().unlock(caller, id, RequestId.of(ctx));
                case "forceDelete" -> nova.deletes().forceDelete(caller, id, RequestId.of(ctx));
                case "rebuild" -> {
                    ServerRebuilds.Rebuilt rebuilt = nova.rebuilds().rebuild(caller, id, RebuildBody.parse(body, v),
                            RequestId.of(ctx));
                    InstanceEntity i = rebuilt.server();
                    return Reply.of(202, new JsonObject().put("server", ServerView.withGroups(ServerView.rebuilt(base,
                            i, queries.fault(i), v, caller, rebuilt.adminPass()), nova.groups().groupsOf(List.of(
                            i.uuid())).getOrDefault(i.uuid(), List.of()), v)));
                }
                case "rescue" -> {
                    String pass = nova.rescues().rescue(caller, id, RescueBody.parse(body), v, RequestId.of(ctx));
                    return Reply.ok(new JsonObject().put("adminPass", pass));
                }
                case "unrescue" -> nova.rescues().unrescue(caller, id, RequestId.of(ctx));
                case "changePassword" -> nova.adminPasswords().change(caller, id,
                        AdminPasswordChanges.password(body), RequestId.of(ctx));
                case SnapshotBody.CREATE_IMAGE, SnapshotBody.CREATE_BACKUP -> {
                    return nova.snapshots().answer(caller, id, name, body, v, base, RequestId.of(ctx));
                }
                case "shelve" -> nova.shelves().shelve(caller, id, RequestId.of(ctx));
                case "shelveOffload" -> nova.shelves().shelveOffload(caller, id, RequestId.of(ctx));
                case "unshelve" -> nova.shelves().unshelve(caller, id, body, v, RequestId.of(ctx));
                case "resize" -> nova.resizes().resize(caller, id, ResizeBody.parse(body), RequestId.of(ctx));
                case "confirmResize" -> {
                    nova.resizes().confirm(caller, id, RequestId.of(ctx));
                    return Reply.noContent(); // Nova's 204, kept for compatibility
                }
                case "revertResize" -> nova.resizes().revert(caller, id, RequestId.of(ctx));
                case "migrate" -> nova.migrations().migrate(caller, id, body, v, RequestId.of(ctx));
                case "os-migrateLive" -> nova.migrations().migrateLive(caller, id, body, v, RequestId.of(ctx));
                case "evacuate" -> {
                    // Nova's 200: the new password before 2.14, no body since
                    return nova.evacuations().evacuate(caller, id, body, v, RequestId.of(ctx))
                            .map(pass -> Reply.ok(new JsonObject().put("adminPass", pass)))
                            .orElse(new Reply(200, null, Map.of()));
                }
                default -> throw new IllegalStateException("SERVER_ACTIONS names " + name + " but no case does");
            }
            return new Reply(202, null, Map.of());
        });
    }

    /** Nova's schema for {@code length}: an integer or a string of digits from -1 (all of it), or null (all). */
    private static Integer consoleLength(Object value) {
        if (value == null) {
            return null;
        }
        long number;
        if (value instanceof Integer || value instanceof Long) {
            number = ((Number) value).longValue();
        } else if (value instanceof String text) {
            if (!text.matches("-?[0-9]+")) {
                throw NovaSchema.invalid("length", value, NovaSchema.repr(value) + " does not match '^-?[0-9]+$'");
            }
            try {
                number = Long.parseLong(text);
            } catch (NumberFormatException e) {
                number = Long.MAX_VALUE;
            }
        } else {
            throw NovaSchema.invalid("length", value, NovaSchema.notOfType(value, "integer", "string", "null"));
        }
        if (number < -1) {
            throw NovaSchema.invalid("length", value, number + " is less than the minimum of -1");
        }
        return number == -1 ? null : (int) Math.min(number, Integer.MAX_VALUE);
    }

    private static AuthContext writer(AuthContext caller) {
        if (!caller.canWrite()) {
            throw ApiException.forbidden("Policy does not allow this change: the reader role may only look.");
        }
        return caller;
    }

    private static String param(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** A tag filter: its comma-separated tags (Nova splits the last value given at commas). */
    private static List<String> tags(RoutingContext ctx, String name) {
        String value = param(ctx, name);
        return value == null ? List.of() : java.util.Arrays.stream(value.split(",")).filter(t -> !t.isEmpty()).toList();
    }

    private static Integer intParam(RoutingContext ctx, String name) {
        String value = param(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 0) {
                throw ApiException.badRequest("Invalid input for query parameters " + name + ": must be >= 0");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid input for query parameters " + name + ": '" + value
                    + "' is not an integer");
        }
    }

    /**
     * Nova's {@code is_all_tenants}: present and empty means yes, else oslo's boolean words (any case), anything
     * else a 400.
     */
    private static boolean allTenants(RoutingContext ctx) {
        if (!ctx.queryParams().contains("all_tenants")) {
            return false;
        }
        String value = ctx.queryParams().get("all_tenants");
        if (value == null || value.isEmpty()) {
            return true;
        }
        String word = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (Set.of("1", "t", "true", "on", "y", "yes").contains(word)) {
            return true;
        }
        if (Set.of("0", "f", "false", "off", "n", "no").contains(word)) {
            return false;
        }
        throw ApiException.badRequest("Invalid input received: Unrecognized value '" + value + "', acceptable values "
                + "are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'");
    }

    private void versionDoc(RoutingContext ctx) {
        Blocking.send(ctx, Reply.ok(new JsonObject().put("version", v21(ctx))));
    }

    private static JsonObject v21(RoutingContext ctx) {
        String base = BaseUrl.of(ctx);
        return new JsonObject().put("id", "v2.1").put("status", "CURRENT").put("version", Microversion.MAX.toString())
                .put("min_version", Microversion.MIN.toString()).put("updated", "2013-07-23T11:33:21Z")
                .put("links", new JsonArray()
                        .add(new JsonObject().put("rel", "self").put("href", base + V + "/"))
                        .add(new JsonObject().put("rel", "describedby").put("type", "text/html")
                                .put("href", "http://docs.openstack.org/")))
                .put("media-types", new JsonArray().add(new JsonObject().put("base", "application/json")
                        .put("type", "application/vnd.openstack.compute+json;version=2.1")));
    }

    /** Nova's legacy v2.0 entry: deprecated, no microversions. */
    private static JsonObject v20(RoutingContext ctx) {
        String base = BaseUrl.of(ctx);
        return new JsonObject().put("id", "v2.0").put("status", "DEPRECATED").put("version", "").put("min_version", "")
                .put("updated", "2025-07-04T12:00:00Z")
                .put("links", new JsonArray()
                        .add(new JsonObject().put("rel", "self").put("href", base + "/v2/"))
                        .add(new JsonObject().put("rel", "describedby").put("type", "text/html")
                                .put("href", "http://docs.openstack.org/")))
                .put("media-types", new JsonArray().add(new JsonObject().put("base", "application/json")
                        .put("type", "application/vnd.openstack.compute+json;version=2")));
    }

    /** Nova's root: every version, each with its self link only. */
    private static JsonObject versions(RoutingContext ctx) {
        JsonArray versions = new JsonArray();
        for (JsonObject v : java.util.List.of(v20(ctx), v21(ctx))) {
            JsonObject listed = new JsonObject().put("id", v.getString("id")).put("status", v.getString("status"))
                    .put("version", v.getString("version")).put("min_version", v.getString("min_version"))
                    .put("updated", v.getString("updated"))
                    .put("links", new JsonArray().add(v.getJsonArray("links").getJsonObject(0)));
            versions.add(listed);
        }
        return new JsonObject().put("versions", versions);
    }
}
