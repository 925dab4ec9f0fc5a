package org.novalab.api.compute.quota;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaQuery;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * {@code /os-quota-sets/{project}} (show, {@code detail}, {@code defaults}, update and delete as admin, a user's
 * own limits with {@code ?user_id=}) and {@code /os-quota-class-sets/{class}} (admin), as Nova answers them.
 */
public final class QuotaRoutes {
    private static final String SETS = "os_compute_api:os-quota-sets:";
    private static final String CLASSES = "os_compute_api:os-quota-class-sets:";
    private final QuotaService quotas;
    private final Predicate<String> projectExists;
    private final Blocking blocking;

    public QuotaRoutes(QuotaService quotas, Predicate<String> projectExists, Blocking blocking) {
        this.quotas = quotas;
        this.projectExists = projectExists;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/os-quota-sets/:project/defaults").handler(this::defaults);
        router.get(v + "/os-quota-sets/:project/detail").handler(this::detail);
        router.get(v + "/os-quota-sets/:project").handler(this::show);
        router.put(v + "/os-quota-sets/:project").handler(this::update);
        router.delete(v + "/os-quota-sets/:project").handler(this::delete);
        router.get(v + "/os-quota-class-sets/:class").handler(this::showClass);
        router.put(v + "/os-quota-class-sets/:class").handler(this::updateClass);
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            String project = ctx.pathParam("project");
            String user = user(ctx, v);
            NovaPolicy.readerOrAdmin(caller, project, SETS + "show");
            verify(project);
            return Reply.ok(new JsonObject().put("quota_set",
                    QuotaView.limits(project, quotas.limits(project, user), QuotaResource.quotaSetAt(v))));
        });
    }

    private void detail(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            String project = ctx.pathParam("project");
            String user = user(ctx, v);
            NovaPolicy.readerOrAdmin(caller, project, SETS + "detail");
            verify(project);
            return Reply.ok(new JsonObject().put("quota_set", QuotaView.detail(project, quotas.limits(project, user),
                    quotas.inUse(project, user), QuotaResource.quotaSetAt(v))));
        });
    }

    private void defaults(RoutingContext ctx) {
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            String project = ctx.pathParam("project");
            verify(project);
            return Reply.ok(new JsonObject().put("quota_set",
                    QuotaView.limits(project, quotas.defaults(), QuotaResource.quotaSetAt(v))));
        });
    }

    private void update(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            String project = ctx.pathParam("project");
            QuotaRequest request = QuotaRequest.quotaSet(JsonBody.object(ctx), v);
            String user = user(ctx, v);
            NovaPolicy.admin(caller, SETS + "update");
            verify(project);
            quotas.update(project, user, request.values(), request.force());
            return Reply.ok(new JsonObject().put("quota_set",
                    QuotaView.limits(null, quotas.limits(project, user), QuotaResource.quotaSetAt(v))));
        });
    }

    private void delete(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            String user = user(ctx, v);
            NovaPolicy.admin(caller, SETS + "delete");
            quotas.delete(ctx.pathParam("project"), user);
            return new Reply(202, null, Map.of());
        });
    }

    private void showClass(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.admin(caller, CLASSES + "show");
            String name = ctx.pathParam("class");
            return Reply.ok(new JsonObject().put("quota_class_set",
                    QuotaView.limits(name, quotas.classLimits(name), QuotaResource.quotaClassSetAt(v))));
        });
    }

    private void updateClass(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            QuotaRequest request = QuotaRequest.quotaClassSet(JsonBody.object(ctx), v);
            NovaPolicy.admin(caller, CLASSES + "update");
            String name = ctx.pathParam("class");
            if (name.codePointCount(0, name.length()) > 255) {
                throw ApiException.badRequest("quota_class_name has more than 255 characters.");
            }
            quotas.updateClass(name, request.values());
            return Reply.ok(new JsonObject().put("quota_class_set",
                    QuotaView.limits(null, quotas.classLimits(name), QuotaResource.quotaClassSetAt(v))));
        });
    }

    /** {@code ?user_id=} (the first one; an empty one names nobody), checked by the query schema of {@code v}. */
    private static String user(RoutingContext ctx, Microversion v) {
        NovaQuery query = NovaQuery.of(ctx).allowOnly(v, Set.of("user_id"));
        String user = query.first("user_id");
        return user == null || user.isEmpty() ? null : user;
    }

    /** Nova's {@code verify_project_id}: a project Keystone does not know is a 400. */
    private void verify(String project) {
        if (!projectExists.test(project)) {
            throw ApiException.badRequest("Project ID " + project + " is not a valid project.");
        }
    }
}
