package org.novalab.api.compute.host;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaQuery;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.persistence.Database;

/**
 * {@code /os-hypervisors} (admin): list and detail (paged from 2.33; from 2.53 by uuid, with
 * {@code hypervisor_hostname_pattern} and {@code with_servers}), show, {@code statistics} and {@code /uptime} (until
 * 2.87; from 2.88 the uptime is in the detail and the capacity numbers are gone), {@code /search} and
 * {@code /servers} by hostname pattern (until 2.52). The numbers are the host's: see {@link HostResources}.
 */
public final class HypervisorRoutes {
    private static final String POLICY = "os_compute_api:os-hypervisors:";
    private static final int MAX_LIMIT = 1000;
    private final ServiceRegistry services;
    private final HostResources resources;
    private final HostUsage usage;
    private final Blocking blocking;

    public HypervisorRoutes(ServiceRegistry services, HostResources resources, Database db, Blocking blocking) {
        this.services = services;
        this.resources = resources;
        this.usage = new HostUsage(db);
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/os-hypervisors").handler(ctx -> list(ctx, false));
        router.get(v + "/os-hypervisors/detail").handler(ctx -> list(ctx, true));
        router.get(v + "/os-hypervisors/statistics").handler(this::statistics);
        router.get(v + "/os-hypervisors/:id").handler(this::show);
        router.get(v + "/os-hypervisors/:id/uptime").handler(this::uptime);
        router.get(v + "/os-hypervisors/:pattern/search").handler(ctx -> search(ctx, false));
        router.get(v + "/os-hypervisors/:pattern/servers").handler(ctx -> search(ctx, true));
    }

    /** A compute node and its compute service. */
    private record Node(ComputeNodeEntity node, ServiceEntity service) {
    }

