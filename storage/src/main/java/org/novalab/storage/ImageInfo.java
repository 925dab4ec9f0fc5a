package org.novalab.storage;

/**
 * What librbd's {@code Image.stat()} tells about an RBD format 2 image (at its head, or at the snapshot it was
 * opened at): its size, object size (2^order bytes) and where its data lives, objects
 * {@code <block_name_prefix>.<%016x>} of which only the allocated ones exist.
 *
 * @param id the 12-hex-digit image id, e.g. {@code 10807612e851}
 * @param blockNamePrefix {@code rbd_data.<id>}
 * @param createTimestamp seconds since the epoch
 */
public record ImageInfo(String pool, String name, String id, long size, int order, String blockNamePrefix,
                        long features, long createTimestamp) {
    /** Ceph's RBD_FEATURE_LAYERING: the image can be cloned from (the one feature a Juno-era image has). */
    public static final long FEATURE_LAYERING = 1;

    public int objectSize() {
        return 1 << order;
    }

    /** How many objects the image spans (stored or not): ceil(size / object size). */
    public long objectCount() {
        return (size + objectSize() - 1) / objectSize();
    }

    /** The name of data object {@code objectNumber}, {@code rbd_data.<id>.<%016x>}. */
    public String dataObjectName(long objectNumber) {
        return String.format("%s.%016x", blockNamePrefix, objectNumber);
    }

    /** True for an object of this image's data (its own, not a parent's). */
    public boolean ownsObject(String object) {
        return object.startsWith(blockNamePrefix + ".");
    }

    /** {@code pool/name}, what the rbd tool calls an image spec. */
    public String spec() {
        return pool + "/" + name;
    }
}
