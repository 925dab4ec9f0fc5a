package org.novalab.compute.shelve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
import org.novalab.compute.InvalidRequest;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.snapshot.ImageKeys;
import org.novalab.compute.snapshot.ImageServiceUploads;
import org.novalab.compute.snapshot.SnapshotImage;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.chain.ChainDevice;
import org.novalab.disk.chain.ImageChain;
import org.novalab.fixture.FixtureGuest;
import org.novalab.image.NewImage;
import org.novalab.keys.SecretOwner;

/**
 * Shelve offload and unshelve on the host, for an encrypted root disk: offloaded, nothing of the instance is left on
 * the host (no domain, no directory, no libvirt secret) but its passphrase in the key manager; unshelved from the
 * shelve image, the new disk opens with that same passphrase and its secret is defined again; a delete of an
 * offloaded instance leaves no key.
 */
class ShelveOffloadTest {
    @TempDir
    Path dir;
    TestCloud cloud;
    ComputeHost host;
    ComputeDriver driver;
    ImageServiceUploads uploads;

    @BeforeEach
    void open() {
        cloud = TestCloud.create(dir.resolve("cloud"));
        host = TestHosts.open(dir.resolve("instances"), cloud);
        driver = host.driver();
        uploads = new ImageServiceUploads(cloud.glance());
        cloud.glance().onDelete(new ImageKeys(host.keys())::forget);
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void anOffloadedDiskComesBackUnderItsOwnOldPassphrase() {
        SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        SpawnResult spawned = driver.spawn(server);
        UUID diskKey = spawned.secretUuid().orElseThrow();
        String imageId = shelveImage(server);

        try (Passphrase before = host.keys().get(diskKey)) {
            driver.stop(server.uuid());
            driver.shelveOffload(server.uuid());

            assertThat(host.hypervisor().lookup(server.uuid())).as("the domain is undefined").isEmpty();
            assertThat(spawned.instanceDir()).as("the directory and its disk are gone").doesNotExist();
            assertThat(host.secrets().lookup(diskKey)).as("no libvirt secret while offloaded").isEmpty();
            assertThat(host.secrets().list()).isEmpty();
            assertThat(host.keys().list(SecretOwner.rootDisk(server.uuid()))).as("the passphrase is kept")
                    .singleElement().satisfies(k -> assertThat(k.id()).isEqualTo(diskKey));

            SpawnResult unshelved = driver.unshelve(fromShelveImage(server, imageId));

            assertThat(unshelved.console()).endsWith(FixtureGuest.BANNER);
            assertThat(unshelved.state()).isEqualTo(PowerState.RUNNING);
            assertThat(unshelved.secretUuid()).as("the same secret, not a new one").contains(diskKey);
            assertThat(host.secrets().lookup(diskKey)).as("the libvirt secret is defined again").isPresent();
            Path disk = unshelved.instanceDir().resolve("disk");
            assertThat(sector0(disk, before)).as("the new disk opens with the passphrase from before the shelve")
                    .isEqualTo(FixtureGuest.bootSector());
        }
        assertThat(host.keys().list(SecretOwner.rootDisk(server.uuid()))).singleElement()
                .satisfies(k -> assertThat(k.id()).isEqualTo(diskKey));
    }

    @Test
    void theShelveImagesKeyDoesNotOpenTheUnshelvedDisk() {
        SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        driver.spawn(server);
        String imageId = shelveImage(server);
        UUID imageKey = host.keys().list(SecretOwner.image(imageId)).get(0).id();
        driver.shelveOffload(server.uuid());

        SpawnResult unshelved = driver.unshelve(fromShelveImage(server, imageId));

        try (Passphrase wrong = host.keys().get(imageKey)) {
            assertThatThrownBy(() -> sector0(unshelved.instanceDir().resolve("disk"), wrong))
                    .isInstanceOf(InvalidPassphrase.class);
        }
    }

    @Test
    void deletingAnOffloadedInstanceLeavesNoKey() {
        SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.CONVERT);
        driver.spawn(server);
        shelveImage(server);
        driver.shelveOffload(server.uuid());

        driver.destroy(server.uuid());

        assertThat(host.keys().list(SecretOwner.rootDisk(server.uuid()))).isEmpty();
        assertThat(host.secrets().list()).isEmpty();
    }

    @Test
    void anOffloadRunAgainAfterARestartKeepsThePassphrase() {
        SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        UUID diskKey = driver.spawn(server).secretUuid().orElseThrow();
        driver.shelveOffload(server.uuid());

        driver.shelveOffload(server.uuid());

        assertThat(host.keys().list(SecretOwner.rootDisk(server.uuid()))).singleElement()
                .satisfies(k -> assertThat(k.id()).isEqualTo(diskKey));
    }

    @Test
    void anUnshelveThatFailsKeepsThePassphraseForTheNextOne() {
        SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        UUID diskKey = driver.spawn(server).secretUuid().orElseThrow();
        String imageId = shelveImage(server);
        driver.shelveOffload(server.uuid());
        Map<String, String> properties = cloud.glance().get(imageId).properties();
        SpawnRequest missing = SpawnRequest.resolved(server.uuid(), server.instanceNumber(), server.name(),
                TestHosts.M1_TINY, "no-such-image", properties, BackendKind.QCOW2);

        assertThatThrownBy(() -> driver.unshelve(missing)).hasMessageContaining("no-such-image");

        assertThat(host.keys().list(SecretOwner.rootDisk(server.uuid()))).singleElement()
                .satisfies(k -> assertThat(k.id()).isEqualTo(diskKey));
        assertThat(host.secrets().list()).isEmpty();
        assertThat(Files.exists(dir.resolve("instances").resolve(server.uuid().toString()))).isFalse();
        assertThat(driver.unshelve(fromShelveImage(server, imageId)).secretUuid()).contains(diskKey);
    }

    @Test
    void anEncryptedUnshelveWithoutTheKeptPassphraseIsRefused() {
        SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        UUID diskKey = driver.spawn(server).secretUuid().orElseThrow();
        String imageId = shelveImage(server);
        driver.shelveOffload(server.uuid());
        host.keys().delete(diskKey);

        assertThatThrownBy(() -> driver.unshelve(fromShelveImage(server, imageId)))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("is not in the key manager");
    }

    /** What the shelve does before the offload: the snapshot, uploaded. */
    private String shelveImage(SpawnRequest server) {
        String imageId = cloud.glance().create(NewImage.named(server.name() + "-shelved", null, null)).id();
        SnapshotImage image = driver.snapshot(server.uuid(), imageId);
        uploads.upload(imageId, image);
        return imageId;
    }

    private SpawnRequest fromShelveImage(SpawnRequest server, String imageId) {
        return SpawnRequest.resolved(server.uuid(), server.instanceNumber(), server.name(), TestHosts.M1_TINY,
                imageId, cloud.glance().get(imageId).properties(), BackendKind.QCOW2);
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
