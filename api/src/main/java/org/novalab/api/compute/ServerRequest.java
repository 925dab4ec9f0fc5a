package org.novalab.api.compute;

import org.novalab.compute.BackendKind;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@code POST /servers} body. volumeSizeGb is set for boot from a new volume (the Rbd backend); keyName
 * names one of the caller's key pairs, or is null; minCount to maxCount instances are asked for (1 and 1 unless said);
 * hostname (from 2.90) is the guest's host name, or null for the one Nova derives from the name; the access addresses
 * may be null; tags come from 2.52; group is the server group of the {@code group} scheduler hint, or null;
 * availabilityZone is the zone asked for, or null; userData is the base64 text of {@code user_data}, or null.
 */
public record ServerRequest(String name, String imageRef, String flavorRef, Map<String, String> metadata,
        BackendKind backend, Integer volumeSizeGb, String description, String keyName, long minCount, long maxCount,
        boolean returnReservationId, String hostname, String accessIpV4, String accessIpV6, boolean autoDiskConfig,
        Set<String> tags, String group, String availabilityZone, String userData) {
}
