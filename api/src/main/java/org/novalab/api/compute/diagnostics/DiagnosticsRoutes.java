package org.novalab.api.compute.diagnostics;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;
import org.novalab.compute.InstanceInvalidState;
import org.novalab.compute.hypervisor.DomainStats;
import org.novalab.compute.rpc.ComputeApi;

/**
 * {@code GET /servers/{id}/diagnostics} (admins: Nova's {@code os_compute_api:os-server-diagnostics}): what the
 * instance's host reads of its running domain through libvirt, in the shape of the microversion (see
 * {@link DiagnosticsView}). A server on no host is not ready, one whose guest is not running is Nova's 409.
 */
public final class DiagnosticsRoutes {
    private static final String POLICY = "os_compute_api:os-server-diagnostics";
    private final ServerQueries queries;
    private final ComputeApi compute;
    private final Clock clock;
    private final Blocking blocking;

    public DiagnosticsRoutes(ServerQueries queries, ComputeApi compute, Clock clock, Blocking blocking) {
        this.queries = queries;
        this.compute = compute;
        this.clock = clock;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/servers/:id/diagnostics").handler(this::show);
    }

    private void show(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            InstanceEntity i = queries.get(caller, ctx.pathParam("id"));
            NovaPolicy.admin(caller, POLICY);
            if (i.host() == null) {
                throw ApiException.conflict("Instance " + i.uuid() + " is not ready");
            }
            DomainStats stats;
            try {
                stats = compute.getDiagnostics(i.host(), i.ref());
            } catch (InstanceInvalidState e) {
                throw ApiException.conflict(e.conflictMessage());
            }
            return Reply.ok(v.atLeast(48) ? DiagnosticsView.standard(stats, i.launchedAt(), clock.instant())
                    : DiagnosticsView.freeForm(stats));
        });
    }
}
