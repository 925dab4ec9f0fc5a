package org.novalab.disk.qemu;

/**
 * QEMU's option syntax ({@code key=value,key=value}) ends a value at a single comma; a literal comma is written
 * twice. Every value novalab puts into an {@code --object} or {@code --image-opts} string goes through here, so a
 * file name with a comma cannot inject an option.
 */
final class QemuOptionValue {
    private QemuOptionValue() {
    }

    static String escape(String value) {
        return value.replace(",", ",,");
    }
}
