package org.novalab.compute;

/** Nova's {@code instance_name_template}, {@code instance-%08x}: a domain is named after the instance's number. */
public final class InstanceName {
    private InstanceName() {
    }

    public static String of(long instanceNumber) {
        return String.format("instance-%08x", instanceNumber);
    }
}
