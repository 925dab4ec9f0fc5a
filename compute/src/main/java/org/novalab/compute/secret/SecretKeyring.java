package org.novalab.compute.secret;

import java.util.UUID;
import org.novalab.disk.Passphrase;

/**
 * The hypervisor's side of a secret store: what QEMU receives when libvirt starts a domain, private or not.
 * Only the boot emulation holds one; API callers get {@link SecretStore}, where private values stay private.
 */
@FunctionalInterface
public interface SecretKeyring {
    /** The value for a disk; {@link SecretNotFound} with libvirt's wording when unknown or without a value. */
    Passphrase passphraseForHypervisor(UUID uuid);
}
