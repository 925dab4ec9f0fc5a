package org.novalab.compute.hypervisor;

import java.util.List;
import java.util.Optional;
import org.novalab.compute.HypervisorError;
import org.novalab.compute.boot.BootEmulator;
import org.novalab.compute.boot.GuestStartRefused;
import org.novalab.compute.domain.DomainXml;

/**
 * The test driver ({@code test:///default}) with novalab's boot emulation: a start does in the test driver what
 * libvirt does, then the emulated firmware runs the guest. When QEMU would have refused to start (a LUKS key that
 * unlocks nothing, a missing secret), the domain is powered off again and the start fails with libvirt's message,
 * exactly as with a real libvirtd.
 */
public final class EmulatedBootHypervisor implements Hypervisor {
    private final LibvirtHypervisor testDriver;
    private final BootEmulator emulator;

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
    public void define(String domainXml) {
        testDriver.define(domainXml);
    }

    @Override
    public synchronized void start(String name) {
        testDriver.start(name);
        bootOrPowerOff(name);
    }

    @Override
    public void powerOff(String name) {
        testDriver.powerOff(name);
    }

    @Override
    public synchronized void reboot(String name) {
        testDriver.powerOff(name);
        start(name);
    }

    @Override
    public void undefine(String name) {
        testDriver.undefine(name);
    }

    @Override
    public Optional<DomainStatus> lookup(String name) {
        return testDriver.lookup(name);
    }

    @Override
    public List<DomainStatus> list() {
        return testDriver.list();
    }

    @Override
    public String dumpXml(String name) {
        return testDriver.dumpXml(name);
    }

    @Override
    public void close() {
        testDriver.close();
    }

    private void bootOrPowerOff(String name) {
        try {
            emulator.boot(DomainXml.parse(testDriver.dumpXml(name)));
        } catch (GuestStartRefused e) {
            testDriver.powerOff(name);
            throw new HypervisorError(e.getMessage(), e);
        } catch (RuntimeException e) {
            testDriver.powerOff(name);
            throw new HypervisorError("emulated guest crashed: " + e.getMessage(), e);
        }
    }
}
