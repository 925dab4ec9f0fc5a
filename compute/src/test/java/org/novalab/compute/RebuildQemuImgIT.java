package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qemu.QemuImgTool;
import org.novalab.testing.RealTools;

/**
 * The real {@code qemu-img} judges a rebuilt root disk: a qcow2 in the format it had, on the new image's base or
 * standalone, sound under the new passphrase; a LUKS disk refuses the passphrase it had before the rebuild.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebuildQemuImgIT {
    @TempDir
    static Path tmp;
    Path instances;
    ComputeHost host;
    QemuImgTool qemuImg;

    @BeforeAll
    void open() {
        qemuImg = new QemuImgTool(RealTools.require("qemu-img", "qemu-utils"));
        instances = tmp.resolve("instances");
        host = TestHosts.open(instances, TestCloud.create(tmp.resolve("cloud")));
    }

    @AfterAll
    void close() {
        host.close();
    }

    static Stream<Arguments> disks() {
        return Stream.of(Arguments.of(EncryptionChoice.luks(), DiskCreation.BACKING_FILE, "luks"),
                Arguments.of(EncryptionChoice.luks(), DiskCreation.CONVERT, "luks"),
                Arguments.of(EncryptionChoice.legacyAes(), DiskCreation.BACKING_FILE, "aes"),
                Arguments.of(EncryptionChoice.legacyAes(), DiskCreation.CONVERT, "aes"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("disks")
    void qemuImgAcceptsTheRebuiltDiskUnderItsNewPassphrase(EncryptionChoice choice, DiskCreation creation,
            String qemuFormat) {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, choice, creation);
        UUID old = host.driver().spawn(built).secretUuid().orElseThrow();
        try (Passphrase before = host.keys().get(old)) {
            UUID fresh = host.driver().rebuild(RebuildTest.rebuildOf(built, TestCloud.OTHER_BOOTABLE, false))
                    .secretUuid().orElseThrow();
            Path disk = instances.resolve(built.uuid() + "/disk");

            ImageInfo info = qemuImg.info(disk);
            assertThat(info.format()).isEqualTo(ImageFormat.QCOW2);
            assertThat(info.encrypted()).isTrue();
            assertThat(info.virtualSize()).isEqualTo(1L << 30);
            assertThat(info.formatSpecific().get("encrypt")).asString().contains("format=" + qemuFormat);
            assertThat(Optional.ofNullable(info.backingFilename())).isEqualTo(creation == DiskCreation.BACKING_FILE
                    ? Optional.of(TestCloud.basePath(instances, TestCloud.OTHER_BOOTABLE).toString())
                    : Optional.empty());
            try (Passphrase now = host.keys().get(fresh)) {
                assertThat(qemuImg.check(disk, KeyLookup.always(now)).clean()).isTrue();
            }
            if (qemuFormat.equals("luks")) {
                assertThatThrownBy(() -> qemuImg.check(disk, KeyLookup.always(before)))
                        .isInstanceOf(InvalidPassphrase.class);
            }
        }
    }
}
