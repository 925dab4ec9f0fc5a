package org.novalab.compute.boot;

import org.novalab.compute.ComputeException;

/** QEMU would not have started: the message is the one libvirt reports (e.g. QEMU's "Invalid password, ..."). */
public class GuestStartRefused extends ComputeException {
    public GuestStartRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
