package org.novalab.api.compute.aggregate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.novalab.api.compute.MetadataItems;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * {@code /os-aggregates} (admin): list, create (name, availability zone), show, update (name, zone), delete (only an
 * empty one), and the {@code add_host}, {@code remove_host} and {@code set_metadata} actions. As Nova: a body is
 * checked against its schema before the policy, the id after it; the answers are 200s, the delete's without a body.
 */
public final class AggregateRoutes {
    private static final String POLICY = "os_compute_api:os-aggregates:";
    /** Nova's {@code parameter_types.fqdn}, the host of add_host and remove_host. */
    private static final Pattern FQDN = Pattern.compile("[a-zA-Z0-9-._]*");
    /** What Python's {@code int()} reads as an integer. */
    private static final Pattern INTEGER = Pattern.compile("\\s*[+-]?[0-9]+\\s*");
    /** The actions {@code /os-aggregates/{id}/action} takes, as openapi.json's AggregateActionRequest lists them. */
    public static final Set<String> ACTIONS = Set.of("add_host", "remove_host", "set_metadata");
    private final AggregateService aggregates;
    private final Blocking blocking;

    public AggregateRoutes(AggregateService aggregates, Blocking blocking) {
        this.aggregates = aggregates;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/os-aggregates").handler(this::list);
        router.post(v + "/os-aggregates").handler(this::create);
        router.get(v + "/os-aggregates/:id").handler(this::show);
        router.put(v + "/os-aggregates/:id").handler(this::update);
        router.delete(v + "/os-aggregates/:id").handler(this::delete);
        router.post(v + "/os-aggregates/:id/action").handler(this::action);
    }

    private void list(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.admin(caller, POLICY + "index");
            JsonArray list = new JsonArray();
            aggregates.list().forEach(a -> list.add(AggregateView.of(a, v)));
            return Reply.ok(new JsonObject().put("aggregates", list));
        });
    }

    private void create(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            // in the order of Nova's schema: the properties, the required one, no other
            JsonObject aggregate = body(JsonBody.object(ctx), "aggregate");
            String name = aggregate.containsKey("name") ? NovaSchema.name(aggregate.getValue("name"), "name") : null;
            String zone = zone(aggregate);
            NovaSchema.require(aggregate, "name", "aggregate");
            NovaSchema.allowOnly(aggregate, Set.of("name", "availability_zone"), "aggregate");
            NovaPolicy.admin(caller, POLICY + "create");
            return Reply.ok(new JsonObject().put("aggregate", AggregateView.created(aggregates.create(name, zone), v)));
        });
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.admin(caller, POLICY + "show");
            return Reply.ok(new JsonObject().put("aggregate", AggregateView.of(aggregates.get(id(ctx)), v)));
        });
    }

    private void update(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            // in the order of Nova's schema: the properties, no other, then a name or a zone
            JsonObject aggregate = body(JsonBody.object(ctx), "aggregate");
            String name = aggregate.containsKey("name")
                    ? NovaSchema.nameWithSpaces(aggregate.getValue("name"), "name").strip() : null;
            boolean zoneGiven = aggregate.containsKey("availability_zone");
            String zone = zone(aggregate);
            NovaSchema.allowOnly(aggregate, Set.of("name", "availability_zone"), "aggregate");
            if (aggregate.isEmpty()) {
                throw NovaSchema.invalid("aggregate", aggregate, "{} is not valid under any of the given schemas");
            }
            NovaPolicy.admin(caller, POLICY + "update");
            return Reply.ok(new JsonObject().put("aggregate", AggregateView.of(aggregates.update(id(ctx), name,
                    zoneGiven, zone), v)));
        });
    }

    private void delete(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.admin(caller, POLICY + "delete");
            aggregates.delete(id(ctx));
            return new Reply(200, null, Map.of());
        });
    }

    private void action(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            if (body.size() != 1) {
                throw ApiException.badRequest("Malformed message body: too many body keys");
            }
            String action = body.fieldNames().iterator().next();
            if (!ACTIONS.contains(action)) {
                throw ApiException.badRequest("There is no such action: " + action);
            }
            AggregateEntity changed = switch (action) {
                case "add_host" -> {
                    String host = host(body, action);
                    NovaPolicy.admin(caller, POLICY + action);
                    yield aggregates.addHost(id(ctx), host);
                }
                case "remove_host" -> {
                    String host = host(body, action);
                    NovaPolicy.admin(caller, POLICY + action);
                    yield aggregates.removeHost(id(ctx), host);
                }
                case "set_metadata" -> {
                    Map<String, String> metadata = metadata(body);
                    NovaPolicy.admin(caller, POLICY + action);
                    yield aggregates.setMetadata(id(ctx), metadata);
                }
                default -> throw new IllegalStateException("ACTIONS names " + action + " but no case does");
            };
            return Reply.ok(new JsonObject().put("aggregate", AggregateView.of(changed, v)));
        });
    }

    /** The one object a body holds under {@code key}, nothing else beside it (checked in the schema's order). */
    private static JsonObject body(JsonObject body, String key) {
        JsonObject inner = body.containsKey(key) ? NovaSchema.object(body.getValue(key), key) : null;
        NovaSchema.require(body, key, null);
        NovaSchema.allowOnly(body, Set.of(key), null);
        return inner;
    }

    /** {@code availability_zone}: a zone name or null (none). */
    private static String zone(JsonObject aggregate) {
        Object value = aggregate.getValue("availability_zone");
        if (value == null) {
            return null;
        }
        if (!(value instanceof String)) {
            throw NovaSchema.invalid("availability_zone", value, NovaSchema.repr(value)
                    + " is not valid under any of the given schemas");
        }
        return NovaSchema.zoneName(value, "availability_zone").strip();
    }

    private static String host(JsonObject body, String action) {
        JsonObject args = body(body, action);
        NovaSchema.allowOnly(args, Set.of("host"), action);
        NovaSchema.require(args, "host", action);
        String host = NovaSchema.string(args.getValue("host"), "host", 1, 255);
        if (!FQDN.matcher(host).matches()) {
            throw NovaSchema.invalid("host", host, NovaSchema.repr(host) + " does not match '^[a-zA-Z0-9-._]*$'");
        }
        return host;
    }

    /** {@code parameter_types.metadata_with_null}: a null value removes its key. */
    private static Map<String, String> metadata(JsonObject body) {
        JsonObject args = body(body, "set_metadata");
        NovaSchema.allowOnly(args, Set.of("metadata"), "set_metadata");
        NovaSchema.require(args, "metadata", "set_metadata");
        JsonObject items = NovaSchema.keysMatching(args.getValue("metadata"), MetadataItems.KEY, "metadata");
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String key : items.fieldNames()) {
            Object value = items.getValue(key);
            if (value != null && !(value instanceof String)) {
                throw NovaSchema.invalid(key, value, NovaSchema.notOfType(value, "string", "null"));
            }
            metadata.put(key, value == null ? null : NovaSchema.storedText(value, key, 255));
        }
        return metadata;
    }

    /** Nova's {@code validate_integer(id, 'id')}; an id beyond any row's is simply not found. */
    private static long id(RoutingContext ctx) {
        String text = ctx.pathParam("id");
        if (!INTEGER.matcher(text).matches()) {
            throw ApiException.badRequest("Invalid input received: id must be an integer");
        }
        BigInteger id = new BigInteger(text.strip());
        if (id.bitLength() >= Long.SIZE) {
            throw ApiException.notFound("Aggregate " + text + " could not be found.");
        }
        return id.longValue();
    }
}
