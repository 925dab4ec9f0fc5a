package org.novalab.api.identity;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.Assignment.Actor;
import org.novalab.api.identity.Assignment.Target;

/**
 * Keystone v3's grants, one set of routes for each target and actor: {@code /projects/{p}} and {@code /domains/{d}},
 * then {@code /users/{u}} or {@code /groups/{g}}, then {@code /roles} (GET: the roles granted there) and
 * {@code /roles/{r}} (PUT grants, HEAD and GET check, DELETE revokes); {@code /system/users/{u}/roles[/{r}]} and
 * {@code /system/groups/{g}/roles[/{r}]} for the system. An admin's, as Keystone's policy has it.
 */
final class GrantRoutes {
    private static final String V3 = "/identity/v3";
    private final Grants grants;
    private final Blocking blocking;
    private final AuthFilter auth;

    GrantRoutes(Grants grants, Blocking blocking, AuthFilter auth) {
        this.grants = grants;
        this.blocking = blocking;
        this.auth = auth;
    }

    /** Keystone's policy rules for one kind of target. */
    private record Rules(String list, String create, String check, String revoke) {
        static final Rules ON_PROJECT_OR_DOMAIN = new Rules("identity:list_grants", "identity:create_grant",
                "identity:check_grant", "identity:revoke_grant");

        static Rules onSystemFor(String actor) {
            return new Rules("identity:list_system_grants_for_" + actor, "identity:create_system_grant_for_" + actor,
                    "identity:check_system_grant_for_" + actor, "identity:revoke_system_grant_for_" + actor);
        }
    }

    void mount(Router router) {
        for (Actor.Kind actor : Actor.Kind.values()) {
            for (Target.Kind target : new Target.Kind[] {Target.Kind.PROJECT, Target.Kind.DOMAIN}) {
                mount(router, V3 + "/" + target.word() + "s/:target/" + actor.word() + "s/:actor/roles",
                        ctx -> new Target(target, ctx.pathParam("target")), actor, Rules.ON_PROJECT_OR_DOMAIN);
            }
            mount(router, V3 + "/system/" + actor.word() + "s/:actor/roles", ctx -> Target.SYSTEM, actor,
                    Rules.onSystemFor(actor.word()));
        }
    }

    private void mount(Router router, String roles, Function<RoutingContext, Target> target, Actor.Kind actor,
            Rules rules) {
        Function<RoutingContext, Assignment> grant = ctx -> new Assignment(new Actor(actor, ctx.pathParam("actor")),
                target.apply(ctx), ctx.pathParam("role"), false);
        router.get(roles).handler(auth).handler(ctx -> {
            KeystonePolicy.admin(ctx, rules.list());
            blocking.reply(ctx, () -> {
                KeystoneJson json = KeystoneJson.of(ctx);
                return Reply.ok(json.collection("roles", grants.rolesOn(target.apply(ctx),
                        new Actor(actor, ctx.pathParam("actor")), false), json::role));
            });
        });
        router.put(roles + "/:role").handler(auth).handler(ctx -> {
            KeystonePolicy.admin(ctx, rules.create());
            blocking.reply(ctx, () -> {
                grants.grant(grant.apply(ctx));
                return Reply.noContent();
            });
        });
        for (HttpMethod check : new HttpMethod[] {HttpMethod.HEAD, HttpMethod.GET}) {
            router.route(check, roles + "/:role").handler(auth).handler(ctx -> {
                KeystonePolicy.admin(ctx, rules.check());
                blocking.reply(ctx, () -> {
                    grants.check(grant.apply(ctx));
                    return Reply.noContent();
                });
            });
        }
        router.delete(roles + "/:role").handler(auth).handler(ctx -> {
            KeystonePolicy.admin(ctx, rules.revoke());
            blocking.reply(ctx, () -> {
                grants.revoke(grant.apply(ctx));
                return Reply.noContent();
            });
        });
    }
}
