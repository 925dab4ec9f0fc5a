package org.novalab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Integration tests need the real tools. They never pass silently without them: a missing tool is a failure,
 * with a message that says which Debian package provides it (scripts/test installs them).
 */
public final class RealTools {
    private RealTools() {
    }

    public static Path require(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/sbin"}) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        assertThat(false).as("%s is not installed: apt-get install %s (scripts/test does this)", tool, debianPackage)
                .isTrue();
        throw new AssertionError();
    }
}
