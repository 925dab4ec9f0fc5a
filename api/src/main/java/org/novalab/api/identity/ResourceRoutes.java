package org.novalab.api.identity;

import static org.novalab.api.identity.KeystoneRequests.query;
import static org.novalab.api.identity.KeystoneRequests.queryBoolean;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;

/**
 * Keystone v3's domains, projects and users under {@code /identity/v3}: list (with filters), show, create, PATCH,
 * delete. The projects API answers for domains too, as projects acting as domains ({@link DomainProjects}).
 */
final class ResourceRoutes {
    private static final String V3 = "/identity/v3";
    private final Directory directory;
    private final DomainProjects domainProjects;
    private final Blocking blocking;
    private final AuthFilter auth;
    private final ProjectTagRoutes tags;

    ResourceRoutes(Directory directory, Blocking blocking, AuthFilter auth) {
        this.tags = new ProjectTagRoutes(directory, blocking, auth);
        this.directory = directory;
        this.domainProjects = new DomainProjects(directory);
        this.blocking = blocking;
        this.auth = auth;
    }

    void mount(Router router) {
        router.get(V3 + "/domains").handler(auth).handler(this::listDomains);
        router.post(V3 + "/domains").handler(auth).handler(this::createDomain);
        router.get(V3 + "/domains/:domain").handler(auth).handler(this::showDomain);
        router.patch(V3 + "/domains/:domain").handler(auth).handler(this::updateDomain);
        router.delete(V3 + "/domains/:domain").handler(auth).handler(this::deleteDomain);

        // before /projects/:project: its tags are a collection of their own
        tags.mount(router);
        router.get(V3 + "/projects").handler(auth).handler(this::listProjects);
        router.post(V3 + "/projects").handler(auth).handler(this::createProject);
        router.get(V3 + "/projects/:project").handler(auth).handler(this::showProject);
        router.patch(V3 + "/projects/:project").handler(auth).handler(this::updateProject);
        router.delete(V3 + "/projects/:project").handler(auth).handler(this::deleteProject);

        router.get(V3 + "/users").handler(auth).handler(this::listUsers);
        router.post(V3 + "/users").handler(auth).handler(this::createUser);
        router.get(V3 + "/users/:user").handler(auth).handler(this::showUser);
        router.patch(V3 + "/users/:user").handler(auth).handler(this::updateUser);
        router.delete(V3 + "/users/:user").handler(auth).handler(this::deleteUser);
        router.post(V3 + "/users/:user/password").handler(this::changePassword);
        router.get(V3 + "/users/:user/projects").handler(auth).handler(this::userProjects);
    }

    // ---- domains

