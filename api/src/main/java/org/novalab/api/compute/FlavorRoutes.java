package org.novalab.api.compute;

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
import org.novalab.api.identity.AuthFilter;

/** Nova's flavors: lists, details, admin creation, and extra specs (where disk encryption is asked for). */
final class FlavorRoutes {
    private final FlavorService flavors;
    private final Blocking blocking;

    FlavorRoutes(FlavorService flavors, Blocking blocking) {
        this.flavors = flavors;
        this.blocking = blocking;
    }

    void mount(Router router, String v) {
        router.get(v + "/flavors").handler(ctx -> flavorList(ctx, false));
        router.get(v + "/flavors/detail").handler(ctx -> flavorList(ctx, true));
        router.post(v + "/flavors").handler(this::flavorCreate);
        router.get(v + "/flavors/:id").handler(this::flavorShow);
        router.get(v + "/flavors/:id/os-extra_specs").handler(this::extraSpecs);
        router.post(v + "/flavors/:id/os-extra_specs").handler(this::extraSpecsSet);
        router.get(v + "/flavors/:id/os-extra_specs/:key").handler(this::extraSpec);
        router.delete(v + "/flavors/:id/os-extra_specs/:key").handler(this::extraSpecDelete);
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
            FlavorEntity created = flavors.create(FlavorRequest.parse(JsonBody.object(ctx), v));
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
            Map<String, String> values = FlavorRequest.extraSpecs(JsonBody.object(ctx));
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
}
