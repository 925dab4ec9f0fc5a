package org.novalab.disk.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.testing.HeapDump;
import org.novalab.testing.Masked;
import org.novalab.testing.Needle;

/**
 * A legacy AES image that is closed forgets its key (the passphrase's first 16 bytes, so a trace of it is a trace
 * of the passphrase); the test still holds the closed image while the heap is dumped. LUKS images close their
 * {@code LuksVolume}, which {@code CipherKeyLifetimeTest} covers.
 */
class ImageKeyLifetimeTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    /** Keeps the closed image reachable until the dump is done. */
    private static volatile Object held;

    @Test
    void a_closed_legacy_aes_image_keeps_no_copy_of_its_key() {
        Masked secret = Masked.random(24);
        Path file = dir.resolve("aes.qcow2");
        try (Passphrase p = passphrase(secret)) {
            Disks.java().create(file, CreateOptions.qcow2(4 * MIB).withEncryption(EncryptionSpec.aes(p)));
            TestDisks.write(file, KeyLookup.always(p), 0, TestDisks.pattern(MIB, 5));
            Qcow2Image image = Qcow2Image.open(file, false);
            Qcow2Encryption.unlock(image, p);
            byte[] read = new byte[64 * 1024];
            image.readData(0, read, 0, read.length);
            assertThat(read).isEqualTo(Arrays.copyOf(TestDisks.pattern(MIB, 5), read.length));
            image.close();
            held = image;
        }

        assertThat(HeapDump.ofThisJvm(dir, HeapDump.Reach.LIVE).find(Needle.formsOf("qcow AES key",
                Arrays.copyOf(secret.reveal(), 16)))).isEmpty();
        held = null;
    }

    private static Passphrase passphrase(Masked secret) {
        byte[] value = secret.reveal();
        try {
            return Passphrase.of(value);
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }
}
