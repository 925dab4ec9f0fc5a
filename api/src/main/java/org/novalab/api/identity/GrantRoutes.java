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
 * {@code /system/groups/{g}/roles[/{r}]} for the system; and OS-INHERIT's grants to the projects below a domain or a
 * project, {@code /OS-INHERIT/domains/{d}/users/{u}/roles[/{r}]/inherited_to_projects} and the like (a project's
 * have no list, as in Keystone). An admin's, as Keystone's policy has it.
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
            String actors = "/" + actor.word() + "s/:actor/roles";
            for (Target.Kind target : new Target.Kind[] {Target.Kind.PROJECT, Target.Kind.DOMAIN}) {
                String targets = "/" + target.word() + "s/:target";
                Function<RoutingContext, Target> on = ctx -> new Target(target, ctx.pathParam("target"));
                mount(router, new Paths(V3 + targets + actors, "", true), on, actor, Rules.ON_PROJECT_OR_DOMAIN,
                        false);
                mount(router, new Paths(V3 + "/OS-INHERIT" + targets + actors, "/inherited_to_projects",
                        target == Target.Kind.DOMAIN), on, actor, Rules.ON_PROJECT_OR_DOMAIN, true);
            }
            mount(router, new Paths(V3 + "/system" + actors, "", true), ctx -> Target.SYSTEM, actor,
                    Rules.onSystemFor(actor.word()), false);
        }
    }

    /** Where one set of grants is: the roles collection, what follows it and each role, whether it is listed. */
    private record Paths(String roles, String suffix, boolean listed) {
        String list() {
            return roles + suffix;
        }

        String role() {
            return roles + "/:role" + suffix;
        }
    }

    private void mount(Router router, Paths paths, Function<RoutingContext, Target> target, Actor.Kind actor,
            Rules rules, boolean inherited) {
        Function<RoutingContext, Actor> by = ctx -> new Actor(actor, ctx.pathParam("actor"));
        Function<RoutingContext, Assignment> grant = ctx -> new Assignment(by.apply(ctx), target.apply(ctx),
                ctx.pathParam("role"), inherited);
        if (paths.listed()) {
            router.get(paths.list()).handler(auth).handler(ctx -> {
                KeystonePolicy.admin(ctx, rules.list());
                blocking.reply(ctx, () -> {
                    KeystoneJson json = KeystoneJson.of(ctx);
                    return Reply.ok(json.collection("roles", grants.rolesOn(target.apply(ctx), by.apply(ctx),
                            inherited), json::role));
                });
            });
        }
        router.put(paths.role()).handler(auth).handler(ctx -> {
            KeystonePolicy.admin(ctx, rules.create());
            blocking.reply(ctx, () -> {
                grants.grant(grant.apply(ctx));
                return Reply.noContent();
            });
        });
        for (HttpMethod check : new HttpMethod[] {HttpMethod.HEAD, HttpMethod.GET}) {
            router.route(check, paths.role()).handler(auth).handler(ctx -> {
                KeystonePolicy.admin(ctx, rules.check());
                blocking.reply(ctx, () -> {
                    grants.check(grant.apply(ctx));
                    return Reply.noContent();
                });
            });
        }
        router.delete(paths.role()).handler(auth).handler(ctx -> {
            KeystonePolicy.admin(ctx, rules.revoke());
            blocking.reply(ctx, () -> {
                grants.revoke(grant.apply(ctx));
                return Reply.noContent();
            });
        });
    }
}
