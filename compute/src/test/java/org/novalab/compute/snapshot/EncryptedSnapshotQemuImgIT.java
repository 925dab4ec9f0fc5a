package org.novalab.compute.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.BackendKind;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qemu.QemuImgTool;
import org.novalab.image.NewImage;
import org.novalab.testing.RealTools;

/**
 * The real {@code qemu-img} judges an encrypted snapshot as Glance stores it: the uploaded data is a standalone
 * qcow2 with LUKS encryption, sound and equal to the server's disk when opened with the image's key, and refused
 * with the disk's own passphrase.
 */
@Tag("integration")
class EncryptedSnapshotQemuImgIT {
    @TempDir
    Path dir;

    @Test
    void theUploadedSnapshotIsLuksInQcow2AndDecryptsWithTheImagesKeyOnly() throws Exception {
        QemuImgTool qemuImg = new QemuImgTool(RealTools.require("qemu-img", "qemu-utils"));
        TestCloud cloud = TestCloud.create(dir.resolve("cloud"));
        try (ComputeHost host = TestHosts.open(dir.resolve("instances"), cloud)) {
            SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(),
                    DiskCreation.BACKING_FILE);
            UUID diskKey = host.driver().spawn(server).secretUuid().orElseThrow();
            String imageId = cloud.glance().create(NewImage.named("snap", null, null)).id();
            SnapshotImage snapshot = host.driver().snapshot(server.uuid(), imageId);
            new ImageServiceUploads(cloud.glance()).upload(imageId, snapshot);
            Path stored = dir.resolve("downloaded.qcow2");
            try (InputStream data = cloud.glance().download(imageId)) {
                Files.copy(data, stored);
            }

            String info = qemuImg.infoText(stored);
            assertThat(info).contains("file format: qcow2").contains("encrypted: yes").contains("format: luks")
                    .doesNotContain("backing file");
            Path disk = host.driver().files(server.uuid()).disk();
            try (Passphrase imageKey = host.keys().get(snapshot.key().orElseThrow());
                 Passphrase own = host.keys().get(diskKey)) {
                assertThat(qemuImg.check(stored, KeyLookup.always(imageKey)).corruptions()).isZero();
                assertThat(qemuImg.compare(stored, KeyLookup.always(imageKey), disk, KeyLookup.always(own)))
                        .as("the image holds the guest's disk").isTrue();
                assertThatThrownBy(() -> qemuImg.check(stored, KeyLookup.always(own)))
                        .as("the disk's own passphrase does not open the image").isInstanceOf(InvalidPassphrase.class);
            }
        }
    }
}
