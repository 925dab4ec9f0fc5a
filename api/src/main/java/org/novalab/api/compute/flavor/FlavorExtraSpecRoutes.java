package org.novalab.api.compute.flavor;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.novalab.api.compute.FlavorService;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.MetadataItems;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * {@code /flavors/{id}/os-extra_specs} and {@code /os-extra_specs/{key}}: read by anyone who sees the flavor, set
 * (POST all, PUT one) and removed by admins. Keys are metadata keys, values strings or numbers of at most 255
 * characters; from 2.86 Nova's validators judge names and values; the two disk encryption specs novalab acts on are
 * checked at every microversion (a typo there would boot a disk unencrypted).
 */
public final class FlavorExtraSpecRoutes {
    private static final String POLICY = "os_compute_api:os-flavor-extra-specs:";
    private final FlavorService flavors;
    private final Blocking blocking;

    public FlavorExtraSpecRoutes(FlavorService flavors, Blocking blocking) {
        this.flavors = flavors;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/flavors/:id/os-extra_specs").handler(this::index);
        router.post(v + "/flavors/:id/os-extra_specs").handler(this::create);
        router.get(v + "/flavors/:id/os-extra_specs/:key").handler(this::show);
        router.put(v + "/flavors/:id/os-extra_specs/:key").handler(this::update);
        router.delete(v + "/flavors/:id/os-extra_specs/:key").handler(this::delete);
    }

    private void index(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("extra_specs", new JsonObject(
                new LinkedHashMap<String, Object>(flavors.getVisible(caller, ctx.pathParam("id")).extraSpecs())))));
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            String key = ctx.pathParam("key");
            String value = flavors.getVisible(caller, ctx.pathParam("id")).extraSpecs().get(key);
            if (value == null) {
                throw ApiException.notFound("Flavor " + ctx.pathParam("id") + " has no extra specs with key " + key
                        + ".");
            }
            return Reply.ok(new JsonObject().put(key, value));
        });
    }

    private void create(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            NovaSchema.allowOnly(body, Set.of("extra_specs"), null);
            NovaSchema.require(body, "extra_specs", null);
            Map<String, String> specs = specs(body.getValue("extra_specs"), "extra_specs");
            NovaPolicy.admin(caller, POLICY + "create");
            check(specs, v);
            flavors.putExtraSpecs(flavors.getVisible(caller, ctx.pathParam("id")).id(), specs);
            return Reply.ok(body);
        });
    }

    private void update(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            Map<String, String> spec = specs(body, null);
            if (spec.size() != 1) {
                throw ApiException.badRequest(NovaSchema.repr(body) + (spec.isEmpty()
                        ? " does not have enough properties" : " has too many properties"));
            }
            NovaPolicy.admin(caller, POLICY + "update");
            check(spec, v);
            if (!spec.containsKey(ctx.pathParam("key"))) {
                throw ApiException.badRequest("Request body and URI mismatch");
            }
            flavors.putExtraSpecs(flavors.getVisible(caller, ctx.pathParam("id")).id(), spec);
            return Reply.ok(body);
        });
    }

    private void delete(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.admin(caller, POLICY + "delete");
            flavors.deleteExtraSpec(flavors.getVisible(caller, ctx.pathParam("id")).id(), ctx.pathParam("key"));
            return Reply.of(200, null);
        });
    }

    /** The schema's metadata keys with string or number values; a number's text counts against 255 too. */
    private static Map<String, String> specs(Object value, String field) {
        JsonObject object = NovaSchema.keysMatching(value, MetadataItems.KEY, field);
        Map<String, String> specs = new LinkedHashMap<>();
        for (String key : object.fieldNames()) {
            Object v = object.getValue(key);
            if (v instanceof Number n) {
                String text = n.toString();
                if (text.length() > 255) {
                    throw ApiException.badRequest("extra_specs value has more than 255 characters.");
                }
                specs.put(key, text);
            } else if (v instanceof String) {
                specs.put(key, NovaSchema.storedText(v, key, 255));
            } else {
                throw NovaSchema.invalid(key, v, NovaSchema.notOfType(v, "string", "number"));
            }
        }
        return specs;
    }

    private static void check(Map<String, String> specs, Microversion v) {
        if (v.atLeast(86)) {
            specs.forEach((name, value) -> {
                if (!EncryptionSpecs.FORMAT.equals(name)) { // novalab's own values (qcow) decide this one
                    ExtraSpecValidators.nova().validate(name, value);
                }
            });
        }
        EncryptionSpecs.check(specs);
    }
}
