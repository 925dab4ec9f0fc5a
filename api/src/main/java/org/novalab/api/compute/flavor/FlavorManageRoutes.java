package org.novalab.api.compute.flavor;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import org.novalab.api.compute.FlavorService;
import org.novalab.api.compute.FlavorView;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * {@code DELETE /flavors/{id}} (admin; the servers made of it keep their copy of it) and, from 2.55,
 * {@code PUT /flavors/{id}} to change its description (admin).
 */
public final class FlavorManageRoutes {
    private static final String POLICY = "os_compute_api:os-flavor-manage:";
    /** The flavors table's description column. */
    private static final int DESCRIPTION_LENGTH = 1024;
    private final FlavorService flavors;
    private final Blocking blocking;

    public FlavorManageRoutes(FlavorService flavors, Blocking blocking) {
        this.flavors = flavors;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.delete(v + "/flavors/:id").handler(this::delete);
        router.put(v + "/flavors/:id").handler(this::update);
    }

    private void delete(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.admin(caller, POLICY + "delete");
            flavors.delete(ctx.pathParam("id"));
            return new Reply(202, null, Map.of());
        });
    }

    private void update(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            if (!v.atLeast(55)) {
                throw ApiException.notFound("The resource could not be found.");
            }
            JsonObject body = JsonBody.object(ctx);
            NovaSchema.allowOnly(body, Set.of("flavor"), null);
            NovaSchema.require(body, "flavor", null);
            JsonObject flavor = NovaSchema.object(body.getValue("flavor"), "flavor");
            NovaSchema.allowOnly(flavor, Set.of("description"), "flavor");
            NovaSchema.require(flavor, "description", "flavor");
            String description = NovaSchema.description(flavor.getValue("description"), "description",
                    DESCRIPTION_LENGTH);
            NovaPolicy.admin(caller, POLICY + "update");
            return Reply.ok(new JsonObject().put("flavor", FlavorView.detail(base,
                    flavors.describe(ctx.pathParam("id"), description), v)));
        });
    }
}
