package org.novalab.api.virsh;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthFilter;
import org.novalab.compute.ComputeException;
import org.novalab.compute.PowerState;
import org.novalab.compute.domain.Xml;
import org.novalab.compute.hypervisor.DomainStatus;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretNotFound;
import org.novalab.compute.secret.SecretStore;
import org.novalab.compute.secret.SecretUsageConflict;
import org.novalab.compute.secret.SecretXml;
import org.novalab.disk.Passphrase;

/**
 * The server side of {@code novalab virsh}: admin-only endpoints over the server's own hypervisor and secret store
 * (the compute host the Nova API spawns on), so the seed's manual steps act on the same domains and secrets.
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
 * Errors carry libvirt's message: {@code {"badRequest": {"code": 400, "message": ...}}}. Secret values go in, never out.
 */
public final class VirshRoutes {
    public static final String PREFIX = "/novalab/v1/virsh";

    private final Blocking blocking;
    private final AuthFilter auth;
    private final Hypervisor hypervisor;
    private final SecretStore secrets;

    public VirshRoutes(Blocking blocking, AuthFilter auth, Hypervisor hypervisor, SecretStore secrets) {
        this.blocking = blocking;
        this.auth = auth;
        this.hypervisor = hypervisor;
        this.secrets = secrets;
    }

    public void mount(Router router) {
        router.route(PREFIX + "/*").handler(auth);
        router.get(PREFIX + "/domains").handler(ctx -> admin(ctx, "virsh list", this::list));
        router.get(PREFIX + "/domains/:name/xml").handler(ctx -> admin(ctx, "virsh dumpxml",
                () -> Reply.ok(new JsonObject().put("xml", hypervisor.dumpXml(ctx.pathParam("name"))))));
        router.post(PREFIX + "/domains").handler(ctx -> admin(ctx, "virsh define", () -> define(body(ctx))));
        router.post(PREFIX + "/domains/:name/start").handler(ctx -> admin(ctx, "virsh start", () -> {
            hypervisor.start(ctx.pathParam("name"));
            return state(ctx.pathParam("name"));
        }));
        router.post(PREFIX + "/domains/:name/destroy").handler(ctx -> admin(ctx, "virsh destroy", () -> {
            String name = ctx.pathParam("name");
            requireDomain(name);
            hypervisor.powerOff(name);
            return state(name);
        }));
        router.delete(PREFIX + "/domains/:name").handler(ctx -> admin(ctx, "virsh undefine", () -> {
            requireDomain(ctx.pathParam("name"));
            hypervisor.undefine(ctx.pathParam("name"));
            return Reply.noContent();
        }));
        router.get(PREFIX + "/secrets").handler(ctx -> admin(ctx, "virsh secret-list", this::secretList));
        router.post(PREFIX + "/secrets").handler(ctx -> admin(ctx, "virsh secret-define", () -> {
            SecretDefinition s = SecretXml.parse(body(ctx));
            secrets.define(s);
            return Reply.of(201, new JsonObject().put("uuid", s.uuid().toString()));
        }));
        router.put(PREFIX + "/secrets/:uuid/value").handler(ctx -> admin(ctx, "virsh secret-set-value",
                () -> setValue(uuid(ctx.pathParam("uuid")), ctx.body().asJsonObject())));
        router.delete(PREFIX + "/secrets/:uuid").handler(ctx -> admin(ctx, "virsh secret-undefine", () -> {
            secrets.undefine(uuid(ctx.pathParam("uuid")));
            return Reply.noContent();
        }));
    }

    private void admin(RoutingContext ctx, String action, Callable<Reply> work) {
        try {
            AuthFilter.requireAdmin(ctx, action);
        } catch (ApiException e) {
            ctx.fail(e);
            return;
        }
        blocking.reply(ctx, () -> {
            try {
                return work.call();
            } catch (SecretNotFound e) {
                throw ApiException.notFound(e.getMessage());
            } catch (SecretUsageConflict e) {
                throw ApiException.conflict(e.getMessage());
            } catch (ComputeException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        });
    }

    private Reply list() {
        List<JsonObject> rows = new ArrayList<>();
        for (DomainStatus d : hypervisor.list()) {
            boolean active = d.state() == PowerState.RUNNING || d.state() == PowerState.PAUSED;
            rows.add(new JsonObject().put("id", active ? liveId(d.name()) : null).put("name", d.name())
                    .put("uuid", d.uuid().toString()).put("state", d.state().virshName()).put("active", active));
        }
        // virsh's order: running domains by id, then the inactive ones by name
        rows.sort(Comparator.comparing((JsonObject r) -> !r.getBoolean("active"))
                .thenComparingLong(r -> r.getString("id") == null ? Long.MAX_VALUE : parseId(r.getString("id")))
                .thenComparing(r -> r.getString("name")));
        return Reply.ok(new JsonObject().put("domains", new JsonArray(new ArrayList<Object>(rows))));
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** libvirt's id of a running domain, from its live XML ({@code <domain ... id='1'>}); null when it has none. */
    private String liveId(String name) {
        try {
            return Xml.attr(Xml.parse(hypervisor.dumpXml(name), "domain"), "id").orElse(null);
        } catch (ComputeException e) {
            return null; // gone in between
        }
    }

    private Reply define(String xml) {
        // libvirt fills in what the file leaves out (a uuid, say): only the name is needed here
        String name = Xml.text(Xml.required(Xml.parse(xml, "domain"), "name")).strip();
        hypervisor.define(xml);
        return Reply.of(201, new JsonObject().put("name", name));
    }

    private Reply state(String name) {
        PowerState s = hypervisor.lookup(name).map(DomainStatus::state).orElse(PowerState.NOSTATE);
        return Reply.ok(new JsonObject().put("name", name).put("state", s.virshName()));
    }

    private void requireDomain(String name) {
        if (hypervisor.lookup(name).isEmpty()) {
            throw ApiException.notFound("Domain not found: no domain with matching name '" + name + "'");
        }
    }

    private Reply secretList() {
        JsonArray list = new JsonArray();
        for (SecretDefinition s : secrets.list()) {
            list.add(new JsonObject().put("uuid", s.uuid().toString()).put("usage", "volume " + s.usageVolume())
                    .put("ephemeral", s.ephemeral()).put("private", s.isPrivate()));
        }
        return Reply.ok(new JsonObject().put("secrets", list));
    }

    private Reply setValue(UUID uuid, JsonObject body) {
        String b64 = body == null ? null : body.getString("base64");
        if (b64 == null) {
            throw ApiException.badRequest("secret-set-value needs {\"base64\": VALUE}");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(b64.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid argument: the secret value is not base64");
        }
        try (Passphrase p = Passphrase.of(raw)) {
            secrets.setValue(uuid, p);
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
        return Reply.noContent();
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
