package org.novalab.compute.volume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.ComputeConfig;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qemu.KeyFile;
import org.novalab.storage.Image;
import org.novalab.storage.Pool;
import org.novalab.storage.directory.DirectoryCluster;
import org.novalab.testing.RealTools;

/**
 * The real {@code qemu-img} accepts what novalab writes: a file-backed volume (qcow2 + LUKS) passes {@code check}
 * and {@code info} and reads back the guest's bytes with the volume's key, and so do its snapshot chain and a clone of
 * it, before and after the snapshot is merged away; the LUKS novalab writes directly in an
 * RBD image opens in QEMU's luks driver. The key reaches qemu-img only as a 0600 key file deleted after use.
 */
@Tag("integration")
class VolumeQemuImgIT {
    static final long GIB = 1L << 30;
    static final ObjectMapper JSON = new ObjectMapper();
    /** What a type with key_size 256 writes: aes-xts-plain64 with a 256-bit key, the lab's PBKDF2 cost. */
    static final org.novalab.disk.LuksParams LUKS_256 = new org.novalab.disk.LuksParams(256, "sha256", 1000, null);
    static final byte[] DATA = "a sector the guest wrote into its encrypted volume".getBytes(StandardCharsets.US_ASCII);
    @TempDir
    Path dir;

    @Test
    void a_file_backed_luks_volume_passes_qemu_img_check_and_info_and_reads_back_with_its_key() throws Exception {
        Path qemuImg = RealTools.require("qemu-img", "qemu-utils");
        String id = "8d3b1f7e-1c52-4a7e-9a5b-0b1f7e3c2d11";
        FileVolumeBackend backend = new FileVolumeBackend(dir.resolve("volumes"));
        try (Passphrase key = Passphrase.of("file-volume-secret-0451")) {
            backend.create(id, GIB, Optional.of(key), LUKS_256);
            try (BlockDevice device = backend.open(id, Optional.of(key), true)) {
                device.write(1L << 20, ByteBuffer.wrap(DATA));
            }
            backend.extend(id, 2 * GIB, Optional.of(key));
            Path file = backend.pathOf(id);

            JsonNode info = JSON.readTree(run(qemuImg, "info", "--output=json", file.toString()));
            assertThat(info.path("format").asText()).isEqualTo("qcow2");
            assertThat(info.path("virtual-size").asLong()).isEqualTo(2 * GIB);
            assertThat(info.path("encrypted").asBoolean()).isTrue();
            JsonNode encrypt = info.path("format-specific").path("data").path("encrypt");
            assertThat(encrypt.path("format").asText()).isEqualTo("luks");
            // key_size 256 of the type's spec: aes-xts with two 128-bit keys
            assertThat(encrypt.path("cipher-alg").asText()).isEqualTo("aes-128");
            assertThat(encrypt.path("slots").get(0).path("active").asBoolean()).isTrue();

            Path out = dir.resolve("plain.raw");
            try (KeyFile keyFile = KeyFile.write(Files.createDirectories(dir.resolve("keys")), key)) {
                assertThat(Files.getPosixFilePermissions(keyFile.path()))
                        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
                String secret = "secret,id=s,file=" + keyFile.path();
                String opts = "driver=qcow2,file.filename=" + file + ",encrypt.key-secret=s";
                assertThat(run(qemuImg, "check", "--object", secret, "--image-opts", opts)).contains("No errors");
                run(qemuImg, "convert", "--object", secret, "--image-opts", opts, "-O", "raw", out.toString());
            }
            assertThat(Files.list(dir.resolve("keys"))).isEmpty();
            assertThat(Files.size(out)).isEqualTo(2 * GIB);
            assertThat(readAt(out, 1L << 20, DATA.length)).isEqualTo(DATA);
        }
    }

