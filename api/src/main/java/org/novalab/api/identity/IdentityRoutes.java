package org.novalab.api.identity;

import static org.novalab.api.http.JsonBody.optionalObject;
import static org.novalab.api.http.JsonBody.optionalString;
import static org.novalab.api.http.JsonBody.requireObject;
import static org.novalab.api.http.JsonBody.requireString;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;

/** Keystone v3 subset under {@code /identity}: discovery, tokens, and what an admin needs to add projects. */
public final class IdentityRoutes {
    private static final DateTimeFormatter KEYSTONE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    /** Keystone's limits on names (a project's 64, a user's 255) and novalab's column for a project description. */
    private static final int PROJECT_NAME_LENGTH = 64;
    private static final int USER_NAME_LENGTH = 255;
    private static final int DESCRIPTION_LENGTH = 1024;
    private final IdentityService identity;
    private final Blocking blocking;
    private final AuthFilter auth;

    public IdentityRoutes(IdentityService identity, Blocking blocking, AuthFilter auth) {
        this.identity = identity;
        this.blocking = blocking;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get("/identity").handler(ctx -> Blocking.send(ctx, Reply.of(300, versions(ctx))));
        router.get("/identity/").handler(ctx -> Blocking.send(ctx, Reply.of(300, versions(ctx))));
        router.get("/identity/v3").handler(ctx -> Blocking.send(ctx, Reply.ok(new JsonObject().put("version", v3(ctx)))));
        router.get("/identity/v3/").handler(ctx -> Blocking.send(ctx, Reply.ok(new JsonObject().put("version", v3(ctx)))));
        router.post("/identity/v3/auth/tokens").handler(this::issue);
        router.route(HttpMethod.GET, "/identity/v3/auth/tokens").handler(auth)
                .handler(ctx -> check(ctx, "identity:validate_token", true));
        router.route(HttpMethod.HEAD, "/identity/v3/auth/tokens").handler(auth)
                .handler(ctx -> check(ctx, "identity:check_token", false));
        router.get("/identity/v3/projects").handler(auth).handler(this::listProjects);
        router.post("/identity/v3/projects").handler(auth).handler(this::createProject);
        router.post("/identity/v3/users").handler(auth).handler(this::createUser);
        router.put("/identity/v3/projects/:project/users/:user/roles/:role").handler(auth).handler(this::assign);
    }

