package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.OpenstackCli;
import org.novalab.api.testing.TestServers;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.image.inspect.CraftedImages.Hostile;
import org.novalab.image.inspect.CraftedImages;

/**
 * Issue 15's crafted images sent the way the hostile tester sent them, with the real {@code openstack} client
 * against a real novalab (image cache, compute driver on test:///default): refused with the fault that names the
 * problem, and a guest never reads a file of the host, on its first boot nor on a boot from the cached base.
 */
@Tag("integration")
class CraftedImagesClientIT {
    private static final String MARKER = "HOST-FILE-THE-GUEST-MUST-NOT-READ ";
    private static final int GUEST_DATA = 1 << 20;
    @TempDir
    static Path dir;
    static NovalabServer server;
    static OpenstackCli cli;

    @BeforeAll
    static void start() throws Exception {
        server = NovalabServer.start(TestServers.config(dir.resolve("state")), new LibvirtComputeServices());
        cli = new OpenstackCli(server.baseUrl(), dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_crafted_qcow2_uploaded_and_booted_with_the_client_ends_in_error_with_the_gates_reason() throws Exception {
        List<Hostile> picked = CraftedImages.hostileQcow2().stream().filter(h -> List.of(
                "guest data compressed into the header cluster", "guest data on its own L2 table",
                "a 384 KiB disk-fill bomb of 4 GiB").contains(h.name())).toList();
        assertThat(picked).hasSize(3);
        int n = 0;
        for (Hostile crafted : picked) {
            String name = "crafted-" + n++;
            Path file = Files.write(dir.resolve(name + ".qcow2"), crafted.image());
            cli.os("image", "create", "--disk-format", "qcow2", "--container-format", "bare", "--file",
                    file.toString(), name, "-f", "json");
            OpenstackCli.Result boot = cli.run("server", "create", "--image", name, "--flavor", "m1.small",
                    "--network", "none", "--wait", name);
            JsonObject shown = cli.json("server", "show", name, "-f", "json");
            assertThat(shown.getString("status")).as("%s; the client said: %s %s", crafted, boot.stdout(),
                    boot.stderr()).isEqualTo("ERROR");
            assertThat(shown.getValue("fault").toString()).as(crafted.name()).contains(crafted.refusal());
            cli.os("server", "delete", "--wait", name);
        }
        try (var files = Files.list(dir.resolve("state").resolve("_base"))) {
            assertThat(files).as("nothing of a refused image in _base").isEmpty();
        }
    }

    /**
     * CVE-2024-32498's shape: a qcow2 whose guest disk begins with a qcow2 header naming a host file as its
     * backing file. After {@code force_raw_images} the base is that guest data, raw; the second boot comes from the
     * cached base, and must open it as raw, as the gate verified it, not as what its bytes look like.
     */
    @Test
    void a_guest_whose_data_looks_like_a_qcow2_naming_a_host_file_reads_its_own_bytes_on_every_boot()
            throws Exception {
        Path hostFile = Files.writeString(dir.resolve("host-file"), MARKER.repeat(4096));
        Path inner = dir.resolve("inner.qcow2");
        Disks.java().create(inner, new CreateOptions(ImageFormat.QCOW2, GUEST_DATA, hostFile.toString(),
                ImageFormat.RAW, CreateOptions.DEFAULT_CLUSTER_SIZE, null));
        byte[] guestData = Arrays.copyOf(Files.readAllBytes(inner), GUEST_DATA);
        Path guest = Files.write(dir.resolve("guest.raw"), guestData);
        Path image = dir.resolve("looks-like-qcow2-inside.qcow2");
        Disks.java().convert(guest, ImageFormat.RAW, KeyLookup.NONE, image, CreateOptions.qcow2(GUEST_DATA));
        cli.os("image", "create", "--disk-format", "qcow2", "--container-format", "bare", "--file",
                image.toString(), "nested", "-f", "json");

        for (String vm : List.of("first-boot", "cached-boot")) {
            JsonObject created = cli.json("server", "create", "--image", "nested", "--flavor", "m1.tiny",
                    "--network", "none", "--wait", vm, "-f", "json");
            assertThat(created.getString("status")).isEqualTo("ACTIVE");
            Path disk = dir.resolve("state").resolve(created.getString("id")).resolve("disk");
            byte[] reads = guestView(disk);
            assertThat(new String(reads, StandardCharsets.ISO_8859_1)).as("%s: what the guest reads", vm)
                    .doesNotContain(MARKER.strip());
            assertThat(reads).as("%s: the guest's own data", vm).isEqualTo(guestData);
            assertThat(cli.os("console", "log", "show", vm)).doesNotContain(MARKER.strip());
        }
        cli.os("server", "delete", "--wait", "first-boot", "cached-boot");
    }

    /** The first MiB of the instance disk as its guest reads it, through its backing chain. */
    private static byte[] guestView(Path disk) {
        try (BlockDevice dev = Disks.open(disk, ImageFormat.QCOW2, KeyLookup.NONE, false)) {
            ByteBuffer head = ByteBuffer.allocate(GUEST_DATA);
            dev.read(0, head);
            return head.array();
        }
    }
}
