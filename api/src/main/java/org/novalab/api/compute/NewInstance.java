package org.novalab.api.compute;

import java.util.Map;
import java.util.Set;

/** Everything an instance row is created with (see {@link InstanceEntity#InstanceEntity(NewInstance, java.time.Instant)}). */
public record NewInstance(String uuid, String name, String hostname, String projectId, String userId, String imageId,
        FlavorEntity flavor, String backend, String host, Map<String, String> metadata, String description,
        String keyName, String keyData, String reservationId, int launchIndex, String accessIpV4, String accessIpV6,
        boolean autoDiskConfig, Set<String> tags, String availabilityZone, String userData, RootDisk rootDisk) {
    /** The same instance on no host (its claim failed): it goes to ERROR with NoValidHost. */
    NewInstance unplaced() {
        return on(null, availabilityZone);
    }

    /** The same instance on another host (an alternate the claim took), in that host's zone. */
    NewInstance on(String otherHost, String zone) {
        return new NewInstance(uuid, name, hostname, projectId, userId, imageId, flavor, backend, otherHost, metadata,
                description, keyName, keyData, reservationId, launchIndex, accessIpV4, accessIpV6, autoDiskConfig,
                tags, zone, userData, rootDisk);
    }
}
