package org.novalab.disk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.testing.HeapDump;
import org.novalab.testing.Masked;
import org.novalab.testing.Needle;

/**
 * Opening a LUKS key slot runs PBKDF2 over the passphrase for as long as the slot's iteration count says (qemu-img
 * makes that 2 s); all that while the passphrase must not sit on the heap, only the HMAC keyed with it.
 */
class PassphraseDuringPbkdf2Test {
    @TempDir
    Path dir;

    @Test
    void while_a_key_slot_is_derived_the_passphrase_is_not_on_the_heap() throws Exception {
        Masked secret = Masked.random(32);
        byte[] header = slowToOpen(secret);
        CompletableFuture<Void> opening = CompletableFuture.runAsync(() -> {
            try (Passphrase p = passphrase(secret)) {
                Luks1.open(header, p).close();
            }
        });
        Thread.sleep(300);

        HeapDump dump = HeapDump.ofThisJvm(dir, HeapDump.Reach.LIVE);

        assertThat(opening).as("PBKDF2 was still running when the heap was dumped").isNotDone();
        assertThat(dump.find(Needle.formsOf("passphrase", secret.reveal()))).isEmpty();
        // the slot's count was raised after it was sealed, so the key it derives opens nothing
        assertThatThrownBy(opening::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InvalidPassphrase.class);
    }

    /**
     * A volume whose key slot needs about five seconds of PBKDF2 (formatted fast, then its count raised): long
     * enough to outlast the heap dump, which takes a second or more on a busy machine.
     */
    private static byte[] slowToOpen(Masked secret) {
        byte[] bytes;
        try (Passphrase p = passphrase(secret); LuksVolume v = Luks1.format(p, LuksParams.withIterations(1000))) {
            bytes = v.headerBytes();
        }
        LuksHeader h = LuksHeader.parse(bytes);
        long iterations = 5 * Pbkdf2Calibration.iterationsPerSecond(h.hash());
        List<LuksKeySlot> slots = new ArrayList<>(h.keySlots());
        LuksKeySlot first = slots.get(0);
        slots.set(0, new LuksKeySlot(first.state(), iterations, first.salt(), first.keyMaterialSector(),
                first.stripes()));
        LuksHeader slow = new LuksHeader(h.cipherName(), h.cipherMode(), h.hashSpec(), h.payloadOffsetSectors(),
                h.keyBytes(), h.masterKeyDigest(), h.masterKeyDigestSalt(), h.masterKeyDigestIterations(), h.uuid(),
                slots);
        System.arraycopy(slow.toBytes(), 0, bytes, 0, LuksHeader.LENGTH);
        return bytes;
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
