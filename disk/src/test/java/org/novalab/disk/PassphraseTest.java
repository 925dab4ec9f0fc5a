package org.novalab.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.testing.HeapDump;
import org.novalab.testing.Masked;
import org.novalab.testing.Needle;

class PassphraseTest {
    @TempDir
    Path dir;

    @Test
    void never_prints_its_value() {
        try (Passphrase p = Passphrase.of("123456")) {
            assertThat(p.toString()).isEqualTo("Passphrase[****]").doesNotContain("123456");
        }
    }

    @Test
    void hands_out_copies_the_caller_zeroes_without_changing_the_passphrase() {
        try (Passphrase p = Passphrase.of("123456".getBytes(StandardCharsets.US_ASCII))) {
            byte[] first = p.bytes();
            Arrays.fill(first, (byte) 0);
            assertThat(p.bytes()).isEqualTo("123456".getBytes(StandardCharsets.US_ASCII));
            assertThat(p.length()).isEqualTo(6);
        }
    }

    @Test
    void takes_a_copy_so_the_caller_may_zero_its_own_array() {
        byte[] mine = {1, 2, 3, 4};
        try (Passphrase p = Passphrase.of(mine)) {
            Arrays.fill(mine, (byte) 0);
            assertThat(p.bytes()).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void matches_by_value_and_a_copy_outlives_the_original() {
        Passphrase original = Passphrase.of("same");
        Passphrase copy = original.copy();
        original.close();
        try (copy; Passphrase other = Passphrase.of("other"); Passphrase same = Passphrase.of("same")) {
            assertThat(copy.matches(same)).isTrue();
            assertThat(copy.matches(other)).isFalse();
        }
    }

    @Test
    void a_closed_passphrase_refuses_its_bytes_and_closing_twice_is_harmless() {
        Passphrase p = Passphrase.of("123456");
        p.close();
        p.close();
        assertThatThrownBy(p::bytes).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(p::copy).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void an_open_passphrase_and_its_copies_are_not_on_the_java_heap() {
        Masked secret = Masked.random(32);
        byte[] value = secret.reveal();
        Passphrase p = Passphrase.of(value);
        Arrays.fill(value, (byte) 0);
        try (p; Passphrase copy = p.copy()) {
            HeapDump dump = HeapDump.ofThisJvm(dir, HeapDump.Reach.LIVE);

            assertThat(dump.find(Needle.formsOf("passphrase", secret.reveal()))).isEmpty();
            assertThat(copy.matches(p)).as("both still hold the value").isTrue();
        }
    }
}
