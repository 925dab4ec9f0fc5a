package org.novalab.compute.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.chain.ChainDevice;
import org.novalab.disk.chain.ImageChain;
import org.novalab.fixture.FixtureGuest;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageStatus;
import org.novalab.image.NewImage;
import org.novalab.keys.SecretOwner;

/**
 * The cold snapshot on disk: an encrypted root disk (LUKS or legacy qcow AES, overlay or standalone) gives a
 * standalone LUKS-in-qcow2 image that opens only with the image's own passphrase, which the key manager keeps for
 * the image and deletes with it; a plain disk gives a plain image; an encrypted snapshot boots a new server only
 * with its key, onto a disk encrypted under that server's own passphrase.
 */
class EncryptedSnapshotTest {
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
    void aLuksOverlayOnTheBaseGivesOneWholeLuksQcow2ThatOpensOnlyWithTheImagesKey() throws Exception {
        SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        UUID diskKey = driver.spawn(server).secretUuid().orElseThrow();
        String imageId = queued("snap");

        SnapshotImage image = driver.snapshot(server.uuid(), imageId);

        ImageInfo info = Disks.java().info(image.file());
        assertThat(info.format()).isEqualTo(ImageFormat.QCOW2);
        assertThat(info.backingFilename()).as("the chain is flattened").isNull();
        assertThat(info.encrypted()).isTrue();
        assertThat(info.formatSpecificView().toString()).contains("format=luks");
        UUID imageKey = image.key().orElseThrow();
        assertThat(imageKey).as("a fresh passphrase, not the disk's").isNotEqualTo(diskKey);
        assertThat(host.keys().list(SecretOwner.image(imageId))).singleElement()
                .satisfies(k -> assertThat(k.id()).isEqualTo(imageKey));
        try (Passphrase key = host.keys().get(imageKey)) {
            assertThat(sector0(image.file(), key)).as("the guest's disk, decrypted with the image's key")
                    .isEqualTo(FixtureGuest.bootSector());
        }
        try (Passphrase wrong = host.keys().get(diskKey)) {
            assertThatThrownBy(() -> sector0(image.file(), wrong)).isInstanceOf(InvalidPassphrase.class);
        }
        assertThat(rawBytes(image.file())).as("no plaintext of the guest in the file")
                .doesNotContain(new String(FixtureGuest.bannerSectors(), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .substring(0, 30));
        assertThat(host.hypervisor().lookup(server.uuid()).orElseThrow().state()).as("the guest runs again")
                .isEqualTo(PowerState.RUNNING);
    }

    @Test
    void aLegacyAesDiskGivesALuksImageAndAPausedGuestStaysPaused() throws Exception {
        SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.legacyAes(), DiskCreation.CONVERT);
        driver.spawn(server);
        driver.pause(server.uuid());

        SnapshotImage image = driver.snapshot(server.uuid(), queued("aes"));

        assertThat(Disks.java().info(image.file()).formatSpecificView().toString()).contains("format=luks");
        try (Passphrase key = host.keys().get(image.key().orElseThrow())) {
            assertThat(sector0(image.file(), key)).isEqualTo(FixtureGuest.bootSector());
        }
        assertThat(host.hypervisor().lookup(server.uuid()).orElseThrow().state()).isEqualTo(PowerState.PAUSED);
    }

    @Test
    void aPlainDiskGivesAPlainImageWithNoKey() throws Exception {
        SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.NONE, DiskCreation.BACKING_FILE);
        driver.spawn(server);
        String imageId = queued("plain");

        SnapshotImage image = driver.snapshot(server.uuid(), imageId);