    private void issue(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            JsonObject authBody = requireObject(body, "auth");
            JsonObject ident = requireObject(authBody, "identity");
            JsonArray methods = JsonBody.optionalArray(ident, "methods");
            if (methods == null || methods.isEmpty()) {
                throw ApiException.badRequest("'methods' is a required property of auth.identity");
            }
            IdentityService.ProjectRef scope = scope(optionalObject(authBody, "scope"));
            String method = String.valueOf(methods.getValue(0));
            IdentityService.IssuedToken issued = switch (method) {
                case "password" -> {
                    JsonObject user = requireObject(requireObject(ident, "password"), "user");
                    JsonObject domain = optionalObject(user, "domain");
                    IdentityService.UserRef ref = new IdentityService.UserRef(optionalString(user, "id"),
                            optionalString(user, "name"), domain == null ? null : domainOf(domain));
                    if (ref.id() == null && ref.name() == null) {
                        throw ApiException.badRequest("auth.identity.password.user needs an 'id' or a 'name'");
                    }
                    yield identity.authenticatePassword(ref, optionalString(user, "password"), scope);
                }
                case "token" -> identity.authenticateToken(requireString(requireObject(ident, "token"), "id"), scope);
                default -> throw ApiException.unauthorized("Unsupported authentication method: " + method);
            };
            return Reply.of(201, tokenBody(ctx, issued.context())).withHeader("X-Subject-Token", issued.token());
        });
    }

    /**
     * Keystone's token policy: the subject token is looked up first (an unknown one is a 404 for anyone), then only
     * an admin or the token's own user may see it; anyone else would read another user's roles and catalog.
     */
    private void check(RoutingContext ctx, String action, boolean withBody) {
        AuthContext caller = AuthFilter.of(ctx);
        String subject = ctx.request().getHeader("X-Subject-Token");
        blocking.reply(ctx, () -> {
            AuthContext context;
            try {
                context = identity.validate(subject);
            } catch (ApiException e) {
                throw ApiException.notFound("Could not find token: the subject token is invalid or expired.");
            }
            if (!caller.isAdmin() && !caller.userId().equals(context.userId())) {
                throw notAuthorized(action);
            }
            return withBody ? Reply.ok(tokenBody(ctx, context)).withHeader("X-Subject-Token", subject)
                    : new Reply(200, null, java.util.Map.of("X-Subject-Token", subject));
        });
    }

    private void listProjects(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            JsonArray list = new JsonArray();
            identity.projects().stream().filter(p -> caller.isAdmin() || p.id().equals(caller.projectId()))
                    .forEach(p -> list.add(project(p)));
            return Reply.ok(new JsonObject().put("projects", list));
        });
    }

    private void createProject(RoutingContext ctx) {
        requireAdmin(ctx, "identity:create_project");
        blocking.reply(ctx, () -> {
            JsonObject p = requireObject(JsonBody.object(ctx), "project");
            ProjectEntity created = identity.createProject(name(p, PROJECT_NAME_LENGTH),
                    JsonBody.optionalString(p, "description", DESCRIPTION_LENGTH));
            return Reply.of(201, new JsonObject().put("project", project(created)));
        });
    }

    private void createUser(RoutingContext ctx) {
        requireAdmin(ctx, "identity:create_user");
        blocking.reply(ctx, () -> {
            JsonObject u = requireObject(JsonBody.object(ctx), "user");
            UserEntity created = identity.createUser(name(u, USER_NAME_LENGTH), requireString(u, "password"),
                    optionalString(u, "default_project_id"));
            return Reply.of(201, new JsonObject().put("user", new JsonObject().put("id", created.id())
                    .put("name", created.name()).put("domain_id", created.domainId()).put("enabled", true)
                    .put("default_project_id", created.defaultProjectId())));
        });
    }

    private void assign(RoutingContext ctx) {
        requireAdmin(ctx, "identity:create_grant");
        blocking.reply(ctx, () -> {
            identity.assignRole(ctx.pathParam("project"), ctx.pathParam("user"), ctx.pathParam("role"));
            return Reply.noContent();
        });
    }

    /** Keystone's default policy for managing projects, users and grants: admin only, refused in its words. */
    private static void requireAdmin(RoutingContext ctx, String action) {
        if (!AuthFilter.of(ctx).isAdmin()) {
            throw notAuthorized(action);
        }
    }

    private static ApiException notAuthorized(String action) {
        return ApiException.forbidden("You are not authorized to perform the requested action: " + action + ".");
    }

    /** Keystone's names: 1 to {@code maxLength} characters, not all of them white space. */
    private static String name(JsonObject resource, int maxLength) {
        String name = JsonBody.requireString(resource, "name", maxLength);
        if (name.isBlank()) {
            throw ApiException.badRequest("Invalid input for field 'name': '" + name + "' does not match '[\\S]+'");
        }
        return name;
    }

    private static IdentityService.ProjectRef scope(JsonObject scope) {
        if (scope == null) {
            return null;
        }
        JsonObject project = optionalObject(scope, "project");
        if (project == null) {
            throw ApiException.badRequest("novalab supports project scope only");
        }
        JsonObject domain = optionalObject(project, "domain");
        return new IdentityService.ProjectRef(optionalString(project, "id"), optionalString(project, "name"),
                domain == null ? null : domainOf(domain));
    }

    private static String domainOf(JsonObject domain) {
        String id = optionalString(domain, "id");
        return id != null ? id : optionalString(domain, "name");
    }

    private static JsonObject project(ProjectEntity p) {
        return new JsonObject().put("id", p.id()).put("name", p.name()).put("domain_id", p.domainId())
                .put("description", p.description() == null ? "" : p.description()).put("enabled", p.enabled())
                .put("is_domain", false).put("parent_id", p.domainId());
    }

    private static JsonObject tokenBody(RoutingContext ctx, AuthContext c) {
        JsonObject domain = new JsonObject().put("id", IdentityService.DOMAIN_ID).put("name", IdentityService.DOMAIN_NAME);
        JsonArray roles = new JsonArray();
        c.roles().forEach(r -> roles.add(new JsonObject().put("id", r.id()).put("name", r.id())));
        JsonObject token = new JsonObject()
                .put("methods", new JsonArray().add(c.methods()))
                .put("user", new JsonObject().put("id", c.userId()).put("name", c.userName()).put("domain", domain)
                        .putNull("password_expires_at"))
                .put("audit_ids", new JsonArray().add(c.auditId()))
                .put("expires_at", KEYSTONE_TIME.format(c.expiresAt()))
                .put("issued_at", KEYSTONE_TIME.format(c.issuedAt()))
                .put("project", new JsonObject().put("id", c.projectId()).put("name", c.projectName()).put("domain", domain))
                .put("is_domain", false)
                .put("roles", roles)
                .put("catalog", Catalog.forBaseUrl(BaseUrl.of(ctx)));
        return new JsonObject().put("token", token);
    }

    private static JsonObject v3(RoutingContext ctx) {
        return new JsonObject().put("id", "v3.14").put("status", "stable").put("updated", "2020-04-07T00:00:00Z")
                .put("links", new JsonArray().add(new JsonObject().put("rel", "self")
                        .put("href", BaseUrl.of(ctx) + "/identity/v3/")))
                .put("media-types", new JsonArray().add(new JsonObject().put("base", "application/json")
                        .put("type", "application/vnd.openstack.identity-v3+json")));
    }

    private static JsonObject versions(RoutingContext ctx) {
        return new JsonObject().put("versions", new JsonObject().put("values", new JsonArray().add(v3(ctx))));
    }
}
