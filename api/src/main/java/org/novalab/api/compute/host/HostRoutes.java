package org.novalab.api.compute.host;

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
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.compute.aggregate.AvailabilityZones;
import org.novalab.api.compute.aggregate.HostZones;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.persistence.Database;

/**
 * {@code /os-hosts} (admin; Nova's deprecated host API, gone from 2.43): the hosts of the enabled services with their
 * zones, what a compute host has and what its servers take, and the host actions Nova proxies to the compute
 * driver, answered as Nova's libvirt driver answers them. Enabling or disabling a host is acknowledged and changes
 * nothing that lasts: the libvirt driver does not implement it, and the compute manager only flips a placement trait
 * that its next resource update puts back as the service's own status says (novalab has no placement). Maintenance
 * mode and the power actions (startup, shutdown, reboot of the host itself) the libvirt driver does not implement:
 * Nova's 501.
 */
public final class HostRoutes {
    private static final String POLICY = "os_compute_api:os-hosts:";
    /** The last microversion that has this API. */
    private static final int LAST = 42;
    private static final List<String> SWITCH = List.of("enable", "disable", "Enable", "Disable", "ENABLE", "DISABLE");
    private final ServiceRegistry services;
    private final AvailabilityZones zones;
    private final HostResources resources;
    private final HostUsage usage;
    private final Blocking blocking;

    public HostRoutes(ServiceRegistry services, AvailabilityZones zones, HostResources resources, Database db,
            Blocking blocking) {
        this.services = services;
        this.zones = zones;
        this.resources = resources;
        this.usage = new HostUsage(db);
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/os-hosts").handler(this::list);
        router.get(v + "/os-hosts/:host").handler(this::show);
        router.put(v + "/os-hosts/:host").handler(this::update);
        for (String action : List.of("startup", "shutdown", "reboot")) {
            router.get(v + "/os-hosts/:host/" + action).handler(ctx -> power(ctx, action));
        }
    }

    private void list(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            v.requireAtMost(LAST);
            NovaPolicy.admin(caller, POLICY + "list");
            String zone = NovaQuery.of(ctx).nonEmpty("zone");
            HostZones hostZones = zones.hosts();
            JsonArray hosts = new JsonArray();
            for (ServiceEntity s : services.list(null, null)) {
                String its = hostZones.ofService(s.binary(), s.host());
                if (!s.disabled() && (zone == null || zone.equals(its))) {
                    hosts.add(new JsonObject().put("host_name", s.host()).put("service", s.topic()).put("zone", its));
                }
            }
            return Reply.ok(new JsonObject().put("hosts", hosts));
        });
    }

    /**
     * A compute host's resources as Nova's rows show them: {@code (total)} it has, {@code (used_now)} as its
     * hypervisor counts it (with the memory the host keeps for itself), {@code (used_max)} what its servers' flavors
     * add up to, then each project's share.
     */
    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            v.requireAtMost(LAST);
            NovaPolicy.admin(caller, POLICY + "show");
            String host = computeHost(ctx.pathParam("host"));
            HostResources.Capacity total = resources.of(host);
            HostUsage.Used now = usage.on(host);
            List<HostUsage.Share> shares = usage.shares(host);
            JsonArray rows = new JsonArray()
                    .add(row(host, "(total)", total.vcpus(), total.memoryMb(), total.localGb()))
                    .add(row(host, "(used_now)", now.vcpus(), now.memoryMb(), now.localGb()))
                    .add(row(host, "(used_max)", shares.stream().mapToLong(HostUsage.Share::vcpus).sum(),
                            shares.stream().mapToLong(HostUsage.Share::memoryMb).sum(),
                            shares.stream().mapToLong(HostUsage.Share::diskGb).sum()));
            Map<String, long[]> byProject = new LinkedHashMap<>();
            for (HostUsage.Share share : shares) {
                long[] sum = byProject.computeIfAbsent(share.projectId(), p -> new long[3]);
                sum[0] += share.vcpus();
                sum[1] += share.memoryMb();
                sum[2] += share.diskGb();
            }
            byProject.forEach((project, sum) -> rows.add(row(host, project, sum[0], sum[1], sum[2])));
            return Reply.ok(new JsonObject().put("host", rows));
        });
    }

    private static JsonObject row(String host, String project, long cpu, long memoryMb, long diskGb) {
        return new JsonObject().put("resource", new JsonObject().put("host", host).put("project", project)
                .put("cpu", cpu).put("memory_mb", memoryMb).put("disk_gb", diskGb));
    }

    private void update(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            v.requireAtMost(LAST);
            JsonObject body = JsonBody.object(ctx);
            String status = body.containsKey("status") ? onOff(body.getValue("status"), "status") : null;
            String maintenance = body.containsKey("maintenance_mode")
                    ? onOff(body.getValue("maintenance_mode"), "maintenance_mode") : null;
            if (status == null && maintenance == null) {
                throw ApiException.badRequest(NovaSchema.repr(body) + " is not valid under any of the given schemas");
            }
            NovaSchema.allowOnly(body, Set.of("status", "maintenance_mode"), null);
            NovaPolicy.admin(caller, POLICY + "update");
            String host = ctx.pathParam("host");
            JsonObject answer = new JsonObject().put("host", host);
            if (status != null) {
                computeHost(host);
                answer.put("status", status.equals("enable") ? "enabled" : "disabled");
            }
            if (maintenance != null) {
                computeHost(host);
                throw notSupported();
            }
            return Reply.ok(answer);
        });
    }

    private void power(RoutingContext ctx, String action) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            v.requireAtMost(LAST);
            NovaPolicy.admin(caller, POLICY + (action.equals("startup") ? "start" : action));
            computeHost(ctx.pathParam("host"));
            throw notSupported();
        });
    }

    /** {@code enable} or {@code disable} in one of Nova's three spellings, as the word it means. */
    private static String onOff(Object value, String field) {
        if (!(value instanceof String)) {
            throw NovaSchema.invalid(field, value, NovaSchema.notOfType(value, "string"));
        }
        return NovaSchema.oneOf(value, field, SWITCH).toLowerCase(java.util.Locale.ROOT);
    }

    /** The host, when a compute service runs there (Nova's host mapping); Nova's 404 otherwise. */
    private String computeHost(String host) {
        if (services.byHostAndBinary(host, ServiceRegistry.COMPUTE).isEmpty()) {
            throw ApiException.notFound("Host '" + host + "' is not mapped to any cell");
        }
        return host;
    }

    /** What Nova answers when the compute driver does not implement an action. */
    private static ApiException notSupported() {
        return new ApiException(501, "The requested functionality is not supported.");
    }
}
