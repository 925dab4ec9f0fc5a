package org.novalab.disk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;

/**
 * Raw LUKS files (qemu-img's {@code luks} format: header, key material, payload) in both directions, which proves
 * the header, key slots and aes-xts-plain64 independently of qcow2. The payload's sector numbers start at 0.
 */
@Tag("integration")
class LuksQemuInteropIT {
    private static final int SIZE = 1 << 20;
    @TempDir
    static Path dir;
    private static Path plain;
    private static Path qemuMade;

    @BeforeAll
    static void qemuEncryptsAKnownFile() throws Exception {
        byte[] data = new byte[SIZE];
        new Random(42).nextBytes(data);
        plain = Files.write(dir.resolve("plain.raw"), data);
        qemuMade = dir.resolve("qemu.luks");
        QemuTools.succeed("qemu-img", "convert", "-f", "raw", "-O", "luks", "--object", "secret,id=s,data=123456",
                "-o", "key-secret=s,iter-time=10", plain.toString(), qemuMade.toString());
    }

    @Test
    void opensAQemuMadeVolumeAndDecryptsItsPayload() throws IOException {
        byte[] file = Files.readAllBytes(qemuMade);
        try (LuksVolume volume = Luks1.open(file, Passphrase.of("123456"))) {
            int payload = Math.toIntExact(volume.header().payloadOffset());
            byte[] decrypted = Arrays.copyOfRange(file, payload, payload + SIZE);
            volume.cipher().decrypt(0, decrypted, 0, decrypted.length);
            assertThat(decrypted).isEqualTo(Files.readAllBytes(plain));
        }
    }

    @Test
    void refusesAQemuMadeVolumeWithTheWrongPassphrase() throws IOException {
        byte[] file = Files.readAllBytes(qemuMade);
        assertThatThrownBy(() -> Luks1.open(file, Passphrase.of("12345")))
                .isInstanceOf(InvalidPassphrase.class).hasMessage("Invalid password, cannot unlock any keyslot");
    }

    @Test
    void parsesTheHeaderAsQemuImgInfoDescribesIt() throws Exception {
        JsonNode info = new ObjectMapper().readTree(QemuTools.succeed("qemu-img", "info", "--output=json",
                qemuMade.toString())).path("format-specific").path("data");
        LuksHeader header = LuksHeader.parse(Files.readAllBytes(qemuMade));
        assertThat(header.cipherAlg()).isEqualTo(info.path("cipher-alg").asText());
        assertThat(header.cipherModeName()).isEqualTo(info.path("cipher-mode").asText());
        assertThat(header.ivgenAlg()).isEqualTo(info.path("ivgen-alg").asText());
        assertThat(header.hashSpec()).isEqualTo(info.path("hash-alg").asText());
        assertThat(header.uuid()).isEqualTo(info.path("uuid").asText());
        assertThat(header.payloadOffset()).isEqualTo(info.path("payload-offset").asLong());
        assertThat(header.masterKeyDigestIterations()).isEqualTo(info.path("master-key-iters").asLong());
        for (int i = 0; i < LuksHeader.SLOTS; i++) {
            JsonNode slot = info.path("slots").get(i);
            LuksKeySlot ours = header.keySlots().get(i);
            assertThat(ours.active()).isEqualTo(slot.path("active").asBoolean());
            assertThat(ours.keyMaterialOffset()).isEqualTo(slot.path("key-offset").asLong());
            if (ours.active()) {
                assertThat(ours.iterations()).isEqualTo(slot.path("iters").asLong());
                assertThat(ours.stripes()).isEqualTo(slot.path("stripes").asInt());
            }
        }
    }

    @Test
    void qemuImgReadsAVolumeNovalabFormatted() throws Exception {
        Path ours = dir.resolve("ours.luks");
        try (LuksVolume volume = Luks1.format(Passphrase.of("123456"), LuksParams.withIterations(2000))) {
            byte[] payload = Files.readAllBytes(plain);
            volume.cipher().encrypt(0, payload, 0, payload.length);
            Files.write(ours, volume.headerBytes());
            Files.write(ours, payload, java.nio.file.StandardOpenOption.APPEND);
        }
        String same = QemuTools.succeed("qemu-img", "compare", "--object", "secret,id=s,data=123456", "--image-opts",
                "driver=luks,file.filename=" + ours + ",key-secret=s", "driver=raw,file.filename=" + plain);
        assertThat(same).contains("Images are identical");

        QemuTools.Result wrong = QemuTools.run("qemu-img", "compare", "--object", "secret,id=s,data=654321",
                "--image-opts", "driver=luks,file.filename=" + ours + ",key-secret=s",
                "driver=raw,file.filename=" + plain);
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.output()).contains("Invalid password, cannot unlock any keyslot");
    }

    /** Other key sizes and hashes: sha1 and sha384 digests do not divide the key, so the splitter's last piece is short. */
    @ParameterizedTest(name = "{0}-bit xts key, {1}")
    @CsvSource({"256, sha256, aes-128", "512, sha1, aes-256", "256, sha384, aes-128", "512, sha512, aes-256"})
    void qemuImgReadsOtherKeySizesAndHashesNovalabFormatted(int bits, String hash, String cipherAlg) throws Exception {
        Path ours = dir.resolve("ours-" + bits + "-" + hash + ".luks");
        try (LuksVolume volume = Luks1.format(Passphrase.of("pw"), new LuksParams(bits, hash, 1500, null))) {
            byte[] payload = Files.readAllBytes(plain);
            volume.cipher().encrypt(0, payload, 0, payload.length);
            Files.write(ours, volume.headerBytes());
            Files.write(ours, payload, java.nio.file.StandardOpenOption.APPEND);
        }
        String same = QemuTools.succeed("qemu-img", "compare", "--object", "secret,id=s,data=pw", "--image-opts",
                "driver=luks,file.filename=" + ours + ",key-secret=s", "driver=raw,file.filename=" + plain);
        assertThat(same).contains("Images are identical");
        String info = QemuTools.succeed("qemu-img", "info", ours.toString());
        assertThat(info).contains("cipher alg: " + cipherAlg, "hash alg: " + hash, "iters: 1500");
    }
}
