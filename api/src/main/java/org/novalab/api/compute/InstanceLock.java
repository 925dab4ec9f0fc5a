package org.novalab.api.compute;

import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;

/**
 * Nova's {@code check_instance_lock}: a locked server's actions (stop, start, reboot, pause, unpause, suspend,
 * resume, rebuild, delete, restore, its metadata) are refused to anyone but an admin, before its state is looked at.
 */
public final class InstanceLock {
    private InstanceLock() {
    }

    public static void require(AuthContext caller, InstanceEntity instance) {
        if (instance.locked() && !caller.isAdmin()) {
            throw ApiException.conflict("Instance " + instance.uuid() + " is locked");
        }
    }
}
