package org.novalab.api.placement;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.Session;
import org.novalab.api.compute.host.HostFit;
import org.novalab.api.compute.host.HostUsage;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.persistence.Database;
import org.novalab.api.placement.ResourceProviders.Inventory;
import org.novalab.api.placement.ResourceProviders.Provider;
import org.novalab.compute.host.HostTraits;

/**
 * Placement's API at {@code /placement}, read only: the resource providers (one per compute node) with their
 * inventories, usages, traits, aggregates and allocations, a consumer's allocations, the traits, and a project's
 * usages, so that {@code openstack resource provider ...} (the osc-placement plugin) shows what the scheduler
 * decides on. Placement's writes are its compute services' business in Nova (they report inventory and traits,
 * the scheduler claims): novalab's compute services report into the compute node rows instead, so a write here is
 * 405. Every call is admin only, as placement's default policy.
 */
public final class PlacementRoutes {
    static final String ROOT = "/placement";
    private static final String RP = ROOT + "/resource_providers/:uuid";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private final Database db;
    private final ResourceProviders providers;
    private final Blocking blocking;
    private final AuthFilter auth;

    public PlacementRoutes(Database db, HostFit.Ratios ratios, Blocking blocking, AuthFilter auth) {
        this.db = db;
        this.providers = new ResourceProviders(ratios);
        this.blocking = blocking;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.route(ROOT + "*").handler(ctx -> PlacementMicroversion.negotiate(ctx).ifPresentOrElse(error -> {
            int status = error.getJsonArray("errors").getJsonObject(0).getInteger("status");
            Blocking.send(ctx, Reply.of(status, error));
        }, ctx::next));
        router.get(ROOT).handler(this::versions);
        router.get(ROOT + "/").handler(this::versions);
        router.route(ROOT + "/*").handler(auth);

        router.get(ROOT + "/resource_providers").handler(this::listProviders);
        router.get(RP).handler(ctx -> read(ctx, "resource_providers:show", 0,
                s -> providerJson(provider(s, ctx), PlacementMicroversion.of(ctx))));
        router.get(RP + "/inventories").handler(ctx -> read(ctx, "resource_providers:inventories:list", 0, s -> {
            Provider p = provider(s, ctx);
            JsonObject inventories = new JsonObject();
            providers.inventories(p).forEach((rc, i) -> inventories.put(rc, inventoryJson(i)));
            return new JsonObject().put("inventories", inventories).put("resource_provider_generation",
                    p.generation());
        }));
        router.get(RP + "/inventories/:resource_class").handler(ctx -> read(ctx,
                "resource_providers:inventories:show", 0, s -> {
                    Provider p = provider(s, ctx);
                    String rc = ctx.pathParam("resource_class");
                    Inventory i = providers.inventories(p).get(rc);
                    if (i == null) {
                        throw ApiException.notFound("No inventory of class " + rc + " for " + p.uuid());
                    }
                    return inventoryJson(i).put("resource_provider_generation", p.generation());
                }));
        router.get(RP + "/usages").handler(ctx -> read(ctx, "resource_providers:usages", 0, s -> {
            Provider p = provider(s, ctx);
            return new JsonObject().put("usages", amounts(providers.usages(s, p)))
                    .put("resource_provider_generation", p.generation());
        }));
        router.get(RP + "/traits").handler(ctx -> read(ctx, "resource_providers:traits:list", 6, s -> {
            Provider p = provider(s, ctx);
            return new JsonObject().put("traits", new JsonArray(new ArrayList<>(p.traits())))
                    .put("resource_provider_generation", p.generation());
        }));
        router.get(RP + "/aggregates").handler(ctx -> read(ctx, "resource_providers:aggregates:list", 1, s -> {
            Provider p = provider(s, ctx);
            JsonObject body = new JsonObject().put("aggregates", new JsonArray(providers.aggregates(s, p)));
            if (PlacementMicroversion.of(ctx).atLeast(19)) {
                body.put("resource_provider_generation", p.generation());
            }
            return body;
        }));
        router.get(RP + "/allocations").handler(ctx -> read(ctx, "resource_providers:allocations:list", 0, s -> {
            Provider p = provider(s, ctx);
            JsonObject allocations = new JsonObject();
            providers.allocations(s, p).forEach((consumer, resources) -> allocations.put(consumer,
                    new JsonObject().put("resources", amounts(resources))));
            return new JsonObject().put("allocations", allocations).put("resource_provider_generation",
                    p.generation());
        }));
        router.get(ROOT + "/allocations/:consumer_uuid").handler(this::consumerAllocations);
        router.get(ROOT + "/traits").handler(this::listTraits);
        router.get(ROOT + "/traits/:name").handler(ctx -> read(ctx, "traits:show", 6, s -> {
            String name = ctx.pathParam("name");
            if (!knownTraits(reportedTraits(s)).contains(name)) {
                throw ApiException.notFound("No such trait(s): " + name);
            }
            return null;
        }));
        router.get(ROOT + "/usages").handler(this::projectUsages);
    }

