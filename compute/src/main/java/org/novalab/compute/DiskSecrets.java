package org.novalab.compute;

import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.instance.InstanceDirs;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretException;
import org.novalab.compute.secret.SecretStore;
import org.novalab.compute.secret.SecretXml;
import org.novalab.disk.Passphrase;
import org.novalab.keys.KeyManager;
import org.novalab.keys.SecretMetadata;
import org.novalab.keys.SecretOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets of an instance's root disk on this host: each passphrase is a key manager secret owned by the root
 * disk and a libvirt secret of the same uuid. The one rule every operation keeps in the end: the root disk has at
 * most the one secret its {@code secret.xml} names, and nothing of any other (libvirt secret or sealed key).
 */
final class DiskSecrets {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSecrets.class);
    private final SecretStore secrets;
    private final KeyManager keys;

    DiskSecrets(SecretStore secrets, KeyManager keys) {
        this.secrets = secrets;
        this.keys = keys;
    }

    /** The secret the instance directory's {@code secret.xml} names: the one its disk is encrypted with. */
    static Optional<SecretDefinition> namedBy(InstanceFiles files) {
        return files.secretXml().filter(java.nio.file.Files::exists)
                .map(xml -> SecretXml.parse(InstanceDirs.read(xml)));
    }

    /** Every passphrase of the root disk goes: libvirt secret and key manager row. */
    void forgetAll(UUID instance) {
        forgetAllBut(instance, Optional.empty());
    }

    /** Every passphrase of the root disk but {@code kept} goes (a rebuilt disk's old one, a crash's leftovers). */
    void forgetAllBut(UUID instance, Optional<UUID> kept) {
        for (SecretMetadata key : keys.list(SecretOwner.rootDisk(instance))) {
            if (kept.isPresent() && kept.get().equals(key.id())) {
                continue;
            }
            undefine(key.id());
            keys.delete(key.id());
        }
    }

    /** The libvirt secret alone (the key manager keeps the passphrase); no-op when it is not defined. */
    void undefine(UUID secret) {
        try {
            secrets.undefine(secret);
        } catch (SecretException e) {
            LOG.debug("secret {} already gone: {}", secret, e.getMessage());
        }
    }

    /**
     * Defines the libvirt secret again with the key manager's passphrase, when it is not defined (a restart, a
     * rebuild that failed before its swap). An ephemeral secret is left to whoever defined it, as in libvirt. The
     * passphrase is read first and a secret whose value cannot be set is undefined again: no secret without value
     * is left for a domain to fail on later.
     *
     * @return whether it was defined now
     */
    boolean restore(SecretDefinition secret) {
        if (secrets.lookup(secret.uuid()).isPresent() || secret.ephemeral()) {
            return false;
        }
        try (Passphrase p = keys.get(secret.uuid())) {
            secrets.define(secret);
            try {
                secrets.setValue(secret.uuid(), p);
            } catch (RuntimeException e) {
                undefine(secret.uuid());
                throw e;
            }
        }
        return true;
    }
}
