package org.novalab.compute.rescue;

import java.util.UUID;
import org.novalab.compute.BackendKind;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.rpc.InstanceRef;

/**
 * Nova's {@code rescue_instance} cast: the instance, the image its rescue disk is made from (the one asked for, or
 * the server's own), and how the instance's root disk was made, which the rescue disk is made the same way as
 * (Nova's {@code _create_image} with the instance's image backend and the {@code .rescue} suffix). The rescue
 * password is not carried: novalab injects nothing into a guest (no config drive, no file injection).
 */
public record RescueRequest(InstanceRef instance, String rescueImageId, BackendKind backend, DiskCreation creation) {
    public UUID uuid() {
        return instance.uuid();
    }
}
