package org.novalab.api.identity;

import static org.novalab.api.identity.KeystoneRequests.query;
import static org.novalab.api.identity.KeystoneRequests.queryBoolean;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;

/**
 * Keystone v3's roles ({@code /v3/roles}), grants of a role to a user on a project
 * ({@code PUT/HEAD/GET/DELETE /v3/projects/{p}/users/{u}/roles[/{r}]}) and {@code GET /v3/role_assignments}.
 */
final class RoleRoutes {
    private static final String V3 = "/identity/v3";
    private static final String GRANT = V3 + "/projects/:project/users/:user/roles";
    private final Grants grants;
    private final Blocking blocking;
    private final AuthFilter auth;

    RoleRoutes(Grants grants, Blocking blocking, AuthFilter auth) {
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

        router.get(GRANT).handler(auth).handler(this::listGrants);
        router.put(GRANT + "/:role").handler(auth).handler(this::grant);
        router.route(HttpMethod.HEAD, GRANT + "/:role").handler(auth).handler(this::checkGrant);
        router.get(GRANT + "/:role").handler(auth).handler(this::checkGrant);
        router.delete(GRANT + "/:role").handler(auth).handler(this::revoke);

        router.get(V3 + "/role_assignments").handler(auth).handler(this::listAssignments);
    }

    private void listRoles(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:list_roles");
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            List<RoleEntity> roles = query(ctx, "domain_id") != null ? List.of() : grants.roles(query(ctx, "name"));
            return Reply.ok(json.collection("roles", roles, json::role));
        });
    }

    private void showRole(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:get_role");
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("role",
                KeystoneJson.of(ctx).role(grants.role(ctx.pathParam("role"))))));
    }

    private void createRole(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_role");
        blocking.reply(ctx, () -> {
            String[] fields = KeystoneRequests.role(KeystoneRequests.resource(ctx, "role"), true);
            return Reply.of(201, new JsonObject().put("role",
                    KeystoneJson.of(ctx).role(grants.createRole(fields[0], fields[1]))));
        });
    }

    private void updateRole(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_role");
        blocking.reply(ctx, () -> {
            String[] fields = KeystoneRequests.role(KeystoneRequests.resource(ctx, "role"), false);
            return Reply.ok(new JsonObject().put("role",
                    KeystoneJson.of(ctx).role(grants.updateRole(ctx.pathParam("role"), fields[0], fields[1]))));
        });
    }

    private void deleteRole(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_role");
        blocking.reply(ctx, () -> {
            grants.deleteRole(ctx.pathParam("role"));
            return Reply.noContent();
        });
    }

    private void listGrants(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:list_grants");
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("roles", grants.rolesOn(ctx.pathParam("project"), ctx.pathParam("user")),
                    json::role));
        });
    }

    private void grant(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_grant");
        blocking.reply(ctx, () -> {
            grants.grant(ctx.pathParam("project"), ctx.pathParam("user"), ctx.pathParam("role"));
            return Reply.noContent();
        });
    }

    private void checkGrant(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:check_grant");
        blocking.reply(ctx, () -> {
            grants.checkGrant(ctx.pathParam("project"), ctx.pathParam("user"), ctx.pathParam("role"));
            return Reply.noContent();
        });
    }

    private void revoke(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:revoke_grant");
        blocking.reply(ctx, () -> {
            grants.revoke(ctx.pathParam("project"), ctx.pathParam("user"), ctx.pathParam("role"));
            return Reply.noContent();
        });
    }

    /**
     * Keystone's filters: {@code user.id}, {@code scope.project.id}, {@code role.id}, {@code effective} (implied
     * roles too), {@code include_names}. Groups, domains and the system hold no roles in novalab, so asking for
     * them lists nothing.
     */
    private void listAssignments(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:list_role_assignments");
        if (query(ctx, "group.id") != null && Boolean.TRUE.equals(queryBoolean(ctx, "effective"))) {
            throw ApiException.badRequest("Combining effective and group filter will always result in an empty list.");
        }
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            boolean elsewhere = query(ctx, "group.id") != null || query(ctx, "scope.domain.id") != null
                    || query(ctx, "scope.system") != null;
            List<Grants.Assignment> found = elsewhere ? List.of() : grants.assignments(new Grants.AssignmentQuery(
                    query(ctx, "user.id"), query(ctx, "scope.project.id"), query(ctx, "role.id"),
                    Boolean.TRUE.equals(queryBoolean(ctx, "effective"))));
            List<Grants.Names> names = Boolean.TRUE.equals(queryBoolean(ctx, "include_names"))
                    ? grants.names(found) : null;
            JsonArray array = new JsonArray();
            for (int i = 0; i < found.size(); i++) {
                array.add(json.assignment(found.get(i), names == null ? null : names.get(i)));
            }
            JsonObject body = json.collection("role_assignments", List.of(), a -> null).put("role_assignments", array);
            return Reply.ok(body);
        });
    }
}
