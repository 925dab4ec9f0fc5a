package org.novalab.api.compute.snapshot;

import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.novalab.api.testing.FakeCompute;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.KnownInstance;
import org.novalab.compute.RebuildRequest;
import org.novalab.compute.ReconcileReport;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.VirtDriver;
import org.novalab.compute.hypervisor.DomainStats;
import org.novalab.compute.snapshot.SnapshotFailed;
import org.novalab.compute.snapshot.SnapshotImage;

/** The fake driver whose snapshots never finish: what a host killed in the middle of one leaves. */
final class HangingSnapshots implements VirtDriver {
    final FakeCompute fake = new FakeCompute();
    final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch never = new CountDownLatch(1);

    @Override
    public SnapshotImage snapshot(UUID instance, String imageId) {
        entered.countDown();
        try {
            never.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new SnapshotFailed("interrupted");
    }

    @Override
    public HostCapabilities capabilities() {
        return fake.capabilities();
    }

    @Override
    public SpawnResult spawn(SpawnRequest request) {
        return fake.spawn(request);
    }

    @Override
    public SpawnResult rebuild(RebuildRequest request) {
        return fake.rebuild(request);
    }

    @Override
    public void stop(UUID instance) {
        fake.stop(instance);
    }

    @Override
    public void start(UUID instance) {
        fake.start(instance);
    }

    @Override
    public void reboot(UUID instance) {
        fake.reboot(instance);
    }

    @Override
    public void pause(UUID instance) {
        fake.pause(instance);
    }

    @Override
    public void unpause(UUID instance) {
        fake.unpause(instance);
    }

    @Override
    public void suspend(UUID instance) {
        fake.suspend(instance);
    }

    @Override
    public void resume(UUID instance) {
        fake.resume(instance);
    }

    @Override
    public void destroy(UUID instance) {
        fake.destroy(instance);
    }

    @Override
    public DomainStats diagnostics(UUID instance) {
        return fake.diagnostics(instance);
    }

    @Override
    public String consoleOutput(UUID instance) {
        return fake.consoleOutput(instance);
    }

    @Override
    public ReconcileReport reconcile(Collection<KnownInstance> known) {
        return fake.reconcile(known);
    }
}
