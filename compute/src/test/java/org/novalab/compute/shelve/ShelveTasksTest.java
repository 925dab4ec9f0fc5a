package org.novalab.compute.shelve;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.BackendKind;
import org.novalab.compute.ComputeDriver;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.manager.BuildMetrics;
import org.novalab.compute.manager.ComputeManager;
import org.novalab.compute.manager.InstanceRecord;
import org.novalab.compute.snapshot.ImageKeys;
import org.novalab.compute.snapshot.ImageServiceUploads;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.chain.ChainDevice;
import org.novalab.disk.chain.ImageChain;
import org.novalab.fixture.FixtureGuest;
import org.novalab.image.ImageStatus;
import org.novalab.image.NewImage;
import org.novalab.keys.SecretOwner;

/**
 * The host's shelve, offload and unshelve through the compute manager, as the instances table sees them: Nova's task
 * states in order, the shelve image uploaded encrypted then deleted with its key on unshelve, the disk's passphrase
 * kept throughout, and a restart mid-offload or mid-unshelve that leaves no task state and keeps the key.
 */
class ShelveTasksTest {
    private static final String HOST = "compute-1";
    @TempDir
    Path dir;
    TestCloud cloud;
    ComputeHost host;
    ComputeDriver driver;
    MemoryInstanceStore store;
    ComputeManager manager;

