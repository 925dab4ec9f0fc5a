package org.novalab.api.virsh;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthFilter;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.ComputeHosts;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.virsh.DomainRow;
import org.novalab.disk.Passphrase;

/**
 * The server side of {@code novalab virsh}: admin-only endpoints over a compute host's hypervisor and secret store,
 * through the same door the Nova API uses, so the seed's manual steps act on the same domains and secrets. A
 * {@code ?host=} parameter names the host; without it, the first one.
 * <pre>
 * GET    /novalab/v1/virsh/domains                 {"domains": [{"id" (running ones), "name", "uuid", "state", "active"}]}
 * GET    /novalab/v1/virsh/domains/{name}/xml      {"xml": "..."}
 * POST   /novalab/v1/virsh/domains                 body: domain XML         -> 201 {"name"}
 * POST   /novalab/v1/virsh/domains/{name}/start    -> {"name", "state"}
 * POST   /novalab/v1/virsh/domains/{name}/destroy  -> {"name", "state"}
 * DELETE /novalab/v1/virsh/domains/{name}          -> 204
 * GET    /novalab/v1/virsh/secrets                 {"secrets": [{"uuid", "usage", "ephemeral", "private"}]}
 * POST   /novalab/v1/virsh/secrets                 body: secret XML         -> 201 {"uuid"}
 * PUT    /novalab/v1/virsh/secrets/{uuid}/value    {"base64": "..."}        -> 204
 * DELETE /novalab/v1/virsh/secrets/{uuid}          -> 204
 * </pre>
 * Errors carry libvirt's message in Nova's shape (mapped once, in {@code DomainErrors}). Secret values go in, never out.
 */
public final class VirshRoutes {
    public static final String PREFIX = "/novalab/v1/virsh";

    private final Blocking blocking;
    private final AuthFilter auth;
    private final ComputeApi compute;
    private final ComputeHosts hosts;

    public VirshRoutes(Blocking blocking, AuthFilter auth, ComputeApi compute, ComputeHosts hosts) {
        this.blocking = blocking;
        this.auth = auth;
        this.compute = compute;
        this.hosts = hosts;
    }

    public void mount(Router router) {
        router.route(PREFIX + "/*").handler(auth);
        router.get(PREFIX + "/domains").handler(ctx -> admin(ctx, "virsh list", () -> list(host(ctx))));
        router.get(PREFIX + "/domains/:name/xml").handler(ctx -> admin(ctx, "virsh dumpxml",
                () -> Reply.ok(new JsonObject().put("xml", compute.dumpDomainXml(host(ctx), ctx.pathParam("name"))))));
        router.post(PREFIX + "/domains").handler(ctx -> admin(ctx, "virsh define", () -> Reply.of(201,
                new JsonObject().put("name", compute.defineDomain(host(ctx), body(ctx))))));
        router.post(PREFIX + "/domains/:name/start").handler(ctx -> admin(ctx, "virsh start", () ->
                state(ctx.pathParam("name"), compute.startDomain(host(ctx), ctx.pathParam("name")))));
        router.post(PREFIX + "/domains/:name/destroy").handler(ctx -> admin(ctx, "virsh destroy", () ->
                state(ctx.pathParam("name"), compute.destroyDomain(host(ctx), ctx.pathParam("name")))));
        router.delete(PREFIX + "/domains/:name").handler(ctx -> admin(ctx, "virsh undefine", () -> {
            compute.undefineDomain(host(ctx), ctx.pathParam("name"));
            return Reply.noContent();
        }));
        router.get(PREFIX + "/secrets").handler(ctx -> admin(ctx, "virsh secret-list", () -> secretList(host(ctx))));
        router.post(PREFIX + "/secrets").handler(ctx -> admin(ctx, "virsh secret-define", () -> Reply.of(201,
                new JsonObject().put("uuid", compute.defineSecret(host(ctx), body(ctx)).toString()))));
        router.put(PREFIX + "/secrets/:uuid/value").handler(ctx -> admin(ctx, "virsh secret-set-value", () -> {
            try (Passphrase value = SecretValueBody.read(ctx.body() == null ? null : ctx.body().buffer())) {
                compute.setSecretValue(host(ctx), uuid(ctx.pathParam("uuid")), value);
            }
            return Reply.noContent();
        }));
        router.delete(PREFIX + "/secrets/:uuid").handler(ctx -> admin(ctx, "virsh secret-undefine", () -> {
            compute.undefineSecret(host(ctx), uuid(ctx.pathParam("uuid")));
            return Reply.noContent();
        }));
    }

    private void admin(RoutingContext ctx, String action, Callable<Reply> work) {
        AuthFilter.whenAdmin(ctx, action, () -> blocking.reply(ctx, work));
    }

    /** The host a call names ({@code ?host=}), or the first compute host. */
    private String host(RoutingContext ctx) {
        String named = ctx.queryParams().get("host");
        if (named != null && !named.isBlank()) {
            return named;
        }
        return hosts.hosts().stream().findFirst()
                .orElseThrow(() -> new ApiException(503, "No compute host is up: virsh needs one."));
    }

    private Reply list(String host) {
        List<Object> rows = new ArrayList<>();
        for (DomainRow d : compute.listDomains(host)) {
            rows.add(new JsonObject().put("id", d.id().orElse(null)).put("name", d.name())
                    .put("uuid", d.uuid().toString()).put("state", d.state().virshName()).put("active", d.active()));
        }
        return Reply.ok(new JsonObject().put("domains", new JsonArray(rows)));
    }

    private static Reply state(String name, PowerState state) {
        return Reply.ok(new JsonObject().put("name", name).put("state", state.virshName()));
    }

    private Reply secretList(String host) {
        JsonArray list = new JsonArray();
        for (SecretDefinition s : compute.listSecrets(host)) {
            list.add(new JsonObject().put("uuid", s.uuid().toString()).put("usage", s.usageType() + " " + s.usageVolume())
                    .put("ephemeral", s.ephemeral()).put("private", s.isPrivate()));
        }
        return Reply.ok(new JsonObject().put("secrets", list));
    }

    private static String body(RoutingContext ctx) {
        String s = ctx.body() == null ? null : ctx.body().asString();
        if (s == null || s.isBlank()) {
            throw ApiException.badRequest("the request needs an XML body");
        }
        return s;
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Secret not found: no secret with matching uuid '" + s + "'");
        }
    }
}
