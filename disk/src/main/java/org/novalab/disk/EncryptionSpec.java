package org.novalab.disk;

/** What to encrypt a new image with. {@code luks} is ignored for {@link EncryptionFormat#AES}. */
public record EncryptionSpec(EncryptionFormat format, Passphrase passphrase, LuksParams luks) {
    public EncryptionSpec {
        if (format == null || passphrase == null) {
            throw new PassphraseRequired("an encrypted image needs a format and a passphrase");
        }
        if (luks == null) {
            luks = LuksParams.QEMU_DEFAULT;
        }
    }

    public static EncryptionSpec aes(Passphrase passphrase) {
        return new EncryptionSpec(EncryptionFormat.AES, passphrase, null);
    }

    public static EncryptionSpec luks(Passphrase passphrase, LuksParams params) {
        return new EncryptionSpec(EncryptionFormat.LUKS, passphrase, params);
    }
}
