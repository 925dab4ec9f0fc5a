package org.novalab.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed writer left is reclaimed; what a live writer is writing is never touched. */
class AbandonedFilesTest {
    @TempDir
    Path dir;

    @Test
    void the_temporary_file_of_a_dead_writer_is_removed_and_the_finished_files_stay() throws Exception {
        long dead = deadPid();
        Path left = Files.writeString(dir.resolve(".disk.info.tmp-" + dead + "-3fa2"), "half");
        Path finished = Files.writeString(dir.resolve("disk.info"), "whole");
        Path dotfile = Files.writeString(dir.resolve(".keep"), "not ours");

        assertThat(AbandonedFiles.reclaim(dir)).containsExactly(left);
        assertThat(left).doesNotExist();
        assertThat(finished).hasContent("whole");
        assertThat(dotfile).exists();
    }

    @Test
    void the_temporary_file_this_process_is_writing_stays() throws IOException {
        try (AtomicFile writing = AtomicFile.create(dir.resolve("image.qcow2"))) {
            Files.writeString(writing.path(), "in progress");
            assertThat(AbandonedFiles.reclaim(dir)).isEmpty();
            assertThat(writing.path()).exists();
        }
    }

    @Test
    void a_live_pid_that_nobody_wrote_for_a_day_is_a_reused_pid_and_its_file_goes() throws IOException {
        Path old = Files.writeString(dir.resolve(".master.key.tmp-" + ProcessHandle.current().pid() + "-a1"), "x");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(AbandonedFiles.STALE).minusSeconds(60)));
        assertThat(AbandonedFiles.reclaim(dir)).containsExactly(old);
    }

    @Test
    void only_the_targets_asked_for_are_reclaimed() throws Exception {
        long dead = deadPid();
        Path mine = Files.writeString(dir.resolve(".disk.tmp-" + dead + "-1"), "");
        Path other = Files.writeString(dir.resolve(".other.tmp-" + dead + "-2"), "");
        assertThat(AbandonedFiles.reclaim(dir, "disk"::equals)).containsExactly(mine);
        assertThat(other).exists();
    }

    @Test
    void a_missing_directory_has_nothing_to_reclaim() throws IOException {
        assertThat(AbandonedFiles.reclaim(dir.resolve("absent"))).isEmpty();
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
