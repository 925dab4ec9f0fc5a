package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nobody but the server lists its state dir; a real hypervisor's QEMU may only pass through it. */
class StateDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void on_the_test_driver_the_state_dir_is_the_owners_alone() throws Exception {
        Path state = tmp.resolve("state");
        StateDirectory.makePrivate(state, "test:///default");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
    }

    @Test
    void a_world_readable_state_dir_of_a_real_hypervisor_becomes_passable_only() throws Exception {
        Path state = Files.createDirectory(tmp.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxr-x"));
        StateDirectory.makePrivate(state, "qemu:///system");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx--x--x");
    }
}
