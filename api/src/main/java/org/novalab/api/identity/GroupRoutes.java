package org.novalab.api.identity;

import static org.novalab.api.identity.KeystoneRequests.query;
import static org.novalab.api.identity.KeystoneRequests.queryBoolean;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;

/**
 * Keystone v3's groups under {@code /identity/v3}: {@code /groups} (list with {@code name}, {@code domain_id}; show,
 * create, PATCH, delete), their members ({@code /groups/{g}/users[/{u}]}: list, PUT, HEAD/GET, DELETE) and a user's
 * groups ({@code /users/{u}/groups}). An admin manages them; a user may list its own groups.
 */
final class GroupRoutes {
    private static final String V3 = "/identity/v3";
    private static final String MEMBER = V3 + "/groups/:group/users/:user";
    private final Groups groups;
    private final Blocking blocking;
    private final AuthFilter auth;

    GroupRoutes(Groups groups, Blocking blocking, AuthFilter auth) {
        this.groups = groups;
        this.blocking = blocking;
        this.auth = auth;
    }

    void mount(Router router) {
        router.get(V3 + "/groups").handler(auth).handler(this::list);
        router.post(V3 + "/groups").handler(auth).handler(this::create);
        router.get(V3 + "/groups/:group").handler(auth).handler(this::show);
        router.patch(V3 + "/groups/:group").handler(auth).handler(this::update);
        router.delete(V3 + "/groups/:group").handler(auth).handler(this::delete);

        router.get(V3 + "/groups/:group/users").handler(auth).handler(this::members);
        router.put(MEMBER).handler(auth).handler(this::add);
        router.route(HttpMethod.HEAD, MEMBER).handler(auth).handler(this::check);
        router.get(MEMBER).handler(auth).handler(this::check);
        router.delete(MEMBER).handler(auth).handler(this::remove);

        router.get(V3 + "/users/:user/groups").handler(auth).handler(this::groupsOfUser);
    }

    private void list(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:list_groups");
        Filter filter = Filter.of("name", query(ctx, "name"), "domainId", query(ctx, "domain_id"));
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("groups", groups.groups(filter), json::group));
        });
    }

    private void show(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:get_group");
        blocking.reply(ctx, () -> Reply.ok(one(ctx, groups.group(ctx.pathParam("group")))));
    }

    private void create(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_group");
        blocking.reply(ctx, () -> Reply.of(201, one(ctx, groups.create(
                KeystoneRequests.group(KeystoneRequests.resource(ctx, "group"), true)))));
    }

    private void update(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_group");
        blocking.reply(ctx, () -> Reply.ok(one(ctx, groups.update(ctx.pathParam("group"),
                KeystoneRequests.group(KeystoneRequests.resource(ctx, "group"), false)))));
    }

    private void delete(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_group");
        blocking.reply(ctx, () -> {
            groups.delete(ctx.pathParam("group"));
            return Reply.noContent();
        });
    }

    private void members(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:list_users_in_group");
        Filter filter = Filter.of("name", query(ctx, "name"), "domainId", query(ctx, "domain_id"),
                "enabled", queryBoolean(ctx, "enabled"));
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("users", groups.members(ctx.pathParam("group"), filter), json::user));
        });
    }

    private void add(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:add_user_to_group");
        blocking.reply(ctx, () -> {
            groups.add(ctx.pathParam("group"), ctx.pathParam("user"));
            return Reply.noContent();
        });
    }

    private void check(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:check_user_in_group");
        blocking.reply(ctx, () -> {
            groups.check(ctx.pathParam("group"), ctx.pathParam("user"));
            return Reply.noContent();
        });
    }

    private void remove(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:remove_user_from_group");
        blocking.reply(ctx, () -> {
            groups.remove(ctx.pathParam("group"), ctx.pathParam("user"));
            return Reply.noContent();
        });
    }

    /** The user's groups; Keystone adds {@code membership_expires_at} (null: novalab's memberships do not expire). */
    private void groupsOfUser(RoutingContext ctx) {
        KeystonePolicy.adminOrUser(ctx, "identity:list_groups_for_user", ctx.pathParam("user"));
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("groups", groups.groupsOf(ctx.pathParam("user")),
                    g -> json.group(g).putNull("membership_expires_at")));
        });
    }

    private static JsonObject one(RoutingContext ctx, GroupEntity g) {
        return new JsonObject().put("group", KeystoneJson.of(ctx).group(g));
    }
}
