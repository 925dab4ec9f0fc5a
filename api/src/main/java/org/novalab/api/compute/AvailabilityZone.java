package org.novalab.api.compute;

import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;

/**
 * The availability zones novalab has: one, {@value #DEFAULT}, the zone Nova puts a compute host in when nobody
 * configured one, and the zone every server shows. A request may name it, or nothing; Nova's admin-only
 * {@code zone:host[:node]} form, which forces a host, novalab does not offer (its scheduler always chooses).
 */
public final class AvailabilityZone {
    public static final String DEFAULT = "nova";
    /** Nova's {@code internal_service_availability_zone}: where the services other than nova-compute are. */
    public static final String INTERNAL = "internal";

    private AvailabilityZone() {
    }

    /** Checks a requested {@code availability_zone} (already a valid name) as Nova's compute API does. */
    static void check(String requested, AuthContext caller) {
        String zone = requested;
        boolean forcesHost = false;
        int colons = (int) requested.chars().filter(c -> c == ':').count();
        if (colons > 2) {
            throw ApiException.badRequest("Invalid input received: Unable to parse availability_zone");
        }
        if (colons > 0) {
            zone = requested.substring(0, requested.indexOf(':'));
            forcesHost = requested.length() > zone.length() + colons;
        }
        if (forcesHost) {
            if (!caller.isAdmin()) {
                throw ApiException.forbidden("Policy doesn't allow os_compute_api:servers:create:forced_host to be "
                        + "performed.");
            }
            throw ApiException.badRequest("novalab does not force a host through availability_zone ('" + requested
                    + "'): its scheduler chooses; name the zone '" + DEFAULT + "' or none");
        }
        if (!zone.isEmpty() && !zone.equals(DEFAULT)) {
            throw ApiException.badRequest("The requested availability zone is not available");
        }
    }
}
