package org.novalab.api.identity.appcred;

import static org.novalab.api.identity.KeystoneRequests.query;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.ApplicationCredentialEntity;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.identity.KeystoneJson;
import org.novalab.api.identity.KeystonePolicy;

/**
 * Keystone v3's {@code /v3/users/{id}/application_credentials}: create (the user itself, with a project-scoped
 * token), list (with {@code name=}), show and delete (the user or an admin). The role names shown are the
 * token's, looked up when the credential is shown.
 */
public final class ApplicationCredentialRoutes {
    private static final String BASE = "/identity/v3/users/:user/application_credentials";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private final ApplicationCredentials credentials;
    private final Function<String, String> roleName;
    private final Blocking blocking;
    private final AuthFilter auth;

    /** @param roleName a role's name by its id (null when it is gone) */
    public ApplicationCredentialRoutes(ApplicationCredentials credentials, Function<String, String> roleName,
            Blocking blocking, AuthFilter auth) {
        this.credentials = credentials;
        this.roleName = roleName;
        this.blocking = blocking;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get(BASE).handler(auth).handler(this::list);
        router.post(BASE).handler(auth).handler(this::create);
        router.get(BASE + "/:credential").handler(auth).handler(this::show);
        router.delete(BASE + "/:credential").handler(auth).handler(this::delete);
    }

    private void create(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        String user = ctx.pathParam("user");
        blocking.reply(ctx, () -> {
            ApplicationCredentials.Created created = credentials.create(caller, user, JsonBody.object(ctx));
            return Reply.of(201, new JsonObject().put("application_credential",
                    view(ctx, created.credential()).put("secret", created.secret())));
        });
    }

    private void list(RoutingContext ctx) {
        String user = ctx.pathParam("user");
        KeystonePolicy.adminOrUser(ctx, "identity:list_application_credentials", user);
        String name = query(ctx, "name");
        blocking.reply(ctx, () -> {
            List<ApplicationCredentialEntity> found = credentials.list(user, name);
            return Reply.ok(KeystoneJson.of(ctx).collection("application_credentials", found, c -> view(ctx, c)));
        });
    }

    private void show(RoutingContext ctx) {
        String user = ctx.pathParam("user");
        KeystonePolicy.adminOrUser(ctx, "identity:get_application_credential", user);
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("application_credential",
                view(ctx, credentials.get(user, ctx.pathParam("credential"))))));
    }

    private void delete(RoutingContext ctx) {
        String user = ctx.pathParam("user");
        AuthContext caller = KeystonePolicy.adminOrUser(ctx, "identity:delete_application_credential", user);
        blocking.reply(ctx, () -> {
            credentials.delete(caller, user, ctx.pathParam("credential"));
            return Reply.noContent();
        });
    }

    private JsonObject view(RoutingContext ctx, ApplicationCredentialEntity c) {
        JsonArray roles = new JsonArray();
        for (String id : c.roleIds()) {
            roles.add(new JsonObject().put("id", id).put("name", roleName.apply(id)).putNull("domain_id"));
        }
        String self = KeystoneJson.of(ctx).url("users", c.userId()) + "/application_credentials/" + c.id();
        return new JsonObject().put("id", c.id()).put("name", c.name()).put("description", c.description())
                .put("user_id", c.userId()).put("project_id", c.projectId()).put("roles", roles)
                .put("unrestricted", c.unrestricted()).put("expires_at", keystoneTime(c.expiresAt()))
                .put("access_rules", new JsonArray()).put("links", new JsonObject().put("self", self));
    }

    /** As Keystone shows it: a UTC time without an offset, microseconds only when there are any (Python's isoformat). */
    static String keystoneTime(Instant at) {
        if (at == null) {
            return null;
        }
        LocalDateTime utc = LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        int micros = utc.getNano() / 1000;
        return SECONDS.format(utc) + (micros == 0 ? "" : String.format(".%06d", micros));
    }
}
