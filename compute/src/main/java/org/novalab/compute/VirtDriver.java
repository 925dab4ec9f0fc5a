package org.novalab.compute;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.novalab.compute.hypervisor.DomainStats;
import org.novalab.compute.rescue.RescueRequest;
import org.novalab.disk.Passphrase;
import org.novalab.compute.snapshot.SnapshotFailed;
import org.novalab.compute.snapshot.SnapshotImage;
import org.novalab.compute.resize.ResizeRequest;
import org.novalab.compute.state.PowerState;

/**
 * A hypervisor driver as the compute manager drives it: Nova's {@code nova.virt.driver.ComputeDriver}. The libvirt
 * one is {@link ComputeDriver}; tests of the layers above use a fake. Every call blocks; the manager runs it on
 * the compute host's own threads.
 */
public interface VirtDriver {
    /** What this host can do with encrypted disks, for the scheduler and for refusing early. */
    HostCapabilities capabilities();

    /** Builds the root disk, defines and starts the domain; undoes every step when one fails. */
    SpawnResult spawn(SpawnRequest request);

    /**
     * Makes the root disk again from the request's image and boots the instance on it (Nova's
     * {@code rebuild_instance}); a failure leaves the instance's old disk when it had one.
     */
    SpawnResult rebuild(RebuildRequest request);

    /**
     * Nova's {@code migrate_disk_and_power_off} and {@code finish_migration} on the instance's own host: the root disk
     * grown to the new flavor, the domain defined with its vCPUs and memory and booted when it was running; the old
     * disk kept until {@link #confirmResize} or {@link #revertResize}. A disk that would shrink is a
     * {@code ResizeError}, raised before anything changes.
     */
    PowerState resize(ResizeRequest request);

    /** Nova's {@code confirm_migration}: the old disk goes. */
    PowerState confirmResize(ResizeRequest request);

    /** Nova's {@code finish_revert_migration}: the old disk and flavor come back; repeating it finishes it. */
    PowerState revertResize(ResizeRequest request);

    /**
     * Nova's {@code migrate_disk_and_power_off} to another host, on the source: the guest powered off, its
     * directory set aside until the move is confirmed or reverted.
     *
     * @return the files to send to the destination ({@link #receiveMigrationFile})
     */
    default java.util.List<java.nio.file.Path> migrateDiskAndPowerOff(ResizeRequest request) {
        throw new org.novalab.compute.resize.ResizeError(getClass().getSimpleName() + " does not move instances "
                + "to other hosts");
    }

    /** On the destination, a piece of a file the source sends ({@code disk}, {@code libvirt.xml}...). */
    default void receiveMigrationFile(UUID instance, String file, long offset, byte[] data) {
        throw new org.novalab.compute.resize.ResizeError(getClass().getSimpleName() + " does not take instances "
                + "from other hosts");
    }

    /** Nova's {@code finish_migration} on the destination: the files that arrived booted on this host. */
    default PowerState finishMigration(ResizeRequest request) {
        throw new org.novalab.compute.resize.ResizeError(getClass().getSimpleName() + " does not take instances "
                + "from other hosts");
    }

    /**
     * The copy this host kept of an instance that lives on another host now (evacuated while this host was down):
     * its files go, the key manager's passphrase stays.
     */
    default void forgetStaleCopy(UUID instance) {
    }

    /**
     * A move from this host that was given up before it finished (the server ERROR: this host was seen down): the
     * instance's directory, set aside as {@code <uuid>_resize}, back in place; the domain is neither defined again
     * nor booted.
     *
     * @return whether a directory was set aside
     */
    default boolean putBackSetAside(UUID instance) {
        return false;
    }

    /** On the destination of a reverted or failed move: its domain, libvirt secret and files go. */
    default void withdrawMigration(UUID instance) {
    }

    /** On the source of a confirmed move: its domain, libvirt secret and set-aside directory go. */
    default void confirmMigrationSource(ResizeRequest request) {
        confirmResize(request);
    }

    /**
     * Nova's live migration, on the source: the checks, then the guest paused while its files are copied.
     *
     * @return the files to send to the destination ({@link #receiveMigrationFile}) and how the guest was
     */
    default org.novalab.compute.resize.InstanceMover.LiveDeparture leaveLive(ResizeRequest request) {
        throw new org.novalab.compute.resize.LiveMigrationRefused(getClass().getSimpleName() + " does not live-migrate "
                + "instances");
    }

