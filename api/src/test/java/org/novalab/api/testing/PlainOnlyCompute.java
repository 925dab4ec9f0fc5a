package org.novalab.api.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.novalab.compute.BackendKind;
import org.novalab.compute.HostCapabilities;

/** A fake compute host that cannot encrypt at all (a hypervisor without libvirt's secret API): plain disks only. */
public class PlainOnlyCompute extends FakeCompute {
    /** Why it refuses an encrypted disk, for every backend. */
    public static final String REASON = "the hypervisor of this host has no secret API: encrypted disks cannot start";

    @Override
    public HostCapabilities capabilities() {
        return new HostCapabilities("fake://", true, true, false, Optional.empty(), false, false,
                Map.of(BackendKind.QCOW2, Set.of(), BackendKind.FLAT, Set.of(), BackendKind.RBD, Set.of()),
                Map.of(BackendKind.QCOW2, REASON, BackendKind.FLAT, REASON, BackendKind.RBD, REASON), List.of());
    }
}
