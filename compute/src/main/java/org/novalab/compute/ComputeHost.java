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
import org.novalab.disk.DiskTool;

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
