package org.novalab.keys;

import java.util.Locale;
import java.util.UUID;

/**
 * What a passphrase encrypts. Stored with the sealed secret and bound into its ciphertext, so a sealed
 * passphrase copied onto another owner's row does not decrypt.
 */
public record SecretOwner(Kind kind, String id) {
    /** The kinds of encrypted things; {@link #wireName()} is how they are stored. */
    public enum Kind {
        /** An instance's root disk, by instance uuid (Nova's ephemeral encryption). */
        INSTANCE_ROOT_DISK,
        /** A block storage volume, by volume id (Cinder's, CloudStack's encrypted volumes). */
        VOLUME,
        /** An image made from an encrypted disk, by image id. */
        IMAGE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind fromWireName(String name) {
            for (Kind k : values()) {
                if (k.wireName().equals(name)) {
                    return k;
                }
            }
            throw new KeyManagerException("unknown secret owner kind '" + name + "'");
        }
    }

    public SecretOwner {
        if (kind == null || id == null || id.isBlank()) {
            throw new KeyManagerException("a secret owner needs a kind and an id");
        }
    }

    public static SecretOwner rootDisk(UUID instance) {
        return new SecretOwner(Kind.INSTANCE_ROOT_DISK, instance.toString());
    }

    public static SecretOwner volume(String volumeId) {
        return new SecretOwner(Kind.VOLUME, volumeId);
    }

    public static SecretOwner image(String imageId) {
        return new SecretOwner(Kind.IMAGE, imageId);
    }

    @Override
    public String toString() {
        return kind.wireName() + " " + id;
    }
}