    private void listDomains(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:list_domains");
        Filter filter = Filter.of("name", query(ctx, "name"), "enabled", queryBoolean(ctx, "enabled"));
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("domains", directory.domains(filter), json::domain));
        });
    }

    private void showDomain(RoutingContext ctx) {
        KeystonePolicy.adminOrOwnDomain(ctx, "identity:get_domain", ctx.pathParam("domain"));
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("domain",
                KeystoneJson.of(ctx).domain(directory.domain(ctx.pathParam("domain"))))));
    }

    private void createDomain(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_domain");
        blocking.reply(ctx, () -> {
            DomainEntity d = directory.createDomain(KeystoneRequests.domain(KeystoneRequests.resource(ctx, "domain"), true));
            return Reply.of(201, new JsonObject().put("domain", KeystoneJson.of(ctx).domain(d)));
        });
    }

    private void updateDomain(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_domain");
        blocking.reply(ctx, () -> {
            DomainEntity d = directory.updateDomain(ctx.pathParam("domain"),
                    KeystoneRequests.domain(KeystoneRequests.resource(ctx, "domain"), false));
            return Reply.ok(new JsonObject().put("domain", KeystoneJson.of(ctx).domain(d)));
        });
    }

    private void deleteDomain(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_domain");
        blocking.reply(ctx, () -> {
            directory.deleteDomain(ctx.pathParam("domain"));
            return Reply.noContent();
        });
    }

    // ---- projects

    /** {@code is_domain=true} lists the projects acting as domains; without it, or false, the others. */
    private void listProjects(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:list_projects");
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            if (Boolean.TRUE.equals(queryBoolean(ctx, "is_domain"))) {
                return Reply.ok(json.collection("projects", domainProjects.list(query(ctx, "name"),
                        queryBoolean(ctx, "enabled"), query(ctx, "domain_id"), query(ctx, "parent_id")),
                        json::domainAsProject));
            }
            ProjectTags.Filter tagged = ProjectTags.Filter.of(query(ctx, "tags"), query(ctx, "tags-any"),
                    query(ctx, "not-tags"), query(ctx, "not-tags-any"));
            return Reply.ok(json.collection("projects", directory.projects(projectFilter(ctx)).stream()
                    .filter(p -> tagged.matches(p.tags())).toList(), json::project));
        });
    }

    /** Keystone's project filters; a top-level project's parent is its domain, which {@code parent_id} may name. */
    private Filter projectFilter(RoutingContext ctx) {
        String parent = query(ctx, "parent_id");
        String domainId = query(ctx, "domain_id");
        Object parentValue = parent;
        if (parent != null && directory.domains(Filter.of("id", parent)).size() == 1) {
            parentValue = Filter.UNSET;
            domainId = domainId == null || domainId.equals(parent) ? parent : domainId;
        }
        return Filter.of("name", query(ctx, "name"), "domainId", domainId,
                "enabled", queryBoolean(ctx, "enabled"), "parentId", parentValue);
    }

    private void showProject(RoutingContext ctx) {
        String id = ctx.pathParam("project");
        KeystonePolicy.adminOrScopedProject(ctx, "identity:get_project", id);
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(new JsonObject().put("project", domainProjects.isDomain(id)
                    ? json.domainAsProject(directory.domain(id)) : json.project(directory.project(id))));
        });
    }

    private void createProject(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_project");
        blocking.reply(ctx, () -> {
            Directory.ProjectFields fields = KeystoneRequests.project(KeystoneRequests.resource(ctx, "project"), true);
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.of(201, new JsonObject().put("project", Boolean.TRUE.equals(fields.isDomain())
                    ? json.domainAsProject(domainProjects.create(fields))
                    : json.project(directory.createProject(fields))));
        });
    }

    private void updateProject(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_project");
        blocking.reply(ctx, () -> {
            String id = ctx.pathParam("project");
            Directory.ProjectFields fields = KeystoneRequests.project(KeystoneRequests.resource(ctx, "project"), false);
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(new JsonObject().put("project", domainProjects.isDomain(id)
                    ? json.domainAsProject(domainProjects.update(id, fields))
                    : json.project(directory.updateProject(id, fields))));
        });
    }

    private void deleteProject(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_project");
        blocking.reply(ctx, () -> {
            String id = ctx.pathParam("project");
            if (domainProjects.isDomain(id)) {
                domainProjects.delete(id);
            } else {
                directory.deleteProject(id);
            }
            return Reply.noContent();
        });
    }

    // ---- users

    private void listUsers(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:list_users");
        Filter filter = Filter.of("name", query(ctx, "name"), "domainId", query(ctx, "domain_id"),
                "enabled", queryBoolean(ctx, "enabled"));
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("users", directory.users(filter), json::user));
        });
    }

    private void showUser(RoutingContext ctx) {
        KeystonePolicy.adminOrUser(ctx, "identity:get_user", ctx.pathParam("user"));
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("user",
                KeystoneJson.of(ctx).user(directory.user(ctx.pathParam("user"))))));
    }

    private void createUser(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_user");
        blocking.reply(ctx, () -> {
            UserEntity u = directory.createUser(KeystoneRequests.user(KeystoneRequests.resource(ctx, "user"), true));
            return Reply.of(201, new JsonObject().put("user", KeystoneJson.of(ctx).user(u)));
        });
    }

    private void updateUser(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_user");
        blocking.reply(ctx, () -> {
            UserEntity u = directory.updateUser(ctx.pathParam("user"),
                    KeystoneRequests.user(KeystoneRequests.resource(ctx, "user"), false));
            return Reply.ok(new JsonObject().put("user", KeystoneJson.of(ctx).user(u)));
        });
    }

    private void deleteUser(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_user");
        blocking.reply(ctx, () -> {
            directory.deleteUser(ctx.pathParam("user"));
            return Reply.noContent();
        });
    }

    /**
     * A change of password, proved by the original one alone, as in Keystone (which enforces no policy here, so a
     * user whose token is gone can still do it); the user's tokens end.
     */
    private void changePassword(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            JsonObject u = KeystoneRequests.resource(ctx, "user");
            JsonBody.allowOnly(u, java.util.Set.of("password", "original_password"), "user");
            directory.changePassword(ctx.pathParam("user"), JsonBody.requireString(u, "original_password"),
                    JsonBody.requireString(u, "password", KeystoneRequests.PASSWORD_LENGTH));
            return Reply.noContent();
        });
    }

    private void userProjects(RoutingContext ctx) {
        KeystonePolicy.adminOrUser(ctx, "identity:list_user_projects", ctx.pathParam("user"));
        Filter filter = Filter.of("name", query(ctx, "name"), "domainId", query(ctx, "domain_id"),
                "enabled", queryBoolean(ctx, "enabled"));
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("projects", directory.projectsOf(ctx.pathParam("user"), filter),
                    json::project));
        });
    }
}
