package org.novalab.compute.hypervisor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.novalab.compute.HypervisorError;
import org.novalab.compute.boot.BootEmulator;
import org.novalab.compute.boot.GuestStartRefused;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainDocument;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.domain.Xml;
import org.novalab.compute.password.PasswordNotSet;
import org.novalab.compute.state.PowerState;
import org.novalab.disk.Passphrase;

/**
 * The test driver ({@code test:///default}) with novalab's boot emulation: a start does in the test driver what
 * libvirt does, then the emulated firmware runs the guest. When QEMU would have refused to start (a LUKS key that
 * unlocks nothing, a missing secret), the domain is powered off again and the start fails with libvirt's message,
 * exactly as with a real libvirtd. The firmware boots the definition the domain was defined with, as QEMU gets
 * its configuration from libvirt at define time; XML is parsed once, when it is defined.
 */
public final class EmulatedBootHypervisor implements Hypervisor {
    private final LibvirtHypervisor testDriver;
    private final BootEmulator emulator;
    private final Map<String, Supplier<DomainDefinition>> definitions = new ConcurrentHashMap<>();
    /**
     * One lock per domain: a start (and the emulated boot in it, the longest call here) and a reboot of one domain
     * never interleave, while different domains boot at the same time, as QEMU processes do. A lock for the whole
     * hypervisor made a burst of builds wait for each other's boots (JFR: most of their blocked time).
     */
    private final Map<String, Object> domainLocks = new ConcurrentHashMap<>();
    /**
     * The running guest's configuration after a disk hotplug: the test driver has no virDomainAttachDeviceFlags, so
     * its live XML would lack the disk until the next start; this is what libvirt's live XML would hold. Gone when
     * the guest stops.
     */
    private final Map<String, String> liveXml = new ConcurrentHashMap<>();

    public EmulatedBootHypervisor(LibvirtHypervisor testDriver, BootEmulator emulator) {
        if (testDriver.runsRealGuests()) {
            throw new IllegalArgumentException("boot emulation is for the test driver, not " + testDriver.uri());
        }
        this.testDriver = testDriver;
        this.emulator = emulator;
    }

    @Override
    public String uri() {
        return testDriver.uri();
    }

    @Override
    public boolean runsRealGuests() {
        return false;
    }

    @Override
    public void define(DomainDocument domain) {
        testDriver.define(domain);
        definitions.put(domain.name(), domain::definition);
    }

    @Override
    public void defineXml(String domainXml) {
        testDriver.defineXml(domainXml);
        String name = Xml.text(Xml.required(Xml.parse(domainXml, "domain"), "name")).strip();
        try {
            // what libvirt made of it (it fills in what the XML leaves out, a uuid say)
            DomainDefinition parsed = DomainXml.parse(testDriver.dumpXml(name));
            definitions.put(name, () -> parsed);
        } catch (RuntimeException e) {
            // libvirt took XML novalab's model does not cover: the emulated guest cannot run it; say so at start
            definitions.put(name, () -> {
                throw e;
            });
        }
    }

    /**
     * A domain with a managed save image is restored, not booted: QEMU opens its disks again (the emulation checks
     * that the secret still unlocks the boot disk, before the test driver consumes the image, so a refused restore
     * keeps it as libvirt does) and the guest carries on without printing anything.
     */
    @Override
    public void start(String name) {
        synchronized (lockOf(name)) {
            liveXml.remove(name);
            if (testDriver.hasManagedSave(name)) {
                restoreOrRefuse(name);
                testDriver.start(name);
                return;
            }
            testDriver.start(name);
            bootOrPowerOff(name);
        }
    }

    @Override
    public void attachDisk(String name, DomainDocument updated, DiskDefinition disk, boolean live) {
        synchronized (lockOf(name)) {
            if (live) {
                requireActive(name);
                try {
                    emulator.hotplug(updated.definition(), disk);
                } catch (GuestStartRefused e) {
                    throw new HypervisorError(e.getMessage(), e);
                }
            }
            redefine(name, updated, live);
        }
    }

    @Override
    public void detachDisk(String name, DomainDocument updated, DiskDefinition disk, boolean live) {
        synchronized (lockOf(name)) {
            if (live) {
                requireActive(name);
                emulator.unplug(updated.definition(), disk);
            }
            redefine(name, updated, live);
        }
    }

