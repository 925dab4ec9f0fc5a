package org.novalab.disk.qemu;

/**
 * What the installed qemu-img can do, for the compute host's capability probe.
 *
 * @param version            e.g. {@code 7.2.22}
 * @param luksInQcow2        {@code encrypt.format=luks} is accepted for qcow2
 * @param legacyAesInQcow2   {@code encrypt.format=aes} (crypt_method 1) can still be created
 */
public record QemuImgCapabilities(String version, boolean luksInQcow2, boolean legacyAesInQcow2) {
    public int major() {
        return part(0);
    }

    public int minor() {
        return part(1);
    }

    private int part(int index) {
        String[] parts = version.split("\\.");
        return index < parts.length ? Integer.parseInt(parts[index].replaceAll("\\D.*", "")) : 0;
    }
}
