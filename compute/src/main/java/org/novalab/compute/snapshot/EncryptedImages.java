package org.novalab.compute.snapshot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.InvalidRequest;

/**
 * The Glance image properties of an encrypted image, as Nova's ephemeral storage encryption spec (2024.2) names
 * them after Glance's image encryption spec: {@value #FORMAT} (how to read the payload), {@value #KEY_ID} (the key
 * manager secret that opens it), {@value #CIPHER}, and {@value #KEY_DELETION_POLICY} ({@value #ON_IMAGE_DELETION}:
 * the secret is the image's and goes with it).
 */
public final class EncryptedImages {
    public static final String FORMAT = "os_encrypt_format";
    public static final String KEY_ID = "os_encrypt_key_id";
    public static final String CIPHER = "os_encrypt_cipher";
    public static final String KEY_DELETION_POLICY = "os_encrypt_key_deletion_policy";
    public static final String ON_IMAGE_DELETION = "on_image_deletion";
    /** LUKS1 as novalab and qemu-img write it: AES in XTS mode with plain64 sector IVs. */
    public static final String LUKS_CIPHER = "aes-xts-plain64";
    /** The namespace a snapshot never inherits from the image its server was built from: it has its own key. */
    static final String NAMESPACE = "os_encrypt_";

    private EncryptedImages() {
    }

    /** The properties the upload sets on a snapshot image: the four above for an encrypted one, none for a plain one. */
    public static Map<String, String> properties(SnapshotImage image) {
        Map<String, String> p = new LinkedHashMap<>();
        image.key().ifPresent(key -> {
            p.put(FORMAT, "luks");
            p.put(KEY_ID, key.toString());
            p.put(CIPHER, LUKS_CIPHER);
            p.put(KEY_DELETION_POLICY, ON_IMAGE_DELETION);
        });
        return p;
    }

    /** Whether an image's properties say its data is encrypted. */
    public static boolean encrypted(Map<String, String> properties) {
        return properties != null && properties.containsKey(KEY_ID);
    }

    /** The key an encrypted image opens with, or empty for a plain image; a malformed id is refused. */
    public static Optional<UUID> keyOf(Map<String, String> properties) {
        if (!encrypted(properties)) {
            return Optional.empty();
        }
        String format = properties.getOrDefault(FORMAT, "luks");
        if (!format.equals("luks")) {
            throw new InvalidRequest("Image encryption format " + FORMAT + "=" + format + " is not supported: "
                    + "novalab opens luks images");
        }
        try {
            return Optional.of(UUID.fromString(properties.get(KEY_ID).strip()));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("Invalid image property " + KEY_ID + "='" + properties.get(KEY_ID)
                    + "': not a key manager secret id");
        }
    }

    /** Whether a property of the server's image is one a snapshot must not inherit. */
    public static boolean notInherited(String property) {
        return property.startsWith(NAMESPACE);
    }
}
