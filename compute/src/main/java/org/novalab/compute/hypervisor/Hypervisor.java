package org.novalab.compute.hypervisor;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DomainDocument;
import org.novalab.disk.Passphrase;

/**
 * The hypervisor as the driver uses it: libvirt's define/start/destroy/undefine on persistent domains. Failures
 * are {@link org.novalab.compute.HypervisorError}s carrying libvirt's (or QEMU's) message. Two implementations:
 * {@link LibvirtHypervisor} (libvirt-java; real guests on a real libvirtd) and {@link EmulatedBootHypervisor}
 * (the test driver plus novalab's boot emulation, so a "started" domain does what its guest would).
 */
public interface Hypervisor extends AutoCloseable {
    String uri();

    /** True when a started domain runs a real QEMU (which writes console.log itself). */
    boolean runsRealGuests();

    /** {@code virDomainDefineXML} of the domain the driver built: defines or redefines a persistent domain. */
    void define(DomainDocument domain);

    /** {@code virDomainDefineXML} of XML someone wrote (virsh define, a libvirt.xml read back): taken as it is. */
    void defineXml(String domainXml);

    /**
     * {@code virDomainCreate}: boots the defined domain, or, when it has a managed save image, restores the guest
     * from it (libvirt's own rule: the image is consumed, the guest carries on where it was saved).
     */
    void start(String name);

    /** {@code virDomainSuspend}: the running guest's vCPUs stop; the domain stays active (libvirt: paused). */
    void pause(String name);

    /** {@code virDomainResume}: a paused guest carries on. */
    void unpause(String name);

    /**
     * {@code virDomainManagedSave}: the running (or paused) guest's memory is saved in libvirt's managed save image
     * and the domain shut off; the next {@link #start} restores it.
     */
    void managedSave(String name);

    /** {@code virDomainHasManagedSaveImage}. */
    boolean hasManagedSave(String name);

    /** {@code virDomainManagedSaveRemove}: the saved guest is forgotten; the next start boots. No-op without one. */
    void removeManagedSave(String name);

    /**
     * {@code virDomainSetUserPassword}: the QEMU guest agent in the running guest sets {@code user}'s password; a
     * guest without an agent that answers fails with a {@code PasswordNotSet} of kind NOT_IMPLEMENTED (libvirt's
     * {@code VIR_ERR_AGENT_UNRESPONSIVE}). The password stays the caller's to close.
     */
    void setUserPassword(String name, String user, Passphrase password);

    /**
     * {@code virDomainAttachDeviceFlags} of one disk: always into the persistent definition ({@code updated}, the
     * domain with the disk, is what it becomes), and into the running guest too when {@code live} (QEMU's hotplug,
     * which opens the disk, an encrypted one with the secret its XML names, and fails as QEMU does).
     */
    void attachDisk(String name, DomainDocument updated, DiskDefinition disk, boolean live);

    /** {@code virDomainDetachDeviceFlags} of one disk, from the persistent definition and, when {@code live}, the guest. */
    void detachDisk(String name, DomainDocument updated, DiskDefinition disk, boolean live);

    /** {@code virDomainDestroy}: hard power-off; the domain stays defined. No-op when already off. */
    void powerOff(String name);

    /** Power-off then start: the guest boots again. */
    void reboot(String name);

    /** Powers off when running, then undefines, with its managed save image. No-op when there is no such domain. */
    void undefine(String name);

    Optional<DomainStatus> lookup(String name);

    /** {@code virDomainLookupByUUID}: how the driver finds an instance's domain, as Nova's {@code get_guest} does. */
    Optional<DomainStatus> lookup(UUID uuid);

    /** Active and defined domains. */
    List<DomainStatus> list();

    /** {@code virsh dumpxml}. */
    String dumpXml(String name);

    /** What the domain uses now ({@code virsh dominfo}, {@code domblkstat}, ...), for Nova's diagnostics. */
    DomainStats stats(String name);

    @Override
    void close();
}
