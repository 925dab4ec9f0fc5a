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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.Refs.DomainRef;
import org.novalab.api.identity.Refs.ProjectRef;
import org.novalab.api.identity.Refs.Scope;
import org.novalab.api.identity.Refs.UserRef;
import org.novalab.api.identity.catalog.CatalogRoutes;
import org.novalab.api.identity.catalog.EndpointGroupRoutes;
import org.novalab.api.identity.catalog.EndpointGroups;
import org.novalab.api.identity.catalog.ServiceCatalog;
import org.novalab.api.identity.credential.CredentialRoutes;
import org.novalab.api.identity.credential.CredentialSeal;
import org.novalab.api.identity.credential.Credentials;
import org.novalab.api.identity.credential.Ec2CredentialRoutes;
import org.novalab.api.identity.domainconfig.DomainConfigRoutes;
import org.novalab.api.identity.domainconfig.DomainConfigs;
import org.novalab.api.identity.appcred.ApplicationCredentialRoutes;
import org.novalab.api.identity.appcred.ApplicationCredentials;
import org.novalab.api.identity.oauth1.ConsumerRoutes;
import org.novalab.api.identity.policy.PolicyRoutes;

/**
 * Keystone v3 under {@code /identity}: discovery, tokens (issue, validate, check, revoke, the scopes a token may
 * take), and the domains, projects and users of {@link ResourceRoutes}, the groups of {@link GroupRoutes}, the roles
 * and role assignments of {@link RoleRoutes}, the grants of {@link GrantRoutes} and the service catalog of
 * {@link CatalogRoutes} and {@link EndpointGroupRoutes}, which every scoped token carries ({@link ServiceCatalog}),
 * the policies of
 * {@link PolicyRoutes}, and the credentials of {@link CredentialRoutes} and {@link Ec2CredentialRoutes}, their
 * blobs sealed with {@code credentialSeal}, as are the secrets of the OAuth1 consumers of {@link ConsumerRoutes} and
 * the sensitive options of the domain configurations of {@link DomainConfigRoutes}.
 */
public final class IdentityRoutes {
    private static final DateTimeFormatter KEYSTONE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private final IdentityService identity;
    private final Directory directory;
    private final Blocking blocking;
    private final AuthFilter auth;
    private final ResourceRoutes resources;
    private final GroupRoutes groups;
    private final RoleRoutes roles;
    private final GrantRoutes grants;
    private final CatalogRoutes catalogRoutes;
    private final EndpointGroupRoutes endpointGroups;
    private final ServiceCatalog catalog;
    private final PolicyRoutes policies;
    private final CredentialRoutes credentials;
    private final Ec2CredentialRoutes ec2Credentials;
    private final ConsumerRoutes consumers;
    private final DomainConfigRoutes domainConfigs;
    private final ApplicationCredentialRoutes applicationCredentials;