    /** Placement's version document; no token needed. */
    private void versions(RoutingContext ctx) {
        Blocking.send(ctx, Reply.ok(new JsonObject().put("versions", new JsonArray().add(new JsonObject()
                .put("id", "v1.0").put("max_version", PlacementMicroversion.MAX.toString())
                .put("min_version", PlacementMicroversion.MIN.toString()).put("status", "CURRENT")
                .put("links", new JsonArray().add(new JsonObject().put("rel", "self").put("href", "")))))));
    }

    /**
     * An admin's read: 404 before the microversion that added the route (placement's own answer), 403 for anyone
     * but an admin, then {@code body} (null: 204) with placement's cache headers from 1.15.
     */
    private void read(RoutingContext ctx, String rule, int since, Function<Session, JsonObject> body) {
        AuthContext caller = AuthFilter.of(ctx);
        PlacementMicroversion v = PlacementMicroversion.of(ctx);
        blocking.reply(ctx, () -> {
            if (!v.atLeast(since)) {
                throw ApiException.notFound("The resource could not be found.");
            }
            if (!caller.isAdmin()) {
                throw ApiException.forbidden("Policy does not allow placement:" + rule + " to be performed.");
            }
            JsonObject json = db.read(body::apply);
            Reply reply = json == null ? Reply.noContent() : Reply.ok(json);
            if (v.atLeast(15)) {
                reply = reply.withHeader("Cache-Control", "no-cache")
                        .withHeader("Last-Modified", HTTP_DATE.format(Instant.now()));
            }
            return reply;
        });
    }

    private Provider provider(Session s, RoutingContext ctx) {
        String uuid = ctx.pathParam("uuid");
        return providers.find(s, uuid).orElseThrow(() -> ApiException.notFound(
                "No resource provider with uuid " + uuid + " found"));
    }

    private void listProviders(RoutingContext ctx) {
        PlacementMicroversion v = PlacementMicroversion.of(ctx);
        Set<String> allowed = new HashSet<>(Set.of("name", "uuid"));
        if (v.atLeast(3)) {
            allowed.add("member_of");
        }
        if (v.atLeast(4)) {
            allowed.add("resources");
        }
        if (v.atLeast(14)) {
            allowed.add("in_tree");
        }
        if (v.atLeast(18)) {
            allowed.add("required");
        }
        read(ctx, "resource_providers:list", 0, s -> {
            PlacementQuery query = PlacementQuery.of(ctx, allowed);
            List<Provider> found = new ArrayList<>(providers.list(s));
            query.single("name").ifPresent(name -> found.removeIf(p -> !p.name().equals(name)));
            query.uuid("uuid").ifPresent(uuid -> found.removeIf(p -> !p.uuid().equals(uuid)));
            // no provider has a parent: a tree is its root alone
            query.uuid("in_tree").ifPresent(uuid -> found.removeIf(p -> !p.uuid().equals(uuid)));
            query.single("member_of").ifPresent(members -> {
                Set<String> wanted = PlacementQuery.memberOf(members);
                found.removeIf(p -> providers.aggregates(s, p).stream().noneMatch(wanted::contains));
            });
            query.single("required").ifPresent(required -> {
                PlacementQuery.Traits t = PlacementQuery.traits(required, v.atLeast(22));
                found.removeIf(p -> !t.admit(p.traits()));
            });
            query.single("resources").ifPresent(resources -> {
                Map<String, Long> asked = PlacementQuery.resources(resources);
                found.removeIf(p -> !providers.hasRoom(s, p, asked));
            });
            JsonArray list = new JsonArray();
            found.forEach(p -> list.add(providerJson(p, v)));
            return new JsonObject().put("resource_providers", list);
        });
    }

    private void consumerAllocations(RoutingContext ctx) {
        PlacementMicroversion v = PlacementMicroversion.of(ctx);
        read(ctx, "allocations:list", 0, s -> {
            String consumer = ctx.pathParam("consumer_uuid");
            JsonObject allocations = new JsonObject();
            JsonObject body = new JsonObject().put("allocations", allocations);
            HostUsage.allocation(s, consumer).ifPresent(a -> providers.onHost(s, a.host()).ifPresent(p -> {
                allocations.put(p.uuid(), new JsonObject().put("generation", p.generation())
                        .put("resources", amounts(ResourceProviders.resources(a))));
                if (v.atLeast(12)) {
                    body.put("project_id", a.projectId()).put("user_id", a.userId());
                }
                if (v.atLeast(28)) {
                    body.put("consumer_generation", 1);
                }
            }));
            return body;
        });
    }

