package org.novalab.api.volume;

import java.util.Set;
import org.novalab.api.http.ApiException;
import org.novalab.disk.LuksParams;

/**
 * A type's encryption spec, as Cinder keeps it: the front-end LUKS encryptor Nova and os-brick use, the cipher and
 * the key size in bits. novalab writes the LUKS itself, so it takes what its disk library writes and QEMU opens:
 * LUKS1 with aes-xts-plain64 and a 256 or 512 bit key (aes-128-xts / aes-256-xts).
 */
record VolumeEncryption(String provider, String cipher, Integer keySize, String controlLocation) {
    static final Set<String> LUKS_PROVIDERS = Set.of("luks", "LuksEncryptor",
            "nova.volume.encryptors.luks.LuksEncryptor", "os_brick.encryptors.luks.LuksEncryptor");
    static final String CIPHER = "aes-xts-plain64";

    /** Cinder's checks of a new spec, plus what novalab can write; every refusal a 400 naming the field. */
    static VolumeEncryption validated(String provider, String cipher, Integer keySize, String controlLocation) {
        if (provider == null || provider.isBlank()) {
            throw ApiException.badRequest("Invalid input for field/attribute provider. 'provider' is a required "
                    + "property");
        }
        if (!LUKS_PROVIDERS.contains(provider)) {
            throw ApiException.badRequest("Invalid input for field/attribute provider. Value: " + provider
                    + ". novalab encrypts volumes with LUKS only (provider luks or "
                    + "nova.volume.encryptors.luks.LuksEncryptor)");
        }
        String location = controlLocation == null ? "front-end" : controlLocation;
        if (!location.equals("front-end") && !location.equals("back-end")) {
            throw ApiException.badRequest("Invalid input for field/attribute control_location. Value: " + location
                    + ". 'control_location' must be one of 'front-end', 'back-end'");
        }
        if (location.equals("back-end")) {
            throw ApiException.badRequest("Invalid input for field/attribute control_location. Value: back-end. "
                    + "novalab's backends do not encrypt by themselves: use front-end (LUKS opened by QEMU)");
        }
        if (cipher != null && !cipher.equals(CIPHER)) {
            throw ApiException.badRequest("Invalid input for field/attribute cipher. Value: " + cipher
                    + ". novalab writes LUKS with " + CIPHER + " only");
        }
        if (keySize != null && keySize != 256 && keySize != 512) {
            throw ApiException.badRequest("Invalid input for field/attribute key_size. Value: " + keySize
                    + ". aes-xts-plain64 takes a 256 or 512 bit key");
        }
        return new VolumeEncryption(provider, cipher, keySize, location);
    }

    /**
     * The key slot's parameters: the cipher key size (qemu-img's default, aes-256-xts, when the spec names none)
     * and {@code lab} for the PBKDF2 cost (the compute host's, so volumes open as fast as instance disks).
     */
    LuksParams luksParams(LuksParams lab) {
        int bits = keySize == null ? 512 : keySize;
        return new LuksParams(bits, lab.hashAlg(), lab.iterations(), lab.iterTimeMillis());
    }
}
