package org.novalab.disk.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new file's metadata written without its zero blocks reads back byte for byte, at its full length. */
class ImageFileWriteFreshTest {
    @TempDir
    Path dir;

    private byte[] writeFreshAndRead(byte[] content) throws IOException {
        Path f = dir.resolve("fresh");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            new ImageFile(f, ch, true).writeFresh(0, content, 0, content.length);
        }
        return Files.readAllBytes(f);
    }

    @Test
    void zeroBlocksBetweenDataReadBackAsZeros() throws IOException {
        byte[] content = new byte[3 * 65536 + 16 * 8];
        content[0] = 'Q';
        content[65536] = 7;
        content[2 * 65536 + 1] = 1;
        content[content.length - 1] = 9;

        assertThat(writeFreshAndRead(content)).isEqualTo(content);
    }

    @Test
    void aTrailingZeroBlockStillGivesTheFileItsLength() throws IOException {
        byte[] content = new byte[5 * 4096 + 100];
        content[10] = 1;

        byte[] read = writeFreshAndRead(content);

        assertThat(read).hasSize(content.length).isEqualTo(content);
    }

    @Test
    void dataThatSpansBlocksIsWrittenWhole() throws IOException {
        byte[] content = new byte[4 * 4096];
        for (int i = 4000; i < 9000; i++) {
            content[i] = (byte) i;
        }

        assertThat(writeFreshAndRead(content)).isEqualTo(content);
    }
}