    @Test
    void a_file_volumes_snapshot_chain_and_its_clone_pass_qemu_img_check_and_read_each_layers_bytes() throws Exception {
        Path qemuImg = RealTools.require("qemu-img", "qemu-utils");
        String id = "5b0e2c7a-9d41-4f6b-8c3e-1a2b3c4d5e6f";
        String clone = "6c1f3d8b-0e52-4a7c-9d4f-2b3c4d5e6f70";
        String snapshot = VolumeBackend.snapshotName("7d204e9c-1f63-4b8d-ae50-3c4d5e6f7081");
        byte[] later = "written after the snapshot, gone from it..........".getBytes(StandardCharsets.US_ASCII);
        FileVolumeBackend backend = new FileVolumeBackend(dir.resolve("volumes"));
        try (Passphrase key = Passphrase.of("file-chain-secret-0453")) {
            backend.create(id, GIB, Optional.of(key), LUKS_256);
            try (BlockDevice device = backend.open(id, Optional.of(key), true)) {
                device.write(1L << 20, ByteBuffer.wrap(DATA));
            }
            backend.snapshot(id, snapshot, Optional.of(key), LUKS_256);
            try (BlockDevice device = backend.open(id, Optional.of(key), true)) {
                device.write(1L << 20, ByteBuffer.wrap(later));
            }
            backend.cloneSnapshot(id, snapshot, clone, GIB, Optional.of(key), LUKS_256);
            Path top = backend.pathOf(id);
            Path frozen = backend.snapshotFile(id, snapshot);

            JsonNode chain = JSON.readTree(run(qemuImg, "info", "--output=json", "--backing-chain", top.toString()));
            assertThat(chain).hasSize(2);
            assertThat(chain.get(0).path("backing-filename").asText()).endsWith(frozen.getFileName().toString());
            assertThat(chain.get(0).path("encrypted").asBoolean()).isTrue();
            assertThat(chain.get(1).path("filename").asText()).isEqualTo(frozen.toString());
            try (KeyFile keyFile = KeyFile.write(Files.createDirectories(dir.resolve("keys")), key)) {
                String secret = "secret,id=s,file=" + keyFile.path();
                for (Path layer : List.of(top, frozen, backend.pathOf(clone))) {
                    assertThat(run(qemuImg, "check", "--object", secret, "--image-opts", chained(qemuImg, layer)))
                            .as(layer.toString()).contains("No errors");
                }
                assertThat(readThroughQemu(qemuImg, secret, top, "top.raw")).isEqualTo(later);
                assertThat(readThroughQemu(qemuImg, secret, frozen, "frozen.raw")).isEqualTo(DATA);
                assertThat(readThroughQemu(qemuImg, secret, backend.pathOf(clone), "clone.raw")).isEqualTo(DATA);

                // the clone goes, then the snapshot: its layer is merged up, the volume reads what it read before
                backend.delete(clone);
                backend.deleteSnapshot(id, snapshot, Optional.of(key));
                assertThat(frozen).doesNotExist();
                assertThat(run(qemuImg, "check", "--object", secret, "--image-opts", chained(qemuImg, top))).contains(
                        "No errors");
                assertThat(JSON.readTree(run(qemuImg, "info", "--output=json", top.toString()))
                        .has("backing-filename")).isFalse();
                assertThat(readThroughQemu(qemuImg, secret, top, "merged.raw")).isEqualTo(later);
            }
            assertThat(Files.list(dir.resolve("keys"))).isEmpty();
        }
    }

    /** qemu-img's options for an encrypted qcow2 layer, and for its backing file (if any) with the same key. */
    private static String chained(Path qemuImg, Path layer) throws Exception {
        boolean backed = JSON.readTree(run(qemuImg, "info", "--output=json", layer.toString())).has("backing-filename");
        return "driver=qcow2,file.filename=" + layer + ",encrypt.key-secret=s"
                + (backed ? ",backing.encrypt.key-secret=s" : "");
    }

    private byte[] readThroughQemu(Path qemuImg, String secret, Path layer, String name) throws Exception {
        Path out = dir.resolve(name);
        run(qemuImg, "convert", "--object", secret, "--image-opts", chained(qemuImg, layer), "-O", "raw", out.toString());
        return readAt(out, 1L << 20, DATA.length);
    }

    @Test
    void the_luks_novalab_writes_in_a_raw_rbd_image_opens_in_qemus_luks_driver() throws Exception {
        Path qemuImg = RealTools.require("qemu-img", "qemu-utils");
        String id = "2f0c6a0e-7d7c-4c0c-8f6c-3a4b5c6d7e8f";
        Pool pool = DirectoryCluster.open(dir.resolve("pool")).createPool("volumes");
        RbdVolumeBackend backend = new RbdVolumeBackend(pool);
        long size = 64L << 20;
        try (Passphrase key = Passphrase.of("rbd-volume-secret-0452")) {
            backend.create(id, size, Optional.of(key), ComputeConfig.LAB_LUKS);
            try (BlockDevice device = backend.open(id, Optional.of(key), true)) {
                device.write(3L << 20, ByteBuffer.wrap(DATA));
            }
            // the image's bytes as `rbd export` would give them: what QEMU's rbd driver reads
            Path exported = dir.resolve("volume.raw");
            try (Image image = pool.open(VolumeBackend.imageName(id)); InputStream in = image.openStream()) {
                Files.copy(in, exported);
            }
            JsonNode info = JSON.readTree(run(qemuImg, "info", "--output=json", "-f", "luks", exported.toString()));
            assertThat(info.path("virtual-size").asLong()).isEqualTo(size);
            Path out = dir.resolve("plain.raw");
            try (KeyFile keyFile = KeyFile.write(Files.createDirectories(dir.resolve("keys")), key)) {
                run(qemuImg, "convert", "--object", "secret,id=s,file=" + keyFile.path(), "--image-opts",
                        "driver=luks,file.filename=" + exported + ",key-secret=s", "-O", "raw", out.toString());
            }
            assertThat(Files.size(out)).isEqualTo(size);
            assertThat(readAt(out, 3L << 20, DATA.length)).isEqualTo(DATA);
        }
    }

    private static byte[] readAt(Path file, long offset, int length) throws Exception {
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            ch.read(b, offset);
            return b.array();
        }
    }

    private static String run(Path qemuImg, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(qemuImg.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", command, out).isZero();
        return out;
    }

}
