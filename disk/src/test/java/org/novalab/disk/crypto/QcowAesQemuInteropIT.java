package org.novalab.disk.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.Passphrase;

/**
 * Legacy qcow AES against the real qemu-img: it converts a known raw file to an {@code encrypt.format=aes} qcow2;
 * the data clusters (found by walking L1/L2 here, as qemu-img map hides offsets of encrypted images) must decrypt
 * to the plaintext with sector number = guest offset / 512, and re-encrypt to the very same bytes.
 */
@Tag("integration")
class QcowAesQemuInteropIT {
    private static final int SIZE = 256 * 1024;
    private static final int CLUSTER = 65536;
    @TempDir
    static Path dir;
    private static byte[] plain;
    private static byte[] image;

    @BeforeAll
    static void qemuEncryptsAKnownFile() throws Exception {
        plain = new byte[SIZE];
        new Random(7).nextBytes(plain);
        Path raw = Files.write(dir.resolve("plain.raw"), plain);
        Path qcow2 = dir.resolve("aes.qcow2");
        QemuTools.succeed("qemu-img", "convert", "-f", "raw", "-O", "qcow2", "--object", "secret,id=s,data=123456",
                "-o", "encrypt.format=aes,encrypt.key-secret=s", raw.toString(), qcow2.toString());
        image = Files.readAllBytes(qcow2);
    }

    @Test
    void decryptsEveryClusterQemuWroteAndReEncryptsToTheSameBytes() {
        SectorCipher cipher = QcowAes.cipher(Passphrase.of("123456"));
        for (long guest = 0; guest < SIZE; guest += CLUSTER) {
            int host = hostOffset(guest);
            byte[] cluster = Arrays.copyOfRange(image, host, host + CLUSTER);
            byte[] decrypted = cluster.clone();
            cipher.decrypt(guest / 512, decrypted, 0, CLUSTER);
            assertThat(decrypted).as("guest cluster at %d", guest)
                    .isEqualTo(Arrays.copyOfRange(plain, (int) guest, (int) guest + CLUSTER));
            cipher.encrypt(guest / 512, decrypted, 0, CLUSTER);
            assertThat(decrypted).isEqualTo(cluster);
        }
    }

    @Test
    void aWrongPassphraseDecryptsToGarbageWithoutAnyError() {
        SectorCipher wrong = QcowAes.cipher(Passphrase.of("654321"));
        int host = hostOffset(0);
        byte[] cluster = Arrays.copyOfRange(image, host, host + CLUSTER);
        wrong.decrypt(0, cluster, 0, CLUSTER);
        assertThat(cluster).isNotEqualTo(Arrays.copyOfRange(plain, 0, CLUSTER));
    }

    @Test
    void onlyTheFirst16BytesOfThePassphraseMatter() {
        SectorCipher longer = QcowAes.cipher(Passphrase.of("0123456789abcdefXYZ"));
        SectorCipher cut = QcowAes.cipher(Passphrase.of("0123456789abcdef"));
        byte[] a = new byte[512];
        byte[] b = new byte[512];
        longer.encrypt(3, a, 0, 512);
        cut.encrypt(3, b, 0, 512);
        assertThat(a).isEqualTo(b);
    }

    /** Guest offset to host offset through L1 and L2 (qcow2 v3, 64 KiB clusters, no compression). */
    private static int hostOffset(long guest) {
        ByteBuffer header = ByteBuffer.wrap(image);
        assertThat(header.getInt(20)).as("cluster bits").isEqualTo(16);
        assertThat(header.getInt(32)).as("crypt method").isEqualTo(1);
        long l1 = header.getLong(40);
        int entriesPerL2 = CLUSTER / 8;
        long l2 = header.getLong((int) (l1 + 8 * (guest / CLUSTER / entriesPerL2))) & 0x00ff_ffff_ffff_fe00L;
        long data = header.getLong((int) (l2 + 8 * (guest / CLUSTER % entriesPerL2))) & 0x00ff_ffff_ffff_fe00L;
        assertThat(data).as("guest cluster %d is allocated", guest).isPositive();
        return Math.toIntExact(data);
    }
}