    private void list(RoutingContext ctx, boolean detail) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.admin(caller, POLICY + (detail ? "list-detail" : "list"));
            NovaQuery query = NovaQuery.of(ctx);
            if (v.atLeast(53)) {
                query.strict(Set.of("limit", "marker", "hypervisor_hostname_pattern", "with_servers"));
            }
            boolean paged = v.atLeast(33);
            Integer asked = paged ? query.nonNegativeInteger("limit") : null;
            String marker = paged ? query.string("marker") : null;
            String pattern = v.atLeast(53) ? query.string("hypervisor_hostname_pattern") : null;
            boolean withServers = v.atLeast(53) && Boolean.TRUE.equals(query.bool("with_servers"));
            List<Node> nodes = nodes();
            boolean links = paged;
            if (pattern != null) {
                if (query.has("limit") || marker != null) {
                    throw ApiException.badRequest("Paging over hypervisors with the hypervisor_hostname_pattern query "
                            + "parameter is not supported.");
                }
                nodes = matching(nodes, pattern);
                links = false;
            } else if (paged) {
                int limit = asked == null ? MAX_LIMIT : Math.min(asked, MAX_LIMIT);
                nodes = page(nodes, marker, limit, v);
            }
            JsonArray list = new JsonArray();
            for (Node n : nodes) {
                list.add(view(n, detail, v, withServers));
            }
            JsonObject body = new JsonObject().put("hypervisors", list);
            int limit = asked == null ? MAX_LIMIT : Math.min(asked, MAX_LIMIT);
            if (links && limit > 0 && nodes.size() == limit) {
                Node last = nodes.get(nodes.size() - 1);
                String id = v.atLeast(53) ? last.node().uuid() : last.node().id().toString();
                body.put("hypervisors_links", new JsonArray().add(new JsonObject().put("rel", "next").put("href",
                        base + "/v2.1/os-hypervisors" + (detail ? "/detail" : "") + "?limit=" + limit + "&marker=" + id)));
            }
            return Reply.ok(body);
        });
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.admin(caller, POLICY + "show");
            boolean withServers = false;
            if (v.atLeast(53)) {
                NovaQuery query = NovaQuery.of(ctx).strict(Set.of("with_servers"));
                withServers = Boolean.TRUE.equals(query.bool("with_servers"));
            }
            Node n = byId(ctx.pathParam("id"), v);
            return Reply.ok(new JsonObject().put("hypervisor", view(n, true, v, withServers)));
        });
    }

    private void uptime(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            v.requireAtMost(87);
            NovaPolicy.admin(caller, POLICY + "uptime");
            Node n = byId(ctx.pathParam("id"), v);
            String uptime = resources.uptime(n.node().host());
            if (uptime == null) {
                throw new ApiException(501, "Feature not supported");
            }
            return Reply.ok(new JsonObject().put("hypervisor", view(n, false, v, false).put("uptime", uptime)));
        });
    }

    private void statistics(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            v.requireAtMost(87);
            NovaPolicy.admin(caller, POLICY + "statistics");
            long[] sums = new long[12];
            List<Node> nodes = nodes();
            for (Node n : nodes) {
                JsonObject d = numbers(n.node().host());
                String[] keys = {"vcpus", "memory_mb", "local_gb", "vcpus_used", "memory_mb_used", "local_gb_used",
                        "free_ram_mb", "free_disk_gb", "current_workload", "running_vms", "disk_available_least"};
                for (int i = 0; i < keys.length; i++) {
                    sums[i] += d.getLong(keys[i]);
                }
            }
            return Reply.ok(new JsonObject().put("hypervisor_statistics", new JsonObject().put("count", nodes.size())
                    .put("vcpus", sums[0]).put("memory_mb", sums[1]).put("local_gb", sums[2])
                    .put("vcpus_used", sums[3]).put("memory_mb_used", sums[4]).put("local_gb_used", sums[5])
                    .put("free_ram_mb", sums[6]).put("free_disk_gb", sums[7]).put("current_workload", sums[8])
                    .put("running_vms", sums[9]).put("disk_available_least", sums[10])));
        });
    }

    private void search(RoutingContext ctx, boolean withServers) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            v.requireAtMost(52);
            NovaPolicy.admin(caller, POLICY + (withServers ? "servers" : "search"));
            JsonArray list = new JsonArray();
            for (Node n : matching(nodes(), ctx.pathParam("pattern"))) {
                JsonObject o = view(n, false, v, false);
                if (withServers) {
                    List<HostUsage.Server> servers = usage.servers(n.node().host());
                    if (!servers.isEmpty()) {
                        o.put("servers", servers(servers));
                    }
                }
                list.add(o);
            }
            return Reply.ok(new JsonObject().put("hypervisors", list));
        });
    }

    private List<Node> nodes() {
        Map<String, ServiceEntity> computes = services.list(null, ServiceRegistry.COMPUTE).stream()
                .collect(Collectors.toMap(ServiceEntity::host, Function.identity()));
        List<Node> nodes = new ArrayList<>();
        for (ComputeNodeEntity n : services.computeNodes()) {
            ServiceEntity service = computes.get(n.host());
            if (service != null) {
                nodes.add(new Node(n, service));
            }
        }
        return nodes;
    }

    /** Nova's hostname search: the pattern anywhere in the name ({@code LIKE %pattern%}); none is a 404. */
    private static List<Node> matching(List<Node> nodes, String pattern) {
        List<Node> found = nodes.stream().filter(n -> n.node().hypervisorHostname().contains(pattern)).toList();
        if (found.isEmpty()) {
            throw ApiException.notFound("No hypervisor matching '" + pattern + "' could be found.");
        }
        return found;
    }

    private static List<Node> page(List<Node> nodes, String marker, int limit, Microversion v) {
        int start = 0;
        if (marker != null) {
            int at = -1;
            for (int i = 0; i < nodes.size(); i++) {
                ComputeNodeEntity n = nodes.get(i).node();
                if ((v.atLeast(53) ? n.uuid() : n.id().toString()).equals(marker)) {
                    at = i;
                }
            }
            if (at < 0) {
                throw ApiException.badRequest("marker [" + marker + "] not found");
            }
            start = at + 1;
        }
        return nodes.subList(Math.min(start, nodes.size()), Math.min(nodes.size(), start + limit));
    }

    private Node byId(String id, Microversion v) {
        Optional<Node> found;
        if (v.atLeast(53)) {
            if (!NovaSchema.isUuidLike(id)) {
                throw ApiException.badRequest("Invalid uuid " + id);
            }
            found = nodes().stream().filter(n -> n.node().uuid().equals(id)).findFirst();
        } else {
            found = nodes().stream().filter(n -> n.node().id().toString().equals(id)).findFirst();
        }
        return found.orElseThrow(() -> ApiException.notFound("Hypervisor with ID '" + id + "' could not be found."));
    }

    private JsonObject view(Node n, boolean detail, Microversion v, boolean withServers) {
        boolean uuids = v.atLeast(53);
        JsonObject o = new JsonObject().put("id", uuids ? (Object) n.node().uuid() : n.node().id())
                .put("hypervisor_hostname", n.node().hypervisorHostname())
                .put("state", services.isUp(n.service()) ? "up" : "down")
                .put("status", n.service().disabled() ? "disabled" : "enabled");
        if (detail) {
            HostResources.Capacity capacity = resources.of(n.node().host());
            o.put("hypervisor_type", capacity.hypervisorType()).put("hypervisor_version", capacity.hypervisorVersion())
                    .put("host_ip", capacity.hostIp())
                    .put("service", new JsonObject().put("id", uuids ? (Object) n.service().uuid() : n.service().id())
                            .put("host", n.node().host()).put("disabled_reason", n.service().disabledReason()));
            if (!v.atLeast(88)) {
                numbers(n.node().host(), capacity).forEach(e -> o.put(e.getKey(), e.getValue()));
                o.put("cpu_info", v.atLeast(28) ? capacity.cpuInfo() : (Object) capacity.cpuInfo().encode());
            } else {
                o.put("uptime", resources.uptime(n.node().host()));
            }
        }
        if (withServers) {
            List<HostUsage.Server> servers = usage.servers(n.node().host());
            if (!servers.isEmpty() || v.atLeast(75)) {
                o.put("servers", servers(servers));
            }
        }
        return o;
    }

    private JsonObject numbers(String host) {
        return numbers(host, resources.of(host));
    }

    private JsonObject numbers(String host, HostResources.Capacity c) {
        HostUsage.Used used = usage.on(host);
        return new JsonObject().put("vcpus", c.vcpus()).put("memory_mb", c.memoryMb()).put("local_gb", c.localGb())
                .put("vcpus_used", used.vcpus()).put("memory_mb_used", used.memoryMb())
                .put("local_gb_used", used.localGb()).put("free_ram_mb", c.memoryMb() - used.memoryMb())
                .put("free_disk_gb", c.localGb() - used.localGb()).put("current_workload", used.currentWorkload())
                .put("running_vms", used.runningVms()).put("disk_available_least", c.freeDiskGb());
    }

    private static JsonArray servers(List<HostUsage.Server> servers) {
        JsonArray list = new JsonArray();
        servers.forEach(s -> list.add(new JsonObject().put("name", s.name()).put("uuid", s.uuid())));
        return list;
    }
}
