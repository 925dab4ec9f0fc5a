package org.novalab.compute;

import java.util.Locale;
import java.util.Map;

/**
 * How an encrypted qcow2 root disk is built, the seed's two experiments: {@link #BACKING_FILE} (an overlay whose
 * unallocated clusters fall through to the plaintext base) or {@link #CONVERT} (every guest byte copied and
 * encrypted into a standalone image). Novalab's lab knob {@code novalab:disk_creation}.
 */
public enum DiskCreation {
    BACKING_FILE, CONVERT;

    public String specValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The lab knob: the flavor's {@code novalab:disk_creation} or the image's {@code novalab_disk_creation}
     * (conflicting values are refused), else {@code fallback}.
     */
    public static DiskCreation resolve(Map<String, String> extraSpecs, Map<String, String> imageProperties,
                                       DiskCreation fallback) {
        String f = extraSpecs == null ? null : extraSpecs.get(EncryptionChoice.DISK_CREATION);
        String i = imageProperties == null ? null : imageProperties.get(EncryptionChoice.IMAGE_DISK_CREATION);
        if (f != null && i != null && fromSpec(f) != fromSpec(i)) {
            throw new InvalidRequest("Conflicting disk creation methods: the flavor has " + EncryptionChoice.DISK_CREATION
                    + "=" + f + " but the image has " + EncryptionChoice.IMAGE_DISK_CREATION + "=" + i);
        }
        String v = f != null ? f : i;
        return v == null ? fallback : fromSpec(v);
    }

    public static DiskCreation fromSpec(String value) {
        for (DiskCreation c : values()) {
            if (c.specValue().equalsIgnoreCase(value.trim())) {
                return c;
            }
        }
        throw new InvalidRequest("Invalid value '" + value + "' for " + EncryptionChoice.DISK_CREATION
                + ": expected backing_file or convert");
    }
}
