package org.novalab.api.identity.credential;

import static org.novalab.api.identity.KeystoneRequests.query;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.identity.KeystoneJson;
import org.novalab.api.identity.KeystonePolicy;
import org.novalab.api.identity.KeystoneRequests;
import org.novalab.api.identity.Role;

/**
 * Keystone v3's {@code /v3/credentials}, with its default policy: an admin or a system reader sees every
 * credential, anyone else only its own; an admin or the credential's owner creates, changes and deletes one (and
 * no one hands a credential to another user but an admin).
 */
public final class CredentialRoutes {
    private static final String V3 = "/identity/v3";
    private static final Set<String> FIELDS = Set.of("id", "user_id", "project_id", "type", "blob", "links");
    private final Credentials credentials;
    private final Blocking blocking;
    private final AuthFilter auth;

    public CredentialRoutes(Credentials credentials, Blocking blocking, AuthFilter auth) {
        this.credentials = credentials;
        this.blocking = blocking;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get(V3 + "/credentials").handler(auth).handler(this::list);
        router.post(V3 + "/credentials").handler(auth).handler(this::create);
        router.get(V3 + "/credentials/:credential").handler(auth).handler(this::show);
        router.patch(V3 + "/credentials/:credential").handler(auth).handler(this::update);
        router.delete(V3 + "/credentials/:credential").handler(auth).handler(this::delete);
    }

    /** Keystone filters the list by what the caller may get: its own credentials, unless it reads all. */
    private void list(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        String userFilter = query(ctx, "user_id");
        String user = readsAll(caller) ? userFilter : caller.userId();
        boolean nothing = userFilter != null && !userFilter.equals(user);
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("credentials", nothing ? java.util.List.of()
                    : credentials.list(user, query(ctx, "type")), c -> view(json, c)));
        });
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            Credentials.Credential c = credentials.credential(ctx.pathParam("credential"));
            if (!readsAll(caller) && !caller.userId().equals(c.userId())) {
                throw KeystonePolicy.refused("identity:get_credential");
            }
            return Reply.ok(one(ctx, c));
        });
    }

    private void create(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            CredentialFields f = fields(KeystoneRequests.resource(ctx, "credential"));
            if (!caller.isAdmin() && !caller.userId().equals(f.userId())) {
                throw KeystonePolicy.refused("identity:create_credential");
            }
            return Reply.of(201, one(ctx, credentials.create(f)));
        });
    }

    private void update(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            String id = ctx.pathParam("credential");
            JsonObject body = KeystoneRequests.resource(ctx, "credential");
            KeystoneRequests.requireMatchingId(body, id);
            CredentialFields f = fields(body);
            Credentials.Credential current = credentials.credential(id);
            String owner = f.userId() != null ? f.userId() : current.userId();
            if (!caller.isAdmin() && !(caller.userId().equals(current.userId()) && caller.userId().equals(owner))) {
                throw KeystonePolicy.refused("identity:update_credential");
            }
            return Reply.ok(one(ctx, credentials.update(id, f)));
        });
    }

    private void delete(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            String id = ctx.pathParam("credential");
            if (!caller.isAdmin() && !caller.userId().equals(credentials.credential(id).userId())) {
                throw KeystonePolicy.refused("identity:delete_credential");
            }
            credentials.delete(id);
            return Reply.noContent();
        });
    }

    /** Keystone's {@code admin_required or (role:reader and system_scope:all)}. */
    static boolean readsAll(AuthContext caller) {
        return caller.isAdmin() || (caller.systemScoped() && caller.has(Role.READER));
    }

    private static CredentialFields fields(JsonObject c) {
        return new CredentialFields(JsonBody.optionalString(c, "user_id", 64),
                JsonBody.optionalString(c, "project_id", 64), c.containsKey("project_id"),
                JsonBody.optionalString(c, "type", 255), JsonBody.optionalString(c, "blob", 8192),
                KeystoneRequests.extra(c, FIELDS));
    }

    private static JsonObject one(RoutingContext ctx, Credentials.Credential c) {
        return new JsonObject().put("credential", view(KeystoneJson.of(ctx), c));
    }

    private static JsonObject view(KeystoneJson json, Credentials.Credential c) {
        return c.extra().put("id", c.id()).put("user_id", c.userId()).put("project_id", c.projectId())
                .put("type", c.type()).put("blob", c.blob()).put("links", json.self("credentials", c.id()));
    }
}
