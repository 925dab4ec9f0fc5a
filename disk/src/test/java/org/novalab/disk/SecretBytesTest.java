package org.novalab.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBytesTest {
    @TempDir
    Path dir;

    @Test
    void goes_to_a_file_and_comes_back_from_it_straight_from_its_buffer() throws Exception {
        Path file = dir.resolve("key");
        try (SecretBytes key = SecretBytes.copyOf(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
             FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            key.writeTo(out);
        }
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        try (FileChannel in = FileChannel.open(file); SecretBytes back = SecretBytes.read(in, 8)) {
            assertThat(back.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        }
        try (FileChannel in = FileChannel.open(file)) {
            assertThatThrownBy(() -> SecretBytes.read(in, 9)).isInstanceOf(EOFException.class)
                    .hasMessage("the channel ended after 8 of 9 bytes");
        }
    }

    @Test
    void a_closed_holder_is_zeroed_and_refuses_its_bytes() {
        SecretBytes s = SecretBytes.copyOf(new byte[] {9, 9, 9, 9}, 1, 2);
        assertThat(s.length()).isEqualTo(2);
        s.close();
        assertThat(s.isClosed()).isTrue();
        assertThatThrownBy(s::toByteArray).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::copy).isInstanceOf(IllegalStateException.class);
        assertThat(s).hasToString("SecretBytes[****]");
    }
}
