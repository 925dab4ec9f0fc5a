package org.novalab.api.compute;

import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;

/**
 * The availability zones Nova knows without aggregates: {@value #DEFAULT}, the zone of a compute host no aggregate
 * puts in another, and {@value #INTERNAL}, the zone of the other services. The zones aggregates make are in
 * {@link org.novalab.api.compute.aggregate.AvailabilityZones}. Nova's admin-only {@code zone:host[:node]} form,
 * which forces a host, novalab does not offer (its scheduler always chooses).
 */
public final class AvailabilityZone {
    public static final String DEFAULT = "nova";
    /** Nova's {@code internal_service_availability_zone}: where the services other than nova-compute are. */
    public static final String INTERNAL = "internal";

    private AvailabilityZone() {
    }

    /**
     * Parses a requested {@code availability_zone} (already a valid name) as Nova's compute API does; whether the zone
     * is available is for {@link org.novalab.api.compute.aggregate.AvailabilityZones} to say.
     *
     * @return the zone, or null for none
     */
    static String check(String requested, AuthContext caller) {
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
                    + "'): its scheduler chooses; name a zone or none");
        }
        return zone.isEmpty() ? null : zone;
    }
}
