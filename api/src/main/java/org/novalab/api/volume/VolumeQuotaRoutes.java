package org.novalab.api.volume;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * Cinder's {@code os-quota-sets} (show, with {@code usage=True} what is in use; defaults; an admin's update and
 * delete) and {@code limits} (the absolute limits and usage {@code openstack limits show --absolute} prints).
 */
final class VolumeQuotaRoutes {
    private final VolumeQuotas quotas;
    private final Blocking blocking;

    VolumeQuotaRoutes(VolumeQuotas quotas, Blocking blocking) {
        this.quotas = quotas;
        this.blocking = blocking;
    }

    void mount(Router router, String v3) {
        router.get(v3 + "/os-quota-sets/:target/defaults").handler(ctx -> blocking.reply(ctx, () -> {
            String target = readable(ctx);
            JsonObject set = new JsonObject().put("id", target);
            VolumeQuotas.RESOURCES.forEach(r -> set.put(r, VolumeQuotas.DEFAULTS.get(r)));
            return Reply.ok(new JsonObject().put("quota_set", set));
        }));
        router.get(v3 + "/os-quota-sets/:target").handler(ctx -> blocking.reply(ctx, () -> {
            String target = readable(ctx);
            boolean usage = Boolean.parseBoolean(ctx.request().getParam("usage", "false"));
            JsonObject set = quotaSet(quotas.show(target), usage).put("id", target);
            return Reply.ok(new JsonObject().put("quota_set", set));
        }));
        router.put(v3 + "/os-quota-sets/:target").handler(ctx -> blocking.reply(ctx, () -> {
            AuthFilter.requireAdmin(ctx, "update quotas");
            Map<String, Integer> limits = limits(JsonBody.requireObject(JsonBody.object(ctx), "quota_set"));
            return Reply.ok(new JsonObject().put("quota_set",
                    quotaSet(quotas.update(ctx.pathParam("target"), limits), false)));
        }));
        router.delete(v3 + "/os-quota-sets/:target").handler(ctx -> blocking.reply(ctx, () -> {
            AuthFilter.requireAdmin(ctx, "delete quotas");
            quotas.reset(ctx.pathParam("target"));
            return Reply.of(200, null);
        }));
        router.get(v3 + "/limits").handler(ctx -> blocking.reply(ctx, () -> {
            Map<String, VolumeQuotas.Usage> u = quotas.show(AuthFilter.of(ctx).projectId());
            JsonObject absolute = new JsonObject()
                    .put("maxTotalVolumes", u.get("volumes").limit())
                    .put("maxTotalSnapshots", u.get("snapshots").limit())
                    .put("maxTotalVolumeGigabytes", u.get("gigabytes").limit())
                    .put("maxTotalBackups", u.get("backups").limit())
                    .put("maxTotalBackupGigabytes", u.get("backup_gigabytes").limit())
                    .put("totalVolumesUsed", u.get("volumes").inUse())
                    .put("totalGigabytesUsed", u.get("gigabytes").inUse())
                    .put("totalSnapshotsUsed", u.get("snapshots").inUse())
                    .put("totalBackupsUsed", u.get("backups").inUse())
                    .put("totalBackupGigabytesUsed", u.get("backup_gigabytes").inUse());
            return Reply.ok(new JsonObject().put("limits", new JsonObject()
                    .put("rate", new io.vertx.core.json.JsonArray()).put("absolute", absolute)));
        }));
    }

    /** A project reads its own quotas; an admin any project's. */
    private static String readable(RoutingContext ctx) {
        AuthContext a = AuthFilter.of(ctx);
        String target = ctx.pathParam("target");
        if (!a.isAdmin() && !target.equals(a.projectId())) {
            throw ApiException.forbidden("Policy doesn't allow volume_extension:quotas:show to be performed.");
        }
        return target;
    }

    private static JsonObject quotaSet(Map<String, VolumeQuotas.Usage> usage, boolean detail) {
        JsonObject set = new JsonObject();
        usage.forEach((r, u) -> set.put(r, detail
                ? new JsonObject().put("limit", u.limit()).put("in_use", u.inUse()).put("reserved", 0)
                : (Object) u.limit()));
        return set;
    }

    /** The body's limits: known resources only, whole numbers from -1 (unlimited) up. */
    static Map<String, Integer> limits(JsonObject set) {
        TreeSet<String> bad = new TreeSet<>(set.fieldNames());
        bad.removeAll(VolumeQuotas.RESOURCES);
        if (!bad.isEmpty()) {
            throw ApiException.badRequest("Bad key(s) in quota set: " + String.join(", ", bad));
        }
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (String r : set.fieldNames()) {
            Object v = set.getValue(r);
            long n;
            try {
                n = v instanceof Number num && num.doubleValue() == num.longValue() ? num.longValue()
                        : Long.parseLong(String.valueOf(v).strip());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Invalid input received: Quota " + r + " must be an integer, not "
                        + v + ".");
            }
            if (n < -1 || n > Integer.MAX_VALUE) {
                throw ApiException.badRequest("Invalid input received: Quota " + r + " must be -1 (unlimited) or "
                        + "between 0 and " + Integer.MAX_VALUE + ", not " + n + ".");
            }
            limits.put(r, (int) n);
        }
        return limits;
    }
}