    public IdentityRoutes(IdentityService identity, Blocking blocking, AuthFilter auth, CredentialSeal credentialSeal) {
        this.identity = identity;
        this.directory = new Directory(identity);
        this.blocking = blocking;
        this.auth = auth.acceptingUnscoped();
        this.resources = new ResourceRoutes(directory, blocking, this.auth);
        this.groups = new GroupRoutes(new Groups(identity), blocking, this.auth);
        Grants grantsService = new Grants(identity);
        this.roles = new RoleRoutes(new Roles(identity), new RoleInferences(identity), grantsService, blocking,
                this.auth);
        this.grants = new GrantRoutes(grantsService, blocking, this.auth);
        this.catalogRoutes = new CatalogRoutes(identity.store(), blocking, this.auth);
        this.catalog = new ServiceCatalog(identity.store());
        this.endpointGroups = new EndpointGroupRoutes(new EndpointGroups(identity.store()), blocking, this.auth);
        this.policies = new PolicyRoutes(identity.store(), blocking, this.auth);
        Credentials credentialsService = new Credentials(identity.store(), credentialSeal);
        this.credentials = new CredentialRoutes(credentialsService, blocking, this.auth);
        this.ec2Credentials = new Ec2CredentialRoutes(credentialsService, identity, blocking, this.auth);
        this.consumers = new ConsumerRoutes(identity.store(), credentialSeal, blocking, this.auth);
        this.domainConfigs = new DomainConfigRoutes(new DomainConfigs(identity.store(), credentialSeal), blocking,
                this.auth);
        this.applicationCredentials = new ApplicationCredentialRoutes(
                new ApplicationCredentials(identity.store(), identity.clock()),
                id -> identity.store().read(s -> {
                    RoleEntity role = s.get(RoleEntity.class, id);
                    return role == null ? null : role.name();
                }), blocking, this.auth);
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
        router.delete("/identity/v3/auth/tokens").handler(auth).handler(this::revoke);
        router.get("/identity/v3/auth/projects").handler(auth).handler(this::availableProjects);
        router.get("/identity/v3/auth/domains").handler(auth).handler(this::availableDomains);
        router.get("/identity/v3/auth/catalog").handler(auth).handler(this::catalog);
        // before the domains' own routes: /domains/config/default is no domain's
        domainConfigs.mount(router);
        resources.mount(router);
        groups.mount(router);
        roles.mount(router);
        grants.mount(router);
        catalogRoutes.mount(router);
        endpointGroups.mount(router);
        policies.mount(router);
        credentials.mount(router);
        ec2Credentials.mount(router);
        consumers.mount(router);
        applicationCredentials.mount(router);
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
            Scope scope = scope(optionalObject(authBody, "scope"));
            String method = String.valueOf(methods.getValue(0));
            IdentityService.IssuedToken issued = switch (method) {
                case "password" -> {
                    JsonObject user = requireObject(requireObject(ident, "password"), "user");
                    UserRef ref = new UserRef(optionalString(user, "id"), optionalString(user, "name"),
                            domainOf(optionalObject(user, "domain")));
                    if (ref.id() == null && ref.name() == null) {
                        throw ApiException.badRequest("auth.identity.password.user needs an 'id' or a 'name'");
                    }
                    yield identity.authenticatePassword(ref, optionalString(user, "password"), scope);
                }
                case "token" -> identity.authenticateToken(requireString(requireObject(ident, "token"), "id"), scope);
                case "application_credential" -> {
                    JsonObject credential = requireObject(ident, "application_credential");
                    JsonObject user = optionalObject(credential, "user");
                    UserRef owner = user == null ? null : new UserRef(optionalString(user, "id"),
                            optionalString(user, "name"), domainOf(optionalObject(user, "domain")));
                    String id = optionalString(credential, "id");
                    if (id == null && (optionalString(credential, "name") == null || owner == null)) {
                        throw ApiException.badRequest("auth.identity.application_credential needs an 'id', or a "
                                + "'name' and its 'user'");
                    }
                    yield identity.authenticateApplicationCredential(id, optionalString(credential, "name"), owner,
                            optionalString(credential, "secret"), scope);
                }
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
            AuthContext context = subject(caller, subject, action);
            return withBody ? Reply.ok(tokenBody(ctx, context)).withHeader("X-Subject-Token", subject)
                    : new Reply(200, null, Map.of("X-Subject-Token", subject));
        });
    }

    /** {@code DELETE /v3/auth/tokens}: the subject token is refused from then on (its own user or an admin). */
    private void revoke(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        String subject = ctx.request().getHeader("X-Subject-Token");
        blocking.reply(ctx, () -> {
            subject(caller, subject, "identity:revoke_token");
            identity.revoke(subject);
            return Reply.noContent();
        });
    }

    private AuthContext subject(AuthContext caller, String subject, String action) {
        AuthContext context;
        try {
            context = identity.validate(subject);
        } catch (ApiException e) {
            throw ApiException.notFound("Could not find token: the subject token is invalid, revoked or expired.");
        }
        if (!caller.isAdmin() && !caller.userId().equals(context.userId())) {
            throw KeystonePolicy.refused(action);
        }
        return context;
    }

    /** The projects the caller's user may scope a token to: enabled ones it holds a role on, directly or not. */
    private void availableProjects(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("projects", directory.projectsOf(caller.userId(),
                    Filter.of("enabled", true)), json::project));
        });
    }

    /** The domains the caller's user may scope a token to: enabled ones it or one of its groups holds a role on. */
    private void availableDomains(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("domains", directory.domainsOf(caller.userId(),
                    Filter.of("enabled", true)), json::domain));
        });
    }

    /** The catalog of the caller's token, which Keystone gives only for a project-scoped one. */
    private void catalog(RoutingContext ctx) {
        if (!AuthFilter.of(ctx).scoped()) {
            throw ApiException.forbidden("A project-scoped token is required to produce a service catalog.");
        }
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("catalog", catalogOf(ctx, caller))
                .put("links", new JsonObject().put("self", BaseUrl.of(ctx) + "/identity/v3/auth/catalog"))));
    }

    private static Scope scope(JsonObject scope) {
        if (scope == null) {
            return Scope.NONE;
        }
        JsonObject project = optionalObject(scope, "project");
        if (project != null) {
            ProjectRef ref = new ProjectRef(optionalString(project, "id"), optionalString(project, "name"),
                    domainOf(optionalObject(project, "domain")));
            if (ref.id() == null && ref.name() == null) {
                throw ApiException.badRequest("scope.project needs an 'id' or a 'name'");
            }
            return new Scope(ref, null, false);
        }
        JsonObject domain = optionalObject(scope, "domain");
        if (domain != null) {
            return new Scope(null, domainOf(domain), false);
        }
        if (scope.containsKey("system")) {
            return new Scope(null, null, true);
        }
        throw ApiException.badRequest("A scope names a project, a domain or the system");
    }

    private static DomainRef domainOf(JsonObject domain) {
        return domain == null ? null : new DomainRef(optionalString(domain, "id"), optionalString(domain, "name"));
    }

    private JsonArray catalogOf(RoutingContext ctx, AuthContext c) {
        return catalog.forToken(BaseUrl.of(ctx), c.userId(), c.projectId());
    }

    private JsonObject tokenBody(RoutingContext ctx, AuthContext c) {
        JsonObject token = new JsonObject()
                .put("methods", new JsonArray(c.methods()))
                .put("user", new JsonObject().put("id", c.userId()).put("name", c.userName())
                        .put("domain", ref(c.userDomain())).putNull("password_expires_at"))
                .put("audit_ids", new JsonArray().add(c.auditId()))
                .put("expires_at", KEYSTONE_TIME.format(c.expiresAt()))
                .put("issued_at", KEYSTONE_TIME.format(c.issuedAt()));
        if (!c.unscoped()) {
            JsonArray roles = new JsonArray();
            c.roles().forEach(r -> roles.add(ref(r)));
            if (c.scoped()) {
                token.put("project", ref(c.project()).put("domain", ref(c.projectDomain()))).put("is_domain", false);
            } else if (c.domainScoped()) {
                token.put("domain", ref(c.domain()));
            } else {
                token.put("system", new JsonObject().put("all", true));
            }
            token.put("roles", roles).put("catalog", catalogOf(ctx, c));
        }
        if (c.applicationCredential() != null) {
            AuthContext.ApplicationCredential credential = c.applicationCredential();
            token.put("application_credential", new JsonObject().put("id", credential.id())
                    .put("name", credential.name()).put("restricted", credential.restricted()));
        }
        return new JsonObject().put("token", token);
    }

    private static JsonObject ref(AuthContext.Ref r) {
        return new JsonObject().put("id", r.id()).put("name", r.name());
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
