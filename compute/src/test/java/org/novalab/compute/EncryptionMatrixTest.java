package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.secret.SecretXml;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.fixture.FixtureGuest;

/**
 * Every file backend x encryption format x creation method, with the instance's own secret and with another
 * instance's secret (the seed's "any secret uuid from virsh secret-list"). What the lab must show:
 * legacy AES overlays boot with ANY secret (reads fall through to the plaintext base), converted AES disks do not,
 * LUKS refuses a wrong key at start, the right key always boots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptionMatrixTest {
    @TempDir
    static Path tmp;
    Path instances;
    TestCloud cloud;
    ComputeHost host;
    final List<String> otherSecrets = new ArrayList<>();

    @BeforeAll
    void open() {
        cloud = TestCloud.create(tmp.resolve("cloud"));
        instances = tmp.resolve("instances");
        host = TestHosts.open(instances, cloud);
        // secrets of other instances, one per format: the "wrong" secrets of the experiments
        for (EncryptionChoice c : List.of(EncryptionChoice.luks(), EncryptionChoice.legacyAes())) {
            SpawnResult r = host.driver().spawn(TestHosts.request(BackendKind.QCOW2, c, DiskCreation.BACKING_FILE));
            otherSecrets.add(r.secretUuid().orElseThrow().toString());
        }
    }

    @AfterAll
    void close() {
        host.close();
    }

    enum Expect { BOOTS, NO_BOOTABLE_DEVICE, INVALID_PASSWORD }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (BackendKind backend : List.of(BackendKind.QCOW2, BackendKind.FLAT)) {
            for (DiskCreation creation : DiskCreation.values()) {
                boolean overlay = backend == BackendKind.QCOW2 && creation == DiskCreation.BACKING_FILE;
                rows.add(Arguments.of(backend, creation, "none", false, Expect.BOOTS));
                rows.add(Arguments.of(backend, creation, "luks", false, Expect.BOOTS));
                rows.add(Arguments.of(backend, creation, "qcow", false, Expect.BOOTS));
                rows.add(Arguments.of(backend, creation, "luks", true, Expect.INVALID_PASSWORD));
                rows.add(Arguments.of(backend, creation, "qcow", true,
                        overlay ? Expect.BOOTS : Expect.NO_BOOTABLE_DEVICE));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} encryption={2} wrongSecret={3} -> {4}")
    @MethodSource("matrix")
    void spawn(BackendKind backend, DiskCreation creation, String format, boolean wrongSecret, Expect expect)
            throws Exception {
        EncryptionChoice choice = switch (format) {
            case "luks" -> EncryptionChoice.luks();
            case "qcow" -> EncryptionChoice.legacyAes();
            default -> EncryptionChoice.NONE;
        };
        SpawnRequest req = TestHosts.request(backend, choice, creation);
        if (wrongSecret) {
            req = req.withSecretOverride(otherSecrets.get(format.equals("luks") ? 0 : 1));
        }
        Path dir = instances.resolve(req.uuid().toString());

        if (expect == Expect.INVALID_PASSWORD) {
            SpawnRequest r = req;
            assertThatThrownBy(() -> host.driver().spawn(r)).isInstanceOf(BootFailed.class)
                    .hasMessageContaining("Invalid password, cannot unlock any keyslot");
            assertThat(dir).doesNotExist();
            assertThat(host.hypervisor().lookup(req.domainName())).isEmpty();
            return;
        }
        SpawnResult result = host.driver().spawn(req);

        // files
        assertThat(dir.resolve("disk")).exists();
        assertThat(dir.resolve("disk.info")).exists();
        assertThat(dir.resolve("console.log")).exists();
        assertThat(dir.resolve("secret.xml").toFile().exists()).isEqualTo(choice.enabled());
        // the disk: an overlay on the base, or standalone
        ImageInfo info = org.novalab.disk.Disks.java().info(dir.resolve("disk"));
        assertThat(info.encrypted()).isEqualTo(choice.enabled());
        assertThat(info.virtualSize()).isEqualTo(1L << 30);
        boolean overlay = backend == BackendKind.QCOW2 && creation == DiskCreation.BACKING_FILE;
        assertThat(Optional.ofNullable(info.backingFilename())).isEqualTo(overlay
                ? Optional.of(TestCloud.basePath(instances, TestCloud.FIXTURE).toString())
                : Optional.empty());
        // the XML
        DiskDefinition disk = DomainXml.parse(Files.readString(dir.resolve("libvirt.xml"))).bootDisk().orElseThrow();
        assertThat(disk.source()).isEqualTo(new DiskSource.File(dir.resolve("disk")));
        assertThat(disk.driverType()).isEqualTo("qcow2");
        assertThat(disk.encryption().map(e -> e.format())).isEqualTo(choice.libvirtFormat());
        if (choice.enabled()) {
            var own = SecretXml.parse(Files.readString(dir.resolve("secret.xml"))).uuid();
            assertThat(result.secretUuid()).contains(own);
            assertThat(disk.encryption().orElseThrow().secretUuid().toString())
                    .isEqualTo(wrongSecret ? req.secretOverride().orElseThrow() : own.toString());
        }
        // the console and the state
        assertThat(result.state()).isEqualTo(PowerState.RUNNING);
        assertThat(result.console()).startsWith("SeaBIOS (version");
        if (expect == Expect.BOOTS) {
            assertThat(result.console()).endsWith(FixtureGuest.BANNER);
            assertThat(result.fault()).isEmpty();
            assertThat(markerReadWithTheSecretUsedAtBoot(disk)).isEqualTo(FixtureGuest.markerSector());
        } else {
            assertThat(result.console()).endsWith("No bootable device.\r\n").doesNotContain("novalab fixture guest");
            assertThat(result.fault()).isPresent();
        }
    }

    /** The guest wrote its marker through the key libvirt gave QEMU: reading with that key gives it back. */
    private byte[] markerReadWithTheSecretUsedAtBoot(DiskDefinition disk) {
        KeyLookup keys = disk.encryption().<KeyLookup>map(e -> {
            Passphrase p = ((org.novalab.compute.secret.SecretKeyring) host.secrets())
                    .passphraseForHypervisor(e.secretUuid());
            return KeyLookup.always(p);
        }).orElse(KeyLookup.NONE);
        try (BlockDevice dev = new org.novalab.compute.boot.ChainGuestDisks(cloud.rbd()).open(disk, keys)) {
            ByteBuffer buf = ByteBuffer.allocate(FixtureGuest.SECTOR);
            dev.read(FixtureGuest.MARKER_LBA * FixtureGuest.SECTOR, buf);
            return buf.array();
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(DiskCreation.class)
    void anUnencryptedRbdCloneBootsFromThePool(DiskCreation creation) throws Exception {
        SpawnRequest req = TestHosts.request(BackendKind.RBD, EncryptionChoice.NONE, creation);
        SpawnResult result = host.driver().spawn(req);
        Path dir = instances.resolve(req.uuid().toString());

        DiskDefinition disk = DomainXml.parse(Files.readString(dir.resolve("libvirt.xml"))).bootDisk().orElseThrow();
        assertThat(disk.source()).isEqualTo(new DiskSource.Rbd("vms", req.uuid() + "_disk"));
        assertThat(disk.encryption()).isEmpty();
        assertThat(dir.resolve("disk")).doesNotExist();
        assertThat(dir.resolve("secret.xml")).doesNotExist();
        assertThat(cloud.rbd().orElseThrow().exists(req.uuid() + "_disk")).isTrue();
        assertThat(result.console()).endsWith(FixtureGuest.BANNER);
        assertThat(markerReadWithTheSecretUsedAtBoot(disk)).isEqualTo(FixtureGuest.markerSector());

        host.driver().destroy(req.uuid());
        assertThat(cloud.rbd().orElseThrow().exists(req.uuid() + "_disk")).isFalse();
        assertThat(cloud.glance().pool().find(TestCloud.FIXTURE)).as("the Glance image stays").isPresent();
    }

    /** LUKS is on the RBD image itself; legacy qcow AES needs a qcow2 file, so the Rbd backend refuses it. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(DiskCreation.class)
    void theRbdBackendRefusesLegacyAesAndNothingIsLeft(DiskCreation creation) {
        SpawnRequest req = TestHosts.request(BackendKind.RBD, new EncryptionChoice(Optional.of(EncryptionFormat.AES)),
                creation);
        assertThatThrownBy(() -> host.driver().spawn(req)).isInstanceOf(EncryptionNotSupported.class)
                .hasMessageContaining("the Rbd backend encrypts with LUKS only");
        assertThat(instances.resolve(req.uuid().toString())).doesNotExist();
        assertThat(cloud.rbd().orElseThrow().exists(req.uuid() + "_disk")).isFalse();
    }

    static Stream<EncryptionFormat> formats() {
        return Stream.of(EncryptionFormat.values());
    }
}
