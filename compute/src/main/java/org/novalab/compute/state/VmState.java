package org.novalab.compute.state;

import java.util.Arrays;

/** Nova's vm states ({@code nova.compute.vm_states}) and the API status each shows as. */
public enum VmState {
    BUILDING("building", "BUILD"), ACTIVE("active", "ACTIVE"), STOPPED("stopped", "SHUTOFF"), ERROR("error", "ERROR"),
    /** Paused: the guest's vCPUs are stopped, its memory kept by the running domain ({@code virDomainSuspend}). */
    PAUSED("paused", "PAUSED"),
    /** Suspended: the guest's memory saved to disk by libvirt ({@code virDomainManagedSave}); the domain is off. */
    SUSPENDED("suspended", "SUSPENDED"),
    /** Deleted while {@code reclaim_instance_interval} keeps it: powered off, restorable until it is reclaimed. */
    SOFT_DELETED("soft-delete", "SOFT_DELETED"),
    /** Rescued: the guest runs from a rescue disk, its own root disk attached second ({@code unrescue.xml} kept). */
    RESCUED("rescued", "RESCUE"),
    /** Resized and waiting for a confirmResize or revertResize: the old disk is kept beside the new one. */
    RESIZED("resized", "VERIFY_RESIZE"),
    /** Shelved: a snapshot of the disk is in the image service, the guest powered off on its host. */
    SHELVED("shelved", "SHELVED"),
    /** Shelved and offloaded: nothing left on any host but the disk's passphrase in the key manager. */
    SHELVED_OFFLOADED("shelved_offloaded", "SHELVED_OFFLOADED");

    private final String id;
    private final String status;

    VmState(String id, String status) {
        this.id = id;
        this.status = status;
    }

    public String id() {
        return id;
    }

    public String status() {
        return status;
    }

    public static VmState of(String id) {
        return Arrays.stream(values()).filter(v -> v.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown vm_state " + id));
    }

    /** The vm_state a status filter names, or null when no server can have that status. */
    public static VmState ofStatus(String status) {
        return Arrays.stream(values()).filter(v -> v.status.equalsIgnoreCase(status)).findFirst().orElse(null);
    }
}
