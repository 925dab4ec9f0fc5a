package org.novalab.api.compute.delete;

import java.util.UUID;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.action.InstanceActions;
import org.novalab.api.compute.host.ServiceRegistry;
import org.novalab.api.identity.AuthContext;
import org.novalab.compute.state.TaskState;
import org.novalab.keys.SealedSecret;
import org.novalab.keys.SealedSecretStore;
import org.novalab.keys.SecretOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's local delete ({@code _local_delete}): a server whose compute service is down (its heartbeat older than
 * {@code service_down_time}, or forced down) is deleted by the API alone, as nobody can tear it down on its host now.
 * Its row goes (recorded as terminated, its volumes detached, its groups left) and so do its disk's passphrases in
 * the key manager, so no key outlives its server if the host never comes back; a delete already stuck on that host
 * is finished the same way. When the host starts again it reaps what is left of the server there (its domain,
 * directory and libvirt secret), as Nova's {@code running_deleted_instance_action = reap} does.
 */
public final class LocalDeletes {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDeletes.class);
    private final ServiceRegistry services;
    private final HibernateInstanceStore instances;
    private final SealedSecretStore keys;

    public LocalDeletes(ServiceRegistry services, HibernateInstanceStore instances, SealedSecretStore keys) {
        this.services = services;
        this.instances = instances;
        this.keys = keys;
    }

    /** Whether {@code instance} is on a host whose compute service is down: its delete is a local one. */
    public boolean applies(InstanceEntity instance) {
        return instance.host() != null && services.byHostAndBinary(instance.host(), ServiceRegistry.COMPUTE)
                .map(service -> !services.isUp(service)).orElse(false);
    }

    /** Deletes {@code instance} here: its row and its keys, nothing asked of its host. */
    public void delete(AuthContext caller, InstanceEntity instance, String requestId) {
        UUID id = UUID.fromString(instance.uuid());
        boolean stuck = TaskState.DELETING.value().equals(instance.taskState());
        if (!instances.beginDelete(id) && !stuck) {
            return; // deleted meanwhile
        }
        instances.actions().start(instance.uuid(), "delete", requestId, caller,
                InstanceActions.eventOf(TaskState.DELETING).orElseThrow(), instance.host());
        int forgotten = 0;
        for (SealedSecret key : keys.byOwner(SecretOwner.rootDisk(id))) {
            forgotten += keys.delete(key.id()) ? 1 : 0;
        }
        instances.remove(id);
        LOG.info("deleted instance {} locally: its compute host {} is down ({} passphrase(s) of its disk forgotten; "
                + "the host reaps its domain and files when it starts again)", id, instance.host(), forgotten);
    }
}
