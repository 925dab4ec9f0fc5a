package org.novalab.api.volume;

import java.util.Map;

/** A volume create as the API read it: size in GiB, the type by name or id (null: the default), an image or none. */
record VolumeRequest(String name, String description, int sizeGb, String volumeType, String imageRef,
                     Map<String, String> metadata) {
    VolumeRequest {
        metadata = Map.copyOf(metadata);
    }
}
