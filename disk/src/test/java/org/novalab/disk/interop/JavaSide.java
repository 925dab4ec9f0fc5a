package org.novalab.disk.interop;

import java.util.Optional;
import org.novalab.disk.DiskTool;

/**
 * novalab's pure-Java {@link DiskTool}, looked up by name so the benchmark can still print qemu-img's column
 * on a build where the Java library's entry point ({@code org.novalab.disk.Disks.java()}) is not there yet.
 */
final class JavaSide {
    static final String MISSING = "org.novalab.disk.Disks.java() is not in this build";

    private JavaSide() {
    }

    static Optional<DiskTool> find() {
        try {
            Object tool = Class.forName("org.novalab.disk.Disks").getMethod("java").invoke(null);
            return Optional.of((DiskTool) tool);
        } catch (ReflectiveOperationException e) {
            return Optional.empty();
        }
    }
}
