package org.novalab.api.identity;

import static org.novalab.api.identity.KeystoneRequests.query;
import static org.novalab.api.identity.KeystoneRequests.queryBoolean;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.Assignment.Target;
import org.novalab.api.identity.RoleAssignments.RoleAssignment;

/**
 * Keystone v3's roles ({@code /v3/roles}, global and domain-specific), role inference rules
 * ({@code /v3/roles/{prior}/implies[/{implied}]}, {@code /v3/role_inferences}) and {@code GET /v3/role_assignments}.
 * The grants themselves are {@link GrantRoutes}'.
 */
final class RoleRoutes {
    private static final String V3 = "/identity/v3";
    private static final String RULE = V3 + "/roles/:prior/implies/:implied";
    private final Roles roles;
    private final RoleInferences inferences;
    private final Grants grants;
    private final Blocking blocking;
    private final AuthFilter auth;

    RoleRoutes(Roles roles, RoleInferences inferences, Grants grants, Blocking blocking, AuthFilter auth) {
        this.roles = roles;
        this.inferences = inferences;
        this.grants = grants;
        this.blocking = blocking;
        this.auth = auth;
    }

    void mount(Router router) {
        router.get(V3 + "/roles").handler(auth).handler(this::listRoles);
        router.post(V3 + "/roles").handler(auth).handler(this::createRole);
        router.get(V3 + "/roles/:role").handler(auth).handler(this::showRole);
        router.patch(V3 + "/roles/:role").handler(auth).handler(this::updateRole);
        router.delete(V3 + "/roles/:role").handler(auth).handler(this::deleteRole);

        router.get(V3 + "/roles/:prior/implies").handler(auth).handler(this::listImplied);
        router.put(RULE).handler(auth).handler(this::createRule);
        router.get(RULE).handler(auth).handler(this::showRule);
        router.route(HttpMethod.HEAD, RULE).handler(auth).handler(this::checkRule);
        router.delete(RULE).handler(auth).handler(this::deleteRule);
        router.get(V3 + "/role_inferences").handler(auth).handler(this::listRules);

        router.get(V3 + "/role_assignments").handler(auth).handler(this::listAssignments);
    }

    // ---- roles

