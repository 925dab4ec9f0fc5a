package org.novalab.compute;

import java.util.Optional;
import org.novalab.compute.backend.RbdVolumes;
import org.novalab.compute.boot.BootEmulator;
import org.novalab.compute.boot.GuestDiskOpener;
import org.novalab.compute.hypervisor.EmulatedBootHypervisor;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.hypervisor.LibvirtConnection;
import org.novalab.compute.hypervisor.LibvirtHypervisor;
import org.novalab.compute.secret.LibvirtSecretStore;
import org.novalab.compute.secret.NovalabSecretStore;
import org.novalab.compute.secret.PassphraseVault;
import org.novalab.compute.secret.SecretStore;
import java.security.SecureRandom;
import org.novalab.compute.boot.ChainGuestDisks;
import org.novalab.compute.images.ImageCacheBaseImages;
import org.novalab.compute.secret.MasterKey;
import org.novalab.compute.secret.PassphraseRepository;
import org.novalab.disk.DiskTool;
import org.novalab.disk.Disks;
import org.novalab.imagecache.ImageCache;

/**
 * A compute host wired from its configuration: one libvirt connection for the process lifetime, the secret store
 * that URI calls for (libvirt's when it has a secret driver, novalab's for the test driver), boot emulation on the
 * test driver, the passphrase vault under the state dir, and the driver on top. Close it at shutdown.
 */
public final class ComputeHost implements AutoCloseable {
    private final Hypervisor hypervisor;
    private final SecretStore secrets;
    private final PassphraseVault vault;
    private final ComputeDriver driver;

    private ComputeHost(Hypervisor hypervisor, SecretStore secrets, PassphraseVault vault, ComputeDriver driver) {
        this.hypervisor = hypervisor;
        this.secrets = secrets;
        this.vault = vault;
        this.driver = driver;
    }

    public static ComputeHost open(ComputeConfig config, BaseImageProvider images, DiskTool disks,
                                   GuestDiskOpener guestDisks, Optional<RbdVolumes> rbd) {
        return open(config, images, disks, guestDisks, rbd, PassphraseVault.inStateDir(config.instancesDir()));
    }

    /** With another vault, e.g. the api's, whose passphrase rows live in the database. */
    public static ComputeHost open(ComputeConfig config, BaseImageProvider images, DiskTool disks,
                                   GuestDiskOpener guestDisks, Optional<RbdVolumes> rbd, PassphraseVault vault) {
        LibvirtConnection connection = LibvirtConnection.open(config.hypervisorUri());
        try {
            LibvirtHypervisor libvirt = new LibvirtHypervisor(connection);
            SecretStore secrets;
            Hypervisor hypervisor;
            if (connection.isTestDriver()) {
                NovalabSecretStore store = new NovalabSecretStore();
                secrets = store;
                hypervisor = new EmulatedBootHypervisor(libvirt, new BootEmulator(store, guestDisks));
            } else {
                secrets = LibvirtSecretStore.supported(connection) ? new LibvirtSecretStore(connection)
                        : new NovalabSecretStore();
                hypervisor = libvirt;
            }
            ComputeDriver driver = new ComputeDriver(config, images, hypervisor, secrets, vault, disks, rbd);
            return new ComputeHost(hypervisor, secrets, vault, driver);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * The usual wiring: the pure-Java disk library, the image cache behind {@code _base}, an optional RBD pool for
     * the Rbd backend, and passphrase rows in {@code passphrases} (the api's database table) under the master key
     * {@code <instances>/master.key}.
     */
    public static ComputeHost open(ComputeConfig config, ImageCache cache, Optional<RbdVolumes> rbd,
                                   PassphraseRepository passphrases) {
        SecureRandom random = new SecureRandom();
        PassphraseVault vault = new PassphraseVault(MasterKey.loadOrCreate(config.instancesDir(), random), passphrases,
                random);
        return open(config, new ImageCacheBaseImages(cache), Disks.java(), new ChainGuestDisks(rbd), rbd, vault);
    }

    public ComputeDriver driver() {
        return driver;
    }

    public SecretStore secrets() {
        return secrets;
    }

    public Hypervisor hypervisor() {
        return hypervisor;
    }

    public PassphraseVault vault() {
        return vault;
    }

    @Override
    public void close() {
        hypervisor.close();
    }
}
