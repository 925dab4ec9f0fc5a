package org.novalab.compute.secret;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.novalab.disk.Passphrase;

/**
 * libvirt's secret API: the hypervisor looks passphrases up by uuid when it opens an encrypted disk.
 * Two implementations: real libvirt secrets ({@link LibvirtSecretStore}), and {@link NovalabSecretStore}, which
 * keeps libvirt's semantics for {@code test:///default} (that driver has no secret API).
 */
public interface SecretStore {
    /** {@code virSecretDefineXML}: a second secret for the same volume is a {@link SecretUsageConflict}. */
    void define(SecretDefinition definition);

    /** {@code virSecretSetValue}: the store takes a copy; the caller still closes {@code value}. */
    void setValue(UUID uuid, Passphrase value);

    /** {@code virSecretGetValue}: a private secret answers {@link SecretPrivate}. The caller closes the result. */
    Passphrase value(UUID uuid);

    Optional<SecretDefinition> lookup(UUID uuid);

    List<SecretDefinition> list();

    /** {@code virSecretUndefine}: {@link SecretNotFound} when there is no such secret. */
    void undefine(UUID uuid);

    /** True when this store is the hypervisor's own (libvirt keeps the values), false for novalab's emulation. */
    boolean isLibvirt();
}
