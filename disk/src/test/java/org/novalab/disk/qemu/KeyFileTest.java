package org.novalab.disk.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.Passphrase;
import org.novalab.testing.HeapDump;
import org.novalab.testing.Masked;
import org.novalab.testing.Needle;

/** A key file holds its passphrase for the length of one qemu-img call, and not on the heap. */
class KeyFileTest {
    @TempDir
    Path dir;

    @Test
    void an_open_key_file_keeps_its_passphrase_off_the_heap() throws Exception {
        Masked secret = Masked.random(32);
        try (Passphrase p = passphrase(secret); KeyFile key = KeyFile.write(Files.createDirectory(dir.resolve("keys")), p)) {
            HeapDump dump = HeapDump.ofThisJvm(dir, HeapDump.Reach.LIVE);

            assertThat(dump.find(Needle.formsOf("passphrase", base64(secret)))).isEmpty();
            assertThat(Files.readAllBytes(key.path())).isEqualTo(base64(secret));
        }
    }

    @Test
    void scrubbing_a_tools_output_makes_no_string_of_the_passphrase() throws Exception {
        Masked secret = Masked.random(32);
        try (Passphrase p = passphrase(secret); KeyFile key = KeyFile.write(Files.createDirectory(dir.resolve("keys")), p)) {
            System.gc(); // from here on, what is garbage was made by the scrub
            String scrubbed = key.scrub("qemu-img: Could not open 'disk': Invalid password, cannot unlock any keyslot");
            // every object, unreachable ones too: a String cannot be zeroed, so there must be none to begin with
            HeapDump dump = HeapDump.ofThisJvm(dir, HeapDump.Reach.ALL);

            assertThat(dump.find(Needle.formsOf("passphrase", base64(secret)))).isEmpty();
            assertThat(scrubbed).endsWith("cannot unlock any keyslot");
        }
    }

    @Test
    void scrubbing_masks_every_occurrence_of_the_passphrase_and_nothing_else() {
        try (Passphrase p = Passphrase.of("hunter2"); KeyFile key = KeyFile.write(dir, p)) {
            assertThat(key.scrub("hunter2 near hunter2! hunter")).isEqualTo("**** near ****! hunter");
            assertThat(key.scrub("näher hunter2 ü")).isEqualTo("näher **** ü");
        }
        try (Passphrase blank = Passphrase.of("  "); KeyFile key = KeyFile.write(dir, blank)) {
            assertThat(key.scrub("a  b")).as("a blank key masks nothing").isEqualTo("a  b");
        }
    }

    /** The passphrase as the key manager makes them: Base64 text of random bytes. */
    private static Passphrase passphrase(Masked secret) {
        byte[] text = base64(secret);
        try {
            return Passphrase.of(text);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    private static byte[] base64(Masked secret) {
        byte[] raw = secret.reveal();
        try {
            return Base64.getEncoder().encode(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}
