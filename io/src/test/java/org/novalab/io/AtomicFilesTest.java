package org.novalab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written through AtomicFiles is there complete under its final name, or not at all. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void a_write_that_fails_half_way_leaves_the_old_content_and_no_temporary_file() throws IOException {
        Path target = Files.writeString(dir.resolve("disk.info"), "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, tmp -> {
            Files.writeString(tmp, "half of the new");
            throw new IOException("No space left on device");
        })).hasMessageContaining("No space left on device");
        assertThat(target).hasContent("old");
        assertThat(dir.toFile().list()).containsExactly("disk.info");
    }

    @Test
    void a_secret_is_never_readable_by_others_and_ends_with_the_mode_asked_for() throws IOException {
        Path key = dir.resolve("master.key");
        AtomicFiles.write(key, new byte[32], AtomicFiles.OWNER_ONLY);
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(AtomicFiles.OWNER_ONLY);
        try (AtomicFile file = AtomicFile.create(dir.resolve("shared"), PosixFilePermissions.fromString("rw-r--r--"))) {
            assertThat(Files.getPosixFilePermissions(file.path())).as("while it is written")
                    .isEqualTo(AtomicFiles.OWNER_ONLY);
            file.commit();
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("shared")))
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void an_uncommitted_file_is_gone_when_closed() throws IOException {
        Path temporary;
        try (AtomicFile file = AtomicFile.create(dir.resolve("image.qcow2"))) {
            temporary = file.path();
            Files.writeString(temporary, "partial");
            assertThat(temporary.getFileName().toString()).startsWith(".image.qcow2.tmp-");
        }
        assertThat(temporary).doesNotExist();
        assertThat(dir.resolve("image.qcow2")).doesNotExist();
    }

    @Test
    void several_files_are_written_with_one_round_of_syncs_and_all_arrive() throws IOException {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(dir.resolve("libvirt.xml"), "<domain/>".getBytes());
        files.put(dir.resolve("console.log"), new byte[0]);
        AtomicFiles.writeAll(files, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(dir.resolve("libvirt.xml")).hasContent("<domain/>");
        assertThat(dir.resolve("console.log")).isEmptyFile();
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("libvirt.xml", "console.log");
    }

    @Test
    void a_stream_is_copied_and_a_second_name_keeps_the_bytes_when_the_first_is_replaced() throws IOException {
        Path object = dir.resolve("rbd_data.1.0000000000000000");
        assertThat(AtomicFiles.copy(new ByteArrayInputStream("first".getBytes()), object)).isEqualTo(5);
        Path kept = dir.resolve(".rbd_data.1.0000000000000000@1");
        AtomicFiles.linkOrCopy(object, kept);
        AtomicFiles.write(object, "second".getBytes(), AtomicFiles.OWNER_ONLY);
        assertThat(object).hasContent("second");
        assertThat(kept).hasContent("first");
    }

    @Test
    void commit_if_absent_never_replaces_a_file_another_writer_made_first() throws IOException {
        Path key = dir.resolve("master.key");
        try (AtomicFile mine = AtomicFile.create(key, AtomicFiles.OWNER_ONLY)) {
            Files.writeString(mine.path(), "mine");
            Files.writeString(key, "theirs");
            assertThatThrownBy(mine::commitIfAbsent).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        }
        assertThat(key).hasContent("theirs");
        assertThat(dir.toFile().list()).containsExactly("master.key");
    }
}