    private void listTraits(RoutingContext ctx) {
        read(ctx, "traits:list", 6, s -> {
            PlacementQuery query = PlacementQuery.of(ctx, Set.of("name", "associated"));
            Set<String> reported = reportedTraits(s);
            Set<String> traits = knownTraits(reported);
            query.single("name").ifPresent(name -> {
                if (name.startsWith("startswith:")) {
                    String prefix = name.substring("startswith:".length());
                    traits.removeIf(t -> !t.startsWith(prefix));
                } else if (name.startsWith("in:")) {
                    traits.retainAll(Set.of(name.substring("in:".length()).split(",")));
                } else {
                    throw ApiException.badRequest("Badly formatted name parameter. Expected name query string "
                            + "parameter in form: ?name=[in|startswith]:[name1,name2|prefix]. Got: \"" + name + "\"");
                }
            });
            query.single("associated").ifPresent(associated -> {
                boolean wanted = PlacementQuery.bool("associated", associated);
                traits.removeIf(t -> reported.contains(t) != wanted);
            });
            return new JsonObject().put("traits", new JsonArray(new ArrayList<>(traits)));
        });
    }

    private void projectUsages(RoutingContext ctx) {
        read(ctx, "usages", 9, s -> {
            PlacementQuery query = PlacementQuery.of(ctx, Set.of("project_id", "user_id"));
            String project = query.single("project_id").orElseThrow(() -> ApiException.badRequest(
                    "Invalid query string parameters: 'project_id' is a required property"));
            Map<String, Long> usages = new LinkedHashMap<>();
            for (HostUsage.Allocation a : HostUsage.allocationsOf(s, project, query.single("user_id").orElse(null))) {
                ResourceProviders.add(usages, ResourceProviders.resources(a));
            }
            return new JsonObject().put("usages", amounts(usages));
        });
    }

    /** The traits placement knows: every one a novalab host may report, and whatever the hosts did report. */
    private static Set<String> knownTraits(Set<String> reported) {
        Set<String> traits = new TreeSet<>(HostTraits.all());
        traits.addAll(reported);
        return traits;
    }

    private Set<String> reportedTraits(Session s) {
        Set<String> traits = new TreeSet<>();
        providers.list(s).forEach(p -> traits.addAll(p.traits()));
        return traits;
    }

    private static JsonObject providerJson(Provider p, PlacementMicroversion v) {
        String self = ROOT + "/resource_providers/" + p.uuid();
        JsonArray links = new JsonArray().add(link("self", self)).add(link("inventories", self + "/inventories"))
                .add(link("usages", self + "/usages"));
        if (v.atLeast(1)) {
            links.add(link("aggregates", self + "/aggregates"));
        }
        if (v.atLeast(6)) {
            links.add(link("traits", self + "/traits"));
        }
        if (v.atLeast(11)) {
            links.add(link("allocations", self + "/allocations"));
        }
        JsonObject json = new JsonObject().put("uuid", p.uuid()).put("name", p.name())
                .put("generation", p.generation()).put("links", links);
        if (v.atLeast(14)) {
            json.putNull("parent_provider_uuid").put("root_provider_uuid", p.uuid());
        }
        return json;
    }

    private static JsonObject link(String rel, String href) {
        return new JsonObject().put("rel", rel).put("href", href);
    }

    private static JsonObject inventoryJson(Inventory i) {
        return new JsonObject().put("allocation_ratio", i.allocationRatio()).put("max_unit", i.maxUnit())
                .put("min_unit", i.minUnit()).put("reserved", i.reserved()).put("step_size", i.stepSize())
                .put("total", i.total());
    }

    private static JsonObject amounts(Map<String, Long> amounts) {
        return new JsonObject(new LinkedHashMap<>(amounts));
    }

    /** Placement's uuids come with or without dashes. */
    static String canonical(String uuid) {
        return UUID.fromString(uuid.length() == 32 ? uuid.replaceFirst(
                "(\\p{XDigit}{8})(\\p{XDigit}{4})(\\p{XDigit}{4})(\\p{XDigit}{4})(\\p{XDigit}{12})", "$1-$2-$3-$4-$5")
                : uuid).toString();
    }
}
