package org.novalab.api.compute.usage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaQuery;
import org.novalab.api.compute.NovaTime;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.persistence.Database;

/**
 * {@code /os-simple-tenant-usage} (admin: every project) and {@code /os-simple-tenant-usage/{project}} (the project):
 * the hours its servers ran between {@code start} and {@code end} (now by default), and their vcpu, memory and disk
 * hours; {@code detailed=1} lists each server; from 2.40 paged by {@code limit} and {@code marker} (a server's uuid).
 * Deleted servers count until they ended.
 */
public final class UsageRoutes {
    private static final String POLICY = "os_compute_api:os-simple-tenant-usage:";
    private static final int MAX_LIMIT = 1000;
    private final Database db;
    private final Clock clock;
    private final Blocking blocking;

    public UsageRoutes(Database db, Clock clock, Blocking blocking) {
        this.db = db;
        this.clock = clock;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/os-simple-tenant-usage").handler(ctx -> usage(ctx, null));
        router.get(v + "/os-simple-tenant-usage/:project").handler(ctx -> usage(ctx, ctx.pathParam("project")));
    }

    private void usage(RoutingContext ctx, String project) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        String base = BaseUrl.of(ctx);
        blocking.reply(ctx, () -> {
            if (ctx.request().path().endsWith("/")) {
                // Nova's routes take no trailing slash: /os-simple-tenant-usage/ names no project
                throw ApiException.notFound("The resource could not be found.");
            }
            if (project == null) {
                NovaPolicy.admin(caller, POLICY + "list");
            } else {
                NovaPolicy.readerOrAdmin(caller, project, POLICY + "show");
            }
            NovaQuery q = NovaQuery.of(ctx).allowOnly(v, v.atLeast(40) ? Set.of("start", "end", "detailed", "limit",
                    "marker") : Set.of("start", "end", "detailed"));
            Instant now = clock.instant();
            Instant start = time(q.first("start"), now);
            Instant end = time(q.first("end"), now);
            // with neither given Nova reads the clock twice: a period of no length, not an error
            if (!start.isBefore(end) && (q.first("start") != null || q.first("end") != null)) {
                throw ApiException.badRequest("Invalid start time. The start time cannot occur after the end time.");
            }
            Instant stop = end.isAfter(now) ? now : end;
            boolean detailed = project != null || "1".equals(q.first("detailed"));
            boolean links = v.atLeast(40);
            Integer asked = links ? q.nonNegativeInteger("limit") : null;
            int limit = asked == null ? MAX_LIMIT : Math.min(asked, MAX_LIMIT);
            String marker = links ? q.string("marker") : null;
            List<Usage> servers = servers(project, start, stop, limit, marker);
            Map<String, JsonObject> byProject = new LinkedHashMap<>();
            for (Usage u : servers) {
                double hours = u.hours(start, stop);
                JsonObject summary = byProject.computeIfAbsent(u.projectId(), p -> {
                    JsonObject s = new JsonObject().put("tenant_id", p).put("total_local_gb_usage", 0.0)
                            .put("total_vcpus_usage", 0.0).put("total_memory_mb_usage", 0.0).put("total_hours", 0.0)
                            .put("start", NovaTime.micros(start)).put("stop", NovaTime.micros(stop));
                    if (detailed) {
                        s.put("server_usages", new JsonArray());
                    }
                    return s;
                });
                add(summary, "total_local_gb_usage", u.localGb() * hours);
                add(summary, "total_vcpus_usage", u.vcpus() * hours);
                add(summary, "total_memory_mb_usage", u.memoryMb() * hours);
                add(summary, "total_hours", hours);
                if (detailed) {
                    Instant ended = u.terminatedAt();
                    long uptime = java.time.Duration.between(u.launchedAt(), ended != null ? ended : now).getSeconds();
                    summary.getJsonArray("server_usages").add(new JsonObject().put("instance_id", u.uuid())
                            .put("name", u.name()).put("hours", hours).put("flavor", u.flavorName() == null ? ""
                                    : u.flavorName()).put("tenant_id", u.projectId()).put("memory_mb", u.memoryMb())
                            .put("local_gb", u.localGb()).put("vcpus", u.vcpus())
                            .put("started_at", NovaTime.micros(u.launchedAt())).put("ended_at", NovaTime.micros(ended))
                            .put("state", u.state()).put("uptime", uptime));
                }
            }
            JsonObject body = new JsonObject();
            if (project == null) {
                body.put("tenant_usages", new JsonArray(new ArrayList<Object>(byProject.values())));
            } else {
                body.put("tenant_usage", byProject.getOrDefault(project, new JsonObject()));
            }
            if (links && limit > 0 && servers.size() == limit) {
                String href = base + "/v2.1/os-simple-tenant-usage" + (project == null ? "" : "/" + project)
                        + "?end=" + NovaTime.micros(stop) + "&limit=" + limit + "&marker="
                        + servers.get(servers.size() - 1).uuid() + "&start=" + NovaTime.micros(start)
                        + (detailed && project == null ? "&detailed=1" : "");
                body.put(project == null ? "tenant_usages_links" : "tenant_usage_links",
                        new JsonArray().add(new JsonObject().put("rel", "next").put("href", href)));
            }
            return Reply.ok(body);
        });
    }

    private static void add(JsonObject summary, String field, double value) {
        summary.put(field, summary.getDouble(field) + value);
    }

    /** Servers, running and ended, that ran in the period, in creation order, after the marker. */
    private List<Usage> servers(String project, Instant start, Instant stop, int limit, String marker) {
        List<Usage> all = db.read(s -> {
            List<Usage> found = new ArrayList<>();
            var live = s.createSelectionQuery("from InstanceEntity i" + (project == null ? "" : " where i.projectId = :p"),
                    InstanceEntity.class);
            var gone = s.createSelectionQuery("from TerminatedInstanceEntity t"
                    + (project == null ? "" : " where t.projectId = :p"), TerminatedInstanceEntity.class);
            if (project != null) {
                live.setParameter("p", project);
                gone.setParameter("p", project);
            }
            for (InstanceEntity i : live.list()) {
                InstanceEntity.FlavorCopy f = i.flavorCopy();
                found.add(new Usage(i.uuid(), i.name(), i.projectId(), f.name(), f.vcpus(), f.ramMb(),
                        f.rootGb() + f.ephemeralGb(), i.createdAt(), i.launchedAt(), null, i.vmState().id()));
            }
            gone.list().forEach(t -> found.add(t.usage()));
            return found;
        });
        List<Usage> active = all.stream().filter(u -> u.activeIn(start, stop))
                .sorted(Comparator.comparing(Usage::createdAt).thenComparing(Usage::uuid)).toList();
        int from = 0;
        if (marker != null) {
            int at = -1;
            for (int n = 0; n < active.size(); n++) {
                if (active.get(n).uuid().equals(marker)) {
                    at = n;
                }
            }
            if (at < 0) {
                throw ApiException.badRequest("Marker " + marker + " could not be found.");
            }
            from = at + 1;
        }
        return active.subList(from, Math.min(active.size(), from + limit));
    }

    /**
     * Nova's {@code _parse_datetime}: {@code 2026-11-01T10:00:00}, with a fraction of a second, or with a space and a
     * fraction; UTC; none given is now.
     */
    private static Instant time(String text, Instant now) {
        if (text == null || text.isEmpty()) {
            return now;
        }
        boolean spaced = text.length() > 10 && text.charAt(10) == ' ';
        if (!spaced || text.contains(".")) {
            try {
                return LocalDateTime.parse(spaced ? text.replaceFirst(" ", "T") : text,
                        DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // refused below
            }
        }
        throw ApiException.badRequest("Invalid datetime string: Datetime is in invalid format");
    }
}
