package org.novalab.compute;

import java.util.UUID;

/**
 * The domain could not be started; the message is the hypervisor's (e.g. QEMU's "Invalid password, cannot unlock
 * any keyslot"). The spawn has been rolled back: nothing is left running or defined.
 */
public class BootFailed extends ComputeException {
    private final UUID instance;

    public BootFailed(UUID instance, String message, Throwable cause) {
        super(message, cause);
        this.instance = instance;
    }

    public UUID instance() {
        return instance;
    }
}
