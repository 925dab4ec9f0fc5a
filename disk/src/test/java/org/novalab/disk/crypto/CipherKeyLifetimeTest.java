package org.novalab.disk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.testing.HeapDump;
import org.novalab.testing.Masked;
import org.novalab.testing.Needle;

/**
 * A closed sector cipher forgets its key: neither its own copies nor the JDK's (the key a Cipher keeps, its AES
 * round keys, the first of which are the key itself) are left on the heap, even while the cipher object is still
 * reachable. Each test holds the closed cipher while the heap is dumped.
 */
class CipherKeyLifetimeTest {
    @TempDir
    Path dir;

    @Test
    void a_closed_xts_cipher_keeps_no_copy_of_either_key() {
        Masked key = Masked.random(64);
        byte[] bytes = key.reveal();
        XtsAes xts = new XtsAes(bytes);
        Arrays.fill(bytes, (byte) 0);
        byte[] sectors = new byte[64 * 1024];
        xts.encrypt(7, sectors, 0, sectors.length);
        xts.decrypt(7, sectors, 0, sectors.length);

        xts.close();

        assertThat(keysIn(HeapDump.ofThisJvm(dir, HeapDump.Reach.LIVE), key)).isEmpty();
        assertThatThrownBy(() -> xts.encrypt(0, new byte[512], 0, 512)).isInstanceOf(IllegalStateException.class);
        held = xts;
    }

    @Test
    void a_closed_qcow_aes_cipher_keeps_no_copy_of_its_key() {
        Masked key = Masked.random(16);
        byte[] bytes = key.reveal();
        AesCbcSectors aes = new AesCbcSectors(bytes);
        Arrays.fill(bytes, (byte) 0);
        byte[] sectors = new byte[64 * 1024];
        aes.encrypt(7, sectors, 0, 512);
        aes.encrypt(7, sectors, 0, sectors.length);
        aes.decrypt(7, sectors, 0, sectors.length);

        aes.close();

        assertThat(keysIn(HeapDump.ofThisJvm(dir, HeapDump.Reach.LIVE), key)).isEmpty();
        assertThatThrownBy(() -> aes.decrypt(0, new byte[512], 0, 512)).isInstanceOf(IllegalStateException.class);
        held = aes;
    }

    @Test
    void a_closed_luks_volume_keeps_no_copy_of_its_master_key() {
        Masked master;
        LuksVolume volume;
        try (Passphrase p = Passphrase.of("right")) {
            LuksVolume formatted = Luks1.format(p, LuksParams.withIterations(1000));
            byte[] header = formatted.headerBytes();
            formatted.close();
            volume = Luks1.open(header, p);
            byte[] key = Luks1.masterKey(volume.header(), header, p);
            master = Masked.of(key);
            Arrays.fill(key, (byte) 0);
        }
        SectorCipher payload = volume.cipher();
        byte[] sectors = new byte[4096];
        payload.encrypt(4040, sectors, 0, sectors.length);
        payload.decrypt(4040, sectors, 0, sectors.length);

        volume.close();

        assertThat(keysIn(HeapDump.ofThisJvm(dir, HeapDump.Reach.LIVE), master)).isEmpty();
        assertThatThrownBy(() -> payload.decrypt(0, new byte[512], 0, 512)).isInstanceOf(IllegalStateException.class);
        held = volume;
    }

    /** Keeps the closed cipher reachable until the dump is done, out of the JIT's reach. */
    private static volatile Object held;

    /** The key, and each half of a two-key (XTS) key, in every form. */
    private static List<String> keysIn(HeapDump dump, Masked masked) {
        byte[] key = masked.reveal();
        List<Needle> needles = new ArrayList<>(Needle.formsOf("key", key));
        if (key.length >= 32) {
            needles.addAll(Needle.formsOf("first half", Arrays.copyOfRange(key, 0, key.length / 2)));
            needles.addAll(Needle.formsOf("second half", Arrays.copyOfRange(key, key.length / 2, key.length)));
        }
        return dump.find(needles);
    }
}
