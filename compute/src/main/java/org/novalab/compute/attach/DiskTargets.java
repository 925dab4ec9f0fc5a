package org.novalab.compute.attach;

import java.util.Set;
import java.util.stream.Collectors;
import org.novalab.compute.InvalidRequest;
import org.novalab.compute.domain.DomainDefinition;

/** Nova's {@code get_next_device_name} for virtio disks: {@code vdb}, {@code vdc}, … the first the domain lacks. */
public final class DiskTargets {
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    private DiskTargets() {
    }

    public static String nextFree(Set<String> taken) {
        for (int i = 1; i < LETTERS.length(); i++) {
            String dev = "vd" + LETTERS.charAt(i);
            if (!taken.contains(dev)) {
                return dev;
            }
        }
        throw new InvalidRequest("no free virtio disk target is left (vdb to vdz are taken)");
    }

    public static Set<String> of(DomainDefinition domain) {
        return domain.disks().stream().map(d -> d.targetDev()).collect(Collectors.toSet());
    }

    /** A device a user asked for: a virtio disk name, not the root disk's. */
    public static String requireValid(String device) {
        String dev = device.startsWith("/dev/") ? device.substring(5) : device;
        if (!dev.matches("vd[b-z]")) {
            throw new InvalidRequest("The supplied device path (" + device + ") is invalid.");
        }
        return dev;
    }
}
