package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.cli.Cli;
import org.novalab.cli.Console;
import org.novalab.compute.boot.ChainGuestDisks;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.crypto.Luks1;
import org.novalab.storage.Image;
import org.novalab.storage.directory.DirectoryCluster;
import org.novalab.fixture.FixtureGuest;
import org.novalab.storage.cli.RbdCommand;

/**
 * The Rbd backend sizes its clone to the flavor's root disk, like Nova's {@code Rbd.create_image} (clone, then
 * resize): the guest sees the flavor's disk, the image's bytes at its start and zeros after them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RbdRootDiskTest {
    private static final long GIB = 1L << 30;
    @TempDir
    static Path tmp;
    TestCloud cloud;
    ComputeHost host;

    @BeforeAll
    void open() {
        cloud = TestCloud.create(tmp.resolve("cloud"));
        host = TestHosts.open(tmp.resolve("instances"), cloud);
    }

    @AfterAll
    void close() {
        host.close();
    }

    private SpawnRequest rbdRequest(Flavor flavor) {
        SpawnRequest r = TestHosts.request(BackendKind.RBD, EncryptionChoice.NONE, DiskCreation.BACKING_FILE);
        return new SpawnRequest(r.uuid(), r.instanceNumber(), r.name(), flavor, r.imageId(), r.imageProperties(), r.backend(),
                r.creation(), r.encryption(), r.secretOverride());
    }

    private BlockDevice guestDisk(SpawnRequest req) throws Exception {
        Path xml = tmp.resolve("instances").resolve(req.uuid().toString()).resolve("libvirt.xml");
        DiskDefinition disk = DomainXml.parse(Files.readString(xml)).bootDisk().orElseThrow();
        return new ChainGuestDisks(cloud.rbd()).open(disk, KeyLookup.NONE);
    }

    private String rbdInfo(String volume) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new Cli(List.of(), List.of(new RbdCommand())).run(
                new String[] {"rbd", "-p", "vms", "--state", tmp.resolve("cloud").toString(), "info", volume},
                new Console(new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true),
                        new ByteArrayInputStream(new byte[0])));
        assertThat(rc).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anM1TinyCloneIsOneGibAndStillBootsTheFixture() throws Exception {
        SpawnRequest req = rbdRequest(TestHosts.M1_TINY);
        SpawnResult result = host.driver().spawn(req);
        String volume = req.uuid() + "_disk";

        assertThat(TestHosts.M1_TINY.rootGb()).isEqualTo(1);
        assertThat(rbdInfo(volume)).contains("rbd image '" + volume + "':", "\tsize 1 GiB in 128 objects",
                "\tparent: images/" + TestCloud.FIXTURE);
        assertThat(result.console()).endsWith(FixtureGuest.BANNER);
        try (BlockDevice dev = guestDisk(req)) {
            assertThat(dev.size()).isEqualTo(GIB);
            ByteBuffer sector0 = ByteBuffer.allocate(FixtureGuest.SECTOR);
            dev.read(0, sector0);
            assertThat(FixtureGuest.isFixtureBootSector(sector0.array())).isTrue();
            ByteBuffer lastMiB = ByteBuffer.allocate(1 << 20);
            dev.read(GIB - (1 << 20), lastMiB);
            assertThat(lastMiB.array()).as("past the image the volume reads zeros").containsOnly((byte) 0);
        }
        assertThat(cloud.glance().pool().open(TestCloud.FIXTURE).size()).as("the Glance image keeps its size")
                .isEqualTo(FixtureGuest.SIZE);

        host.driver().destroy(req.uuid());
    }

    @Test
    void rootGbZeroKeepsTheImageSize() throws Exception {
        SpawnRequest req = rbdRequest(new Flavor("0", "m1.zero", 1, 64, 0, Map.of()));
        SpawnResult result = host.driver().spawn(req);

        assertThat(result.console()).endsWith(FixtureGuest.BANNER);
        try (BlockDevice dev = guestDisk(req)) {
            assertThat(dev.size()).isEqualTo(cloud.glance().pool().open(TestCloud.FIXTURE).size());
        }
        host.driver().destroy(req.uuid());
    }

    @Test
    void aRawImageInThePoolIsClonedWithNothingDownloadedAndTheDomainHasANetworkDisk() throws Exception {
        Path instances = tmp.resolve("instances-clone");
        try (ComputeHost fresh = TestHosts.open(instances, cloud)) {
            SpawnRequest req = rbdRequest(TestHosts.M1_TINY);
            SpawnResult result = fresh.driver().spawn(req);

            assertThat(result.console()).endsWith(FixtureGuest.BANNER);
            assertThat(TestCloud.basePath(instances, TestCloud.FIXTURE)).as("Nova's direct clone: no _base")
                    .doesNotExist();
            String xml = Files.readString(instances.resolve(req.uuid().toString()).resolve("libvirt.xml"));
            assertThat(xml).contains("<disk device=\"disk\" type=\"network\">", "<driver name=\"qemu\" type=\"raw\"/>",
                    "<source name=\"vms/" + req.uuid() + "_disk\" protocol=\"rbd\"/>").doesNotContain("<encryption");
            fresh.driver().destroy(req.uuid());
            assertThat(cloud.rbd().orElseThrow().exists(req.uuid() + "_disk")).isFalse();
        }
    }

    /**
     * LUKS directly on the RBD image: the header is the image's first bytes, the network disk carries
     * {@code <encryption format='luks'>} with the key manager's passphrase as its libvirt secret, the guest boots
     * through it, a wrong passphrase opens nothing, and a delete leaves no image and no secret.
     */
    @Test
    void aLuksRootDiskIsLuksOnTheRbdImageAndBootsWithItsSecret() throws Exception {
        SpawnRequest req = TestHosts.request(BackendKind.RBD, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        SpawnResult result = host.driver().spawn(req);
        String volume = req.uuid() + "_disk";
        UUID secret = result.secretUuid().orElseThrow();

        assertThat(result.console()).endsWith(FixtureGuest.BANNER);
        Path xml = tmp.resolve("instances").resolve(req.uuid().toString()).resolve("libvirt.xml");
        DiskDefinition disk = DomainXml.parse(Files.readString(xml)).bootDisk().orElseThrow();
        assertThat(disk.source()).isEqualTo(new DiskSource.Rbd("vms", volume));
        assertThat(disk.driverType()).isEqualTo("raw");
        assertThat(disk.encryption()).contains(new DiskEncryption("luks", secret));
        try (Image image = vms().open(volume)) {
            assertThat(Luks1.isLuks(image.read(0, 8))).as("the LUKS header is on the image").isTrue();
            assertThat(image.parentInfo()).as("ciphertext cannot be a clone of a plaintext image").isEmpty();
        }
        try (Passphrase key = host.keys().get(secret);
             BlockDevice dev = cloud.rbd().orElseThrow().openEncrypted(volume, key)) {
            assertThat(dev.size()).as("the guest sees the flavor's disk").isEqualTo(GIB);
            ByteBuffer sector0 = ByteBuffer.allocate(FixtureGuest.SECTOR);
            dev.read(0, sector0);
            assertThat(FixtureGuest.isFixtureBootSector(sector0.array())).isTrue();
        }
        assertThatThrownBy(() -> cloud.rbd().orElseThrow().openEncrypted(volume, Passphrase.of("not the key")))
                .isInstanceOf(InvalidPassphrase.class);

        host.driver().destroy(req.uuid());
        assertThat(vms().list()).doesNotContain(volume);
        assertThat(host.secrets().list()).noneMatch(d -> d.uuid().equals(secret));
    }

    private org.novalab.storage.Pool vms() {
        return DirectoryCluster.open(tmp.resolve("cloud").resolve("pool")).openPool("vms");
    }
}
