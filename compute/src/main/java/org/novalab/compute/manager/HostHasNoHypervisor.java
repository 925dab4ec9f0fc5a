package org.novalab.compute.manager;

import org.novalab.compute.ComputeException;

/** virsh and the classroom need a hypervisor to look at; a host on a fake driver (tests) has none. */
public class HostHasNoHypervisor extends ComputeException {
    private final String what;

    public HostHasNoHypervisor(String host, String what) {
        super("Compute host " + host + " has no hypervisor to show: " + what + " needs one.");
        this.what = what;
    }

    /** What needed the hypervisor (virsh, the classroom). */
    public String what() {
        return what;
    }
}
