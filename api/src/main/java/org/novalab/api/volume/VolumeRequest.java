package org.novalab.api.volume;

import java.util.Map;

/**
 * A volume create as the API read it: size in GiB (null: the source's, for a clone), the type by name or id (null:
 * the default, or the source's), and at most one source: an image, a snapshot or another volume.
 */
record VolumeRequest(String name, String description, Integer sizeGb, String volumeType, String imageRef,
                     Map<String, String> metadata, String snapshotId, String sourceVolid) {
    VolumeRequest {
        metadata = Map.copyOf(metadata);
    }
}