    /** The persistent definition becomes {@code updated}; so does the running guest's when the change was live. */
    private void redefine(String name, DomainDocument updated, boolean live) {
        boolean active = testDriver.lookup(name).map(d -> d.state() != PowerState.SHUTDOWN).orElse(false);
        Supplier<DomainDefinition> running = definitions.get(name);
        testDriver.define(updated);
        if (active && !live && running != null) {
            // only the next start sees the change, as with libvirt's VIR_DOMAIN_AFFECT_CONFIG alone
            definitions.put(name, running);
        } else {
            definitions.put(name, updated::definition);
        }
        if (active && live) {
            liveXml.put(name, updated.xml());
        }
    }

    private void requireActive(String name) {
        PowerState state = testDriver.lookup(name).map(DomainStatus::state).orElse(null);
        if (state != PowerState.RUNNING && state != PowerState.PAUSED) {
            throw new HypervisorError("Requested operation is not valid: domain is not running");
        }
    }

    private Object lockOf(String name) {
        return domainLocks.computeIfAbsent(name, n -> new Object());
    }

    @Override
    public void pause(String name) {
        testDriver.pause(name);
    }

    @Override
    public void unpause(String name) {
        testDriver.unpause(name);
    }

    /**
     * The emulated guest is the fixture's boot program: no QEMU guest agent ever connects to its channel, so
     * libvirt answers as it does for a guest whose agent is not running.
     */
    @Override
    public void setUserPassword(String name, String user, Passphrase password) {
        if (testDriver.lookup(name).map(DomainStatus::state).orElse(null) != PowerState.RUNNING) {
            throw new HypervisorError("Requested operation is not valid: domain is not running");
        }
        throw PasswordNotSet.agentUnresponsive(
                "Guest agent is not responding: QEMU guest agent is not connected");
    }

    @Override
    public void managedSave(String name) {
        testDriver.managedSave(name);
        liveXml.remove(name);
    }

    @Override
    public boolean hasManagedSave(String name) {
        return testDriver.hasManagedSave(name);
    }

    @Override
    public void removeManagedSave(String name) {
        testDriver.removeManagedSave(name);
    }

    @Override
    public void powerOff(String name) {
        testDriver.powerOff(name);
        liveXml.remove(name);
    }

    @Override
    public void reboot(String name) {
        synchronized (lockOf(name)) {
            testDriver.powerOff(name);
            start(name);
        }
    }

    @Override
    public void undefine(String name) {
        testDriver.undefine(name);
        definitions.remove(name);
        liveXml.remove(name);
        domainLocks.remove(name);
    }

    @Override
    public Optional<DomainStatus> lookup(String name) {
        return testDriver.lookup(name);
    }

    @Override
    public Optional<DomainStatus> lookup(UUID uuid) {
        return testDriver.lookup(uuid);
    }

    @Override
    public List<DomainStatus> list() {
        return testDriver.list();
    }

    @Override
    public String dumpXml(String name) {
        String live = liveXml.get(name);
        if (live != null && testDriver.lookup(name).map(d -> d.state() != PowerState.SHUTDOWN).orElse(false)) {
            return live;
        }
        return testDriver.dumpXml(name);
    }

    /** The test driver's own counters: what libvirt reports of the domain (the emulated guest does no I/O there). */
    @Override
    public DomainStats stats(String name) {
        return testDriver.stats(name);
    }

    @Override
    public void close() {
        testDriver.close();
    }

    private void restoreOrRefuse(String name) {
        try {
            emulator.restore(definitionOf(name));
        } catch (GuestStartRefused e) {
            throw new HypervisorError(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new HypervisorError("emulated guest could not be restored: " + e.getMessage(), e);
        }
    }

    private DomainDefinition definitionOf(String name) {
        return definitions.getOrDefault(name, () -> DomainXml.parse(testDriver.dumpXml(name))).get();
    }

    private void bootOrPowerOff(String name) {
        try {
            emulator.boot(definitionOf(name));
        } catch (GuestStartRefused e) {
            testDriver.powerOff(name);
            throw new HypervisorError(e.getMessage(), e);
        } catch (RuntimeException e) {
            testDriver.powerOff(name);
            throw new HypervisorError("emulated guest crashed: " + e.getMessage(), e);
        }
    }
}
