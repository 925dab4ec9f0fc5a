package org.novalab.api.compute.snapshot;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.novalab.api.testing.FakeCompute;
import org.novalab.compute.snapshot.SnapshotFailed;
import org.novalab.compute.snapshot.SnapshotImage;

/** The fake driver whose snapshots never finish: what a host killed in the middle of one leaves. */
final class HangingSnapshots extends FakeCompute {
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
}
