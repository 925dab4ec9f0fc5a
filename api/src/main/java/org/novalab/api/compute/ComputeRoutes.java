package org.novalab.api.compute;

import static org.novalab.api.http.JsonBody.optionalObject;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/** Nova v2.1 subset: version documents, servers and their actions, flavors and extra specs. */
public final class ComputeRoutes {
    private static final String V = "/v2.1";
    private final ServerService servers;
    private final FlavorService flavors;
    private final Blocking blocking;
    private final AuthFilter auth;

    public ComputeRoutes(ServerService servers, FlavorService flavors, Blocking blocking, AuthFilter auth) {
        this.servers = servers;
        this.flavors = flavors;
        this.blocking = blocking;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get("/").handler(ctx -> Blocking.send(ctx, Reply.of(200, versions(ctx))));
        router.get(V).handler(this::versionDoc);
        router.get(V + "/").handler(this::versionDoc);
        router.route(V + "/*").handler(ctx -> {
            Microversion.negotiate(ctx);
            ctx.next();
        }).handler(auth);

        router.post(V + "/servers").handler(this::create);
        router.get(V + "/servers").handler(ctx -> list(ctx, false));
        router.get(V + "/servers/detail").handler(ctx -> list(ctx, true));
        router.get(V + "/servers/:id").handler(this::show);
        router.delete(V + "/servers/:id").handler(this::delete);
        router.post(V + "/servers/:id/action").handler(this::action);

        router.get(V + "/flavors").handler(ctx -> flavorList(ctx, false));
        router.get(V + "/flavors/detail").handler(ctx -> flavorList(ctx, true));
        router.post(V + "/flavors").handler(this::flavorCreate);
        router.get(V + "/flavors/:id").handler(this::flavorShow);
        router.get(V + "/flavors/:id/os-extra_specs").handler(this::extraSpecs);
        router.post(V + "/flavors/:id/os-extra_specs").handler(this::extraSpecsSet);
        router.get(V + "/flavors/:id/os-extra_specs/:key").handler(this::extraSpec);
        router.delete(V + "/flavors/:id/os-extra_specs/:key").handler(this::extraSpecDelete);
    }

