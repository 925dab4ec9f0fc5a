package org.novalab.api.compute.delete;

import java.time.Duration;
import java.util.UUID;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.HostDoor;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.InstanceLock;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.ServerQueries;
import org.novalab.api.compute.ServerService;
import org.novalab.api.compute.quota.QuotaService;
import org.novalab.api.compute.resize.ServerResizes;
import org.novalab.api.compute.shelve.ServerShelves;
import org.novalab.api.identity.AuthContext;
import org.novalab.compute.state.PowerAction;
import org.novalab.compute.state.VmState;

/**
 * Nova's deferred delete. With {@code reclaim_instance_interval} above zero, {@code DELETE /servers/{id}} of a server
 * that was ever launched only soft-deletes it: the host powers it off, the server shows {@code SOFT_DELETED}, holds no
 * quota, and stays restorable ({@code restore}) until {@link SoftDeleteReclaimer} deletes it for good once the
 * interval has passed since. A server never launched is deleted at once, as Nova does; {@code forceDelete} deletes
 * any server at once. With the interval at zero (Nova's default) every delete is immediate.
 */
public final class ServerDeletes {
    private static final String POLICY = "os_compute_api:os-deferred-delete:";
    private static final java.util.Set<VmState> SHELVED = java.util.Set.of(VmState.SHELVED,
            VmState.SHELVED_OFFLOADED);
    private final ServerService servers;
    private final ServerQueries queries;
    private final HibernateInstanceStore instances;
    private final QuotaService quotas;
    private final HostDoor door;
    private final Duration reclaimInterval;
    private final ServerShelves shelves;
    private final ServerResizes resizes;

    private final LocalDeletes local;

    public ServerDeletes(ServerService servers, ServerQueries queries, HibernateInstanceStore instances,
            QuotaService quotas, HostDoor door, Duration reclaimInterval, ServerShelves shelves,
            ServerResizes resizes, LocalDeletes local) {
        this.local = local;
        this.shelves = shelves;
        this.resizes = resizes;
        this.servers = servers;
        this.queries = queries;
        this.instances = instances;
        this.quotas = quotas;
        this.door = door;
        this.reclaimInterval = reclaimInterval;
    }

    /** Whether a delete keeps servers restorable. */
    public boolean softDeletes() {
        return reclaimInterval.compareTo(Duration.ZERO) > 0;
    }

    public Duration reclaimInterval() {
        return reclaimInterval;
    }

    /** {@code DELETE /servers/{id}}: Nova's {@code soft_delete} when the interval is set, its {@code delete} otherwise. */
    public void delete(AuthContext caller, String uuid, String requestId) {
        InstanceEntity instance = queries.get(caller, uuid);
        InstanceLock.require(caller, instance);
        if (deletedLocally(caller, instance, requestId)) {
            return;
        }
        door.requireUp(instance);
        resizes.confirmBeforeDelete(instance);
        if (!softDeletes() || SHELVED.contains(instance.vmState())) {
            // Nova deletes a shelved server for good, its shelve image with it
            servers.delete(caller, uuid, requestId);
            shelves.deleted(uuid);
            return;
        }
        if (instance.launchedAt() == null) {
            // Nova: an instance that has never been active cannot be soft-deleted; it is deleted for good
            servers.delete(caller, uuid, requestId);
            return;
        }
        InstanceLock.require(caller, instance);
        door.requireUp(instance);
        if (instances.beginSoftDelete(UUID.fromString(uuid))) {
            servers.cast(caller, instance, PowerAction.SOFT_DELETE, requestId);
        }
        // otherwise it is being deleted already: Nova ignores the request
    }

    /** {@code restore}: a soft-deleted server runs again, when the project's quota still has room for it. */
    public void restore(AuthContext caller, String uuid, String requestId) {
        InstanceEntity instance = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, instance.projectId(), POLICY + "restore");
        if (instance.vmState() == VmState.SOFT_DELETED) {
            // a soft-deleted server holds no quota: Nova checks it again before the server comes back
            quotas.instancesAllowed(caller, instance.vcpus(), instance.memoryMb(), 1, 1);
        }
        servers.act(caller, uuid, PowerAction.RESTORE, requestId);
    }

    /** {@code forceDelete}: deleted for good now, in any state, soft-deleted or not. */
    public void forceDelete(AuthContext caller, String uuid, String requestId) {
        InstanceEntity instance = queries.get(caller, uuid);
        NovaPolicy.memberOrAdmin(caller, instance.projectId(), POLICY + "force");
        InstanceLock.require(caller, instance);
        if (deletedLocally(caller, instance, requestId)) {
            return;
        }
        door.requireUp(instance);
        resizes.confirmBeforeDelete(instance);
        servers.delete(caller, uuid, requestId);
        shelves.deleted(uuid);
    }

    /**
     * Nova deletes a server whose host is down at once, soft delete or not (nothing could power it off to keep it
     * restorable); a move waiting for its confirmation has the host it left told to remove its copy first.
     */
    private boolean deletedLocally(AuthContext caller, InstanceEntity instance, String requestId) {
        if (!local.applies(instance)) {
            return false;
        }
        resizes.confirmBeforeDelete(instance);
        local.delete(caller, instance, requestId);
        shelves.deleted(instance.uuid());
        return true;
    }
}
