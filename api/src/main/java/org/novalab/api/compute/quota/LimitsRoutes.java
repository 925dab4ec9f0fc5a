package org.novalab.api.compute.quota;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaQuery;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * {@code GET /limits}: the project's absolute limits under Nova's names ({@code maxTotalInstances}, ...) and what it
 * uses ({@code totalInstancesUsed}, ...); another project's with {@code ?tenant_id=} for an admin. The nova-network
 * limits go in 2.36, {@code maxImageMeta} in 2.39, the personality ones in 2.57.
 */
public final class LimitsRoutes {
    private static final Map<QuotaResource, List<String>> ABSOLUTE = absolute();
    private static final Map<String, QuotaResource> USED = Map.of("totalRAMUsed", QuotaResource.RAM,
            "totalCoresUsed", QuotaResource.CORES, "totalInstancesUsed", QuotaResource.INSTANCES,
            "totalFloatingIpsUsed", QuotaResource.FLOATING_IPS, "totalSecurityGroupsUsed", QuotaResource.SECURITY_GROUPS,
            "totalServerGroupsUsed", QuotaResource.SERVER_GROUPS);
    private final QuotaService quotas;
    private final Blocking blocking;

    public LimitsRoutes(QuotaService quotas, Blocking blocking) {
        this.quotas = quotas;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/limits").handler(this::limits);
    }

    private void limits(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            NovaQuery query = NovaQuery.of(ctx).allowOnly(v, Set.of("tenant_id"));
            String project = caller.projectId();
            if (query.has("tenant_id")) {
                NovaPolicy.admin(caller, "os_compute_api:limits:other_project");
                project = query.string("tenant_id");
            }
            Set<QuotaResource> filtered = filtered(v);
            Map<QuotaResource, Integer> limits = quotas.limits(project, null);
            Map<QuotaResource, Long> used = quotas.inUse(project, null);
            JsonObject absolute = new JsonObject();
            ABSOLUTE.forEach((r, names) -> {
                if (!filtered.contains(r)) {
                    names.stream().filter(n -> v.atLeast(39) ? !n.equals("maxImageMeta") : true)
                            .forEach(n -> absolute.put(n, limits.get(r)));
                }
            });
            USED.forEach((name, r) -> {
                if (!filtered.contains(r)) {
                    absolute.put(name, used.get(r));
                }
            });
            return Reply.ok(new JsonObject().put("limits", new JsonObject().put("rate", new JsonArray())
                    .put("absolute", absolute)));
        });
    }

    /** Nova's FILTERED_LIMITS_v236 and _v257. */
    private static Set<QuotaResource> filtered(Microversion v) {
        if (v.atLeast(57)) {
            return Set.of(QuotaResource.FLOATING_IPS, QuotaResource.SECURITY_GROUPS, QuotaResource.SECURITY_GROUP_RULES,
                    QuotaResource.INJECTED_FILES, QuotaResource.INJECTED_FILE_CONTENT_BYTES);
        }
        if (v.atLeast(36)) {
            return Set.of(QuotaResource.FLOATING_IPS, QuotaResource.SECURITY_GROUPS, QuotaResource.SECURITY_GROUP_RULES);
        }
        return Set.of();
    }

    private static Map<QuotaResource, List<String>> absolute() {
        Map<QuotaResource, List<String>> names = new LinkedHashMap<>();
        names.put(QuotaResource.RAM, List.of("maxTotalRAMSize"));
        names.put(QuotaResource.INSTANCES, List.of("maxTotalInstances"));
        names.put(QuotaResource.CORES, List.of("maxTotalCores"));
        names.put(QuotaResource.KEY_PAIRS, List.of("maxTotalKeypairs"));
        names.put(QuotaResource.FLOATING_IPS, List.of("maxTotalFloatingIps"));
        names.put(QuotaResource.METADATA_ITEMS, List.of("maxServerMeta", "maxImageMeta"));
        names.put(QuotaResource.INJECTED_FILES, List.of("maxPersonality"));
        names.put(QuotaResource.INJECTED_FILE_CONTENT_BYTES, List.of("maxPersonalitySize"));
        names.put(QuotaResource.SECURITY_GROUPS, List.of("maxSecurityGroups"));
        names.put(QuotaResource.SECURITY_GROUP_RULES, List.of("maxSecurityGroupRules"));
        names.put(QuotaResource.SERVER_GROUPS, List.of("maxServerGroups"));
        names.put(QuotaResource.SERVER_GROUP_MEMBERS, List.of("maxServerGroupMembers"));
        return names;
    }
}