    private void create(RoutingContext ctx) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            ServerRequest request = ServerRequestParser.parse(JsonBody.object(ctx));
            InstanceEntity created = servers.create(caller, request);
            JsonObject server = new JsonObject().put("id", created.uuid())
                    .put("links", ServerView.links(base, created.uuid())).put("OS-DCF:diskConfig", "MANUAL")
                    .put("security_groups", new JsonArray().add(new JsonObject().put("name", "default")));
            return Reply.of(202, new JsonObject().put("server", server))
                    .withHeader("Location", base + V + "/servers/" + created.uuid());
        });
    }

    private void list(RoutingContext ctx, boolean detail) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            ServerQuery query = new ServerQuery(param(ctx, "name"), param(ctx, "status"), param(ctx, "image"),
                    param(ctx, "flavor"), isTrue(param(ctx, "all_tenants")), intParam(ctx, "limit"),
                    param(ctx, "marker"));
            ServerPage page = servers.list(caller, query);
            Map<String, FlavorEntity> flavorsById = detail ? ServerView.byId(flavors.list()) : Map.of();
            JsonArray list = new JsonArray();
            for (InstanceEntity i : page.servers()) {
                list.add(detail ? ServerView.detail(base, i, flavorsById.get(i.flavorId()), page.faults().get(i.id()), v,
                        caller) : ServerView.brief(base, i));
            }
            JsonObject body = new JsonObject().put("servers", list);
            if (page.more() && !page.servers().isEmpty()) {
                String last = page.servers().get(page.servers().size() - 1).uuid();
                int limit = query.limit() == null ? ServerService.MAX_LIMIT : query.limit();
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
            InstanceEntity i = servers.get(caller, ctx.pathParam("id"));
            FlavorEntity flavor = flavors.find(i.flavorId()).orElse(null);
            return Reply.ok(new JsonObject().put("server",
                    ServerView.detail(base, i, flavor, servers.fault(i), v, caller)));
        });
    }

    private void delete(RoutingContext ctx) {
        AuthContext caller = AuthFilter.requireWriter(ctx);
        blocking.reply(ctx, () -> {
            servers.delete(caller, ctx.pathParam("id"));
            return Reply.noContent();
        });
    }

    private void action(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            if (body.size() != 1) {
                throw ApiException.badRequest("An action body names exactly one action");
            }
            String name = body.fieldNames().iterator().next();
            String id = ctx.pathParam("id");
            switch (name) {
                case "os-getConsoleOutput" -> {
                    JsonObject args = optionalObject(body, name);
                    Integer length = args == null ? null : JsonBody.optionalInt(args, "length");
                    if (args != null) {
                        JsonBody.allowOnly(args, Set.of("length"), name);
                    }
                    return Reply.ok(new JsonObject().put("output", servers.consoleOutput(caller, id, length)));
                }
                case "os-stop" -> servers.act(writer(caller), id, PowerAction.STOP);
                case "os-start" -> servers.act(writer(caller), id, PowerAction.START);
                case "reboot" -> {
                    JsonObject args = JsonBody.requireObject(body, name);
                    String type = JsonBody.requireString(args, "type");
                    if (!type.equals("SOFT") && !type.equals("HARD")) {
                        throw ApiException.badRequest("Invalid input for field 'reboot.type': must be SOFT or HARD");
                    }
                    servers.act(writer(caller), id, PowerAction.REBOOT);
                }
                default -> throw ApiException.badRequest("There is no such action: " + name);
            }
            return new Reply(202, null, Map.of());
        });
    }

    private static AuthContext writer(AuthContext caller) {
        if (!caller.canWrite()) {
            throw ApiException.forbidden("Policy does not allow this change: the reader role may only look.");
        }
        return caller;
    }

    private void flavorList(RoutingContext ctx, boolean detail) {
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            JsonArray list = new JsonArray();
            flavors.list().forEach(f -> list.add(detail ? FlavorView.detail(base, f, v) : FlavorView.brief(base, f, v)));
            return Reply.ok(new JsonObject().put("flavors", list));
        });
    }

    private void flavorShow(RoutingContext ctx) {
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("flavor",
                FlavorView.detail(base, flavors.get(ctx.pathParam("id")), v))));
    }

    private void flavorCreate(RoutingContext ctx) {
        AuthFilter.requireAdmin(ctx, "os_compute_api:os-flavor-manage:create");
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            JsonObject f = JsonBody.requireObject(JsonBody.object(ctx), "flavor");
            JsonBody.allowOnly(f, Set.of("name", "id", "ram", "vcpus", "disk", "OS-FLV-EXT-DATA:ephemeral", "swap",
                    "rxtx_factor", "os-flavor-access:is_public", "description"), "flavor");
            String name = JsonBody.requireString(f, "name");
            String id = f.getValue("id") == null ? java.util.UUID.randomUUID().toString()
                    : JsonBody.requireStringOrNumber(f, "id");
            FlavorEntity created = flavors.create(new FlavorEntity(id, name, positive(f, "vcpus", 1),
                    positive(f, "ram", 1), positive(f, "disk", 0), nonNegative(f, "OS-FLV-EXT-DATA:ephemeral"),
                    nonNegative(f, "swap"), JsonBody.optionalBoolean(f, "os-flavor-access:is_public", true),
                    JsonBody.optionalString(f, "description"), Map.of()));
            return Reply.ok(new JsonObject().put("flavor", FlavorView.detail(base, created, v)));
        });
    }

    private void extraSpecs(RoutingContext ctx) {
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("extra_specs",
                new JsonObject(new java.util.LinkedHashMap<>(flavors.get(ctx.pathParam("id")).extraSpecs())))));
    }

    private void extraSpec(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            String key = ctx.pathParam("key");
            String value = flavors.get(ctx.pathParam("id")).extraSpecs().get(key);
            if (value == null) {
                throw ApiException.notFound("Flavor " + ctx.pathParam("id") + " has no extra specs with key " + key + ".");
            }
            return Reply.ok(new JsonObject().put(key, value));
        });
    }

    private void extraSpecsSet(RoutingContext ctx) {
        AuthFilter.requireAdmin(ctx, "os_compute_api:os-flavor-extra-specs:create");
        blocking.reply(ctx, () -> {
            JsonObject specs = JsonBody.requireObject(JsonBody.object(ctx), "extra_specs");
            Map<String, String> values = new java.util.LinkedHashMap<>();
            for (String key : specs.fieldNames()) {
                Object value = specs.getValue(key);
                if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    throw ApiException.badRequest("Invalid input for field 'extra_specs." + key + "': must be a string");
                }
                if (key.isEmpty() || key.length() > 255 || String.valueOf(value).length() > 255) {
                    throw ApiException.badRequest("Invalid input for field 'extra_specs': keys and values are 1 to 255 characters");
                }
                values.put(key, String.valueOf(value));
            }
            validateEncryptionSpecs(values);
            Map<String, String> all = flavors.putExtraSpecs(ctx.pathParam("id"), values);
            Map<String, Object> shown = new java.util.LinkedHashMap<>();
            values.keySet().forEach(k -> shown.put(k, all.get(k)));
            return Reply.ok(new JsonObject().put("extra_specs", new JsonObject(shown)));
        });
    }

    private void extraSpecDelete(RoutingContext ctx) {
        AuthFilter.requireAdmin(ctx, "os_compute_api:os-flavor-extra-specs:delete");
        blocking.reply(ctx, () -> {
            flavors.deleteExtraSpec(ctx.pathParam("id"), ctx.pathParam("key"));
            return Reply.of(200, null);
        });
    }

    /** Nova validates these two specs' values; a typo would otherwise silently boot unencrypted. */
    private static void validateEncryptionSpecs(Map<String, String> specs) {
        String enabled = specs.get("hw:ephemeral_encryption");
        if (enabled != null && !Set.of("true", "false", "True", "False").contains(enabled)) {
            throw ApiException.badRequest("Validation failed; hw:ephemeral_encryption must be true or false");
        }
        String format = specs.get("hw:ephemeral_encryption_format");
        if (format != null && !Set.of("luks", "qcow").contains(format)) {
            throw ApiException.badRequest("Validation failed; hw:ephemeral_encryption_format must be luks or qcow");
        }
    }

    private static int positive(JsonObject o, String field, int min) {
        Integer value = JsonBody.optionalInt(o, field);
        if (value == null || value < min) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': an integer >= " + min + " is required");
        }
        return value;
    }

    private static int nonNegative(JsonObject o, String field) {
        Integer value = JsonBody.optionalInt(o, field);
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': must be >= 0");
        }
        return value;
    }

    private static String param(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        return value == null || value.isEmpty() ? null : value;
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

    private static boolean isTrue(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes"));
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

    private static JsonObject versions(RoutingContext ctx) {
        return new JsonObject().put("versions", new JsonArray().add(v21(ctx)));
    }
}
