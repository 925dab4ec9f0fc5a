package org.novalab.lab;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.BackendKind;
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.Flavor;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.boot.GuestDiskOpener;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.disk.DiskTool;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.Passphrase;
import org.novalab.fixture.FixtureGuest;
import org.novalab.keys.KeyManager;
import org.novalab.keys.SecretOwner;

/**
 * A compute host for the lab, wired like the api's (same driver, hypervisor, secret store, boot emulation) on the
 * lab's own state dir, with the fixture guest as its only image and one extra secret in the store: the "other"
 * secret of the experiments, a valid uuid in {@code secret-list} holding a passphrase no disk was made with.
 */
final class LabHost implements AutoCloseable {
    /** The seed's flavor: a 1 GiB root disk ({@code size=1073741824}). */
    static final Flavor FLAVOR = new Flavor("lab", "m1.lab", 1, 64, 1, Map.of());
    /** The seed's domains were instance-00000040 and up. */
    private static final long FIRST_INSTANCE = 0x40;

    private final ComputeHost host;
    private final FixtureImage image;
    private final DiskTool disks;
    private final Path instances;
    private final UUID otherSecret;
    private final Passphrase otherPassphrase;
    private long nextInstance = FIRST_INSTANCE;

    private LabHost(ComputeHost host, FixtureImage image, DiskTool disks, Path instances) {
        this.host = host;
        this.image = image;
        this.disks = disks;
        this.instances = instances;
        // made like every disk's passphrase (and never stored): no copy of it is left behind on the heap
        KeyManager.NewSecret other = host.keys().generate(SecretOwner.volume("lab-other-secret"));
        this.otherSecret = other.id();
        this.otherPassphrase = other.passphrase();
        host.secrets().define(new SecretDefinition(otherSecret, false, true,
                instances.resolve("lab-other-secret").toString(), Optional.of("the lab's other secret")));
        host.secrets().setValue(otherSecret, otherPassphrase);
    }

    static LabHost open(ComputeConfig config, DiskTool disks, GuestDiskOpener opener) {
        FixtureImage image = new FixtureImage(config.baseDir());
        ComputeHost host = ComputeHost.open(config, image, disks, opener, Optional.empty());
        try {
            return new LabHost(host, image, disks, config.instancesDir());
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    ComputeHost compute() {
        return host;
    }

    DiskTool disks() {
        return disks;
    }

    Path instances() {
        return instances;
    }

    Path plainBase() {
        return image.path();
    }

    UUID otherSecret() {
        return otherSecret;
    }

    /** A copy of the other secret's passphrase; the caller closes it. */
    Passphrase otherPassphrase() {
        return otherPassphrase.copy();
    }

    /** The passphrase a secret holds, as the hypervisor reads it; empty when the store will not say (libvirt). */
    Optional<Passphrase> passphraseOf(UUID secret) {
        return host.keyring().map(keyring -> keyring.passphraseForHypervisor(secret));
    }

    synchronized long nextInstanceNumber() {
        return nextInstance++;
    }

    /** The spawn request of a seed case: the fixture image, the Qcow2 backend, the case's format, method, secret. */
    SpawnRequest request(LabCase c) {
        EncryptionChoice choice = c.format() == EncryptionFormat.AES ? EncryptionChoice.legacyAes()
                : EncryptionChoice.luks();
        DiskCreation creation = c.recipe().overlay() ? DiskCreation.BACKING_FILE : DiskCreation.CONVERT;
        long n = nextInstanceNumber();
        SpawnRequest r = new SpawnRequest(UUID.randomUUID(), n, "lab-" + c.id(), FLAVOR, FixtureGuest.IMAGE_ID,
                Map.of(), BackendKind.QCOW2, creation, choice, Optional.empty());
        return c.secret() == SecretChoice.OTHER ? r.withSecretOverride(otherSecret.toString()) : r;
    }

    @Override
    public void close() {
        try {
            host.secrets().undefine(otherSecret);
        } finally {
            otherPassphrase.close();
            host.close();
        }
    }
}
