package org.novalab.api.identity.oauth1;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.HexFormat;
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
import org.novalab.api.identity.credential.CredentialSeal;

/**
 * Keystone's OS-OAUTH1 consumers ({@code /v3/OS-OAUTH1/consumers}): an admin registers one and is shown its secret
 * once; the secret is kept sealed and cannot be changed. The OAuth1 delegation flow itself (request and access
 * tokens) is not served: Tempest does not exercise it.
 */
public final class ConsumerRoutes {
    private static final String BASE = "/identity/v3/OS-OAUTH1/consumers";
    private static final String KIND = "oauth1 consumer";
    private static final Set<String> FIELDS = Set.of("id", "description", "secret", "links");
    private final IdentityStore store;
    private final CredentialSeal seal;
    private final SecureRandom random = new SecureRandom();
    private final Blocking blocking;
    private final AuthFilter auth;

    public ConsumerRoutes(IdentityStore store, CredentialSeal seal, Blocking blocking, AuthFilter auth) {
        this.store = store;
        this.seal = seal;
        this.blocking = blocking;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get(BASE).handler(auth).handler(this::list);
        router.post(BASE).handler(auth).handler(this::create);
        router.get(BASE + "/:consumer").handler(auth).handler(this::show);
        router.patch(BASE + "/:consumer").handler(auth).handler(this::update);
        router.delete(BASE + "/:consumer").handler(auth).handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:list_consumers");
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("consumers", store.read(s -> Filter.of().list(s, ConsumerEntity.class,
                    "id")), c -> view(json, c)));
        });
    }

    private void show(RoutingContext ctx) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:get_consumer");
        blocking.reply(ctx, () -> Reply.ok(one(ctx, store.read(s -> require(s, ctx.pathParam("consumer"))))));
    }

    /** The only answer that carries the secret. */
    private void create(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_consumer");
        blocking.reply(ctx, () -> {
            JsonObject body = KeystoneRequests.resource(ctx, "consumer");
            String description = JsonBody.optionalString(body, "description", 255);
            JsonObject extra = KeystoneRequests.extra(body, FIELDS);
            String id = IdentityService.newId();
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            String secret = HexFormat.of().formatHex(raw);
            ConsumerEntity c = store.change(s -> {
                ConsumerEntity consumer = new ConsumerEntity(id, description, seal.seal(KIND, id, secret), extra);
                s.persist(consumer);
                return consumer;
            });
            JsonObject created = one(ctx, c);
            created.getJsonObject("consumer").put("secret", secret);
            return Reply.of(201, created);
        });
    }

    private void update(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_consumer");
        blocking.reply(ctx, () -> {
            JsonObject body = KeystoneRequests.resource(ctx, "consumer");
            if (body.isEmpty()) {
                throw ApiException.badRequest("Invalid input for field 'consumer': {} does not have enough properties");
            }
            if (body.containsKey("secret")) {
                throw ApiException.badRequest("Invalid input for field 'consumer': the secret of a consumer cannot "
                        + "be changed");
            }
            KeystoneRequests.requireMatchingId(body, ctx.pathParam("consumer"));
            String description = JsonBody.optionalString(body, "description", 255);
            JsonObject extra = KeystoneRequests.extra(body, FIELDS);
            return Reply.ok(one(ctx, store.change(s -> {
                ConsumerEntity c = require(s, ctx.pathParam("consumer"));
                c.update(description, body.containsKey("description"), extra);
                return c;
            })));
        });
    }

    private void delete(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_consumer");
        blocking.reply(ctx, () -> {
            store.change(s -> {
                s.remove(require(s, ctx.pathParam("consumer")));
                return null;
            });
            return Reply.noContent();
        });
    }

    private static ConsumerEntity require(Session s, String id) {
        ConsumerEntity c = s.get(ConsumerEntity.class, id);
        if (c == null) {
            throw ApiException.notFound("Consumer not found");
        }
        return c;
    }

    private static JsonObject one(RoutingContext ctx, ConsumerEntity c) {
        return new JsonObject().put("consumer", view(KeystoneJson.of(ctx), c));
    }

    private static JsonObject view(KeystoneJson json, ConsumerEntity c) {
        return c.extra().put("id", c.id()).put("description", c.description())
                .put("links", json.self("OS-OAUTH1/consumers", c.id()));
    }
}
