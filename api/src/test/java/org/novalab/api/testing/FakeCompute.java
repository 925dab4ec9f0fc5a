package org.novalab.api.testing;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.novalab.compute.BackendKind;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.KnownInstance;
import org.novalab.compute.RebuildRequest;
import org.novalab.compute.ReconcileReport;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.VirtDriver;
import org.novalab.compute.hypervisor.DomainStats;
import org.novalab.compute.resize.ResizeError;
import org.novalab.compute.resize.ResizeRequest;
import org.novalab.compute.state.PowerState;
import org.novalab.disk.EncryptionFormat;

/**
 * A hypervisor driver standing in for compute's ComputeDriver in API tests: remembers domains and their power
 * state, prints a console banner, fails a boot when the image asks for it, and can hold builds back.
 */
public class FakeCompute implements VirtDriver {
    public static final String BANNER = "novalab fixture guest: booted from disk\n";
    public final Map<UUID, SpawnRequest> domains = new ConcurrentHashMap<>();
    public final Set<UUID> running = ConcurrentHashMap.newKeySet();
    /** Running domains whose guest is paused. */
    public final Set<UUID> paused = ConcurrentHashMap.newKeySet();
    /** Shut off domains whose guest is in a managed save image (suspended). */
    public final Set<UUID> saved = ConcurrentHashMap.newKeySet();
    /** What each reconcile was told of the instances (a restart's init_host asks it). */
    public final List<KnownInstance> reconciled = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Every rebuild asked of this driver, in order. */
    public final List<RebuildRequest> rebuilds = new java.util.concurrent.CopyOnWriteArrayList<>();
    public volatile CountDownLatch gate = new CountDownLatch(0);
    /** Holds stop, start, reboot, pause, suspend and their undoing back, as {@link #gate} holds builds. */
    public volatile CountDownLatch actionGate = new CountDownLatch(0);
    /** When set, reading a console fails with it (an unexpected driver failure). */
    public volatile RuntimeException consoleFailure;

    /** File disks encrypt with both formats; the Rbd backend with none. */
    @Override
    public HostCapabilities capabilities() {
        Set<EncryptionFormat> both = Set.of(EncryptionFormat.LUKS, EncryptionFormat.AES);
        return new HostCapabilities("fake://", false, true, false, Optional.empty(), false, true,
                Map.of(BackendKind.QCOW2, both, BackendKind.FLAT, both, BackendKind.RBD, Set.of()),
                Map.of(BackendKind.RBD, "Encryption is not supported by the Rbd image backend"), List.of());
    }

    @Override
    public SpawnResult spawn(SpawnRequest request) {
        await(gate);
        if (request.imageProperties().containsKey("fail_boot")) {
            throw new IllegalStateException("the guest found no bootable disk");
        }
        domains.put(request.uuid(), request);
        running.add(request.uuid());
        return new SpawnResult(request.uuid(), request.domainName(), PowerState.RUNNING, Path.of("fake"),
                Optional.empty(), "SeaBIOS\n" + BANNER, Optional.empty());
    }

    /** A rebuild is a spawn of the new image on the same domain; an image with {@code fail_boot} fails it too. */
    @Override
    public SpawnResult rebuild(RebuildRequest request) {
        await(actionGate);
        if (request.spawn().imageProperties().containsKey("fail_boot")) {
            throw new IllegalStateException("the guest found no bootable disk");
        }
        rebuilds.add(request);
        domains.put(request.uuid(), request.spawn());
        running.add(request.uuid());
        return new SpawnResult(request.uuid(), request.spawn().domainName(), PowerState.RUNNING, Path.of("fake"),
                Optional.empty(), "SeaBIOS\n" + BANNER, Optional.empty());
    }

    /** Every resize asked of this driver, in order. */
    public final List<ResizeRequest> resizes = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A resize redefines the domain with the new flavor; one that would shrink the disk is Nova's ResizeError. */
    @Override
    public PowerState resize(ResizeRequest request) {
        await(actionGate);
        if (request.newFlavor().rootGb() < request.oldFlavor().rootGb()) {
            throw new ResizeError("Unable to resize disk down.");
        }
        resizes.add(request);
        if (!request.wasStopped()) {
            running.add(request.uuid());
        }
        return request.wasStopped() ? PowerState.SHUTDOWN : PowerState.RUNNING;
    }

    @Override
    public PowerState confirmResize(ResizeRequest request) {
        await(actionGate);
        return running.contains(request.uuid()) ? PowerState.RUNNING : PowerState.SHUTDOWN;
    }

    @Override
    public PowerState revertResize(ResizeRequest request) {
        await(actionGate);
        resizes.remove(request);
        if (request.wasStopped()) {
            running.remove(request.uuid());
        } else {
            running.add(request.uuid());
        }
        return request.wasStopped() ? PowerState.SHUTDOWN : PowerState.RUNNING;
    }

    @Override
    public void stop(UUID instance) {
        await(actionGate);
        running.remove(instance);
        paused.remove(instance);
    }

    @Override
    public void start(UUID instance) {
        await(actionGate);
        saved.remove(instance); // a start boots: a managed save image is discarded, as the real driver does
        running.add(instance);
    }

