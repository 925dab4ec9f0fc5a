package org.novalab.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.secret.SecretXml;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qemu.QemuImgTool;
import org.novalab.fixture.FixtureGuest;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.testing.RealTools;

/**
 * The real {@code qemu-img} judges a disk moved to another host: on the destination it is a qcow2 encrypted as it
 * was, over the destination's own {@code _base} when it is an overlay, sound under the same passphrase (from the one
 * key manager both hosts share), and the guest reads every byte it read on the source.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoveQemuImgIT {
    @TempDir
    static Path tmp;
    ComputeHost source;
    ComputeHost destination;
    QemuImgTool qemuImg;

    @BeforeAll
    void open() throws Exception {
        qemuImg = new QemuImgTool(RealTools.require("qemu-img", "qemu-utils"));
        TestCloud cloud = TestCloud.create(tmp.resolve("cloud"));
        EmbeddedKeyManager keys = EmbeddedKeyManager.inStateDir(tmp.resolve("keys"));
        source = host("a", cloud, keys);
        destination = host("b", cloud, keys);
    }

    ComputeHost host(String name, TestCloud cloud, EmbeddedKeyManager keys) throws Exception {
        Path node = Files.writeString(tmp.resolve(name + "-node.xml"), "<node/>\n");
        Path instances = tmp.resolve(name);
        return ComputeHost.open(ComputeConfig.defaults(instances).withHypervisorUri("test://" + node),
                cloud.cache(instances), cloud.rbd(), keys);
    }

    @AfterAll
    void close() {
        source.close();
        destination.close();
    }

    static Stream<Arguments> disks() {
        return Stream.of(Arguments.of(EncryptionChoice.luks(), DiskCreation.BACKING_FILE, "luks"),
                Arguments.of(EncryptionChoice.luks(), DiskCreation.CONVERT, "luks"),
                Arguments.of(EncryptionChoice.legacyAes(), DiskCreation.BACKING_FILE, "aes"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("disks")
    void qemuImgOpensTheMovedDiskWithItsKeyOverTheDestinationsBase(EncryptionChoice choice, DiskCreation creation,
            String qemuFormat) throws Exception {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, choice, creation);
        source.driver().spawn(built);
        ResizeRequest move = new ResizeRequest(built.ref(), UUID.randomUUID(), built.flavor(), built.flavor(), false,
                Optional.of(new ResizeRequest.Move("a", "b", Optional.of(built.imageId()))));

        List<Path> files = source.driver().migrateDiskAndPowerOff(move);
        for (Path f : files) {
            send(f, built.uuid());
        }
        assertThat(destination.driver().finishMigration(move)).isEqualTo(PowerState.RUNNING);

        Path moved = tmp.resolve("b").resolve(built.uuid().toString()).resolve("disk");
        Path left = tmp.resolve("a").resolve(built.uuid() + "_resize").resolve("disk");
        UUID secret = SecretXml.parse(Files.readString(moved.resolveSibling("secret.xml"))).uuid();
        try (Passphrase p = destination.keys().get(secret)) {
            QemuImgVerdict.soundEncryptedQcow2(qemuImg, moved, qemuFormat, creation == DiskCreation.BACKING_FILE
                    ? Optional.of(TestCloud.basePath(tmp.resolve("b"), TestCloud.FIXTURE)) : Optional.empty(), p);
            Path here = tmp.resolve(built.uuid() + "-b.raw");
            Path there = tmp.resolve(built.uuid() + "-a.raw");
            qemuImg.convert(moved, ImageFormat.QCOW2, KeyLookup.always(p), here,
                    new CreateOptions(ImageFormat.RAW, 0, null, null, 65536, null));
            qemuImg.convert(left, ImageFormat.QCOW2, KeyLookup.always(p), there,
                    new CreateOptions(ImageFormat.RAW, 0, null, null, 65536, null));
            assertThat(Files.mismatch(here, there)).as("the guest sees the same bytes on both hosts").isEqualTo(-1L);
            Files.delete(here);
            Files.delete(there);
        }
        assertThat(Files.readString(moved.resolveSibling("console.log"))).contains(FixtureGuest.BANNER.strip());
        assertThat(destination.secrets().lookup(secret)).isPresent();

        source.driver().confirmMigrationSource(move);
        assertThat(left.getParent()).doesNotExist();
        assertThat(source.secrets().lookup(secret)).isEmpty();
    }

    /** As ResizeTasks sends it: pieces in order, here of 1 MiB to cross several. */
    private void send(Path file, UUID instance) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            long offset = 0;
            do {
                byte[] piece = in.readNBytes(1 << 20);
                if (piece.length == 0 && offset > 0) {
                    return;
                }
                destination.driver().receiveMigrationFile(instance, file.getFileName().toString(), offset, piece);
                offset += piece.length;
            } while (true);
        }
    }
}
