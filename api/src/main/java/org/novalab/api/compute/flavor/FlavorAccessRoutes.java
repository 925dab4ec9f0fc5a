package org.novalab.api.compute.flavor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Predicate;
import org.novalab.api.compute.FlavorEntity;
import org.novalab.api.compute.FlavorService;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * Flavor access (admin): {@code GET /flavors/{id}/os-flavor-access} lists the projects a private flavor is given to
 * (a public one has no such list: 404); the {@code addTenantAccess} and {@code removeTenantAccess} actions give and
 * take it (giving a public flavor is a 409 from 2.7; the project must be one Keystone knows).
 */
public final class FlavorAccessRoutes {
    private static final String POLICY = "os_compute_api:os-flavor-access";
    private static final String ADD = "addTenantAccess";
    private static final String REMOVE = "removeTenantAccess";
    /** The actions {@code /flavors/{id}/action} takes, as openapi.json's FlavorActionRequest lists them. */
    public static final Set<String> ACTIONS = Set.of(ADD, REMOVE);
    private final FlavorService flavors;
    private final Predicate<String> projectExists;
    private final Blocking blocking;

    public FlavorAccessRoutes(FlavorService flavors, Predicate<String> projectExists, Blocking blocking) {
        this.flavors = flavors;
        this.projectExists = projectExists;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/flavors/:id/os-flavor-access").handler(this::index);
        router.post(v + "/flavors/:id/action").handler(this::action);
    }

    private void index(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.admin(caller, POLICY);
            FlavorEntity f = flavors.getVisible(caller, ctx.pathParam("id"));
            if (f.isPublic()) {
                throw ApiException.notFound("Access list not available for public flavors.");
            }
            return Reply.ok(access(f));
        });
    }

    private void action(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            String id = ctx.pathParam("id");
            if (body.containsKey(ADD)) {
                String tenant = tenant(body, ADD);
                NovaPolicy.admin(caller, POLICY + ":add_tenant_access");
                verify(tenant);
                flavors.getVisible(caller, id);
                return Reply.ok(access(flavors.addAccess(id, tenant, v.atLeast(7))));
            }
            if (body.containsKey(REMOVE)) {
                String tenant = tenant(body, REMOVE);
                NovaPolicy.admin(caller, POLICY + ":remove_tenant_access");
                flavors.getVisible(caller, id);
                return Reply.ok(access(flavors.removeAccess(id, tenant)));
            }
            throw ApiException.badRequest("There is no such action: " + String.join(", ", body.fieldNames()));
        });
    }

    private static String tenant(JsonObject body, String action) {
        NovaSchema.allowOnly(body, Set.of(action), null);
        JsonObject args = NovaSchema.object(body.getValue(action), action);
        NovaSchema.allowOnly(args, Set.of("tenant"), action);
        NovaSchema.require(args, "tenant", action);
        return NovaSchema.string(args.getValue("tenant"), "tenant", 1, 255);
    }

    private void verify(String project) {
        if (!projectExists.test(project)) {
            throw ApiException.badRequest("Project ID " + project + " is not a valid project.");
        }
    }

    private static JsonObject access(FlavorEntity f) {
        JsonArray list = new JsonArray();
        f.projects().forEach(p -> list.add(new JsonObject().put("flavor_id", f.id()).put("tenant_id", p)));
        return new JsonObject().put("flavor_access", list);
    }
}
