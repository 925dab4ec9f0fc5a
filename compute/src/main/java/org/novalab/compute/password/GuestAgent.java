package org.novalab.compute.password;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What Nova's libvirt driver reads from the instance's image to set a password through the QEMU guest agent
 * ({@code _can_set_admin_password}, {@code set_admin_password}): whether the image says the guest runs one, and
 * the user whose password changes.
 */
public final class GuestAgent {
    /** oslo's {@code bool_from_string} truths, as Nova's image meta object coerces {@code hw_qemu_guest_agent}. */
    private static final Set<String> TRUE = Set.of("1", "t", "true", "on", "y", "yes");

    private GuestAgent() {
    }

    public static boolean enabled(Map<String, String> imageProperties) {
        String value = imageProperties.get("hw_qemu_guest_agent");
        return value != null && TRUE.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** {@code os_admin_user}, else Administrator for a Windows guest and root for any other. */
    public static String adminUser(Map<String, String> imageProperties) {
        String user = imageProperties.get("os_admin_user");
        if (user != null && !user.isBlank()) {
            return user;
        }
        return "windows".equalsIgnoreCase(imageProperties.get("os_type")) ? "Administrator" : "root";
    }
}
