package org.novalab.api.compute;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.novalab.api.compute.action.InstanceActions;
import org.novalab.api.compute.aggregate.AvailabilityZones;
import org.novalab.api.compute.host.HostFit;
import org.novalab.compute.BackendKind;
import org.novalab.compute.manager.BuildRetry;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;

/**
 * Nova's conductor rescheduling a build that failed on its host: the alternates the scheduler chose with that host
 * (kept with the instance) are claimed in order, each with its compute node row locked and what it has left counted
 * again, as the first claim was; the instance moves to the first with room, in its zone, scheduling again. When none
 * is left the instance is ERROR with Nova's MaxRetriesExceeded fault. Run by the failing host against the shared
 * database, in one transaction, guarded on the instance still spawning there: a build is never retried twice.
 */
final class BuildRetries {
    private final Clock clock;
    private final InstanceActions actions;
    private final HostFit fit;

    BuildRetries(Clock clock, InstanceActions actions, HostFit fit) {
        this.clock = clock;
        this.actions = actions;
        this.fit = fit;
    }

    static String exhausted(UUID instance) {
        return "Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for "
                + "instance " + instance + ".";
    }

    BuildRetry retry(Session s, UUID instance, String failedHost, String why) {
        InstanceEntity i = HibernateInstanceStore.byUuid(s, instance);
        if (i == null || !failedHost.equals(i.host()) || !TaskState.SPAWNING.value().equals(i.taskState())
                || i.alternateHosts().isEmpty()) {
            return new BuildRetry.NotRetried();
        }
        List<String> alternates = i.alternateHosts().get();
        actions.finish(s, i.uuid(), InstanceActions.BUILD, false, why);
        fit.lock(s, alternates);
        var need = MoveDestinations.need(i.flavorCopy(), BackendKind.valueOf(i.backend()));
        for (int k = 0; k < alternates.size(); k++) {
            String host = alternates.get(k);
            Optional<String> refusal = fit.free(s, host, true).map(free -> free.refusal(need))
                    .orElse(Optional.of("the host reports no resources"));
            if (refusal.isPresent()) {
                continue;
            }
            int moved = s.createMutationQuery("update InstanceEntity i set i.host = :host, i.availabilityZone = :zone, "
                            + "i.alternateHosts = :rest, i.taskState = :scheduling, i.updatedAt = :now "
                            + "where i.uuid = :u and i.host = :failed and i.taskState = :spawning")
                    .setParameter("host", host).setParameter("zone", AvailabilityZones.hosts(s).nameOf(host))
                    .setParameter("rest", String.join(",", alternates.subList(k + 1, alternates.size())))
                    .setParameter("scheduling", TaskState.SCHEDULING.value()).setParameter("now", clock.instant())
                    .setParameter("u", i.uuid()).setParameter("failed", failedHost)
                    .setParameter("spawning", TaskState.SPAWNING.value()).executeUpdate();
            if (moved != 1) {
                return new BuildRetry.NotRetried();
            }
            actions.addEvent(s, i.uuid(), InstanceActions.BUILD, host);
            return new BuildRetry.On(host);
        }
        int failed = s.createMutationQuery("update InstanceEntity i set i.taskState = null, i.vmState = :error, "
                        + "i.alternateHosts = '', i.updatedAt = :now where i.uuid = :u and i.taskState = :spawning")
                .setParameter("error", VmState.ERROR.id()).setParameter("now", clock.instant())
                .setParameter("u", i.uuid()).setParameter("spawning", TaskState.SPAWNING.value()).executeUpdate();
        if (failed != 1) {
            return new BuildRetry.NotRetried(); // a delete took it meanwhile
        }
        s.persist(new FaultEntity(i.id(), 500, exhausted(instance), clock.instant()));
        return new BuildRetry.Exhausted();
    }
}
