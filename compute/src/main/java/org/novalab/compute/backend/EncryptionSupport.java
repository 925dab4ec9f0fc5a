package org.novalab.compute.backend;

import java.util.EnumSet;
import java.util.Set;
import org.novalab.disk.EncryptionFormat;

/**
 * What an image backend can encrypt its disks with (Nova keeps this on the backend class: {@code SUPPORTS_LUKS}),
 * and, when nothing, why not in words a user can act on.
 */
public record EncryptionSupport(Set<EncryptionFormat> formats, String refusal) {
    public EncryptionSupport {
        formats = formats.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(formats));
    }

    public static EncryptionSupport all() {
        return new EncryptionSupport(EnumSet.allOf(EncryptionFormat.class), "");
    }

    public static EncryptionSupport none(String refusal) {
        return new EncryptionSupport(Set.of(), refusal);
    }
}