    @Override
    public void reboot(UUID instance) {
        await(actionGate);
        paused.remove(instance);
        saved.remove(instance); // a hard reboot boots: a suspended guest's saved memory is discarded
        running.add(instance);
    }

    @Override
    public void pause(UUID instance) {
        await(actionGate);
        requireRunning(instance, "pause");
        paused.add(instance);
    }

    @Override
    public void unpause(UUID instance) {
        await(actionGate);
        if (!paused.remove(instance)) {
            throw new IllegalStateException("domain is not paused");
        }
    }

    @Override
    public void suspend(UUID instance) {
        await(actionGate);
        requireRunning(instance, "suspend");
        paused.remove(instance);
        running.remove(instance);
        saved.add(instance);
    }

    @Override
    public void resume(UUID instance) {
        await(actionGate);
        if (!saved.remove(instance)) {
            throw new IllegalStateException("domain has no managed save image");
        }
        running.add(instance);
    }

    private void requireRunning(UUID instance, String what) {
        if (!running.contains(instance)) {
            throw new IllegalStateException("cannot " + what + ": domain is not running");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held back", e);
        }
    }

    /** Rescued domains, and the rescue image each boots. */
    public final Map<UUID, String> rescued = new ConcurrentHashMap<>();
    /** The guests whose administrator password was set, and for how many characters (never the password). */
    public final Map<UUID, Integer> passwordsSet = new ConcurrentHashMap<>();

    /** A rescue boots the rescue image's disk; an image with {@code fail_boot} fails it, the guest left off. */
    @Override
    public void rescue(org.novalab.compute.rescue.RescueRequest request) {
        await(actionGate);
        running.remove(request.uuid());
        SpawnRequest image = domains.get(request.uuid());
        if (image != null && "fail_rescue".equals(image.imageProperties().get("novalab_test"))) {
            throw new IllegalStateException("the rescue guest found no bootable disk");
        }
        rescued.put(request.uuid(), request.rescueImageId());
        running.add(request.uuid());
    }

    @Override
    public void unrescue(UUID instance) {
        await(actionGate);
        if (rescued.remove(instance) == null) {
            throw new IllegalStateException("Instance " + instance + " is not in rescue mode");
        }
        running.add(instance);
    }

    @Override
    public boolean undoRescue(UUID instance) {
        return rescued.remove(instance) != null;
    }

    /** As the libvirt driver: only for an image with {@code hw_qemu_guest_agent}, of a running guest. */
    @Override
    public void setAdminPassword(UUID instance, Map<String, String> imageProperties,
                                 org.novalab.disk.Passphrase password) {
        if (!running.contains(instance)) {
            throw org.novalab.compute.password.PasswordNotSet.failed(instance, "instance " + instance
                    + " is not running");
        }
        if (!org.novalab.compute.password.GuestAgent.enabled(imageProperties)) {
            throw org.novalab.compute.password.PasswordNotSet.agentNotEnabled();
        }
        if ("unresponsive".equals(imageProperties.get("novalab_test_agent"))) {
            throw org.novalab.compute.password.PasswordNotSet.agentUnresponsive("QEMU guest agent is not connected");
        }
        passwordsSet.put(instance, password.length());
    }

    @Override
    public void destroy(UUID instance) {
        rescued.remove(instance);
        running.remove(instance);
        paused.remove(instance);
        saved.remove(instance);
        domains.remove(instance);
    }

    @Override
    public ReconcileReport reconcile(Collection<KnownInstance> known) {
        reconciled.addAll(known);
        // the domains are put back as the database has them, as the real driver's reconcile does
        for (KnownInstance k : known) {
            paused.remove(k.uuid());
            saved.remove(k.uuid());
            running.remove(k.uuid());
            switch (k.expected()) {
                case RUNNING -> running.add(k.uuid());
                case PAUSED -> {
                    running.add(k.uuid());
                    paused.add(k.uuid());
                }
                default -> {
                    if (k.saved()) {
                        saved.add(k.uuid());
                    }
                }
            }
        }
        return new ReconcileReport(List.of(), List.of(), List.of(), List.of());
    }

    /** What a domain of the instance's flavor reports: its memory and vcpus, one disk that did no I/O. */
    @Override
    public DomainStats diagnostics(UUID instance) {
        SpawnRequest spawned = domains.get(instance);
        if (spawned == null) {
            throw new org.novalab.compute.InstanceNotFound(instance);
        }
        long kib = spawned.flavor().ramMb() * 1024L;
        return new DomainStats("qemu", paused.contains(instance) ? PowerState.PAUSED
                : running.contains(instance) ? PowerState.RUNNING : PowerState.SHUTDOWN, kib, kib,
                spawned.flavor().vcpus(), 0, List.of(new DomainStats.VcpuTime(0, 0)),
                List.of(new DomainStats.BlockStats("vda", 0, 0, 0, 0, 0)), List.of(), Map.of());
    }

    @Override
    public String consoleOutput(UUID instance) {
        if (consoleFailure != null) {
            throw consoleFailure;
        }
        return domains.containsKey(instance) ? "SeaBIOS\n" + BANNER : "";
    }
}
