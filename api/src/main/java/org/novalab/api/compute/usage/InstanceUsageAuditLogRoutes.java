package org.novalab.api.compute.usage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.host.ServiceEntity;
import org.novalab.api.compute.host.ServiceRegistry;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.persistence.Database;

/**
 * {@code /os-instance_usage_audit_log} (admin): how the compute hosts' instance usage audit went for the last
 * completed period ({@link InstanceUsageAudit}), or for the last one completed before the time {@code /{before}}
 * names ({@code 2026-11-15 10:00:00}, with a fraction of a second or without). Every compute service's host counts,
 * a disabled one too, since it may still have servers.
 */
public final class InstanceUsageAuditLogRoutes {
    private static final String POLICY = "os_compute_api:os-instance-usage-audit-log:";
    /** What Python's {@code strptime} reads with {@code %Y-%m-%d %H:%M:%S} and, when there is a dot, {@code .%f}. */
    private static final Pattern BEFORE = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2}) (\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,6}))?");
    private final Database db;
    private final ServiceRegistry services;
    private final Clock clock;
    private final Blocking blocking;

    public InstanceUsageAuditLogRoutes(Database db, ServiceRegistry services, Clock clock, Blocking blocking) {
        this.db = db;
        this.services = services;
        this.clock = clock;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/os-instance_usage_audit_log").handler(this::index);
        router.get(v + "/os-instance_usage_audit_log/:before").handler(this::show);
    }

    private void index(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.admin(caller, POLICY + "list");
            AuditPeriod period = AuditPeriod.lastCompletedBefore(clock.instant());
            return Reply.ok(new JsonObject().put("instance_usage_audit_logs", log(period)));
        });
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.admin(caller, POLICY + "show");
            AuditPeriod period = AuditPeriod.lastCompletedBefore(before(ctx.pathParam("before")));
            return Reply.ok(new JsonObject().put("instance_usage_audit_log", log(period)));
        });
    }

    private JsonObject log(AuditPeriod period) {
        List<TaskLogEntity> logs = db.read(s -> s.createSelectionQuery("from TaskLogEntity l where l.taskName = :task "
                        + "and l.periodBeginning = :begin and l.periodEnding = :end order by l.id", TaskLogEntity.class)
                .setParameter("task", InstanceUsageAudit.TASK).setParameter("begin", period.begin())
                .setParameter("end", period.end()).list());
        Set<String> hosts = new TreeSet<>();
        services.list(null, ServiceRegistry.COMPUTE).stream().map(ServiceEntity::host).forEach(hosts::add);
        Set<String> done = new LinkedHashSet<>();
        Set<String> running = new LinkedHashSet<>();
        Set<String> notRun = new TreeSet<>(hosts);
        int instances = 0;
        int errors = 0;
        JsonObject byHost = new JsonObject();
        for (TaskLogEntity l : logs) {
            notRun.remove(l.host());
            if (l.state().equals(TaskLogEntity.DONE)) {
                done.add(l.host());
            } else if (l.state().equals(TaskLogEntity.RUNNING)) {
                running.add(l.host());
            }
            instances += l.taskItems();
            errors += l.errors();
            byHost.put(l.host(), new JsonObject().put("state", l.state()).put("instances", l.taskItems())
                    .put("errors", l.errors()).put("message", l.message()));
        }
        String status = (done.size() == hosts.size() ? "ALL" : done.size() + " of " + hosts.size()) + " hosts done. "
                + errors + " errors.";
        return new JsonObject().put("period_beginning", AuditPeriod.python(period.beginning()))
                .put("period_ending", AuditPeriod.python(period.ending())).put("num_hosts", hosts.size())
                .put("num_hosts_done", done.size()).put("num_hosts_running", running.size())
                .put("num_hosts_not_run", notRun.size()).put("hosts_not_run", new JsonArray(List.copyOf(notRun)))
                .put("total_instances", instances).put("total_errors", errors).put("overall_status", status)
                .put("log", byHost);
    }

    /** The {@code before} of a show: a UTC time without a zone, as Nova's {@code strptime} reads it. */
    private static LocalDateTime before(String text) {
        Matcher m = BEFORE.matcher(text);
        if (m.matches() && Integer.parseInt(m.group(1)) >= 1) { // Python's datetime begins with year 1
            try {
                String fraction = m.group(7) == null ? "0" : (m.group(7) + "00000").substring(0, 6);
                return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                        Integer.parseInt(m.group(6)), Integer.parseInt(fraction) * 1000);
            } catch (DateTimeException e) {
                // not a date: refused below
            }
        }
        throw ApiException.badRequest("Invalid timestamp for date " + text);
    }
}
