package org.novalab.api.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A server's state dir holds its database, its master key, its image pool and the instances: nobody else lists
 * it. On the test driver it is 0700; a real hypervisor's QEMU runs as another user and must reach the instance
 * disks through it, so there it is 0711 (others may pass through to a path they know, never list the directory).
 * A directory that others could write or list is tightened.
 */
final class StateDirectory {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PASSABLE = PosixFilePermissions.fromString("rwx--x--x");

    private StateDirectory() {
    }

    static void makePrivate(Path stateDir, String hypervisorUri) throws IOException {
        Set<PosixFilePermission> mode = hypervisorUri.startsWith("test:") ? PRIVATE : PASSABLE;
        Files.createDirectories(stateDir);
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(stateDir);
        if (!mode.containsAll(now) || !now.containsAll(PRIVATE)) {
            Files.setPosixFilePermissions(stateDir, mode);
        }
    }
}
