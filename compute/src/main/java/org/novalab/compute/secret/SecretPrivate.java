package org.novalab.compute.secret;

import java.util.UUID;

/** libvirt's VIR_ERR_INVALID_SECRET for {@code private='yes'}: its value cannot be read back through the API. */
public class SecretPrivate extends SecretException {
    private final UUID uuid;

    public SecretPrivate(UUID uuid) {
        super("Invalid secret: secret is private (" + uuid + ")");
        this.uuid = uuid;
    }

    public UUID uuid() {
        return uuid;
    }
}
