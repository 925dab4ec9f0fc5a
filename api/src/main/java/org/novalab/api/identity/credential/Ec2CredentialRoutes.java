package org.novalab.api.identity.credential;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.identity.IdentityService;
import org.novalab.api.identity.KeystoneJson;
import org.novalab.api.identity.KeystonePolicy;

/**
 * Keystone's OS-EC2 credentials of a user ({@code /v3/users/{id}/credentials/OS-EC2[/{access}]}): an access key
 * and a secret made for one of the user's projects, kept as an {@code ec2} credential whose id is the access key's
 * SHA-256. The user itself (a member, when it makes or deletes one), an admin, or a system reader may read them.
 */
public final class Ec2CredentialRoutes {
    private static final String BASE = "/identity/v3/users/:user/credentials/OS-EC2";
    private final Credentials credentials;
    private final IdentityService identity;
    private final Blocking blocking;
    private final AuthFilter auth;

    public Ec2CredentialRoutes(Credentials credentials, IdentityService identity, Blocking blocking,
            AuthFilter auth) {
        this.credentials = credentials;
        this.identity = identity;
        this.blocking = blocking;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get(BASE).handler(auth).handler(this::list);
        router.post(BASE).handler(auth).handler(this::create);
        router.get(BASE + "/:access").handler(auth).handler(this::show);
        router.delete(BASE + "/:access").handler(auth).handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        String user = ctx.pathParam("user");
        AuthContext caller = AuthFilter.of(ctx);
        if (!CredentialRoutes.readsAll(caller) && !caller.userId().equals(user)) {
            throw KeystonePolicy.refused("identity:ec2_list_credentials");
        }
        blocking.reply(ctx, () -> {
            requireUser(user);
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("credentials", credentials.list(user, Credentials.EC2),
                    c -> view(json, c)));
        });
    }

    private void create(RoutingContext ctx) {
        String user = ctx.pathParam("user");
        AuthContext caller = AuthFilter.of(ctx);
        if (!caller.isAdmin() && !(caller.canWrite() && caller.userId().equals(user))) {
            throw KeystonePolicy.refused("identity:ec2_create_credential");
        }
        blocking.reply(ctx, () -> {
            String project = JsonBody.optionalString(JsonBody.object(ctx), "tenant_id", 64);
            if (project == null) {
                throw ApiException.notFound("Could not find project: None.");
            }
            requireUser(user);
            String blob = new JsonObject().put("access", UUID.randomUUID().toString().replace("-", ""))
                    .put("secret", UUID.randomUUID().toString().replace("-", "")).putNull("trust_id").encode();
            Credentials.Credential c = credentials.create(new CredentialFields(user, project, true, Credentials.EC2,
                    blob, new JsonObject()));
            return Reply.of(201, new JsonObject().put("credential", view(KeystoneJson.of(ctx), c)));
        });
    }

    private void show(RoutingContext ctx) {
        String user = ctx.pathParam("user");
        AuthContext caller = AuthFilter.of(ctx);
        if (!CredentialRoutes.readsAll(caller) && !caller.userId().equals(user)) {
            throw KeystonePolicy.refused("identity:ec2_get_credential");
        }
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("credential",
                view(KeystoneJson.of(ctx), ec2(user, ctx.pathParam("access"))))));
    }

    private void delete(RoutingContext ctx) {
        String user = ctx.pathParam("user");
        AuthContext caller = AuthFilter.of(ctx);
        if (!caller.isAdmin() && !(caller.canWrite() && caller.userId().equals(user))) {
            throw KeystonePolicy.refused("identity:ec2_delete_credential");
        }
        blocking.reply(ctx, () -> {
            credentials.delete(ec2(user, ctx.pathParam("access")).id());
            return Reply.noContent();
        });
    }

    /** The user's EC2 credential of that access key; Keystone's 401 for a credential of another type. */
    private Credentials.Credential ec2(String user, String access) {
        requireUser(user);
        Credentials.Credential c = credentials.credential(IdentityService.sha256(access));
        if (!Credentials.EC2.equalsIgnoreCase(c.type())) {
            throw ApiException.unauthorized("EC2 access key not found.");
        }
        if (!c.userId().equals(user)) {
            throw ApiException.notFound("Could not find credential: " + c.id() + ".");
        }
        return c;
    }

    private void requireUser(String user) {
        identity.store().read(s -> org.novalab.api.identity.Lookup.requireUser(s, user));
    }

    private static JsonObject view(KeystoneJson json, Credentials.Credential c) {
        JsonObject blob = Credentials.ec2Blob(c.blob());
        return new JsonObject().put("user_id", c.userId()).put("tenant_id", c.projectId())
                .put("access", blob.getValue("access")).put("secret", blob.getValue("secret"))
                .put("trust_id", blob.getValue("trust_id"))
                .put("links", new JsonObject().put("self", json.url("users", c.userId()) + "/credentials/OS-EC2/"
                        + blob.getValue("access")));
    }
}
