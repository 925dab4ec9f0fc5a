package org.novalab.api.identity.policy;

import static org.novalab.api.identity.KeystoneRequests.query;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.identity.Filter;
import org.novalab.api.identity.IdentityService;
import org.novalab.api.identity.IdentityStore;
import org.novalab.api.identity.KeystoneJson;
import org.novalab.api.identity.KeystonePolicy;
import org.novalab.api.identity.KeystoneRequests;

/**
 * Keystone v3's {@code /v3/policies}: blobs of a type that Keystone stores for other services and never reads
 * itself. An admin changes them; an admin or a system reader reads them.
 */
public final class PolicyRoutes {
    private static final String V3 = "/identity/v3";
    private static final int BLOB_LENGTH = 65536;
    private static final int TYPE_LENGTH = 255;
    private static final Set<String> FIELDS = Set.of("id", "type", "blob", "links");
    private final IdentityStore store;
    private final Blocking blocking;
    private final AuthFilter auth;

    public PolicyRoutes(IdentityStore store, Blocking blocking, AuthFilter auth) {
        this.store = store;
        this.blocking = blocking;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get(V3 + "/policies").handler(auth).handler(this::list);
        router.post(V3 + "/policies").handler(auth).handler(this::create);
        router.get(V3 + "/policies/:policy").handler(auth).handler(this::show);
        router.patch(V3 + "/policies/:policy").handler(auth).handler(this::update);
        router.delete(V3 + "/policies/:policy").handler(auth).handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:list_policies");
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("policies", store.read(s -> Filter.of("type", query(ctx, "type"))
                    .list(s, PolicyEntity.class, "id")), p -> view(json, p)));
        });
    }

    private void show(RoutingContext ctx) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:get_policy");
        blocking.reply(ctx, () -> Reply.ok(one(ctx, store.read(s -> require(s, ctx.pathParam("policy"))))));
    }

    private void create(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_policy");
        blocking.reply(ctx, () -> {
            JsonObject body = KeystoneRequests.resource(ctx, "policy");
            String blob = JsonBody.requireString(body, "blob");
            String type = JsonBody.requireString(body, "type", TYPE_LENGTH);
            JsonBody.optionalString(body, "blob", BLOB_LENGTH);
            JsonObject extra = KeystoneRequests.extra(body, FIELDS);
            return Reply.of(201, one(ctx, store.change(s -> {
                PolicyEntity p = new PolicyEntity(IdentityService.newId(), type, blob, extra);
                s.persist(p);
                return p;
            })));
        });
    }

    private void update(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_policy");
        blocking.reply(ctx, () -> {
            JsonObject body = KeystoneRequests.resource(ctx, "policy");
            if (body.isEmpty()) {
                throw ApiException.badRequest("Invalid input for field 'policy': {} does not have enough properties");
            }
            KeystoneRequests.requireMatchingId(body, ctx.pathParam("policy"));
            String blob = JsonBody.optionalString(body, "blob", BLOB_LENGTH);
            String type = JsonBody.optionalString(body, "type", TYPE_LENGTH);
            JsonObject extra = KeystoneRequests.extra(body, FIELDS);
            return Reply.ok(one(ctx, store.change(s -> {
                PolicyEntity p = require(s, ctx.pathParam("policy"));
                p.update(type, blob, extra);
                return p;
            })));
        });
    }

    private void delete(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_policy");
        blocking.reply(ctx, () -> {
            store.change(s -> {
                s.remove(require(s, ctx.pathParam("policy")));
                return null;
            });
            return Reply.noContent();
        });
    }

    private static PolicyEntity require(Session s, String id) {
        PolicyEntity p = s.get(PolicyEntity.class, id);
        if (p == null) {
            throw ApiException.notFound("Could not find policy: " + id + ".");
        }
        return p;
    }

    private static JsonObject one(RoutingContext ctx, PolicyEntity p) {
        return new JsonObject().put("policy", view(KeystoneJson.of(ctx), p));
    }

    private static JsonObject view(KeystoneJson json, PolicyEntity p) {
        return p.extra().put("id", p.id()).put("type", p.type()).put("blob", p.blob())
                .put("links", json.self("policies", p.id()));
    }
}
