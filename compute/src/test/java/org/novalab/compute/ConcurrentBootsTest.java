package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.boot.ChainGuestDisks;
import org.novalab.compute.boot.GuestDiskOpener;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.Disks;
import org.novalab.fixture.FixtureGuest;
import org.novalab.keys.EmbeddedKeyManager;

/**
 * Two domains boot at the same time on the emulated test driver, as two QEMU processes would: each guest's disk
 * opener waits until the other guest's boot has begun too. With one lock for every boot of the host the first would
 * wait alone and give up, failing its spawn.
 */
class ConcurrentBootsTest {
    @TempDir
    static Path shared;
    static TestCloud cloud;
    @TempDir
    Path instances;

    @BeforeAll
    static void cloud() {
        cloud = TestCloud.create(shared);
    }

    @Test
    void twoGuestsBootAtTheSameTime() throws Exception {
        CountDownLatch bothBooting = new CountDownLatch(2);
        GuestDiskOpener real = new ChainGuestDisks(Optional.empty());
        GuestDiskOpener meetingTheOther = (disk, keys) -> {
            bothBooting.countDown();
            try {
                if (!bothBooting.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other guest never began to boot beside this one");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return real.open(disk, keys);
        };
        ComputeConfig config = ComputeConfig.defaults(instances);
        ExecutorService builds = Executors.newFixedThreadPool(2);
        try (ComputeHost host = ComputeHost.open(config, cloud.cache(instances), Disks.java(), meetingTheOther,
                cloud.rbd(), EmbeddedKeyManager.inStateDir(instances))) {
            List<SpawnRequest> requests = List.of(
                    TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE),
                    TestHosts.request(BackendKind.QCOW2, EncryptionChoice.NONE, DiskCreation.BACKING_FILE));
            List<Future<SpawnResult>> spawns = requests.stream()
                    .map(r -> builds.submit(() -> host.driver().spawn(r))).toList();
            for (Future<SpawnResult> spawn : spawns) {
                SpawnResult result = spawn.get(60, TimeUnit.SECONDS);
                assertThat(result.state()).isEqualTo(PowerState.RUNNING);
                assertThat(result.console()).endsWith(FixtureGuest.BANNER);
            }
        } finally {
            builds.shutdownNow();
        }
    }
}