    /** Without {@code domain_id}, the global roles, as Keystone lists them; with it, that domain's. */
    private void listRoles(RoutingContext ctx) {
        String domainId = query(ctx, "domain_id");
        KeystonePolicy.admin(ctx, domainId == null ? "identity:list_roles" : "identity:list_domain_roles");
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("roles", roles.roles(query(ctx, "name"), domainId), json::role));
        });
    }

    private void showRole(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:get_role");
        blocking.reply(ctx, () -> Reply.ok(one(ctx, roles.role(ctx.pathParam("role")))));
    }

    private void createRole(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            Roles.RoleFields fields = KeystoneRequests.role(KeystoneRequests.resource(ctx, "role"), true);
            KeystonePolicy.admin(ctx, fields.domainId() == null ? "identity:create_role"
                    : "identity:create_domain_role");
            return Reply.of(201, one(ctx, roles.create(fields)));
        });
    }

    private void updateRole(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_role");
        blocking.reply(ctx, () -> Reply.ok(one(ctx, roles.update(ctx.pathParam("role"),
                KeystoneRequests.role(KeystoneRequests.resource(ctx, "role"), false)))));
    }

    private void deleteRole(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_role");
        blocking.reply(ctx, () -> {
            roles.delete(ctx.pathParam("role"));
            return Reply.noContent();
        });
    }

    private static JsonObject one(RoutingContext ctx, RoleEntity r) {
        return new JsonObject().put("role", KeystoneJson.of(ctx).role(r));
    }

    // ---- role inference rules

    private void listImplied(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:list_implied_roles");
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            String prior = ctx.pathParam("prior");
            JsonArray implies = new JsonArray();
            inferences.impliedBy(prior).forEach(r -> implies.add(json.ruleRole(r)));
            return Reply.ok(new JsonObject().put("role_inference", new JsonObject()
                    .put("prior_role", json.ruleRole(roles.role(prior))).put("implies", implies))
                    .put("links", new JsonObject().put("self", json.url("roles", prior) + "/implies")));
        });
    }

    private void createRule(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_implied_role");
        blocking.reply(ctx, () -> Reply.of(201, rule(ctx,
                inferences.create(ctx.pathParam("prior"), ctx.pathParam("implied")))));
    }

    private void showRule(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:get_implied_role");
        blocking.reply(ctx, () -> Reply.ok(rule(ctx, inferences.rule(ctx.pathParam("prior"), ctx.pathParam("implied")))));
    }

    /** Keystone answers 204 here, not the 200 of a HEAD beside a GET. */
    private void checkRule(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:check_implied_role");
        blocking.reply(ctx, () -> {
            inferences.rule(ctx.pathParam("prior"), ctx.pathParam("implied"));
            return Reply.noContent();
        });
    }

    private void deleteRule(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_implied_role");
        blocking.reply(ctx, () -> {
            inferences.delete(ctx.pathParam("prior"), ctx.pathParam("implied"));
            return Reply.noContent();
        });
    }

    private void listRules(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:list_role_inference_rules");
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            JsonArray rules = new JsonArray();
            inferences.all().forEach((prior, implied) -> {
                JsonArray implies = new JsonArray();
                implied.forEach(r -> implies.add(json.ruleRole(r)));
                rules.add(new JsonObject().put("prior_role", json.ruleRole(prior)).put("implies", implies));
            });
            return Reply.ok(new JsonObject().put("role_inferences", rules));
        });
    }

    private static JsonObject rule(RoutingContext ctx, RoleInferences.Rule rule) {
        KeystoneJson json = KeystoneJson.of(ctx);
        return new JsonObject().put("role_inference", new JsonObject().put("prior_role", json.ruleRole(rule.prior()))
                .put("implies", json.ruleRole(rule.implied()))).put("links", new JsonObject().put("self",
                json.url("roles", rule.prior().id()) + "/implies/" + rule.implied().id()));
    }

    // ---- role assignments

    /**
     * Keystone's filters: {@code user.id} or {@code group.id}; {@code scope.project.id}, {@code scope.domain.id} or
     * {@code scope.system=all}; {@code role.id}; {@code scope.OS-INHERIT:inherited_to=projects}; {@code effective}
     * (groups expanded to their members, inherited roles to the projects below, implied roles added, domain roles
     * left out); {@code include_names}.
     */
    private void listAssignments(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:list_role_assignments");
        RoleAssignments.Query q = assignmentQuery(ctx);
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            List<RoleAssignment> found = grants.assignments(q);
            Map<String, Grants.Named> names = Boolean.TRUE.equals(queryBoolean(ctx, "include_names"))
                    ? grants.names(found) : null;
            return Reply.ok(json.collection("role_assignments", found, a -> json.assignment(a, names)));
        });
    }

    private static RoleAssignments.Query assignmentQuery(RoutingContext ctx) {
        String user = query(ctx, "user.id");
        String group = query(ctx, "group.id");
        String project = query(ctx, "scope.project.id");
        String domain = query(ctx, "scope.domain.id");
        boolean system = "all".equals(query(ctx, "scope.system"));
        boolean effective = Boolean.TRUE.equals(queryBoolean(ctx, "effective"));
        String inheritedTo = ctx.request().getParam("scope.OS-INHERIT:inherited_to");
        Boolean inherited = inheritedTo == null ? null : inheritedTo.equals("projects");
        if (project != null && domain != null) {
            throw ApiException.badRequest("Specify a domain or project, not both");
        }
        if (system && domain != null) {
            throw ApiException.badRequest("Specify system or domain, not both");
        }
        if (system && project != null) {
            throw ApiException.badRequest("Specify system or project, not both");
        }
        if (user != null && group != null) {
            throw ApiException.badRequest("Specify a user or group, not both");
        }
        if (effective && group != null) {
            throw ApiException.badRequest("Combining effective and group filter will always result in an empty list.");
        }
        if (effective && Boolean.TRUE.equals(inherited) && domain != null) {
            throw ApiException.badRequest("Combining effective, domain and inherited filters will always result in "
                    + "an empty list.");
        }
        Target target = project != null ? Target.project(project) : domain != null ? Target.domain(domain)
                : system ? Target.SYSTEM : null;
        return new RoleAssignments.Query(user, group, target, query(ctx, "role.id"), inherited, effective);
    }
}