    /** On the destination of a live migration: the files that arrived, running here (paused when it was). */
    default PowerState arriveLive(ResizeRequest request, boolean paused) {
        throw new org.novalab.compute.resize.LiveMigrationRefused(getClass().getSimpleName() + " does not take live "
                + "migrations");
    }

    /** On the source of a live migration that did not happen: the guest carries on as it was. */
    default void stayLive(UUID instance, boolean wasPaused) {
    }

    /** On the source of a finished live migration: its domain, libvirt secret and files go. */
    default void forgetLiveSource(UUID instance) {
    }

    /** Hard power-off (the domain stays defined). */
    void stop(UUID instance);

    void start(UUID instance);

    /** Hard reboot: the guest boots again, from any power state (a suspended guest's saved memory is discarded). */
    void reboot(UUID instance);

    /**
     * Nova's {@code _hard_reboot}, which defines the guest again from its XML: a hard reboot that also brings back
     * a domain the hypervisor lost (a server in ERROR after a restart), its disk's secret defined first.
     */
    default void hardReboot(UUID instance) {
        reboot(instance);
    }

    /** Nova's {@code pause}: the running guest stops where it is ({@code virDomainSuspend}). */
    void pause(UUID instance);

    /** Nova's {@code unpause}: the paused guest carries on ({@code virDomainResume}). */
    void unpause(UUID instance);

    /** Nova's {@code suspend}: the guest's memory saved to disk, the domain shut off ({@code virDomainManagedSave}). */
    void suspend(UUID instance);

    /** Nova's {@code resume}: the suspended guest restored from its saved memory; its disk's secret defined first. */
    void resume(UUID instance);

    /** Nova's {@code rescue}: the guest boots a rescue disk made from an image, its own disks attached after it. */
    void rescue(RescueRequest request);

    /** Nova's {@code unrescue}: the domain as it was before the rescue boots again; the rescue disk goes. */
    void unrescue(UUID instance);

    /** After a restart: a rescue or unrescue that was cut short is undone (the domain as before it, not started). */
    boolean undoRescue(UUID instance);

    /** Nova's {@code set_admin_password} through the guest agent; the password stays the caller's to close. */
    void setAdminPassword(UUID instance, Map<String, String> imageProperties,
                          Passphrase password);

    /** Removes the domain (with a suspended guest's saved memory), the disk, its secrets and the directory; idempotent. */
    void destroy(UUID instance);

    /** What libvirt reports of the instance's domain (Nova's {@code get_diagnostics}). */
    DomainStats diagnostics(UUID instance);

    /** What the guest printed on its serial console. */
    String consoleOutput(UUID instance);

    /**
     * Nova's {@code snapshot}: the root disk read out into one standalone image file for {@code imageId} (see
     * {@link org.novalab.compute.snapshot.ColdSnapshot}); the guest is as it was after.
     */
    default SnapshotImage snapshot(UUID instance, String imageId) {
        throw new SnapshotFailed("this hypervisor driver takes no snapshots");
    }

    /** A snapshot that will not be uploaded: its staged file and its key go. */
    default void discardSnapshot(SnapshotImage image) {
    }

    /** After a restart: brings the hypervisor back in line with what the database knows. */
    /**
     * Nova's {@code shelve_offload} on the host: the domain and its libvirt secret undefined, the instance directory
     * with its disk removed; the disk's passphrase stays in the key manager under the instance, for the unshelve.
     */
    default void shelveOffload(UUID instance) {
        throw new InvalidRequest("this hypervisor driver does not shelve servers");
    }

    /**
     * Nova's {@code unshelve} spawn: the instance built again from its shelve image, its root disk encrypted with the
     * passphrase the offload kept (not a new one).
     */
    default SpawnResult unshelve(SpawnRequest request) {
        throw new InvalidRequest("this hypervisor driver does not shelve servers");
    }

    /**
     * Nova's {@code attach_volume}: the volume's disk goes into the instance's domain at {@code device} (the next free
     * virtio target when empty), live when the guest runs; returns the target.
     */
    default String attachVolume(UUID instance, org.novalab.compute.attach.VolumeConnection volume,
                                java.util.Optional<String> device) {
        throw new InvalidRequest("this hypervisor driver does not attach volumes");
    }

    /** Nova's {@code detach_volume}: the volume's disk leaves the domain; its key stays the volume's. */
    default void detachVolume(UUID instance, String volumeId) {
        throw new InvalidRequest("this hypervisor driver does not detach volumes");
    }

    ReconcileReport reconcile(Collection<KnownInstance> known);
}
