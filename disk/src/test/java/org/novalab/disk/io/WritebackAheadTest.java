package org.novalab.disk.io;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.DiskException;

class WritebackAheadTest {
    @TempDir
    Path dir;

    @Test
    void anErrorMetByABackgroundSyncIsReportedToTheOwner() throws Exception {
        Path file = Files.createFile(dir.resolve("image.tmp"));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        WritebackAhead writeback = new WritebackAhead(file, channel);
        // a closed channel makes the background sync fail, as an I/O error would
        channel.close();

        writeback.wrote(WritebackAhead.STEP);

        // Linux reports a writeback error to one sync only: the owner's final fsync might never see it
        assertThatThrownBy(writeback::finish).isInstanceOf(DiskException.class)
                .hasMessageContaining("Could not flush").hasMessageContaining("image.tmp");
    }

    @Test
    void smallWritesStartNoSyncAndFinishQuietly() throws Exception {
        Path file = Files.createFile(dir.resolve("image.tmp"));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        WritebackAhead writeback = new WritebackAhead(file, channel);
        channel.close();

        writeback.wrote(WritebackAhead.STEP - 1);

        assertThatCode(writeback::finish).doesNotThrowAnyException();
    }
}
