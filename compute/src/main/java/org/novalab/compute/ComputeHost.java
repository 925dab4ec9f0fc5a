package org.novalab.compute;

import java.util.Optional;
import org.novalab.compute.backend.RbdVolumes;
import org.novalab.compute.boot.BootEmulator;
import org.novalab.compute.boot.ChainGuestDisks;
import org.novalab.compute.boot.GuestDiskOpener;
import org.novalab.compute.hypervisor.EmulatedBootHypervisor;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.hypervisor.LibvirtConnection;
import org.novalab.compute.hypervisor.LibvirtHypervisor;
import org.novalab.compute.inspect.HostInspector;
import org.novalab.compute.secret.LibvirtSecretStore;
import org.novalab.compute.secret.NovalabSecretStore;
import org.novalab.compute.secret.SecretKeyring;
import org.novalab.compute.secret.SecretStore;
import org.novalab.compute.virsh.Virsh;
import org.novalab.disk.DiskTool;
import org.novalab.disk.Disks;
import org.novalab.imagecache.BaseImages;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.keys.KeyManager;

/**
 * A compute host wired from its configuration: one libvirt connection for the process lifetime, the secret store
 * that URI calls for (libvirt's when it has a secret driver, novalab's for the test driver), boot emulation on the
 * test driver, the key manager, and the driver on top. Close it at shutdown.
 */
public final class ComputeHost implements AutoCloseable {
    private final Hypervisor hypervisor;
    private final SecretStore secrets;
    private final Optional<SecretKeyring> keyring;
    private final KeyManager keys;
    private final ComputeDriver driver;
    private final HostInspector inspector;

    private ComputeHost(Hypervisor hypervisor, SecretStore secrets, Optional<SecretKeyring> keyring, KeyManager keys,
                        ComputeDriver driver, HostInspector inspector) {
        this.hypervisor = hypervisor;
        this.secrets = secrets;
        this.keyring = keyring;
        this.keys = keys;
        this.driver = driver;
        this.inspector = inspector;
    }

    /** With the key manager of the lab and the compute CLI: master key and passphrase file in the state dir. */
    public static ComputeHost open(ComputeConfig config, BaseImages images, DiskTool disks,
                                   GuestDiskOpener guestDisks, Optional<RbdVolumes> rbd) {
        return open(config, images, disks, guestDisks, rbd, EmbeddedKeyManager.inStateDir(config.instancesDir()));
    }

    /** With another key manager, e.g. the api's, whose sealed secrets live in the database. */
    public static ComputeHost open(ComputeConfig config, BaseImages images, DiskTool disks,
                                   GuestDiskOpener guestDisks, Optional<RbdVolumes> rbd, KeyManager keys) {
        return open(config, images, disks, guestDisks, rbd, keys, BuildTimings.NONE);
    }

    /** As above, with the phases of every spawn, rebuild and unshelve timed into {@code timings}. */
    public static ComputeHost open(ComputeConfig config, BaseImages images, DiskTool disks,
                                   GuestDiskOpener guestDisks, Optional<RbdVolumes> rbd, KeyManager keys,
                                   BuildTimings timings) {
        LibvirtConnection connection = LibvirtConnection.open(config.hypervisorUri());
        try {
            LibvirtHypervisor libvirt = new LibvirtHypervisor(connection);
            SecretStore secrets;
            Optional<SecretKeyring> keyring;
            Hypervisor hypervisor;
            if (connection.isTestDriver()) {
                NovalabSecretStore store = new NovalabSecretStore();
                secrets = store;
                keyring = Optional.of(store);
                hypervisor = new EmulatedBootHypervisor(libvirt, new BootEmulator(store, guestDisks));
            } else {
                secrets = LibvirtSecretStore.supported(connection) ? new LibvirtSecretStore(connection)
                        : new NovalabSecretStore();
                // libvirt hands passphrases to QEMU itself and to nobody else
                keyring = Optional.empty();
                hypervisor = libvirt;
            }
            ComputeDriver driver = new ComputeDriver(config, images, hypervisor, secrets, keys, disks, rbd,
                    timings);
            HostInspector inspector = new HostInspector(config, hypervisor, secrets, keyring, disks, rbd);
            return new ComputeHost(hypervisor, secrets, keyring, keys, driver, inspector);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The usual wiring: the pure-Java disk library, Nova's {@code _base} cache, an optional RBD pool. */
    public static ComputeHost open(ComputeConfig config, BaseImages images, Optional<RbdVolumes> rbd, KeyManager keys) {
        return open(config, images, rbd, keys, BuildTimings.NONE);
    }

    /** The usual wiring, its builds timed by phase into {@code timings} (the server's metrics). */
    public static ComputeHost open(ComputeConfig config, BaseImages images, Optional<RbdVolumes> rbd, KeyManager keys,
                                   BuildTimings timings) {
        return open(config, images, Disks.java(), new ChainGuestDisks(rbd), rbd, keys, timings);
    }

    /** As above, with the block storage pools whose volumes are attached to guests here (by pool name). */
    public static ComputeHost open(ComputeConfig config, BaseImages images, Optional<RbdVolumes> rbd, KeyManager keys,
                                   BuildTimings timings, java.util.Map<String, org.novalab.storage.Pool> volumePools) {
        return open(config, images, Disks.java(), new ChainGuestDisks(rbd, volumePools), rbd, keys, timings);
    }

    public ComputeDriver driver() {
        return driver;
    }

    public SecretStore secrets() {
        return secrets;
    }

    /**
     * The secret values as the hypervisor receives them, private ones too: novalab's own store (it is the
     * hypervisor's for the test driver); empty on a real libvirt, which gives them to QEMU and to nobody else.
     */
    public Optional<SecretKeyring> keyring() {
        return keyring;
    }

    public Hypervisor hypervisor() {
        return hypervisor;
    }

    public KeyManager keys() {
        return keys;
    }

    /** What an operator could look at on this host: the classroom's view. */
    public HostInspector inspector() {
        return inspector;
    }

    /** The seed appendix's virsh verbs on this host's hypervisor and secret store. */
    public Virsh virsh() {
        return new Virsh(hypervisor, secrets);
    }

    @Override
    public void close() {
        hypervisor.close();
    }
}
