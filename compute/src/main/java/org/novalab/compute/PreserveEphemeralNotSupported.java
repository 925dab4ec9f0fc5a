package org.novalab.compute;

/** Nova's libvirt driver keeps no ephemeral partition over a rebuild, and says so in these words. */
public final class PreserveEphemeralNotSupported extends ComputeException {
    public PreserveEphemeralNotSupported() {
        super("The current driver does not support preserving ephemeral partitions.");
    }
}
