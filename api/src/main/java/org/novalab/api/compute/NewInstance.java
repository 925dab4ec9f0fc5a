package org.novalab.api.compute;

import java.util.Map;
import java.util.Set;

/** Everything an instance row is created with (see {@link InstanceEntity#InstanceEntity(NewInstance, java.time.Instant)}). */
public record NewInstance(String uuid, String name, String hostname, String projectId, String userId, String imageId,
        FlavorEntity flavor, String backend, String host, Map<String, String> metadata, String description,
        String keyName, String keyData, String reservationId, int launchIndex, String accessIpV4, String accessIpV6,
        boolean autoDiskConfig, Set<String> tags, String availabilityZone, String userData, RootDisk rootDisk) {
}