    @BeforeEach
    void open() {
        cloud = TestCloud.create(dir.resolve("cloud"));
        host = TestHosts.open(dir.resolve("instances"), cloud);
        driver = host.driver();
        cloud.glance().onDelete(new ImageKeys(host.keys())::forget);
        store = new MemoryInstanceStore();
        manager = new ComputeManager(HOST, driver, store, Optional.empty(),
                new BuildMetrics(new SimpleMeterRegistry()), Optional.empty(), Optional.empty(),
                new ImageServiceUploads(cloud.glance()));
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void aShelveOffloadsAtOnceAndTheUnshelveBootsUnderTheSamePassphraseThenDeletesTheImage() {
        SpawnRequest server = running();
        UUID diskKey = host.keys().list(SecretOwner.rootDisk(server.uuid())).get(0).id();
        String imageId = shelveImage(server);

        manager.shelveInstance(shelve(server, imageId, true));

        assertThat(store.tasksSeen).containsExactly(TaskState.SHELVING, TaskState.SHELVING_IMAGE_PENDING_UPLOAD,
                TaskState.SHELVING_IMAGE_UPLOADING, TaskState.SHELVING_OFFLOADING);
        InstanceRecord offloaded = store.get(server.uuid());
        assertThat(offloaded.vmState()).isEqualTo(VmState.SHELVED_OFFLOADED);
        assertThat(offloaded.taskState()).isEmpty();
        assertThat(cloud.glance().get(imageId).status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(cloud.glance().get(imageId).properties()).containsEntry("os_encrypt_format", "luks");
        assertThat(host.hypervisor().lookup(server.uuid())).isEmpty();
        assertThat(host.secrets().list()).as("no libvirt secret while offloaded").isEmpty();
        assertThat(host.keys().list(SecretOwner.rootDisk(server.uuid()))).singleElement()
                .satisfies(k -> assertThat(k.id()).isEqualTo(diskKey));

        try (Passphrase before = host.keys().get(diskKey)) {
            store.advanceTask(server.uuid(), null, TaskState.UNSHELVING);
            manager.unshelveInstance(new UnshelveRequest(fromImage(server, imageId), true));

            InstanceRecord active = store.get(server.uuid());
            assertThat(active.vmState()).isEqualTo(VmState.ACTIVE);
            assertThat(active.taskState()).isEmpty();
            assertThat(store.tasksSeen).endsWith(TaskState.UNSHELVING, TaskState.SPAWNING, TaskState.UNSHELVING);
            assertThat(host.secrets().lookup(diskKey)).isPresent();
            assertThat(sector0(driver.files(server.uuid()).disk(), before)).isEqualTo(FixtureGuest.bootSector());
        }
        assertThat(cloud.glance().find(imageId)).as("the shelve image is deleted").isEmpty();
        assertThat(host.keys().list(SecretOwner.image(imageId))).as("with its own key").isEmpty();
        assertThat(store.faults).isEmpty();
    }

    @Test
    void aShelvedServerThatStaysOnItsHostIsOnlyPoweredOnAgain() {
        SpawnRequest server = running();
        String imageId = shelveImage(server);

        manager.shelveInstance(shelve(server, imageId, false));

        assertThat(store.get(server.uuid()).vmState()).isEqualTo(VmState.SHELVED);
        assertThat(host.hypervisor().lookup(server.uuid()).orElseThrow().state()).isEqualTo(PowerState.SHUTDOWN);
        Path disk = driver.files(server.uuid()).disk();

        store.advanceTask(server.uuid(), null, TaskState.UNSHELVING);
        manager.unshelveInstance(new UnshelveRequest(fromImage(server, imageId), false));

        assertThat(store.get(server.uuid()).vmState()).isEqualTo(VmState.ACTIVE);
        assertThat(host.hypervisor().lookup(server.uuid()).orElseThrow().state()).isEqualTo(PowerState.RUNNING);
        assertThat(driver.files(server.uuid()).disk()).isEqualTo(disk).exists();
        assertThat(cloud.glance().find(imageId)).isEmpty();
    }

    @Test
    void aRestartMidOffloadFinishesTheOffloadAndKeepsTheKey() {
        SpawnRequest server = running();
        UUID diskKey = host.keys().list(SecretOwner.rootDisk(server.uuid())).get(0).id();
        store.put(row(server, VmState.SHELVED, TaskState.SHELVING_OFFLOADING, PowerState.SHUTDOWN));

        manager.initHost();

        InstanceRecord after = store.get(server.uuid());
        assertThat(after.vmState()).isEqualTo(VmState.SHELVED_OFFLOADED);
        assertThat(after.taskState()).isEmpty();
        assertThat(host.hypervisor().lookup(server.uuid())).isEmpty();
        assertThat(host.secrets().list()).isEmpty();
        assertThat(host.keys().list(SecretOwner.rootDisk(server.uuid()))).singleElement()
                .satisfies(k -> assertThat(k.id()).isEqualTo(diskKey));
    }

    @Test
    void aRestartMidUnshelveLeavesItOffloadedWithItsKeyForTheNextUnshelve() {
        SpawnRequest server = running();
        UUID diskKey = host.keys().list(SecretOwner.rootDisk(server.uuid())).get(0).id();
        String imageId = shelveImage(server);
        manager.shelveInstance(shelve(server, imageId, true));
        // the unshelve's spawn had built the disk when novalab stopped
        driver.unshelve(fromImage(server, imageId));
        store.put(row(server, VmState.SHELVED_OFFLOADED, TaskState.SPAWNING, PowerState.SHUTDOWN));

        manager.initHost();

        InstanceRecord after = store.get(server.uuid());
        assertThat(after.vmState()).isEqualTo(VmState.SHELVED_OFFLOADED);
        assertThat(after.taskState()).isEmpty();
        assertThat(host.secrets().list()).isEmpty();
        assertThat(host.keys().list(SecretOwner.rootDisk(server.uuid()))).singleElement()
                .satisfies(k -> assertThat(k.id()).isEqualTo(diskKey));

        store.advanceTask(server.uuid(), null, TaskState.UNSHELVING);
        manager.unshelveInstance(new UnshelveRequest(fromImage(server, imageId), true));
        assertThat(store.get(server.uuid()).vmState()).isEqualTo(VmState.ACTIVE);
    }

    @Test
    void aShelveWhoseImageCannotBeUploadedLeavesTheServerRunningAndDeletesTheImage() {
        SpawnRequest server = running();
        String imageId = shelveImage(server);
        cloud.glance().delete(imageId);

        manager.shelveInstance(shelve(server, imageId, true));

        InstanceRecord after = store.get(server.uuid());
        assertThat(after.vmState()).isEqualTo(VmState.ACTIVE);
        assertThat(after.taskState()).isEmpty();
        assertThat(store.faults).singleElement().asString().startsWith("Shelve of the server failed");
        assertThat(host.hypervisor().lookup(server.uuid()).orElseThrow().state()).isEqualTo(PowerState.RUNNING);
        assertThat(host.keys().list(SecretOwner.image(imageId))).isEmpty();
    }

    private SpawnRequest running() {
        SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        driver.spawn(server);
        store.put(row(server, VmState.ACTIVE, null, PowerState.RUNNING));
        store.tasksSeen.clear();
        return server;
    }

    /** The API's part of a shelve: the queued image, and task state shelving. */
    private String shelveImage(SpawnRequest server) {
        String imageId = cloud.glance().create(NewImage.named(server.name() + "-shelved", null, null)).id();
        store.advanceTask(server.uuid(), null, TaskState.SHELVING);
        return imageId;
    }

    private ShelveRequest shelve(SpawnRequest server, String imageId, boolean offloadNow) {
        return new ShelveRequest(server.ref(), imageId, VmState.ACTIVE, PowerState.RUNNING, offloadNow);
    }

    private SpawnRequest fromImage(SpawnRequest server, String imageId) {
        return SpawnRequest.resolved(server.uuid(), server.instanceNumber(), server.name(), TestHosts.M1_TINY,
                imageId, cloud.glance().get(imageId).properties(), BackendKind.QCOW2);
    }

    private static InstanceRecord row(SpawnRequest server, VmState vm, TaskState task, PowerState power) {
        return new InstanceRecord(server.uuid(), server.instanceNumber(), server.name(), HOST, vm,
                Optional.ofNullable(task), power);
    }

    private static byte[] sector0(Path qcow2, Passphrase key) {
        try (ChainDevice device = new ChainDevice(ImageChain.open(qcow2, ImageFormat.QCOW2, KeyLookup.always(key),
                false, true))) {
            ByteBuffer sector = ByteBuffer.allocate(512);
            device.read(0, sector);
            return sector.array();
        }
    }
}
