package org.novalab.disk;

/**
 * What to encrypt a new image with. {@code luks} is ignored for {@link EncryptionFormat#AES}. A legacy AES image
 * may be created without a passphrase (nothing about the key is stored, as the old {@code qemu-img create -o
 * encryption=on} did); writing data into it then needs one. LUKS always needs the passphrase for its key slot.
 */
public record EncryptionSpec(EncryptionFormat format, Passphrase passphrase, LuksParams luks) {
    public EncryptionSpec {
        if (format == null || (passphrase == null && format != EncryptionFormat.AES)) {
            throw new PassphraseRequired("an encrypted image needs a format and a passphrase");
        }
        if (luks == null) {
            luks = LuksParams.QEMU_DEFAULT;
        }
    }

    /** @param passphrase the key for data written at creation (convert), or null for an empty new image */
    public static EncryptionSpec aes(Passphrase passphrase) {
        return new EncryptionSpec(EncryptionFormat.AES, passphrase, null);
    }

    public static EncryptionSpec luks(Passphrase passphrase, LuksParams params) {
        return new EncryptionSpec(EncryptionFormat.LUKS, passphrase, params);
    }
}
