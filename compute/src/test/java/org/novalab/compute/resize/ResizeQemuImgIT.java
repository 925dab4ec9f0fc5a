package org.novalab.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
import org.novalab.compute.BackendKind;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.Flavor;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.secret.SecretXml;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qemu.QemuImgTool;
import org.novalab.testing.RealTools;

/**
 * The real {@code qemu-img} judges a resized root disk: the new flavor's virtual size, still a qcow2 encrypted in its
 * format on the base it had (or standalone), sound under the passphrase it had before; the old disk beside it keeps
 * its size.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResizeQemuImgIT {
    static final Flavor BIGGER = new Flavor("3", "m1.bigger", 2, 128, 3, Map.of());
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
    void qemuImgSeesTheNewSizeAndOpensTheResizedDiskWithItsKey(EncryptionChoice choice, DiskCreation creation,
            String qemuFormat) throws Exception {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, choice, creation);
        host.driver().spawn(built);
        Path dir = instances.resolve(built.uuid().toString());
        UUID secret = SecretXml.parse(Files.readString(dir.resolve("secret.xml"))).uuid();

        host.driver().resize(new ResizeRequest(built.ref(), UUID.randomUUID(), built.flavor(), BIGGER, false));

        try (Passphrase p = host.keys().get(secret)) {
            ImageInfo info = QemuImgVerdict.soundEncryptedQcow2(qemuImg, dir.resolve("disk"), qemuFormat,
                    creation == DiskCreation.BACKING_FILE ? Optional.of(TestCloud.basePath(instances,
                            TestCloud.FIXTURE)) : Optional.empty(), p);
            assertThat(info.virtualSize()).as("the new flavor's root disk").isEqualTo(3L << 30);
        }
        assertThat(qemuImg.info(dir.resolveSibling(dir.getFileName() + "_resize").resolve("disk")).virtualSize())
                .isEqualTo(1L << 30);
    }
}