        ImageInfo info = Disks.java().info(image.file());
        assertThat(info.encrypted()).isFalse();
        assertThat(info.backingFilename()).isNull();
        assertThat(image.key()).isEmpty();
        assertThat(host.keys().list(SecretOwner.image(imageId))).isEmpty();
        assertThat(sector0(image.file(), null)).isEqualTo(FixtureGuest.bootSector());
        assertThat(EncryptedImages.properties(image)).isEmpty();
    }

    @Test
    void theUploadedImageCarriesItsEncryptionAndItsKeyGoesWithIt() {
        SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        driver.spawn(server);
        String imageId = queued("up");
        SnapshotImage image = driver.snapshot(server.uuid(), imageId);

        uploads.upload(imageId, image);

        ImageRecord uploaded = cloud.glance().get(imageId);
        assertThat(uploaded.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(uploaded.diskFormat()).isEqualTo("qcow2");
        assertThat(uploaded.checksum()).isNotNull();
        assertThat(uploaded.properties()).containsEntry("os_encrypt_format", "luks")
                .containsEntry("os_encrypt_key_id", image.key().orElseThrow().toString())
                .containsEntry("os_encrypt_cipher", "aes-xts-plain64")
                .containsEntry("os_encrypt_key_deletion_policy", "on_image_deletion");

        cloud.glance().delete(imageId);

        assertThat(host.keys().list(SecretOwner.image(imageId))).as("the image's key went with it").isEmpty();
    }

    @Test
    void anEncryptedSnapshotBootsOntoADiskUnderTheNewServersOwnPassphraseAndOnlyWithItsKey() {
        SpawnRequest first = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        driver.spawn(first);
        String imageId = queued("boot");
        SnapshotImage image = driver.snapshot(first.uuid(), imageId);
        uploads.upload(imageId, image);
        Map<String, String> properties = cloud.glance().get(imageId).properties();

        SpawnRequest second = SpawnRequest.resolved(UUID.randomUUID(), first.instanceNumber() ^ 1, "from-snap",
                TestHosts.M1_TINY, imageId, properties, BackendKind.QCOW2);
        SpawnResult booted = driver.spawn(second);

        assertThat(booted.console()).endsWith(FixtureGuest.BANNER);
        UUID own = booted.secretUuid().orElseThrow();
        assertThat(own).isNotEqualTo(image.key().orElseThrow());
        Path disk = booted.instanceDir().resolve("disk");
        assertThat(Disks.java().info(disk).backingFilename()).as("standalone: nothing falls through").isNull();
        try (Passphrase p = host.keys().get(own)) {
            assertThat(sector0(disk, p)).isEqualTo(FixtureGuest.bootSector());
        }

        host.keys().delete(image.key().orElseThrow());
        SpawnRequest third = SpawnRequest.resolved(UUID.randomUUID(), first.instanceNumber() ^ 2, "no-key",
                TestHosts.M1_TINY, imageId, properties, BackendKind.QCOW2);
        assertThatThrownBy(() -> driver.spawn(third)).isInstanceOf(ImageKeyMissing.class)
                .hasMessageContaining("which the key manager does not have");
    }

    @Test
    void anEncryptedImageIsRefusedForAPlainDisk() {
        Map<String, String> encrypted = Map.of(EncryptedImages.KEY_ID, UUID.randomUUID().toString());
        assertThatThrownBy(() -> SpawnRequest.resolved(UUID.randomUUID(), 1, "x", TestHosts.M1_TINY, "i",
                Map.of(EncryptedImages.KEY_ID, UUID.randomUUID().toString(), "hw_ephemeral_encryption", "false"),
                BackendKind.QCOW2)).hasMessageContaining("boots only onto an encrypted disk");
        SpawnRequest resolved = SpawnRequest.resolved(UUID.randomUUID(), 1, "x", TestHosts.M1_TINY, "i", encrypted,
                BackendKind.QCOW2);
        assertThat(resolved.encryption()).isEqualTo(EncryptionChoice.luks());
        assertThat(resolved.creation()).isEqualTo(DiskCreation.CONVERT);
    }

    private String queued(String name) {
        return cloud.glance().create(NewImage.named(name, null, null)).id();
    }

    private static byte[] sector0(Path qcow2, Passphrase key) {
        KeyLookup keys = key == null ? KeyLookup.NONE : KeyLookup.always(key);
        try (ChainDevice device = new ChainDevice(ImageChain.open(qcow2, ImageFormat.QCOW2, keys, false, true))) {
            ByteBuffer sector = ByteBuffer.allocate(512);
            device.read(0, sector);
            return sector.array();
        }
    }

    private static String rawBytes(Path file) throws Exception {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer all = ByteBuffer.allocate((int) ch.size());
            ch.read(all);
            return new String(all.array(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
