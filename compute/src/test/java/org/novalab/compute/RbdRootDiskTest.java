package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.cli.Cli;
import org.novalab.cli.Console;
import org.novalab.compute.boot.ChainGuestDisks;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.KeyLookup;
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
}
