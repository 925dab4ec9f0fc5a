package org.novalab.disk;

/**
 * How a qcow2 image is encrypted.
 * {@link #AES} is legacy qcow AES (crypt_method 1, what {@code encryption=on} meant): no key check, a wrong
 * passphrase opens the image and reads garbage. {@link #LUKS} is LUKS1 inside qcow2 (crypt_method 2): the
 * passphrase is checked against a key slot.
 */
public enum EncryptionFormat {
    AES("aes", 1),
    LUKS("luks", 2);

    private final String qemuName;
    private final int cryptMethod;

    EncryptionFormat(String qemuName, int cryptMethod) {
        this.qemuName = qemuName;
        this.cryptMethod = cryptMethod;
    }

    /** The value of qemu-img's {@code encrypt.format} option. */
    public String qemuName() {
        return qemuName;
    }

    /** The qcow2 header's crypt_method field. */
    public int cryptMethod() {
        return cryptMethod;
    }

    public static EncryptionFormat fromQemuName(String name) {
        for (EncryptionFormat f : values()) {
            if (f.qemuName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        // libvirt calls legacy AES "qcow"
        if ("qcow".equalsIgnoreCase(name)) {
            return AES;
        }
        throw new UnsupportedImage("unknown encryption format '" + name + "' (known: aes, luks)");
    }
}
