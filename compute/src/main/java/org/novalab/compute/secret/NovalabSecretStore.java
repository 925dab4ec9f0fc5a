package org.novalab.compute.secret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.disk.Passphrase;

/**
 * libvirt's secret driver semantics, kept by novalab for {@code test:///default} (which has no secret API):
 * usage uniqueness per volume, private values that cannot be read back, values held only in memory (as the test
 * driver's whole state is: it lives as long as the process). Persistent secrets are re-created after a restart by
 * {@code ComputeDriver.reconcile} from the instance's secret.xml and the passphrase vault.
 *
 * <p>libvirtd keeps the values in its own memory; this store keeps them in the server's for as long as a secret
 * is defined, so each is a {@link Passphrase} of its own (off the Java heap: no heap dump shows it), closed
 * (zeroed) when the value is replaced or the secret undefined.
 */
public final class NovalabSecretStore implements SecretStore, SecretKeyring {
    /** @param value the store's own copy, or null before {@code setValue} */
    private record Entry(SecretDefinition definition, Passphrase value) {
    }

    private final Map<UUID, Entry> secrets = new LinkedHashMap<>();

    @Override
    public synchronized void define(SecretDefinition definition) {
        for (Entry e : secrets.values()) {
            SecretDefinition other = e.definition();
            if (!other.uuid().equals(definition.uuid()) && other.usageType().equals(definition.usageType())
                    && other.usageVolume().equals(definition.usageVolume())) {
                throw new SecretUsageConflict("operation failed: a secret with UUID " + other.uuid()
                        + " already defined for use with " + other.usageVolume());
            }
        }
        Entry old = secrets.get(definition.uuid());
        // redefining keeps the value, as libvirt does
        secrets.put(definition.uuid(), new Entry(definition, old == null ? null : old.value()));
    }

    @Override
    public synchronized void setValue(UUID uuid, Passphrase value) {
        Entry e = existing(uuid);
        Passphrase copy = value.copy();
        forget(e);
        secrets.put(uuid, new Entry(e.definition(), copy));
    }

    @Override
    public synchronized Passphrase value(UUID uuid) {
        Entry e = existing(uuid);
        if (e.definition().isPrivate()) {
            throw new SecretPrivate(uuid);
        }
        return valueOf(e);
    }

    @Override
    public synchronized Passphrase passphraseForHypervisor(UUID uuid) {
        return valueOf(existing(uuid));
    }

    @Override
    public synchronized Optional<SecretDefinition> lookup(UUID uuid) {
        return Optional.ofNullable(secrets.get(uuid)).map(Entry::definition);
    }

    @Override
    public synchronized List<SecretDefinition> list() {
        List<SecretDefinition> out = new ArrayList<>();
        secrets.values().forEach(e -> out.add(e.definition()));
        return out;
    }

    @Override
    public synchronized void undefine(UUID uuid) {
        forget(existing(uuid));
        secrets.remove(uuid);
    }

    @Override
    public boolean isLibvirt() {
        return false;
    }

    private Entry existing(UUID uuid) {
        Entry e = secrets.get(uuid);
        if (e == null) {
            throw new SecretNotFound("Secret not found: no secret with matching uuid '" + uuid + "'");
        }
        return e;
    }

    private static Passphrase valueOf(Entry e) {
        if (e.value() == null) {
            throw new SecretNotFound("Secret not found: secret '" + e.definition().uuid() + "' does not have a value");
        }
        return e.value().copy();
    }

    private static void forget(Entry e) {
        if (e.value() != null) {
            e.value().close();
        }
    }
}
