package org.novalab.storage.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The content of {@code rbd_header.<id>} (Ceph keeps it in the object's omap; novalab stores it as JSON).
 *
 * @param parent for a clone, "pool/image" it was cloned from, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RbdHeader(@JsonProperty("size") long size,
                        @JsonProperty("order") int order,
                        @JsonProperty("object_prefix") String objectPrefix,
                        @JsonProperty("features") long features,
                        @JsonProperty("create_timestamp") long createTimestamp,
                        @JsonProperty("parent") String parent) {
    /** Ceph's RBD_FEATURE_LAYERING, the one feature a Juno-era image has. */
    public static final long FEATURE_LAYERING = 1;

    public RbdHeader withSize(long newSize) {
        return new RbdHeader(newSize, order, objectPrefix, features, createTimestamp, parent);
    }
}
